// libFuzzer target: what boxd does with the bytes of one local-API connection (api::Connection):
// split them into lines under the size cap, parse every non-blank line as a request, read
// typed params from each accepted one, and encode the answer.
// Input: byte 0 picks the line cap (boxd's 64 KiB or a small one, so the cap is reached), byte 1
// the chunk sizes, the rest is the stream from the client.
// Invariants (trap on violation, so libFuzzer records the input):
//   - the lines, and whether the cap was hit, do not depend on how the stream was chunked, and
//     match a model written from line_splitter.hpp; the buffer never exceeds what it promises;
//   - parse_request agrees with an unbounded nlohmann parse and the rules of protocol.hpp:
//     malformed_json iff not JSON, invalid_request for nesting over 64 levels and each bad field
//     (with the id echoed exactly when protocol.hpp says), else the same id, method and params;
//   - an accepted request re-encoded with encode_request parses back to itself; an answer
//     (encode_result / encode_error) is one line that parses back to what was encoded;
//   - an answer carrying any bytes (a handler's message, a result string, an event) is still one
//     line that parses: valid UTF-8 comes back as it was, anything else repaired with U+FFFD;
//   - every params getter agrees with a model of params.hpp, and each refusal is
//     invalid_argument with exactly "field '<name>' <shape>": never the value received.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/error_codes.hpp"
#include "api/line_splitter.hpp"
#include "api/params.hpp"
#include "api/protocol.hpp"

namespace {

namespace api = pickupbox::api;
namespace params = pickupbox::api::params;
namespace core = pickupbox::core;
using nlohmann::json;

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  __builtin_trap();
}

constexpr std::array<std::size_t, 8> caps{64 * 1024, 1, 2, 3, 8, 32, 100, 1000};

struct Split {
  std::vector<std::string> lines;
  bool too_long = false;
};

// line_splitter.hpp, written out again: '\n' ends a line and one '\r' before it is dropped; a
// line over the cap ends the stream; so does a partial line over the cap, but a partial line of
// cap + 1 bytes ending in '\r' may still become a line of cap bytes.
Split model_split(std::string_view stream, std::size_t cap) {
  Split out;
  while (true) {
    const auto newline = stream.find('\n');
    if (newline == std::string_view::npos) {
      out.too_long = stream.size() > cap + 1 || (stream.size() == cap + 1 && stream.back() != '\r');
      return out;
    }
    auto line = stream.substr(0, newline);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.size() > cap) {
      out.too_long = true;
      return out;
    }
    out.lines.emplace_back(line);
    stream.remove_prefix(newline + 1);
  }
}

