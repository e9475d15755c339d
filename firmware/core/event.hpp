#pragma once
#include <map>
#include <string>

#include "core/clock.hpp"

namespace pickupbox::core {

// A domain event: what happened, to which order/locker, never personal data.
// The store gives it its UUID, per-device sequence number and timestamp in the same
// transaction as the change it reports (transactional outbox).
struct Event {
  std::string type;                           // "order.loaded", "door.alarm", ...
  std::map<std::string, std::string> fields;  // order_id, locker_id, reason, ...

  bool operator==(const Event&) const = default;
};

// A request to the back office to send one SMS. The only message that carries a
// pickup code in clear; it lives in the outbox until the broker acknowledges it.
struct SmsRequest {
  std::string order_id;
  std::string recipient;  // E.164
  std::string language;   // "da" | "en"
  std::string text;

  bool operator==(const SmsRequest&) const = default;
};

// Who did what to which locker. Hash-chained by the store; never personal data.
struct AuditEntry {
  std::string actor;   // "staff:<id>", "citizen", "backoffice", "system"
  std::string action;  // "load", "pickup", "open", "out_of_service", ...
  std::string locker_id;
  std::string order_id;
  std::string detail;

  bool operator==(const AuditEntry&) const = default;
};

}  // namespace pickupbox::core
