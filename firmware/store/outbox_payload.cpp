#include "store/outbox_payload.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "store/iso_time.hpp"

namespace pickupbox::store {
namespace {

using Json = nlohmann::ordered_json;  // header keys first, as documented

constexpr std::array<std::string_view, 5> header_keys{"schema", "id", "seq", "at", "type"};

Json header(const OutboxStamp& stamp) {
  Json out;
  out["schema"] = payload_schema;
  out["id"] = stamp.id;
  out["seq"] = stamp.seq;
  out["at"] = to_iso8601_utc_ms(stamp.at);
  return out;
}

// Invalid UTF-8 from a caller must not throw inside a commit; it is replaced instead.
std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

core::Result<std::string> event_payload(const core::Event& event, const OutboxStamp& stamp) {
  Json out = header(stamp);
  out["type"] = event.type;
  for (const auto& [name, value] : event.fields) {
    for (auto reserved : header_keys) {
      if (name == reserved) {
        return core::fail(core::ErrorCode::invalid_argument,
                          "event " + event.type + ": field '" + name +
                              "' clashes with a payload header key: rename the field");
      }
    }
    out[name] = value;
  }
  return dump(out);
}

std::string sms_payload(const core::SmsRequest& sms, const OutboxStamp& stamp) {
  Json out = header(stamp);
  out["order_id"] = sms.order_id;
  out["to"] = sms.recipient;
  out["language"] = sms.language;
  out["text"] = sms.text;
  return dump(out);
}

}  // namespace pickupbox::store
