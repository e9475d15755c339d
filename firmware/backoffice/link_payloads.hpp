#pragma once
// The payloads the box publishes itself (outbox rows carry their own, see
// store/outbox_payload.hpp). Every payload has "schema":1.
//
// status (retained):  {"schema":1,"device_id":"box-1","state":"online","version":"0.1.0",
//                      "at":"2026-12-01T10:00:00.000Z","mqtt":"5","health":{...}}
// last will:          {"schema":1,"device_id":"box-1","state":"offline","reason":"connection lost"}
// heartbeat (events): {"schema":1,"id":"<uuid>","at":"...","type":"heartbeat","uptime_s":3600,
//                      "outbox_pending":0}   (not durable, no seq: it reports liveness only)
// cmd-result:         {"schema":1,"request_id":"r-1","command":"create-order","ok":true,"result":{...}}
//                     {"schema":1,"request_id":"r-1","command":"create-order","ok":false,
//                      "error":{"code":"invalid_argument","message":"..."}}
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace pickupbox::backoffice {

using Json = nlohmann::json;

inline constexpr int link_schema = 1;

std::string status_online(std::string_view device_id, std::string_view version, std::string_view mqtt_version,
                          core::TimePoint at, const Json& health);
// Also used as the last will, so it carries no time: the broker sends it whenever it notices.
std::string status_offline(std::string_view device_id, std::string_view reason);
std::string heartbeat(std::string_view id, core::TimePoint at, std::int64_t uptime_s, std::int64_t outbox_pending);
std::string command_result(std::string_view request_id, std::string_view command, const core::Result<Json>& outcome);

}  // namespace pickupbox::backoffice
