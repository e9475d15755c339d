#include "fault_injector.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "malformed_input.hpp"
#include "store/database.hpp"
#include "wait.hpp"

namespace pickupbox::soak {

namespace {

using namespace std::chrono_literals;

constexpr auto recovery_timeout = 30s;  // boxd back online after a broker restart, a board back, ...

const std::vector<std::string> all_kinds{"boxd_sigkill", "broker_restart", "board_unplug", "door_jam",
                                         "disk_full",    "malformed_api",  "malformed_mqtt"};

// Sets a flag for the lifetime of a scope.
struct Flag {
  explicit Flag(bool& flag) : flag_(flag) { flag_ = true; }
  ~Flag() { flag_ = false; }
  bool& flag_;
};

}  // namespace

FaultInjector::FaultInjector(BoxRig& rig, Desk& desk, Ledger& ledger, Tally& tally, Findings& findings,
                             std::mt19937_64& random, double mid_flow_kill_probability)
    : rig_(rig),
      desk_(desk),
      ledger_(ledger),
      tally_(tally),
      findings_(findings),
      random_(random),
      mid_flow_kill_probability_(mid_flow_kill_probability) {
  if (!rig_.disk()) tally_.faults_left_out.push_back("disk_full: " + rig_.no_disk_reason());
}

std::string FaultInjector::inject() {
  if (bag_.empty()) {
    for (const auto& kind : all_kinds) {
      if (kind != "disk_full" || rig_.disk()) bag_.push_back(kind);
    }
    std::shuffle(bag_.begin(), bag_.end(), random_);
  }
  const auto kind = bag_.back();
  bag_.pop_back();
  Flag busy(in_fault_);
  ++rounds_;
  ++tally_.faults[kind];
  try {
    if (kind == "boxd_sigkill") kill_boxd();
    else if (kind == "broker_restart") restart_broker();
    else if (kind == "board_unplug") unplug_board();
    else if (kind == "door_jam") jam_door();
    else if (kind == "disk_full") fill_disk();
    else if (kind == "malformed_api") malformed_api();
    else if (kind == "malformed_mqtt") malformed_mqtt();
  } catch (const std::exception& e) {
    findings_.add("fault " + kind + " could not be carried out: " + e.what());
    desk_.drop_connection();
  }
  return kind;
}

void FaultInjector::hazard(std::string_view where) {
  if (in_fault_) return;
  std::uniform_real_distribution<double> chance(0.0, 1.0);
  if (chance(random_) >= mid_flow_kill_probability_) return;
  ++tally_.faults["boxd_sigkill_mid_flow"];
  ++tally_.notes["boxd SIGKILLed mid-flow at: " + std::string(where)];
  rig_.restart_boxd_hard();
  desk_.drop_connection();
}

void FaultInjector::kill_boxd() {
  rig_.restart_boxd_hard();
  desk_.drop_connection();
}

bool FaultInjector::wait_online_after(std::size_t online_before) {
  return e2e::eventually([&] { return rig_.office().status_count("online") > online_before; }, recovery_timeout);
}

void FaultInjector::restart_broker() {
  const auto online_before = rig_.office().status_count("online");
  // Some work while the broker is away: events and SMS must wait in the outbox.
  rig_.broker().stop();
  rig_.set_degraded(true);
  for (int i = 0; i < 2; ++i) desk_.step();
  rig_.broker().start();
  rig_.set_degraded(false);
  if (!wait_online_after(online_before)) {
    findings_.add("boxd did not publish status online within 30 s of the broker coming back");
  }
}

bool FaultInjector::board_online(int board) {
  const auto status = desk_.box().ok("status");
  for (const auto& b : status.at("boards")) {
    if (b.value("board", -1) == board) return b.value("online", false);
  }
  return false;
}

void FaultInjector::unplug_board() {
  const int board = static_cast<int>(random_() % boards);
  desk_.box().ok("sim.board", Json{{"board", board}, {"action", "disconnect"}});
  rig_.set_degraded(true);
  if (!e2e::eventually([&] { return !board_online(board); }, recovery_timeout)) {
    findings_.add("board " + std::to_string(board) + " was unplugged but boxd still says it is online");
  }
  // The other board's doors keep working meanwhile.
  for (int i = 0; i < 3; ++i) desk_.step();
  desk_.box().ok("sim.board", Json{{"board", board}, {"action", "reconnect"}});
  if (!e2e::eventually([&] { return board_online(board); }, recovery_timeout)) {
    findings_.add("board " + std::to_string(board) + " was plugged back in but boxd did not see it again within 30 s");
  }
  rig_.set_degraded(false);
}

std::string FaultInjector::collectable_order() {
  const auto open = desk_.open_orders();
  std::vector<std::string> candidates;
  for (const auto& order : open) {
    if (order.value("state", "") != "loaded") continue;
    const auto id = order.value("order_id", std::string{});
    const auto* known = ledger_.find(id);
    if (known == nullptr || known->request.let_expire) continue;
    if (!desk_.code_for(id)) continue;
    if (desk_.box().locker(order.value("locker_id", std::string{})).value("state", "") != "occupied") continue;
    candidates.push_back(id);
  }
  if (candidates.empty()) return {};
  return candidates[random_() % candidates.size()];
}

void FaultInjector::jam_door() {
  auto order_id = collectable_order();
  if (order_id.empty()) {
    auto loaded = desk_.load_adhoc();
    if (!loaded) {
      ++tally_.notes["door_jam: no loaded order and a load was refused (" + loaded.error().code + "), skipped"];
      return;
    }
    order_id = (*loaded)->id;
  }
  const auto locker_id = ledger_.find(order_id)->locker_id;
  auto& box = desk_.box();
  box.sim_door(locker_id, "jam");
  rig_.set_degraded(true);
  const auto code = desk_.code_for(order_id).value_or("");
  const auto dob = ledger_.find(order_id)->request.date_of_birth;
  auto verified = box.call("pickup.verify", Json{{"code", code}, {"identifier", dob}});
  if (verified) {
    findings_.add("pickup.verify succeeded on a jammed door: " + verified->dump(), order_id, locker_id);
  } else if (verified.error().code != "hardware") {
    findings_.add("a jammed door was refused with '" + verified.error().code + "', not hardware: " +
                      verified.error().message,
                  order_id, locker_id);
  } else {
    const auto locker = box.locker(locker_id);
    if (locker.value("state", "") != "out_of_service") {
      findings_.add("a jammed door did not go out of service: " + locker.dump(), order_id, locker_id);
    }
  }
  // The technician frees the lock and puts the door back in service; the citizen comes back.
  box.sim_door(locker_id, "unjam");
  box.staff("staff.out_of_service", Json{{"locker_id", locker_id}, {"on", false}});
  rig_.set_degraded(false);
  auto collected = desk_.pickup(order_id);
  if (!collected) {
    findings_.add("after unjam and back in service the pickup was refused: " + e2e::describe(collected.error()),
                  order_id, locker_id);
  }
}

void FaultInjector::fill_disk() {
  auto* disk = rig_.disk();
  auto collect_first = collectable_order();
  if (collect_first.empty()) {
    // A document inside first, so that the full disk meets a pickup.
    if (auto loaded = desk_.load_adhoc(); loaded && desk_.code_for((*loaded)->id)) collect_first = (*loaded)->id;
  }
  // SQLite reuses its WAL file in place, so a full disk only bites a box whose WAL is short:
  // one that has just compacted (boxd checkpoints and truncates it after large drains). Put
  // the box in that state (any connection may checkpoint; this one only does what boxd's own
  // compaction does), then take every free block.
  truncate_wal();
  disk->fill();
  rig_.set_degraded(true);
  // A load while full: refused with a clear error. The first few may still fit in space
  // SQLite had already claimed (WAL frames, free pages): those are real, durable loads.
  bool refused = false;
  int fitted = 0;
  for (int attempt = 0; attempt < 5 && !refused; ++attempt) {
    std::expected<KnownOrder*, api::CallError> loaded;
    try {
      loaded = desk_.load_adhoc();
    } catch (const std::runtime_error& e) {
      // The load's first commit fitted, its confirmation did not: the order waits, door
      // shut, until there is space (the checker holds boxd to that later).
      ++tally_.notes[std::string("disk_full: a load started but could not be confirmed: ") + e.what()];
      desk_.drop_connection();
      ++fitted;
      continue;
    }
    if (loaded) {
      ++fitted;
      disk->fill();  // whatever the commit freed or grew, take it again
      continue;
    }
    refused = true;
    const auto& error = loaded.error();
    if (error.code == "no_free_locker") {
      refused = false;
      break;
    }
    if (error.code != "storage" || error.message.find("disk full") == std::string::npos) {
      findings_.add("a load on a full disk was refused without a clear disk-full error: " + e2e::describe(error));
    } else {
      ++tally_.notes["disk_full: load refused: " + error.message];
    }
  }
  if (!refused) {
    ++tally_.notes["disk_full: no load refused (" + std::to_string(fitted) + " still fitted, then no free door)"];
  }
  // A pickup of a document already inside: boxd opens a door only after the transition is
  // committed (ARCHITECTURE.md, durability rules), and the space reserve it keeps in the
  // state directory is there for exactly this, so the pickup must go through while full.
  if (!collect_first.empty()) {
    std::expected<void, api::CallError> collected;
    try {
      collected = desk_.pickup(collect_first);
    } catch (const std::runtime_error& e) {
      collected = std::unexpected(api::CallError{"not_confirmed", e.what(), core::ErrorCode::storage});
      desk_.drop_connection();
    }
    const auto locker_id = ledger_.find(collect_first)->locker_id;
    if (collected) {
      ++tally_.notes["disk_full: a pickup went through while full"];
    } else if (collected.error().code != "hardware") {  // a jam or a board off the bus: not the disk's doing
      findings_.add("a pickup on a full disk failed although boxd keeps space for it: " +
                        e2e::describe(collected.error()),
                    collect_first, locker_id);
    }
  }
  disk->remove_ballast();
  rig_.set_degraded(false);
  // Space is back: loading works again at once.
  const bool recovered = e2e::eventually(
      [&] {
        try {
          auto loaded = desk_.load_adhoc();
          return loaded || loaded.error().code == "no_free_locker";
        } catch (const std::runtime_error&) {
          desk_.drop_connection();
          return false;
        }
      },
      recovery_timeout);
  if (!recovered) findings_.add("loads are still refused 30 s after the disk had space again");
}

void FaultInjector::truncate_wal() {
  auto db = store::Database::open(rig_.database_file());
  if (!db) throw std::runtime_error("cannot open " + rig_.database_file().string() + " to checkpoint it: " + db.error().message);
  if (auto done = db->exec("PRAGMA wal_checkpoint(TRUNCATE)", "soak: compact like boxd before the disk fills"); !done) {
    ++tally_.notes["disk_full: the WAL checkpoint did not complete: " + done.error().message];
  }
}

void FaultInjector::malformed_api() { send_malformed_api(rig_, findings_); }

void FaultInjector::malformed_mqtt() { send_malformed_mqtt(rig_, ledger_, findings_, rounds_); }

}  // namespace pickupbox::soak
