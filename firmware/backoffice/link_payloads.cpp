#include "backoffice/link_payloads.hpp"

#include "store/iso_time.hpp"

namespace pickupbox::backoffice {

std::string status_online(std::string_view device_id, std::string_view version, std::string_view mqtt_version,
                          core::TimePoint at, const Json& health) {
  return Json{{"schema", link_schema},     {"device_id", device_id},
              {"state", "online"},         {"version", version},
              {"at", store::to_iso8601_utc_ms(at)}, {"mqtt", mqtt_version},
              {"health", health}}
      .dump();
}

std::string status_offline(std::string_view device_id, std::string_view reason) {
  return Json{{"schema", link_schema}, {"device_id", device_id}, {"state", "offline"}, {"reason", reason}}.dump();
}

std::string heartbeat(std::string_view id, core::TimePoint at, std::int64_t uptime_s, std::int64_t outbox_pending) {
  return Json{{"schema", link_schema},
              {"id", id},
              {"at", store::to_iso8601_utc_ms(at)},
              {"type", "heartbeat"},
              {"uptime_s", uptime_s},
              {"outbox_pending", outbox_pending}}
      .dump();
}

std::string command_result(std::string_view request_id, std::string_view command, const core::Result<Json>& outcome) {
  Json j{{"schema", link_schema}, {"request_id", request_id}, {"command", command}, {"ok", outcome.has_value()}};
  if (outcome) {
    j["result"] = *outcome;
  } else {
    j["error"] = {{"code", core::to_string(outcome.error().code)}, {"message", outcome.error().message}};
  }
  return j.dump();
}

}  // namespace pickupbox::backoffice
