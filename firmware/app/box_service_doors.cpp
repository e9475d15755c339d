// Door sensors drive the flows: a door that was seen open and then closed completes
// the load, pickup or return it was opened for. Doors nobody opened raise alarms.
#include <algorithm>

#include "app/box_service.hpp"
#include "core/pickup_code.hpp"
#include "log/log.hpp"

namespace pickupbox::app {

using core::ErrorCode;
using core::Result;

void BoxService::on_board_status(int board, const Result<kerong::BoardStatus>& status) {
  const bool was_online = board_online_[board];
  if (!status) {
    applied_status_.erase(board);
    if (was_online) {
      log::warn("board.offline", {{"board", board}, {"error", status.error().message}});
      board_online(board, false);
    }
    return;
  }
  if (!was_online) {
    log::info("board.online", {{"board", board}});
    board_online(board, true);
  }
  if (auto applied = applied_status_.find(board); applied != applied_status_.end() && applied->second == *status) {
    return;
  }
  auto lockers = store_.lockers();
  if (!lockers) return;
  bool all_applied = true;
  for (const auto& locker : *lockers) {
    if (locker.board != board || locker.channel < 1 || locker.channel > 16) continue;
    const auto reading = status->channel(locker.channel).lock_open ? core::SensorReading::open
                                                                   : core::SensorReading::closed;
    if (reading != locker.door) all_applied = door_changed(locker, reading) && all_applied;
  }
  if (all_applied) applied_status_[board] = *status;
}

void BoxService::bus_link(bool connected, const std::string& detail) {
  if (connected) log::info("bus.connected", {{"device", detail}});
  else log::warn("bus.disconnected", {{"detail", detail}});
  store::Change change;
  change.events.push_back(core::Event{connected ? "bus.connected" : "bus.disconnected", {{"detail", detail}}});
  (void)commit(std::move(change));
}

void BoxService::board_online(int board, bool online) {
  board_online_[board] = online;
  auto lockers = store_.lockers();
  if (!lockers) return;
  store::Change change;
  change.events.push_back(core::Event{online ? "board.online" : "board.offline", {{"board", std::to_string(board)}}});
  for (const auto& locker : *lockers) {
    if (locker.board != board) continue;
    auto changed = online ? core::clear_block(locker, core::ServiceBlock::board_offline)
                          : core::set_out_of_service(locker, core::ServiceBlock::board_offline);
    if (!changed) continue;  // e.g. already blocked by staff: that block stays
    change.lockers.push_back(changed->locker);
    change.events.insert(change.events.end(), changed->events.begin(), changed->events.end());
  }
  (void)commit(std::move(change));
}

bool BoxService::door_changed(core::Locker locker, core::SensorReading reading) {
  const auto watch_it = watches_.find(locker.id);
  const bool expected = watch_it != watches_.end();
  store::Change change;
  change.events = core::observe_door(locker, reading, expected);
  locker.door = reading;
  change.lockers.push_back(locker);
  if (auto ok = commit(std::move(change)); !ok) return false;

  if (reading == core::SensorReading::open) {
    open_doors_[locker.id] = OpenDoor{clock_.now()};
    if (expected) watch_it->second.seen_open = true;
    return true;
  }
  open_doors_.erase(locker.id);
  if (expected && watch_it->second.seen_open && door_closed_after_open(locker, watch_it->second)) {
    watches_.erase(watch_it);
  }
  return true;  // a completion that failed is retried by housekeeping, not by the poll
}

void BoxService::retry_completions() {
  for (auto it = watches_.begin(); it != watches_.end();) {
    auto locker = store_.locker(it->first);
    const bool closed = locker && *locker && (*locker)->door == core::SensorReading::closed;
    if (it->second.seen_open && closed && door_closed_after_open(**locker, it->second)) {
      it = watches_.erase(it);
    } else {
      ++it;
    }
  }
}

bool BoxService::door_closed_after_open(const core::Locker& locker, const DoorWatch& watch) {
  if (watch.purpose == Purpose::service) return true;
  auto order = order_by_id(watch.order_id);
  if (!order) return true;  // nothing left to complete
  const auto now = clock_.now();
  Result<core::Transition> t = std::unexpected(core::Error{ErrorCode::internal, "no transition"});
  if (watch.purpose == Purpose::load) {
    auto code = core::new_unique_code(random_, hasher_, policies_.code_digits, [this](const core::Digest& hash) {
      auto live = store_.live_order_by_code_hash(hash);
      return !live || live->has_value();  // a read error counts as "in use": try another
    });
    if (!code) {
      log::error("order.code_failed", {{"order", order->id}, {"message", code.error().message}});
      return false;
    }
    t = core::confirm_load(*order, locker, *code, now, policies_);
  } else if (watch.purpose == Purpose::pickup) {
    t = core::complete_pickup(*order, locker, now);
  } else {
    t = core::complete_return(*order, locker, now);
  }
  if (!t) {
    log::warn("door.closed_unexpected_state", {{"locker", locker.id}, {"order", order->id},
                                               {"message", t.error().message}});
    return true;  // the order moved on (e.g. cancelled): nothing to retry
  }
  if (!commit(change_of(std::move(*t)))) return false;
  log::info("door.flow_completed", {{"locker", locker.id}, {"order", watch.order_id}});
  return true;
}

void BoxService::door_failed(const std::string& locker_id, const DoorWatch& watch, const core::Error& error) {
  log::error("door.unlock_failed", {{"locker", locker_id}, {"message", error.message}});
  watches_.erase(locker_id);
  auto locker = locker_by_id(locker_id);
  if (!locker) return;
  store::Change change;
  change.events.push_back(core::Event{"door.fault", {{"locker_id", locker_id}, {"reason", "unlock_failed"}}});
  auto blocked = core::set_out_of_service(*locker, core::ServiceBlock::unlock_failed);
  core::Locker current = blocked ? blocked->locker : *locker;
  if (blocked) change.events.insert(change.events.end(), blocked->events.begin(), blocked->events.end());
  // A load whose door never opened is rolled back so the order can go to another door;
  // a pickup whose door never opened stops being "in progress" so it can still expire.
  auto order = order_by_id(watch.order_id);
  if (order && watch.purpose == Purpose::load) {
    if (auto aborted = core::abort_load(*order, current, clock_.now())) {
      change.orders.push_back(aborted->order);
      if (aborted->locker) current = *aborted->locker;
      change.events.insert(change.events.end(), aborted->events.begin(), aborted->events.end());
    }
  } else if (order && watch.purpose == Purpose::pickup) {
    if (auto aborted = core::abort_pickup(*order, clock_.now())) {
      change.orders.push_back(aborted->order);
      change.events.insert(change.events.end(), aborted->events.begin(), aborted->events.end());
    }
  }
  change.lockers.push_back(current);
  change.audit.push_back(core::AuditEntry{watch.actor, "unlock_failed", locker_id, watch.order_id, ""});
  (void)commit(std::move(change));
}

void BoxService::housekeeping() {
  const auto now = clock_.now();
  std::erase_if(sessions_, [&](const auto& s) { return now - s.second.last_used >= policies_.staff_session_timeout; });
  retry_completions();

  if (auto loaded = store_.orders(core::OrderState::loaded, 100'000)) {
    const auto due = core::due_for_expiry(*loaded, now);
    for (const auto& order : *loaded) {
      if (std::ranges::find(due, order.id) != due.end()) {
        if (auto t = core::expire(order, now)) (void)commit(change_of(std::move(*t)));
      } else if (core::reminder_due(order, now, policies_)) {
        if (auto t = core::send_reminder(order, now)) (void)commit(change_of(std::move(*t)));
      }
    }
  }
  for (auto& [locker_id, open] : open_doors_) {
    if (now - open.since < policies_.door_open_alarm_after || open.alarmed) continue;
    open.alarmed = true;
    store::Change change;
    change.events.push_back(core::Event{"door.alarm", {{"locker_id", locker_id}, {"reason", "left_open"}}});
    (void)commit(std::move(change));
    log::warn("door.left_open", {{"locker", locker_id}});
  }
}

}  // namespace pickupbox::app
