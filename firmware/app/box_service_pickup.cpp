// The citizen flow: code + identifier -> the door opens -> the door closes -> collected.
#include "app/box_service.hpp"
#include "core/pickup_code.hpp"
#include "log/log.hpp"

namespace pickupbox::app {

using core::ErrorCode;
using core::fail;
using core::Result;

Result<core::KioskThrottle> BoxService::record_kiosk_failure(const core::KioskThrottle& throttle) {
  store::Change change;
  change.throttle = core::throttle_record_failure(throttle, clock_.now(), policies_);
  change.events.push_back(core::Event{"pickup.failed", {{"reason", "wrong_code"}}});
  throttle_ = change.throttle;  // counts even when the commit fails
  if (auto ok = commit(change); !ok) return std::unexpected(ok.error());
  return *change.throttle;
}

Result<core::KioskThrottle> BoxService::kiosk_throttle() const {
  if (!throttle_) {
    auto stored = store_.kiosk_throttle();
    if (!stored) return stored;
    throttle_ = *stored;
  }
  return *throttle_;
}

void BoxService::verify_pickup(const std::string& code, const std::optional<std::string>& identifier, Reply reply) {
  const auto now = clock_.now();
  auto throttle = kiosk_throttle();
  if (!throttle) return reply(std::unexpected(throttle.error()));
  if (auto open = core::throttle_check(*throttle, now); !open) return reply(std::unexpected(open.error()));

  std::optional<core::Order> found;
  if (core::is_well_formed_code(code, policies_.code_digits)) {
    const auto hash = hasher_.code(code);
    auto order = store_.live_order_by_code_hash(hash);
    if (!order) return reply(std::unexpected(order.error()));
    // The index lookup found the row; compare in constant time anyway so the answer
    // never depends on how much of a hash matched.
    if (*order && (*order)->code_hash && core::constant_time_equal(*(*order)->code_hash, hash)) {
      found = **order;
    }
  }
  if (!found) {
    auto after = record_kiosk_failure(*throttle);
    if (!after) return reply(std::unexpected(after.error()));
    const int left = core::throttle_attempts_before_backoff(*after, policies_);
    log::info("pickup.refused", {{"reason", "wrong_code"}, {"attempts_before_pause", left}});
    core::Error error{ErrorCode::wrong_code, "That code is not valid. Check the SMS and try again. " +
                                                 std::to_string(left) + " attempts left before the kiosk pauses."};
    error.attempts_left = left;
    return reply(std::unexpected(std::move(error)));
  }

  std::optional<core::Digest> given;
  if (identifier) {
    // An unparseable date counts as a wrong identifier, not as a malformed request.
    given = identity_of(*identifier).value_or(core::Digest{});
  }
  auto outcome = core::verify_identity(*found, given, now, policies_);
  store::Change change;
  change.orders.push_back(outcome.order);
  change.events = outcome.events;
  // A known code with a wrong identifier counts against its order, not against the kiosk:
  // one citizen fumbling a date must not pause the kiosk for everyone.
  if (outcome.granted) change.throttle = core::throttle_record_success(*throttle);
  if (!outcome.granted && outcome.events.empty()) return reply(std::unexpected(*outcome.refusal));
  if (!outcome.granted) {
    if (auto ok = commit(std::move(change)); !ok) return reply(std::unexpected(ok.error()));
    log::info("pickup.refused", {{"order", found->id},
                                 {"reason", std::string(core::to_string(outcome.refusal->code))},
                                 {"attempts_left", outcome.attempts_left}});
    return reply(std::unexpected(*outcome.refusal));
  }

  auto locker = locker_by_id(found->locker_id.value_or(""));
  if (!locker) return reply(std::unexpected(locker.error()));
  if (!locker->usable()) {
    return reply(fail(ErrorCode::hardware, "Door " + locker->id +
                                               " cannot be opened right now. Please go to the front desk."));
  }
  change.audit.push_back(core::AuditEntry{"citizen", "pickup_open", locker->id, found->id, ""});
  // No door opens that the audit log would not show.
  const auto reset = change.throttle;
  if (auto ok = commit(std::move(change)); !ok) {
    auto error = ok.error();
    error.message = "cannot record the pickup of order " + found->id + ", so door " + locker->id +
                    " stays shut (the order is unchanged; send the citizen to the front desk): " + error.message;
    return reply(std::unexpected(std::move(error)));
  }
  throttle_ = reset;  // committed: the count starts again
  Json result{{"locker_id", locker->id}, {"order_id", found->id}, {"document_kind", found->document_kind}};
  open_door(*locker, DoorWatch{Purpose::pickup, found->id, "citizen", false}, std::move(reply), std::move(result));
}

void BoxService::reopen_pickup(const std::string& order_id, Reply reply) {
  auto order = order_by_id(order_id);
  if (!order) return reply(std::unexpected(order.error()));
  const auto locker_id = order->locker_id.value_or("");
  auto locker = locker_by_id(locker_id);
  if (!locker) return reply(std::unexpected(locker.error()));
  const bool collected = order->state == core::OrderState::collected;
  std::optional<core::Locker> maybe_locker = *locker;
  auto t = core::reopen_after_pickup(*order, maybe_locker, clock_.now(), policies_);
  if (!t) return reply(std::unexpected(t.error()));
  store::Change change;
  change.events = t->events;
  change.audit = t->audit;
  if (auto ok = commit(std::move(change)); !ok) return reply(std::unexpected(ok.error()));
  // After collection the door is free again: no watch, the reopen is a plain open.
  DoorWatch watch{collected ? Purpose::service : Purpose::pickup, order->id, "citizen", false};
  open_door(*locker, watch, std::move(reply), Json{{"locker_id", locker->id}, {"order_id", order->id}});
}

Result<Json> BoxService::pickup_done(const std::string& order_id) {
  auto order = order_by_id(order_id);
  if (!order) return std::unexpected(order.error());
  Json result{{"order_id", order->id}, {"state", core::to_string(order->state)}};
  result["collected"] = order->state == core::OrderState::collected;
  if (order->locker_id) {
    if (auto locker = locker_by_id(*order->locker_id)) result["door"] = core::to_string(locker->door);
  }
  return result;
}

void BoxService::open_door(const core::Locker& locker, DoorWatch watch, Reply reply, Json result) {
  watches_[locker.id] = watch;
  log::info("door.unlock", {{"locker", locker.id}, {"board", locker.board}, {"channel", locker.channel}});
  doors_.open(locker.board, locker.channel,
              [this, id = locker.id, watch, reply = std::move(reply), result = std::move(result)](Result<void> ok) {
                if (!ok) {
                  door_failed(id, watch, ok.error());
                  return reply(fail(ErrorCode::hardware, "Door " + id +
                                                             " did not open. Try again, or go to the front desk."));
                }
                reply(result);
              });
}

}  // namespace pickupbox::app
