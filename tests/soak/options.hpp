#pragma once
// The soak's command line: --duration SECONDS, --seed N (default: from the clock, printed),
// --out DIR (the back-office log, boxd's log and the summary; default ./soak-output),
// --fault-every SECONDS (mean gap between faults), --mid-flow-kill P (chance per hazard point).
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>

namespace pickupbox::soak {

struct Options {
  std::chrono::seconds duration{110};
  std::uint64_t seed = 0;
  std::filesystem::path out_dir = "soak-output";
  std::chrono::milliseconds fault_every{6000};
  double mid_flow_kill = 0.02;
};

std::expected<Options, std::string> parse_options(int argc, char** argv);

}  // namespace pickupbox::soak
