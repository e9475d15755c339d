#pragma once
// Preconditions and building blocks shared by the order_*.cpp transition files.
// Not part of core's interface for other layers: use order_transitions.hpp.
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/event.hpp"
#include "core/locker.hpp"
#include "core/order.hpp"

namespace pickupbox::core {

// invalid_transition: "order <id> is <state>: cannot <operation>; <advice>".
std::unexpected<Error> illegal(const Order& order, std::string_view operation, std::string_view advice);

Result<void> require_state(const Order& order, OrderState state, std::string_view operation);
Result<void> require_actor(std::string_view actor);

// The locker is the order's own, belongs to it and holds it as expected.
bool holds(const Locker& locker, const Order& order, Occupancy occupancy);
Result<void> require_locker_for(const Order& order, const Locker& locker, Occupancy occupancy,
                                std::string_view operation);

bool pickup_in_progress(const Order& order);  // loaded, door opened for the citizen

// The last moment the citizen can collect a loaded order with its code: the earlier of
// the code's lifetime and the pickup window.
TimePoint collect_by(const Order& loaded);

void erase_personal_data(Order& order);  // phone, identity and code hashes
Locker freed(Locker locker);

// An event with order_id, plus locker_id when the order has a locker.
Event order_event(std::string type, const Order& order);
AuditEntry audit_entry(std::string actor, std::string action, const Order& order);

}  // namespace pickupbox::core
