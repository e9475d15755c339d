#pragma once
// The soak's counters: what the citizens and staff completed, which faults went in, how
// many times the checker ran. The report prints them; nothing else reads them.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pickupbox::soak {

struct Tally {
  std::int64_t loads = 0;               // order.loaded seen by the staff who loaded it
  std::int64_t pickups = 0;             // collected, seen by the citizen
  std::int64_t expiries_retrieved = 0;  // expired, then returned by staff
  std::int64_t refusals_expected = 0;   // refused for a reason the fault explains (board away, disk full, ...)
  std::int64_t steps_interrupted = 0;   // a step cut short by a fault (boxd gone mid-call); picked up again later
  std::map<std::string, std::int64_t> faults;  // kind -> times injected
  std::vector<std::string> faults_left_out;    // "kind: why"
  std::int64_t checks = 0;                     // checker passes (each runs every rule)
  std::int64_t rules_checked = 0;              // individual assertions evaluated
  std::map<std::string, std::int64_t> notes;   // observation -> times seen, worth a line in the report
};

}  // namespace pickupbox::soak
