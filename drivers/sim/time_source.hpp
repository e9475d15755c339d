#pragma once
// Monotonic time for the simulated latches. Demos use the steady clock; tests move a
// manual one so that nothing ever sleeps.
#include <atomic>
#include <chrono>

namespace pickupbox::sim {

using SimTime = std::chrono::steady_clock::time_point;

class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual SimTime now() const = 0;
};

class SteadyTimeSource final : public TimeSource {
 public:
  SimTime now() const override { return std::chrono::steady_clock::now(); }
};

// Thread-safe: the bus thread reads it while a test advances it.
class ManualTimeSource final : public TimeSource {
 public:
  SimTime now() const override { return SimTime{SimTime::duration{ticks_.load()}}; }
  void advance(std::chrono::steady_clock::duration d) { ticks_ += d.count(); }

 private:
  std::atomic<SimTime::rep> ticks_{0};
};

}  // namespace pickupbox::sim
