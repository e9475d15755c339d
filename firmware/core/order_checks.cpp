#include "core/order_checks.hpp"

#include <algorithm>

namespace pickupbox::core {

std::unexpected<Error> illegal(const Order& order, std::string_view operation, std::string_view advice) {
  return fail(ErrorCode::invalid_transition, "order " + order.id + " is " + std::string(to_string(order.state)) +
                                                 ": cannot " + std::string(operation) + "; " + std::string(advice));
}

Result<void> require_state(const Order& order, OrderState state, std::string_view operation) {
  if (order.state == state) return {};
  return illegal(order, operation, "only a " + std::string(to_string(state)) + " order allows this");
}

Result<void> require_actor(std::string_view actor) {
  if (!actor.empty()) return {};
  return fail(ErrorCode::invalid_argument, "actor is empty; name who acts, e.g. \"staff:desk1\"");
}

bool holds(const Locker& locker, const Order& order, Occupancy occupancy) {
  return order.locker_id == locker.id && locker.order_id == order.id && locker.occupancy == occupancy;
}

Result<void> require_locker_for(const Order& order, const Locker& locker, Occupancy occupancy,
                                std::string_view operation) {
  if (holds(locker, order, occupancy)) return {};
  return fail(ErrorCode::invalid_transition,
              "locker " + locker.id + " (" + std::string(to_string(locker.occupancy)) + ") does not hold order " +
                  order.id + " as " + std::string(to_string(occupancy)) + ": cannot " + std::string(operation) +
                  "; reload both from the store and check which locker the order is in");
}

bool pickup_in_progress(const Order& order) {
  return order.state == OrderState::loaded && order.pickup_opened_at.has_value();
}

TimePoint collect_by(const Order& loaded) {
  return std::min(loaded.code_expires_at.value_or(TimePoint::max()), loaded.expires_at.value_or(TimePoint::max()));
}

void erase_personal_data(Order& order) {
  order.phone.reset();
  order.identity_hash.reset();
  order.code_hash.reset();
}

Locker freed(Locker locker) {
  locker.occupancy = Occupancy::free;
  locker.order_id.reset();
  return locker;
}

Event order_event(std::string type, const Order& order) {
  Event event{std::move(type), {{"order_id", order.id}}};
  if (order.locker_id) event.fields["locker_id"] = *order.locker_id;
  return event;
}

AuditEntry audit_entry(std::string actor, std::string action, const Order& order) {
  return AuditEntry{std::move(actor), std::move(action), order.locker_id.value_or(""), order.id, ""};
}

}  // namespace pickupbox::core
