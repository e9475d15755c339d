#pragma once
// Runs the real boxctl binary and captures what it printed.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace pickupbox::e2e {

struct BoxctlRun {
  int exit_code = -1;  // 128 + signal when killed; -1 when it did not finish in time
  std::string out;
  std::string err;
};

BoxctlRun run_boxctl(const std::vector<std::string>& args,
                     const std::vector<std::pair<std::string, std::string>>& env = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds{60});

}  // namespace pickupbox::e2e
