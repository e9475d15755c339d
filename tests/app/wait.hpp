#pragma once
// Waiting for a condition on a loaded machine: poll every 50 ms up to a generous deadline.
// Timing is never asserted; only that the condition came true at all.
#include <chrono>
#include <thread>

namespace pickupbox::e2e {

inline constexpr std::chrono::milliseconds poll_interval{50};
inline constexpr std::chrono::milliseconds default_timeout{10'000};

// True as soon as condition() is; false if it never was by the deadline. The condition is
// always tried at least once.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = default_timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(poll_interval);
  }
}

}  // namespace pickupbox::e2e
