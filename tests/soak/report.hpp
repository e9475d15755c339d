#pragma once
// The summary at the end of a run, printed to standard output and kept in the output
// directory: what ran, what went in, what was checked, and every violation.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "findings.hpp"
#include "tally.hpp"

namespace pickupbox::soak {

struct RunFacts {
  std::uint64_t seed = 0;
  std::chrono::seconds duration_asked{0};
  std::chrono::seconds duration_ran{0};
  std::filesystem::path out_dir;
};

// Returns the text it printed.
std::string print_report(const RunFacts& facts, const Tally& tally, const Findings& findings);

}  // namespace pickupbox::soak
