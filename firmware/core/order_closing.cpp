// Staff actions that end or repair an order: return, cancel, reset attempts.
#include "core/order_checks.hpp"
#include "core/order_transitions.hpp"

namespace pickupbox::core {

namespace {

Result<void> check_returnable(const Order& order, const Locker& locker, std::string_view operation) {
  // A cancelled order still has its document inside while its locker is occupied by it.
  const bool cancelled_inside = order.state == OrderState::cancelled && holds(locker, order, Occupancy::occupied);
  if (order.state != OrderState::expired && !cancelled_inside) {
    return illegal(order, operation,
                   "only expired orders, and cancelled ones whose document is still in a locker, are returned");
  }
  return require_locker_for(order, locker, Occupancy::occupied, operation);
}

// Which locker a cancel must release or leave alone, checked against the order.
Result<std::optional<Locker>> locker_after_cancel(const Order& order, const std::optional<Locker>& locker) {
  if (order.state == OrderState::awaiting_load && order.locker_id) {
    if (!locker) {
      return fail(ErrorCode::invalid_argument, "order " + order.id + " has locker " + *order.locker_id +
                                                   " reserved; pass that locker so the cancel frees it");
    }
    if (auto ok = require_locker_for(order, *locker, Occupancy::reserved, "cancel"); !ok) {
      return std::unexpected(ok.error());
    }
    return freed(*locker);
  }
  if (order.state != OrderState::awaiting_load && locker) {
    if (auto ok = require_locker_for(order, *locker, Occupancy::occupied, "cancel"); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return std::optional<Locker>{};
}

}  // namespace

Result<Transition> start_return(Order order, Locker locker, std::string actor, TimePoint /*now*/) {
  if (auto ok = require_actor(actor); !ok) return std::unexpected(ok.error());
  if (auto ok = check_returnable(order, locker, "start a return"); !ok) return std::unexpected(ok.error());
  Event started = order_event("order.return_started", order);
  started.fields["actor"] = actor;
  AuditEntry audit = audit_entry(std::move(actor), "retrieve", order);
  return Transition{std::move(order), std::nullopt, {std::move(started)}, {}, {std::move(audit)}};
}

Result<Transition> complete_return(Order order, Locker locker, TimePoint now) {
  if (auto ok = check_returnable(order, locker, "complete a return"); !ok) return std::unexpected(ok.error());
  Event returned = order_event("order.returned", order);
  returned.fields["reason"] = std::string(to_string(order.state));
  if (order.state == OrderState::expired) {
    order.state = OrderState::returned;
    order.closed_at = now;
    erase_personal_data(order);
  }
  return Transition{std::move(order), freed(std::move(locker)), {std::move(returned)}, {}, {}};
}

Result<Transition> cancel(Order order, std::optional<Locker> locker, std::string actor, TimePoint now) {
  if (auto ok = require_actor(actor); !ok) return std::unexpected(ok.error());
  if (is_final(order.state)) return illegal(order, "cancel", "it is already closed");
  if (pickup_in_progress(order)) {
    return illegal(order, "cancel", "a pickup is in progress; try again once the door is closed");
  }
  auto changed_locker = locker_after_cancel(order, locker);
  if (!changed_locker) return std::unexpected(changed_locker.error());

  order.state = OrderState::cancelled;
  order.closed_at = now;
  erase_personal_data(order);
  Event cancelled = order_event("order.cancelled", order);
  cancelled.fields["actor"] = actor;
  AuditEntry audit = audit_entry(std::move(actor), "cancel", order);
  // A freed reservation leaves the order with no locker; a document still inside keeps it.
  if (*changed_locker) order.locker_id.reset();
  return Transition{std::move(order), std::move(*changed_locker), {std::move(cancelled)}, {}, {std::move(audit)}};
}

Result<Transition> reset_attempts(Order order, std::string actor, TimePoint /*now*/) {
  if (auto ok = require_actor(actor); !ok) return std::unexpected(ok.error());
  if (auto ok = require_state(order, OrderState::loaded, "reset attempts"); !ok) return std::unexpected(ok.error());
  order.failed_attempts = 0;
  order.blocked = false;
  Event reset = order_event("order.attempts_reset", order);
  reset.fields["actor"] = actor;
  AuditEntry audit = audit_entry(std::move(actor), "reset_attempts", order);
  return Transition{std::move(order), std::nullopt, {std::move(reset)}, {}, {std::move(audit)}};
}

}  // namespace pickupbox::core
