#pragma once
// One state change, written by Store::commit in exactly one transaction: all of it or none.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/event.hpp"
#include "core/locker.hpp"
#include "core/order.hpp"
#include "core/policies.hpp"
#include "core/staff.hpp"
#include "store/outbox_table.hpp"

namespace pickupbox::store {

// Members have default initializers so that callers may name only what they change:
// Change{.orders = {o}, .events = {e}} (GCC warns about designated initializers otherwise).
struct Change {
  std::vector<core::Order> orders{};     // upserted by id
  std::vector<core::Locker> lockers{};   // upserted by id
  std::vector<core::Event> events{};     // appended to the outbox (kind "event")
  std::vector<core::SmsRequest> sms{};   // appended to the outbox (kind "sms")
  std::vector<core::AuditEntry> audit{}; // appended to the hash-chained audit log
  std::optional<core::KioskThrottle> throttle{};
  std::vector<core::StaffMember> staff{};     // upserted by id
  std::vector<std::string> staff_removed{};   // ids; unknown ids are ignored
};

// What a commit stored, so the app can broadcast the new outbox rows live (local API
// subscribers) without reading them back.
struct CommitReceipt {
  core::TimePoint at{};            // the commit timestamp used for every row
  std::vector<OutboxRow> outbox;  // events first, then SMS, in seq order
};

}  // namespace pickupbox::store
