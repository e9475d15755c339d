#pragma once
// boxd's use cases: the citizen and staff flows, door observations and housekeeping.
// Runs on the event loop only. Every state change is one Store::commit (with its
// outbox events); a door is unlocked only after the commit that allows it.
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/keyed_hash.hpp"
#include "core/order_transitions.hpp"
#include "core/policies.hpp"
#include "core/random.hpp"
#include "kerong/board_status.hpp"
#include "store/store.hpp"

namespace pickupbox::app {

using Json = nlohmann::json;
using Reply = std::function<void(core::Result<Json>)>;

// Opens a door on the lock-board bus; `done` runs on the event loop.
class DoorOpener {
 public:
  virtual ~DoorOpener() = default;
  virtual void open(int board, int channel, std::function<void(core::Result<void>)> done) = 0;
};

struct LoadRequest {
  std::optional<std::string> order_id;  // an order from the back office awaiting loading
  // Ad-hoc loading at the desk (when order_id is absent):
  std::string phone;
  std::string document_kind;
  core::SizeClass size = core::SizeClass::M;
  std::optional<std::string> date_of_birth;
  std::string language = "da";
  std::string reference;
};

// One committed state change from one transition.
store::Change change_of(core::Transition t);

class BoxService {
 public:
  using EventSink = std::function<void(const Json& event)>;

  BoxService(store::Store& store, const core::KeyedHasher& hasher, const Config& config, core::Clock& clock,
             core::Random& random, DoorOpener& doors, EventSink publish);

  // Start-up: seeds lockers from the door map, adds development staff, and re-arms the
  // door watches that a restart interrupted. Throws on a broken state directory.
  void start();

  // Citizen flow.
  void verify_pickup(const std::string& code, const std::optional<std::string>& identifier, Reply reply);
  void reopen_pickup(const std::string& order_id, Reply reply);
  core::Result<Json> pickup_done(const std::string& order_id);

  // Staff flow. Every call but login takes the session token login returned.
  core::Result<Json> staff_login(const std::string& staff_id, const std::string& pin);
  core::Result<Json> staff_logout(const std::string& session);
  void staff_load(const std::string& session, const LoadRequest& request, Reply reply);
  void staff_retrieve(const std::string& session, const std::string& order_id, Reply reply);
  void staff_open(const std::string& session, const std::string& locker_id, const std::string& reason, Reply reply);
  core::Result<Json> staff_set_out_of_service(const std::string& session, const std::string& locker_id, bool on);
  core::Result<Json> staff_reset_attempts(const std::string& session, const std::string& order_id);
  core::Result<Json> staff_orders(const std::string& session, std::optional<core::OrderState> state);
  core::Result<Json> create_order_as_staff(const std::string& session, const std::string& reference,
                                           const LoadRequest& request);

  // Orders from the back office (and the demo): awaiting loading.
  core::Result<Json> create_order(const core::NewOrder& order, const std::optional<std::string>& date_of_birth);

  // Shared by the staff flow and back-office commands; `actor` is "staff:<id>" or
  // "backoffice:<operator>" and goes into events and the audit log.
  void open_for_service(const std::string& actor, const std::string& locker_id, const std::string& reason,
                        Reply reply);
  core::Result<Json> set_out_of_service(const std::string& actor, const std::string& locker_id, bool on,
                                        const std::string& reason = "");
  core::Result<Json> cancel_order(const std::string& actor, const std::string& order_id, const std::string& reason);
  // A change made outside the flows (staff accounts, policies), committed and broadcast
  // like every other.
  core::Result<void> record(store::Change change);
  // Runs after every successful commit (the back-office link drains the new outbox rows).
  void on_commit(std::function<void()> listener) { committed_ = std::move(listener); }
  // Adds the back-office link's state to status().
  void report_link(std::function<Json()> describe) { link_status_ = std::move(describe); }

  core::Result<Json> status() const;
  // What the back office's status reports: doors by state and boards online.
  core::Result<Json> health() const;
  core::Result<Json> lockers() const;

