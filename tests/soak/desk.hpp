#pragma once
// The town hall's people, driven over boxd's local API like the kiosk and the front desk:
// staff load documents (ad hoc, or back-office orders created over MQTT with a short
// expiry), citizens collect them with the code from their SMS, staff retrieve what expired.
//
// Each step first reads what the box holds (staff.orders) and then does one piece of work on
// it, so an interrupted flow (boxd killed with a door open) is simply picked up again from
// the box's own state on a later step. What the drivers are told goes into the Ledger.
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "box_driver.hpp"
#include "box_rig.hpp"
#include "findings.hpp"
#include "ledger.hpp"
#include "tally.hpp"

namespace pickupbox::soak {

class Desk {
 public:
  using Hazard = std::function<void(std::string_view where)>;

  Desk(BoxRig& rig, Ledger& ledger, Tally& tally, Findings& findings, std::mt19937_64& random);

  // Called at points inside a flow (a door open, a commit just made) where a power cut is
  // most interesting; the fault injector may kill boxd there.
  void set_hazard(Hazard hazard) { hazard_ = std::move(hazard); }

  // One piece of work. Never throws: a step cut short by a fault is counted and left for a
  // later step; one that fails with no fault to explain it is a violation.
  void step();

  // A connected, logged-in driver (connects again after boxd restarted).
  e2e::BoxDriver& box();
  void drop_connection() { driver_.reset(); }

  // Building blocks the fault injector also uses. Refusals come back as the CallError.
  std::expected<KnownOrder*, api::CallError> load_adhoc();
  std::expected<void, api::CallError> pickup(const std::string& order_id);
  // Open orders as the box lists them (awaiting_load, loaded, expired, cancelled-in-a-door).
  std::vector<Json> open_orders();
  std::optional<std::string> code_for(const std::string& order_id);

 private:
  struct Work {
    enum class Kind { load_adhoc, create_expiring, load_existing, resume_load, pickup, retrieve, return_to_service } kind;
    std::string order_id;
    std::string locker_id;
  };

  std::vector<Work> possible_work(const std::vector<Json>& open);
  void run(const Work& work);
  std::expected<void, api::CallError> load_existing(const std::string& order_id);
  void create_expiring();
  std::expected<void, api::CallError> retrieve(const std::string& order_id);
  void resume_load(const std::string& order_id, const std::string& locker_id);
  // The door opened by an unlock: seen open, then shut by the person in front of it.
  void open_then_close(const std::string& locker_id, std::string_view flow, const std::string& order_id);
  bool reaches_state(const std::string& order_id, const std::string& state);
  void finish_load(const std::string& order_id, const std::string& locker_id);
  // Refusals that a fault or the box's state explains are counted; any other is a violation.
  void refused(std::string_view flow, const api::CallError& error, const std::string& order_id,
               const std::string& locker_id, std::initializer_list<std::string_view> explained);
  void hazard(std::string_view where) {
    if (hazard_) hazard_(where);
  }
  std::string new_reference(std::string_view prefix);
  Request new_citizen(bool let_expire);

  BoxRig& rig_;
  Ledger& ledger_;
  Tally& tally_;
  Findings& findings_;
  std::mt19937_64& random_;
  Hazard hazard_;
  std::optional<e2e::BoxDriver> driver_;
  std::int64_t references_ = 0;
};

}  // namespace pickupbox::soak
