#pragma once
// When to try the broker again. Exponential back-off with "full jitter" (a uniformly random
// wait between zero and the current ceiling): when a whole fleet loses its broker at once,
// the boxes come back spread over the ceiling instead of all in the same second.
#include <chrono>
#include <cstdint>

#include "core/random.hpp"

namespace pickupbox::backoffice {

struct BackoffPolicy {
  std::chrono::milliseconds initial{1000};  // ceiling after the first failure
  std::chrono::milliseconds max{60'000};    // ceiling never grows past this
};

class ReconnectBackoff {
 public:
  explicit ReconnectBackoff(BackoffPolicy policy) : policy_(policy) {}

  // The wait before the next attempt after one more failure; the ceiling doubles each time.
  std::chrono::milliseconds next_delay(core::Random& random);
  // A connection held: the next failure starts from `initial` again.
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }
  // The current ceiling (for logs and tests).
  std::chrono::milliseconds ceiling() const;

 private:
  BackoffPolicy policy_;
  int failures_ = 0;
};

}  // namespace pickupbox::backoffice