Split split_in_chunks(std::string_view stream, std::size_t cap, std::uint8_t pattern) {
  api::LineSplitter splitter(cap);
  Split out;
  std::size_t step = 0;
  while (!stream.empty() && !out.too_long) {
    const std::size_t size = std::min<std::size_t>(stream.size(), ((pattern >> (step % 4) * 2) & 0x0F) + 1);
    ++step;
    splitter.append(stream.substr(0, size));
    require(splitter.buffered() <= cap + 1 + size, "buffered() within its promise after append");
    stream.remove_prefix(size);
    std::string line;
    while (true) {
      const auto status = splitter.next(line);
      if (status == api::LineSplitter::Status::incomplete) break;
      if (status == api::LineSplitter::Status::too_long) {
        out.too_long = true;
        break;
      }
      require(line.size() <= cap && line.find('\n') == std::string::npos, "a line is within the cap, no newline");
      out.lines.push_back(line);
    }
    require(out.too_long || splitter.buffered() <= cap + 1, "a drained splitter holds at most cap + 1 bytes");
  }
  if (out.too_long) {
    std::string line;
    splitter.append("more\n");
    require(splitter.buffered() == 0, "a spent splitter does not grow");
    require(splitter.next(line) == api::LineSplitter::Status::too_long, "a spent splitter stays spent");
  }
  return out;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// Container levels, the top one counting 1; iterative, for lines of 64 KiB of '['.
std::size_t nesting(const json& value) {
  std::size_t deepest = 0;
  std::vector<std::pair<const json*, std::size_t>> todo{{&value, 1}};
  while (!todo.empty()) {
    const auto [node, level] = todo.back();
    todo.pop_back();
    if (!node->is_structured()) continue;
    deepest = std::max(deepest, level);
    for (const auto& child : *node) todo.emplace_back(&child, level + 1);
  }
  return deepest;
}

bool is_integer_one(const json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() == 1;
  return v.is_number_integer() && v.get<std::int64_t>() == 1;
}

// What protocol.hpp says parse_request answers: a request, or the code and the id to echo.
struct Expected {
  std::optional<api::Request> request;
  std::string_view code;
  json id;
};

Expected model_request(std::string_view line) {
  const json message = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return {std::nullopt, api::wire::malformed_json, nullptr};
  const auto invalid = [](json id) { return Expected{std::nullopt, api::wire::invalid_request, std::move(id)}; };
  if (nesting(message) > api::max_nesting_depth || !message.is_object()) return invalid(nullptr);
  const auto id = message.find("id");
  if (id == message.end() || !(id->is_string() || id->is_number())) return invalid(nullptr);
  if (const auto v = message.find("v"); v != message.end() && !is_integer_one(*v)) return invalid(*id);
  const auto method = message.find("method");
  if (method == message.end() || !method->is_string()) return invalid(*id);
  const auto p = message.find("params");
  if (p != message.end() && !p->is_object()) return invalid(*id);
  return {api::Request{*id, method->get<std::string>(), p == message.end() ? json::object() : *p}, {}, nullptr};
}

bool is_one_line_of_json(const std::string& encoded) {
  return !encoded.empty() && encoded.back() == '\n' && encoded.find('\n') == encoded.size() - 1;
}

void check_error_answer(const json& id, std::string_view code, const std::string& message) {
  require(!message.empty() && message.find('\n') == std::string::npos, "a message is one non-empty line");
  const auto encoded = api::encode_error(id, code, message);
  require(is_one_line_of_json(encoded), "an error answer is one line");
  const auto back = json::parse(encoded, nullptr, false);
  require(back.is_object() && back["id"] == id && back["ok"] == false && back["error"]["code"] == code &&
              back["error"]["message"] == message,
          "an error answer parses back");
}

void check_accepted(const api::Request& request) {
  const auto encoded = api::encode_request(request.id, request.method, request.params);
  require(is_one_line_of_json(encoded), "an encoded request is one line");
  const auto again = api::parse_request(std::string_view(encoded).substr(0, encoded.size() - 1));
  require(again.has_value() && again->id == request.id && again->method == request.method &&
              again->params == request.params,
          "encode_request round trip");
  const auto result = api::encode_result(request.id, request.params);
  require(is_one_line_of_json(result), "a result answer is one line");
  const auto back = json::parse(result, nullptr, false);
  require(back.is_object() && back["id"] == request.id && back["ok"] == true && back["result"] == request.params,
          "a result answer parses back");
}

// The encoders promise a reply always goes out: bytes that are not UTF-8 are repaired.
void check_any_bytes_encode(const std::string& text) {
  bool valid = true;
  try {
    (void)json(text).dump();
  } catch (const json::type_error&) {
    valid = false;
  }
  const auto same_or_repaired = [&](const json& got) {
    return got.is_string() && (valid ? got == text : got.get<std::string>().contains("\xEF\xBF\xBD"));
  };
  const auto error = api::encode_error(text, api::wire::internal, text, json{{"detail", text}});
  require(is_one_line_of_json(error), "an error answer with any bytes is one line");
  const auto e = json::parse(error, nullptr, false);
  require(e.is_object() && same_or_repaired(e["id"]) && same_or_repaired(e["error"]["message"]) &&
              same_or_repaired(e["error"]["detail"]) && e["error"]["code"] == api::wire::internal,
          "an error answer with any bytes parses back, repaired");
  const auto result = api::encode_result(1, json{{text, text}});
  require(is_one_line_of_json(result), "a result with any bytes is one line");
  const auto r = json::parse(result, nullptr, false);
  require(r.is_object() && r["result"].size() == 1 && same_or_repaired(r["result"].begin().value()) &&
              same_or_repaired(json(r["result"].begin().key())),
          "a result with any bytes parses back, repaired");
  const auto event = api::encode_event(json::array({text}));
  require(is_one_line_of_json(event), "an event with any bytes is one line");
  const auto v = json::parse(event, nullptr, false);
  require(v.is_object() && same_or_repaired(v["event"][0]), "an event with any bytes parses back, repaired");
  const auto request = api::encode_request(text, text, json{{"p", text}});
  require(is_one_line_of_json(request), "a request with any bytes is one line");
}

// ---- params.hpp, written out again ----

const json* model_find(const json& p, const std::string& name) {
  const auto it = p.find(name);
  return it == p.end() || it->is_null() ? nullptr : &*it;
}

template <class T>
void check_refusal(const core::Result<T>& got, const std::string& name, const std::string& shape) {
  require(!got.has_value(), "refused");
  require(got.error().code == core::ErrorCode::invalid_argument, "a params refusal is invalid_argument");
  require(got.error().message == "field '" + name + "' " + shape, "exactly \"field 'name' shape\"");
}

template <class T>
void check_value(const core::Result<T>& got, const T& want) {
  require(got.has_value() && *got == want, "the value of the field");
}

std::string range_text(std::int64_t min, std::int64_t max) {
  const bool low = min != params::int_min;
  const bool high = max != params::int_max;
  if (low && high) return "must be an integer between " + std::to_string(min) + " and " + std::to_string(max);
  if (low) return "must be an integer of at least " + std::to_string(min);
  if (high) return "must be an integer of at most " + std::to_string(max);
  return "must be an integer";
}

std::optional<std::int64_t> integer_in(const json& v, std::int64_t min, std::int64_t max) {
  __int128 n = 0;
  if (v.is_number_unsigned()) n = v.get<std::uint64_t>();
  else if (v.is_number_integer()) n = v.get<std::int64_t>();
  else return std::nullopt;
  if (n < min || n > max) return std::nullopt;
  return static_cast<std::int64_t>(n);
}

void check_params(const json& p, const std::string& name) {
  const json* v = model_find(p, name);
  const std::string required = "is required";

  const auto s = params::required_string(p, name);
  const auto os = params::optional_string(p, name);
  if (v == nullptr) {
    check_refusal(s, name, required);
    check_value(os, std::optional<std::string>{});
  } else if (v->is_string()) {
    check_value(s, v->get<std::string>());
    check_value(os, std::optional{v->get<std::string>()});
  } else {
    check_refusal(s, name, "must be a string");
    check_refusal(os, name, "must be a string");
  }

  for (const auto& [min, max] : {std::pair<std::size_t, std::size_t>{6, 8}, {4, 4}, {0, 3}}) {
    const auto d = params::required_digits(p, name, min, max);
    const std::string shape = min == max ? "must be a string of " + std::to_string(min) + " digits"
                                         : "must be a string of " + std::to_string(min) + "-" +
                                               std::to_string(max) + " digits";
    if (v == nullptr) {
      check_refusal(d, name, required);
      continue;
    }
    const std::string text = v->is_string() ? v->get<std::string>() : "";
    const bool ok = v->is_string() && text.size() >= min && text.size() <= max &&
                    text.find_first_not_of("0123456789") == std::string::npos;
    if (ok) check_value(d, text);
    else check_refusal(d, name, shape);
  }

  constexpr std::array<std::pair<std::int64_t, std::int64_t>, 7> ranges{{
      {params::int_min, params::int_max}, {0, 15}, {1, 16}, {-100, 100}, {0, params::int_max}, {params::int_min, 0},
      {7, 7}}};
  for (const auto& [min, max] : ranges) {
    const auto i = params::required_integer(p, name, min, max);
    const auto oi = params::optional_integer(p, name, min, max);
    if (v == nullptr) {
      check_refusal(i, name, required);
      check_value(oi, std::optional<std::int64_t>{});
    } else if (const auto n = integer_in(*v, min, max)) {
      check_value(i, *n);
      check_value(oi, std::optional{*n});
    } else {
      check_refusal(i, name, range_text(min, max));
      check_refusal(oi, name, range_text(min, max));
    }
  }

  const auto b = params::required_bool(p, name);
  const auto ob = params::optional_bool(p, name);
  const auto o = params::required_object(p, name);
  const auto oo = params::optional_object(p, name);
  if (v == nullptr) {
    check_refusal(b, name, required);
    check_value(ob, std::optional<bool>{});
    check_refusal(o, name, required);
    check_value(oo, std::optional<json>{});
    return;
  }
  if (v->is_boolean()) {
    check_value(b, v->get<bool>());
    check_value(ob, std::optional{v->get<bool>()});
  } else {
    check_refusal(b, name, "must be a boolean");
    check_refusal(ob, name, "must be a boolean");
  }
  if (v->is_object()) {
    check_value(o, *v);
    check_value(oo, std::optional{*v});
  } else {
    check_refusal(o, name, "must be an object");
    check_refusal(oo, name, "must be an object");
  }
}

void check_line(const std::string& line) {
  const auto got = api::parse_request(line);
  const auto want = model_request(line);
  if (!want.request) {
    require(!got.has_value(), "refused as protocol.hpp says");
    require(got.error().code == want.code, "the code protocol.hpp says");
    require(got.error().id == want.id && got.error().id.type() == want.id.type(), "the id echoed, or null");
    check_error_answer(got.error().id, got.error().code, got.error().message);
    return;
  }
  require(got.has_value(), "accepted as protocol.hpp says");
  require(got->id == want.request->id && got->id.type() == want.request->id.type(), "the id");
  require(got->method == want.request->method, "the method");
  require(got->params.is_object() && got->params == want.request->params, "the params, always an object");
  check_accepted(*got);

  std::vector<std::string> names{"locker", "code", "pin", "reason", "", "id"};
  for (const auto& [key, value] : got->params.items()) {
    if (names.size() >= 10) break;
    names.push_back(key);
  }
  for (const auto& name : names) check_params(got->params, name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t cap = caps[data[0] % caps.size()];
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  const Split chunked = split_in_chunks(stream, cap, data[1]);
  const Split model = model_split(stream, cap);
  require(chunked.lines == model.lines, "the lines of the model, whatever the chunking");
  require(chunked.too_long == model.too_long, "the cap is hit as the model says, whatever the chunking");

  for (const auto& line : chunked.lines) {
    check_any_bytes_encode(line);
    if (!is_blank(line)) check_line(line);
  }
  if (chunked.too_long) check_error_answer(nullptr, api::wire::line_too_long, "a line is too long");
  return 0;
}
