#pragma once
// The independent checker. It believes neither boxd's API nor the drivers: it reads the
// SQLite file itself (a read-only snapshot next to the running boxd), the back office's
// received messages and boxd's log, and holds them against what the drivers were told.
//
//  - the store's own rules (store::check_invariants: no order in two doors, every door's
//    order refers back, final orders keep no personal data, outbox seqs, the audit chain);
//  - no door named by two open orders;
//  - every order a driver heard of exists exactly once, at least as far as the driver saw;
//    no order the drivers never asked for (a malformed command must create nothing);
//  - at the back office: one id per seq and one seq per id; at the end, seqs 1..N with no
//    gap, the outbox empty, and each order's state changes there with exactly one id each;
//  - no phone, code or date of birth the soak used in any message but the SMS requests, nor
//    in any line boxd logged.
#include <chrono>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "box_rig.hpp"
#include "findings.hpp"
#include "ledger.hpp"
#include "tally.hpp"

namespace pickupbox::soak {

class Checker {
 public:
  Checker(BoxRig& rig, Ledger& ledger, Tally& tally, Findings& findings);

  // After a fault: everything that must hold at every moment.
  void check(std::string_view after);
  // At the end: waits for the outbox to drain to the back office, then also the rules that
  // only hold once everything is delivered. `drain_timeout` bounds the wait.
  void final_check(std::chrono::seconds drain_timeout);

 private:
  void check_store(std::string_view after);
  void check_orders(std::string_view after);
  void check_delivery(std::string_view after, bool complete);
  void check_personal_data(std::string_view after, bool everything);
  void leak_scan(std::string_view text, std::string_view where, std::string_view after);
  void add(std::string_view after, std::string what, std::string order_id = {}, std::string door = {});
  std::int64_t highest_seq_assigned();
  bool drained(std::chrono::seconds timeout);

  BoxRig& rig_;
  Ledger& ledger_;
  Tally& tally_;
  Findings& findings_;
  std::size_t messages_scanned_ = 0;  // leak scan resumes here between faults
  std::size_t log_scanned_ = 0;       // bytes of boxd's log already scanned
  std::set<std::string> reported_;    // one line per distinct violation, not one per check
};

}  // namespace pickupbox::soak
