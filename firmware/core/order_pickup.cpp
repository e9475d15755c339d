// Pickup: verifying the second factor, the door closing on a collected order, reopening.
#include <algorithm>

#include "core/keyed_hash.hpp"
#include "core/order_checks.hpp"
#include "core/order_transitions.hpp"
#include "core/time_text.hpp"

namespace pickupbox::core {

namespace {

int attempts_left(const Order& order, const Policies& policies) {
  return std::max(0, policies.attempts_per_order - order.failed_attempts);
}

VerifyOutcome refused(VerifyOutcome outcome, ErrorCode code, std::string message) {
  outcome.granted = false;
  outcome.refusal = Error{code, std::move(message)};
  outcome.refusal->attempts_left = outcome.attempts_left;
  return outcome;
}

std::optional<Error> availability_refusal(const Order& order, TimePoint now) {
  if (order.state != OrderState::loaded) {
    return illegal(order, "verify a pickup", "there is no document waiting for this code").error();
  }
  if (order.blocked) {
    return Error{ErrorCode::order_blocked,
                 "order " + order.id + " is blocked after too many wrong attempts; ask at the front desk"};
  }
  if (order.code_expires_at && now >= *order.code_expires_at) {
    return Error{ErrorCode::code_expired, "the pickup code of order " + order.id + " expired at " +
                                              utc_text(*order.code_expires_at) + "; ask at the front desk"};
  }
  if (order.expires_at && now >= *order.expires_at) {
    return Error{ErrorCode::code_expired, "order " + order.id + " passed its pickup deadline at " +
                                              utc_text(*order.expires_at) + "; ask at the front desk"};
  }
  return std::nullopt;
}

VerifyOutcome wrong_identity(VerifyOutcome outcome, const Policies& policies) {
  Order& order = outcome.order;
  ++order.failed_attempts;
  outcome.attempts_left = attempts_left(order, policies);
  Event failed = order_event("pickup.failed", order);
  failed.fields["attempts_left"] = std::to_string(outcome.attempts_left);
  outcome.events.push_back(std::move(failed));
  if (outcome.attempts_left > 0) {
    return refused(std::move(outcome), ErrorCode::wrong_identity,
                   "wrong date of birth for order " + order.id + "; " + std::to_string(outcome.attempts_left) +
                       " attempts left");
  }
  order.blocked = true;
  outcome.events.push_back(order_event("order.blocked", order));
  std::string message = "wrong date of birth for order " + order.id + "; it is now blocked, ask at the front desk";
  return refused(std::move(outcome), ErrorCode::order_blocked, std::move(message));
}

}  // namespace

VerifyOutcome verify_identity(Order order, std::optional<Digest> given_identity_hash, TimePoint now,
                              const Policies& policies) {
  VerifyOutcome outcome{std::move(order), {}, false, std::nullopt, 0};
  outcome.attempts_left = attempts_left(outcome.order, policies);
  if (auto refusal = availability_refusal(outcome.order, now)) {
    return refused(std::move(outcome), refusal->code, std::move(refusal->message));
  }
  const auto& expected = outcome.order.identity_hash;
  // Asking for the second factor is not a failed attempt: the kiosk only learns here that
  // this order has one.
  if (expected && !given_identity_hash) {
    return refused(std::move(outcome), ErrorCode::identity_required,
                   "order " + outcome.order.id + " needs the date of birth as well; verify again with it");
  }
  if (expected && !(given_identity_hash && constant_time_equal(*given_identity_hash, *expected))) {
    return wrong_identity(std::move(outcome), policies);
  }
  outcome.order.failed_attempts = 0;
  outcome.order.pickup_opened_at = now;
  outcome.attempts_left = attempts_left(outcome.order, policies);
  outcome.events.push_back(order_event("order.pickup_started", outcome.order));
  outcome.granted = true;
  return outcome;
}

Result<Transition> complete_pickup(Order order, Locker locker, TimePoint now) {
  if (auto ok = require_state(order, OrderState::loaded, "complete a pickup"); !ok) {
    return std::unexpected(ok.error());
  }
  if (!order.pickup_opened_at) {
    return illegal(order, "complete a pickup", "the door was not opened for a pickup; verify the code first");
  }
  if (auto ok = require_locker_for(order, locker, Occupancy::occupied, "complete a pickup"); !ok) {
    return std::unexpected(ok.error());
  }
  order.state = OrderState::collected;
  order.closed_at = now;
  erase_personal_data(order);
  Event collected = order_event("order.collected", order);
  AuditEntry audit = audit_entry("citizen", "pickup", order);
  return Transition{std::move(order), freed(std::move(locker)), {std::move(collected)}, {}, {std::move(audit)}};
}

Result<Transition> abort_pickup(Order order, TimePoint) {
  if (auto ok = require_state(order, OrderState::loaded, "abort a pickup"); !ok) return std::unexpected(ok.error());
  if (!order.pickup_opened_at) return illegal(order, "abort a pickup", "no pickup is in progress");
  order.pickup_opened_at.reset();
  Event aborted = order_event("order.pickup_aborted", order);
  return Transition{std::move(order), std::nullopt, {std::move(aborted)}, {}, {}};
}

Result<Transition> reopen_after_pickup(Order order, std::optional<Locker> locker, TimePoint now,
                                       const Policies& policies) {
  constexpr std::string_view operation = "reopen the door after pickup";
  if (order.state != OrderState::collected || !order.closed_at) {
    return illegal(order, operation, "only a collected order can be reopened");
  }
  if (now >= *order.closed_at + policies.grace_reopen) {
    return illegal(order, operation, "the grace period to reopen ended at " +
                                         utc_text(*order.closed_at + policies.grace_reopen) +
                                         "; go to the front desk");
  }
  if (!locker || locker->id != order.locker_id.value_or("")) {
    return fail(ErrorCode::invalid_argument, "the locker of order " + order.id +
                                                 " is needed to check that it is still empty before reopening");
  }
  if (locker->state() != LockerState::free) {
    return fail(ErrorCode::invalid_transition, "locker " + locker->id + " is " +
                                                   std::string(to_string(locker->state())) +
                                                   ": cannot reopen it for order " + order.id + "; go to the front desk");
  }
  Event reopened = order_event("order.pickup_reopened", order);
  AuditEntry audit = audit_entry("citizen", "reopen", order);
  return Transition{std::move(order), std::nullopt, {std::move(reopened)}, {}, {std::move(audit)}};
}

}  // namespace pickupbox::core
