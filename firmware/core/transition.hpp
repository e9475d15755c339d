#pragma once
// What a state change produces. The caller (the store) commits all of it in one
// transaction: the new order and locker rows, the outbox events and SMS, the audit lines.
#include <optional>
#include <vector>

#include "core/event.hpp"
#include "core/locker.hpp"
#include "core/order.hpp"

namespace pickupbox::core {

struct Transition {
  Order order;
  std::optional<Locker> locker;  // present when the transition changes a locker
  std::vector<Event> events;
  std::vector<SmsRequest> sms;
  std::vector<AuditEntry> audit;
};

// The same for a change to a locker alone (service blocks).
struct LockerChange {
  Locker locker;
  std::vector<Event> events;
  std::vector<AuditEntry> audit;
};

}  // namespace pickupbox::core