  // From the board workers.
  void on_board_status(int board, const core::Result<kerong::BoardStatus>& status);
  // The USB link to the lock-board bus went down or came back; the boards' own
  // offline/online follows from the next polls.
  void bus_link(bool connected, const std::string& detail);

  // Commissioning: fires every lock that holds no document, one at a time, and reads its
  // sensor back; answers {doors: [{locker_id, result: pass|fail|skipped, detail}], passed,
  // failed, skipped} and records the outcome as the event selftest.completed.
  void self_test(const std::string& actor, Reply reply);

  // Factory reset, first half: refuses while a door holds a document unless forced, and
  // commits the event box.factory_reset naming those doors, so the back office hears of
  // them before the database goes. Answers {doors_with_documents: [ids]}.
  core::Result<Json> prepare_factory_reset(const std::string& actor, bool force);
  // Periodic: expiry, reminders, doors left open, staff sessions.
  void housekeeping();

 private:
  enum class Purpose { load, pickup, retrieve, service };
  struct SelfTestRun;
  void self_test_next(std::shared_ptr<SelfTestRun> run);
  void self_test_finish(const SelfTestRun& run);
  // What boxd expects a door to do next; rebuilt from the database after a restart.
  struct DoorWatch {
    Purpose purpose;
    std::string order_id;
    std::string actor;
    bool seen_open = false;
  };
  struct StaffSession {
    std::string staff_id;
    core::TimePoint last_used;
  };

  core::Result<store::CommitReceipt> commit(store::Change change);
  core::Result<std::string> staff_of(const std::string& session);
  core::Result<core::Locker> locker_by_id(const std::string& id) const;
  core::Result<core::Order> order_by_id(const std::string& id) const;

  void open_door(const core::Locker& locker, DoorWatch watch, Reply reply, Json result);
  void door_failed(const std::string& locker_id, const DoorWatch& watch, const core::Error& error);
  // False when the reading could not be committed: the next poll tries again.
  bool door_changed(core::Locker locker, core::SensorReading reading);
  // Completes the flow the door was opened for; false when the commit failed (disk full):
  // the watch then stays, and housekeeping tries again.
  bool door_closed_after_open(const core::Locker& locker, const DoorWatch& watch);
  void retry_completions();
  void board_online(int board, bool online);
  void rearm_watches();
  void seed_staff();
  // Commits one more unknown code; returns the throttle as it now stands.
  core::Result<core::KioskThrottle> record_kiosk_failure(const core::KioskThrottle& throttle);
  // The throttle that applies (throttle_, read from the store the first time).
  core::Result<core::KioskThrottle> kiosk_throttle() const;
  core::Result<core::Digest> identity_of(const std::string& date_of_birth) const;

  store::Store& store_;
  const core::KeyedHasher& hasher_;
  const Config& config_;
  const core::Policies& policies_;
  core::Clock& clock_;
  core::Random& random_;
  DoorOpener& doors_;
  EventSink publish_;
  std::function<void()> committed_;
  std::function<Json()> link_status_;
  // The kiosk throttle as it stands. Kept in memory so that a guess refused by the pause
  // costs no database read (a brute force is mostly such guesses), and so that an unknown
  // code whose failure could not be committed (disk full) still counts: otherwise a full
  // disk would lift the pause and every guess would be checked. The store has every
  // change that could be committed; a restart reads it from there.
  mutable std::optional<core::KioskThrottle> throttle_;
  // Why the last commit failed, while no commit has succeeded since (storage errors only):
  // status reports it, so staff learn of a full disk before a citizen does.
  std::optional<std::string> storage_failure_;

  struct OpenDoor {
    core::TimePoint since;
    bool alarmed = false;  // the left-open alarm is raised once per opening
  };

  std::map<std::string, DoorWatch> watches_;       // by locker id
  std::map<std::string, OpenDoor> open_doors_;     // by locker id
  std::map<std::string, StaffSession> sessions_;   // by token
  std::map<int, bool> board_online_;
  // The last status each board reported and boxd fully applied: an unchanged status needs
  // no database read, which keeps 5 Hz polling off the disk.
  std::map<int, kerong::BoardStatus> applied_status_;
  core::KioskThrottle staff_throttle_;
};

}  // namespace pickupbox::app
