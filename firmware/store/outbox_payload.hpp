#pragma once
// JSON payloads of outbox messages, as the back office receives them.
//
// Event (kind "event", one per core::Event, topic .../events):
//   {"schema":1, "id":"<uuid v4>", "seq":<int>, "at":"2026-01-01T09:30:00.125Z",
//    "type":"order.loaded", <each event field as "name":"string value">...}
//   seq is the per-device sequence number (strictly increasing, never reused), at is the
//   commit time (UTC, milliseconds). Event fields never carry personal data.
//
// SMS request (kind "sms", one per core::SmsRequest, topic .../sms):
//   {"schema":1, "id":"<uuid v4>", "seq":<int>, "at":"...", "order_id":"...",
//    "to":"+4512345678", "language":"da", "text":"..."}
//   The only payload with personal data and a pickup code in clear.
//
// The back office deduplicates on id; seq is shared by both kinds.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/event.hpp"

namespace pickupbox::store {

inline constexpr int payload_schema = 1;
inline constexpr std::string_view sms_message_type = "sms.request";

struct OutboxStamp {
  std::int64_t seq = 0;
  std::string id;
  core::TimePoint at{};
};

// Fails with invalid_argument when an event field would overwrite a header key
// (schema, id, seq, at, type): that is a caller's bug, and the commit must not happen.
core::Result<std::string> event_payload(const core::Event& event, const OutboxStamp& stamp);

std::string sms_payload(const core::SmsRequest& sms, const OutboxStamp& stamp);

}  // namespace pickupbox::store
