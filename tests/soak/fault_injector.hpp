#pragma once
// Injects one fault at a time, chosen at random (from the soak's seeded generator) out of a
// shuffled bag so that every kind comes up in every stretch of the run. Each fault also
// asserts the behaviour it must cause (a jammed door refuses, a full disk refuses loads with
// a clear error, a restarted broker sees the box online again) and records what did not.
// It can also cut boxd's power in the middle of a driver's flow (Desk's hazard points).
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "box_rig.hpp"
#include "desk.hpp"
#include "findings.hpp"
#include "ledger.hpp"
#include "tally.hpp"

namespace pickupbox::soak {

class FaultInjector {
 public:
  FaultInjector(BoxRig& rig, Desk& desk, Ledger& ledger, Tally& tally, Findings& findings, std::mt19937_64& random,
                double mid_flow_kill_probability);

  // Injects the next fault and returns its kind.
  std::string inject();
  // Desk's hazard: with the configured probability, SIGKILL boxd right here and restart it.
  void hazard(std::string_view where);

 private:
  void kill_boxd();
  void restart_broker();
  void unplug_board();
  void jam_door();
  void fill_disk();
  void truncate_wal();
  void malformed_api();
  void malformed_mqtt();
  // A loaded order of ours that can be collected now (code known, door on a board that answers).
  std::string collectable_order();
  bool wait_online_after(std::size_t online_before);
  bool board_online(int board);

  BoxRig& rig_;
  Desk& desk_;
  Ledger& ledger_;
  Tally& tally_;
  Findings& findings_;
  std::mt19937_64& random_;
  double mid_flow_kill_probability_;
  std::vector<std::string> bag_;
  bool in_fault_ = false;  // no power cuts in the middle of another fault's own assertions
  std::int64_t rounds_ = 0;
};

}  // namespace pickupbox::soak
