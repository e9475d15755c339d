#pragma once
// The boxd local API wire protocol, version 1.
//
// Transport: a Unix stream socket (mode 0660, group pickupbox). Each message is one JSON object
// on one line: UTF-8, terminated by '\n' ("\r\n" is accepted). Blank lines are ignored.
// A line may be at most 64 KiB (65536 bytes, terminator not counted).
//
// Request (client -> boxd):
//   {"v":1,"id":<string|number>,"method":"<name>","params":{...}}
//   "params" is optional (default {}); "v" is optional, and if present must be 1.
//   Requests may be pipelined; each response carries the id of its request. Responses are sent
//   in the order handlers finish, which is request order for requests answered at once.
//
// Response (boxd -> client), echoing the request's id:
//   {"id":<id>,"ok":true,"result":{...}}
//   {"id":<id>,"ok":false,"error":{"code":"<stable code>","message":"<human text>"}}
//   "code" is stable and meant for programs; "message" is for people and may change.
//   Domain codes are the core::ErrorCode names ("invalid_argument", "wrong_code",
//   "kiosk_throttled", ...). Transport codes:
//     malformed_json     the line is not valid JSON (connection stays open)
//     invalid_request    not an object; id missing or not a string/number; method missing or
//                        not a string; params not an object; v present but not 1; nested
//                        deeper than 64 levels (connection stays open)
//     unknown_method     no such method (connection stays open)
//     line_too_long      a line over the limit: sent with "id":null, then boxd closes the
//                        connection
//     too_many_requests  too many requests of this connection await an answer (32 by
//                        default); the request is rejected at once: wait for answers first
//     internal           the handler failed unexpectedly; details are in the boxd log
//   When the id could not be read (malformed_json, a missing or bad id, line_too_long) the
//   response carries "id":null.
//
// Events (boxd -> subscribed clients, no id):
//   {"event":{...}}
//   A connection subscribes with the method "events.subscribe" (result {"subscribed":true}).
//   A client that does not read its messages and lets more than 1 MiB (by default) queue up
//   in boxd is disconnected.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pickupbox::api {

inline constexpr int protocol_version = 1;
inline constexpr std::size_t max_nesting_depth = 64;
inline constexpr std::string_view subscribe_method = "events.subscribe";

struct Request {
  nlohmann::json id;
  std::string method;
  nlohmann::json params;  // always an object
};

// Why a line is not a request; `id` is the request's id when it could be read, else null.
struct RequestError {
  nlohmann::json id;
  std::string_view code;
  std::string message;
};

std::expected<Request, RequestError> parse_request(std::string_view line);

// Each encoder returns one complete line, '\n' included. Strings that are not valid UTF-8
// are repaired with U+FFFD rather than failing: a reply must always go out.
std::string encode_request(const nlohmann::json& id, std::string_view method, const nlohmann::json& params);
std::string encode_result(const nlohmann::json& id, const nlohmann::json& result);
// `details` (an object, or null for none) adds fields beside code and message, e.g. attempts_left.
std::string encode_error(const nlohmann::json& id, std::string_view code, std::string_view message,
                         const nlohmann::json& details = nullptr);
std::string encode_event(const nlohmann::json& event);

}  // namespace pickupbox::api
