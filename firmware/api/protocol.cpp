#include "api/protocol.hpp"

#include <cstdint>

#include "api/error_codes.hpp"

namespace pickupbox::api {
namespace {

using nlohmann::json;

std::unexpected<RequestError> reject(json id, std::string_view code, std::string message) {
  return std::unexpected(RequestError{std::move(id), code, std::move(message)});
}

// nlohmann's parser is iterative, but handlers walk the tree recursively; cap the depth here
// and discard anything deeper while parsing so a hostile line costs no memory.
std::optional<json> parse_bounded(std::string_view line, bool& too_deep) {
  const json::parser_callback_t limit_depth = [&too_deep](int depth, json::parse_event_t event, json&) {
    const bool opens = event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
    if (opens && static_cast<std::size_t>(depth) >= max_nesting_depth) {
      too_deep = true;
      return false;
    }
    return true;
  };
  json value = json::parse(line, limit_depth, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::expected<Request, RequestError> parse_request(std::string_view line) {
  bool too_deep = false;
  auto parsed = parse_bounded(line, too_deep);
  if (!parsed) return reject(nullptr, wire::malformed_json, "the line is not valid JSON; send one JSON object per line");
  json& message = *parsed;
  if (too_deep) {
    return reject(nullptr, wire::invalid_request,
                  "the request nests deeper than " + std::to_string(max_nesting_depth) + " levels; flatten it");
  }
  if (!message.is_object()) {
    return reject(nullptr, wire::invalid_request,
                  R"(a request must be a JSON object like {"id":1,"method":"status","params":{}})");
  }
  auto id = message.find("id");
  if (id == message.end()) {
    return reject(nullptr, wire::invalid_request, "field 'id' is required: a string or number the response echoes");
  }
  if (!id->is_string() && !id->is_number()) {
    return reject(nullptr, wire::invalid_request, "field 'id' must be a string or a number");
  }
  Request request{std::move(*id), {}, json::object()};
  if (auto v = message.find("v"); v != message.end() && !(v->is_number_integer() && *v == protocol_version)) {
    return reject(std::move(request.id), wire::invalid_request,
                  "field 'v' must be " + std::to_string(protocol_version) + ", the protocol version boxd speaks");
  }
  auto method = message.find("method");
  if (method == message.end()) return reject(std::move(request.id), wire::invalid_request, "field 'method' is required");
  if (!method->is_string()) return reject(std::move(request.id), wire::invalid_request, "field 'method' must be a string");
  request.method = method->get<std::string>();
  if (auto params = message.find("params"); params != message.end()) {
    if (!params->is_object()) {
      return reject(std::move(request.id), wire::invalid_request, "field 'params' must be an object");
    }
    request.params = std::move(*params);
  }
  return request;
}

std::string encode_request(const json& id, std::string_view method, const json& params) {
  json message{{"v", protocol_version}, {"id", id}, {"method", method}};
  message["params"] = params.is_null() ? json::object() : params;
  return dump(message) + '\n';
}

std::string encode_result(const json& id, const json& result) {
  return dump(json{{"id", id}, {"ok", true}, {"result", result}}) + '\n';
}

std::string encode_error(const json& id, std::string_view code, std::string_view message, const json& details) {
  json error{{"code", code}, {"message", message}};
  if (details.is_object()) error.update(details);
  return dump(json{{"id", id}, {"ok", false}, {"error", error}}) + '\n';
}

std::string encode_event(const json& event) { return dump(json{{"event", event}}) + '\n'; }

}  // namespace pickupbox::api
