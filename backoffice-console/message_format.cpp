#include "message_format.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "backoffice/topics.hpp"

namespace pickupbox::console {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t excerpt_size = 120;

// Printable on one line: control characters escaped, UTF-8 kept.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

// Raw bytes that are not JSON: ASCII only, so invalid UTF-8 cannot garble the terminal.
std::string excerpt(std::string_view payload) {
  std::string out;
  for (const char c : payload.substr(0, excerpt_size)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    }
  }
  if (payload.size() > excerpt_size) out += "…";
  return out;
}

std::string compact(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A field value for key=value: plain when it is one simple word, JSON-quoted otherwise.
std::string field_value(const Json& value) {
  if (!value.is_string()) return compact(value);
  const auto& text = value.get_ref<const std::string&>();
  const bool plain = !text.empty() && text.find_first_of(" \"=\\") == std::string::npos &&
                     std::ranges::none_of(text, [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  return plain ? text : compact(value);
}

std::string text_of(const Json& object, const char* key, std::string_view missing = "?") {
  if (!object.contains(key)) return std::string(missing);
  const Json& value = object[key];
  return one_line(value.is_string() ? value.get_ref<const std::string&>() : compact(value));
}

std::string warning(std::string_view device, std::string_view leaf, std::string_view what) {
  return std::string(device) + " warning " + std::string(leaf) + ": " + std::string(what);
}

std::string format_event(const std::string& device, const Json& event) {
  if (!event.contains("type") || !event["type"].is_string()) {
    return warning(device, "events", "event without a string \"type\": " + compact(event));
  }
  std::string line = device + " event #" + text_of(event, "seq") + " " + text_of(event, "type");
  for (const auto& [key, value] : event.items()) {
    if (key == "schema" || key == "id" || key == "seq" || key == "at" || key == "type") continue;
    line += " " + one_line(key) + "=" + one_line(field_value(value));
  }
  return line;
}

std::string format_sms(const std::string& device, const Json& sms) {
  if (!sms.contains("to") || !sms["to"].is_string() || !sms.contains("text") || !sms["text"].is_string()) {
    return warning(device, "sms", "SMS request without string \"to\" and \"text\": " + one_line(compact(sms)));
  }
  return device + " SMS to " + text_of(sms, "to") + " (" + text_of(sms, "language") + "): " + text_of(sms, "text");
}

std::string format_status(const std::string& device, const Json& status) {
  if (!status.contains("state") || !status["state"].is_string()) {
    return warning(device, "status", "status without a string \"state\": " + one_line(compact(status)));
  }
  std::string line = device + " status " + text_of(status, "state");
  if (status.contains("version")) line += " " + text_of(status, "version");
  if (status.contains("health")) line += " health=" + one_line(compact(status["health"]));
  return line;
}

std::string format_result(const std::string& device, std::string_view request_id, const Json& result) {
  const std::string leaf = "cmd-result/" + one_line(request_id);
  if (!result.contains("ok") || !result["ok"].is_boolean()) {
    return warning(device, leaf, "result without a boolean \"ok\": " + one_line(compact(result)));
  }
  std::string line = device + " result " + one_line(request_id);
  if (result.contains("request_id") && result["request_id"] != request_id) {
    line += " (payload says request_id " + text_of(result, "request_id") + ")";
  }
  if (result["ok"].get<bool>()) {
    return line + " ok " + one_line(compact(result.contains("result") ? result["result"] : Json::object()));
  }
  if (!result.contains("error") || !result["error"].is_object()) return line + " error (no details)";
  const Json& error = result["error"];
  return line + " error " + text_of(error, "code") + ": " + text_of(error, "message", "");
}

}  // namespace

bool is_command_topic(std::string_view topic) {
  const auto parsed = backoffice::parse_topic(topic);
  return parsed && parsed->leaf.starts_with("cmd/");
}

std::string format_message(std::string_view topic, std::string_view payload) {
  const auto parsed = backoffice::parse_topic(topic);
  if (!parsed) return warning("?", one_line(topic), "not a pickupbox/v1/<device>/… topic");
  const std::string& device = parsed->device_id;
  const std::string& leaf = parsed->leaf;
  if (payload.empty()) {
    if (leaf == "status") return device + " status cleared (empty retained message)";
    return warning(device, one_line(leaf), "empty payload");
  }
  const Json message = Json::parse(payload, nullptr, false);
  if (message.is_discarded()) return warning(device, one_line(leaf), "payload is not JSON: " + excerpt(payload));
  if (!message.is_object()) return warning(device, one_line(leaf), "payload is not a JSON object: " + excerpt(payload));
  if (!message.contains("schema") || message["schema"] != 1) {
    return warning(device, one_line(leaf),
                   "unsupported schema " + text_of(message, "schema", "(none)") + ": " + one_line(compact(message)));
  }
  if (leaf == "events") return format_event(device, message);
  if (leaf == "sms") return format_sms(device, message);
  if (leaf == "status") return format_status(device, message);
  if (leaf.starts_with("cmd-result/")) return format_result(device, std::string_view(leaf).substr(11), message);
  return device + " other " + one_line(leaf) + ": " + one_line(compact(message));
}

}  // namespace pickupbox::console
