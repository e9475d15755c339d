// The staff flow: login, load, retrieve expired documents, service opens.
#include "app/box_service.hpp"
#include "core/digest_hex.hpp"
#include "core/pin.hpp"
#include "core/uuid.hpp"
#include "log/log.hpp"

namespace pickupbox::app {

using core::ErrorCode;
using core::fail;
using core::Result;

namespace {

std::string random_token(core::Random& random) {
  std::array<std::uint8_t, 16> bytes{};
  random.fill(std::as_writable_bytes(std::span(bytes)));
  return core::to_hex(bytes);
}

// What a desk load or a staff-created order asks for, before the box gives it an id.
core::NewOrder new_order_from(const LoadRequest& request, std::optional<core::Digest> identity) {
  core::NewOrder order;
  order.reference = request.reference;
  order.document_kind = request.document_kind;
  order.size = request.size;
  order.phone = request.phone;
  order.language = request.language;
  order.identity_hash = identity;
  return order;
}

Json order_summary(const core::Order& o) {
  Json j{{"order_id", o.id},
         {"reference", o.reference},
         {"document_kind", o.document_kind},
         {"size", core::to_string(o.size)},
         {"state", core::to_string(o.state)},
         {"blocked", o.blocked},
         {"created_at", core::to_unix_ms(o.created_at)}};
  if (o.locker_id) j["locker_id"] = *o.locker_id;
  if (o.expires_at) j["expires_at"] = core::to_unix_ms(*o.expires_at);
  return j;
}

}  // namespace

Result<std::string> BoxService::staff_of(const std::string& session) {
  auto it = sessions_.find(session);
  if (it == sessions_.end()) {
    return fail(ErrorCode::unauthorized, "no staff session; log in with your staff id and PIN");
  }
  const auto now = clock_.now();
  if (now - it->second.last_used >= policies_.staff_session_timeout) {
    sessions_.erase(it);
    return fail(ErrorCode::unauthorized, "the staff session timed out; log in again");
  }
  it->second.last_used = now;
  return "staff:" + it->second.staff_id;
}

Result<Json> BoxService::staff_login(const std::string& staff_id, const std::string& pin) {
  const auto now = clock_.now();
  if (auto open = core::throttle_check(staff_throttle_, now); !open) return std::unexpected(open.error());
  auto member = store_.staff_member(staff_id);
  if (!member) return std::unexpected(member.error());
  // Unknown ids and wrong PINs get the same answer so ids cannot be probed.
  if (!*member || !(*member)->active || !core::verify_pin(pin, (*member)->pin)) {
    staff_throttle_ = core::throttle_record_failure(staff_throttle_, now, policies_);
    store::Change change;
    change.events.push_back(core::Event{"staff.login_failed", {}});
    (void)commit(std::move(change));
    log::warn("staff.login_failed", {});
    return fail(ErrorCode::unauthorized, "staff id or PIN is wrong; try again");
  }
  staff_throttle_ = core::throttle_record_success(staff_throttle_);
  const auto token = random_token(random_);
  sessions_[token] = StaffSession{staff_id, now};
  store::Change change;
  change.events.push_back(core::Event{"staff.login", {{"actor", "staff:" + staff_id}}});
  change.audit.push_back(core::AuditEntry{"staff:" + staff_id, "login", "", "", ""});
  if (auto ok = commit(std::move(change)); !ok) return std::unexpected(ok.error());
  const auto timeout = std::chrono::duration_cast<std::chrono::seconds>(policies_.staff_session_timeout);
  return Json{{"session", token}, {"staff_id", staff_id}, {"timeout_s", timeout.count()}};
}

Result<Json> BoxService::staff_logout(const std::string& session) {
  auto actor = staff_of(session);
  if (!actor) return std::unexpected(actor.error());
  sessions_.erase(session);
  store::Change change;
  change.audit.push_back(core::AuditEntry{*actor, "logout", "", "", ""});
  if (auto ok = commit(std::move(change)); !ok) return std::unexpected(ok.error());
  return Json{{"logged_out", true}};
}

void BoxService::staff_load(const std::string& session, const LoadRequest& request, Reply reply) {
  auto actor = staff_of(session);
  if (!actor) return reply(std::unexpected(actor.error()));
  const auto now = clock_.now();

  store::Change change;
  core::Order order;
  if (request.order_id) {
    auto existing = order_by_id(*request.order_id);
    if (!existing) return reply(std::unexpected(existing.error()));
    order = *existing;
  } else {
    std::optional<core::Digest> identity;
    if (request.date_of_birth) {
      auto hashed = identity_of(*request.date_of_birth);
      if (!hashed) return reply(std::unexpected(hashed.error()));
      identity = *hashed;
    }
    auto adhoc = new_order_from(request, identity);
    auto order_id = core::new_uuid(random_);
    // Desk loads have no back-office reference; a readable one keeps lists and audit useful.
    if (adhoc.reference.empty()) adhoc.reference = "desk-" + order_id.substr(0, 8);
    auto created = core::create_order(adhoc, order_id, now, policies_);
    if (!created) return reply(std::unexpected(created.error()));
    order = created->order;
    change.events = std::move(created->events);
  }
  auto lockers = store_.lockers();
  if (!lockers) return reply(std::unexpected(lockers.error()));
  auto locker = core::choose_locker(*lockers, order.size);
  if (!locker) return reply(std::unexpected(locker.error()));
  auto started = core::start_load(order, *locker, *actor, now);
  if (!started) return reply(std::unexpected(started.error()));

  const auto locker_id = locker->id;
  const auto order_id = order.id;
  change.orders.push_back(started->order);
  if (started->locker) change.lockers.push_back(*started->locker);
  change.events.insert(change.events.end(), started->events.begin(), started->events.end());
  change.audit = started->audit;
  if (auto ok = commit(std::move(change)); !ok) {
    auto error = ok.error();
    error.message = "cannot start loading order " + order_id + " into door " + locker_id +
                    " (nothing changed, the door stays shut): " + error.message;
    return reply(std::unexpected(std::move(error)));
  }
  log::info("order.load_started", {{"order", order_id}, {"locker", locker_id}, {"actor", *actor}});
  open_door(*started->locker, DoorWatch{Purpose::load, order_id, *actor, false}, std::move(reply),
            Json{{"order_id", order_id}, {"locker_id", locker_id}});
}

void BoxService::staff_retrieve(const std::string& session, const std::string& order_id, Reply reply) {
  auto actor = staff_of(session);
  if (!actor) return reply(std::unexpected(actor.error()));
  auto order = order_by_id(order_id);
  if (!order) return reply(std::unexpected(order.error()));
  if (!order->locker_id) {
    return reply(fail(ErrorCode::invalid_transition, "order " + order_id + " is in no door; nothing to retrieve"));
  }
  auto locker = locker_by_id(*order->locker_id);
  if (!locker) return reply(std::unexpected(locker.error()));
  auto started = core::start_return(*order, *locker, *actor, clock_.now());
  if (!started) return reply(std::unexpected(started.error()));
  const auto locker_id = locker->id;
  if (auto ok = commit(change_of(std::move(*started))); !ok) return reply(std::unexpected(ok.error()));
  open_door(*locker, DoorWatch{Purpose::retrieve, order_id, *actor, false}, std::move(reply),
            Json{{"order_id", order_id}, {"locker_id", locker_id}});
}

void BoxService::staff_open(const std::string& session, const std::string& locker_id, const std::string& reason,
                            Reply reply) {
  auto actor = staff_of(session);
  if (!actor) return reply(std::unexpected(actor.error()));
  open_for_service(*actor, locker_id, reason, std::move(reply));
}

void BoxService::open_for_service(const std::string& actor, const std::string& locker_id, const std::string& reason,
                                  Reply reply) {
  auto locker = locker_by_id(locker_id);
  if (!locker) return reply(std::unexpected(locker.error()));
  store::Change change;
  change.events.push_back(core::Event{"door.service_open", {{"locker_id", locker_id}, {"actor", actor}}});
  change.audit.push_back(core::AuditEntry{actor, "open", locker_id, locker->order_id.value_or(""), reason});
  if (auto ok = commit(std::move(change)); !ok) return reply(std::unexpected(ok.error()));
  // A service open keeps any load/pickup watch on the door: closing it again completes that.
  DoorWatch watch{Purpose::service, locker->order_id.value_or(""), actor, false};
  if (auto it = watches_.find(locker_id); it != watches_.end()) watch = it->second;
  open_door(*locker, watch, std::move(reply), Json{{"locker_id", locker_id}});
}

Result<Json> BoxService::staff_set_out_of_service(const std::string& session, const std::string& locker_id, bool on) {
  auto actor = staff_of(session);
  if (!actor) return std::unexpected(actor.error());
  return set_out_of_service(*actor, locker_id, on);
}

Result<Json> BoxService::set_out_of_service(const std::string& actor, const std::string& locker_id, bool on,
                                            const std::string& reason) {
  auto locker = locker_by_id(locker_id);
  if (!locker) return std::unexpected(locker.error());
  auto changed = on ? core::set_out_of_service(*locker, core::ServiceBlock::staff, actor)
                    : core::clear_block(*locker, core::ServiceBlock::staff, actor);
  if (!changed) return std::unexpected(changed.error());
  store::Change change;
  change.lockers.push_back(changed->locker);
  change.events = changed->events;
  change.audit = changed->audit;
  if (!reason.empty()) {
    for (auto& entry : change.audit) entry.detail = reason;
  }
  if (auto ok = commit(std::move(change)); !ok) return std::unexpected(ok.error());
  return Json{{"locker_id", locker_id}, {"state", core::to_string(changed->locker.state())}};
}

Result<Json> BoxService::cancel_order(const std::string& actor, const std::string& order_id, const std::string& reason) {
  auto order = order_by_id(order_id);
  if (!order) return std::unexpected(order.error());
  std::optional<core::Locker> locker;
  if (order->locker_id) {
    auto found = locker_by_id(*order->locker_id);
    if (!found) return std::unexpected(found.error());
    locker = *found;
  }
  auto cancelled = core::cancel(*order, locker, actor, clock_.now());
  if (!cancelled) return std::unexpected(cancelled.error());
  if (!reason.empty() && !cancelled->audit.empty()) cancelled->audit.front().detail = reason;
  if (auto ok = commit(change_of(std::move(*cancelled))); !ok) return std::unexpected(ok.error());
  log::info("order.cancelled", {{"order", order_id}, {"actor", actor}});
  Json result{{"order_id", order_id}, {"state", "cancelled"}};
  if (order->locker_id) result["locker_id"] = *order->locker_id;
  return result;
}

Result<void> BoxService::record(store::Change change) {
  auto ok = commit(std::move(change));
  if (!ok) return std::unexpected(ok.error());
  return {};
}

Result<Json> BoxService::staff_reset_attempts(const std::string& session, const std::string& order_id) {
  auto actor = staff_of(session);
  if (!actor) return std::unexpected(actor.error());
  auto order = order_by_id(order_id);
  if (!order) return std::unexpected(order.error());
  auto reset = core::reset_attempts(*order, *actor, clock_.now());
  if (!reset) return std::unexpected(reset.error());
  if (auto ok = commit(change_of(std::move(*reset))); !ok) return std::unexpected(ok.error());
  return Json{{"order_id", order_id}, {"blocked", false}};
}

Result<Json> BoxService::staff_orders(const std::string& session, std::optional<core::OrderState> state) {
  auto actor = staff_of(session);
  if (!actor) return std::unexpected(actor.error());
  auto orders = store_.orders(state, 500);
  if (!orders) return std::unexpected(orders.error());
  Json list = Json::array();
  for (const auto& o : *orders) list.push_back(order_summary(o));
  return Json{{"orders", list}};
}

Result<Json> BoxService::create_order_as_staff(const std::string& session, const std::string& reference,
                                              const LoadRequest& request) {
  auto actor = staff_of(session);
  if (!actor) return std::unexpected(actor.error());
  auto order = new_order_from(request, std::nullopt);
  order.reference = reference;
  return create_order(order, request.date_of_birth);
}

}  // namespace pickupbox::app
