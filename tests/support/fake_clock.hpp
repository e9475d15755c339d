#pragma once
#include "core/clock.hpp"

namespace pickupbox::testing {

// A clock that only moves when the test says so.
class FakeClock final : public core::Clock {
 public:
  explicit FakeClock(core::TimePoint start = core::from_unix_ms(1'767'225'600'000))  // 2026-01-01
      : now_(start) {}
  core::TimePoint now() const override { return now_; }
  void advance(core::Duration d) { now_ += d; }
  void set(core::TimePoint t) { now_ = t; }

 private:
  core::TimePoint now_;
};

}  // namespace pickupbox::testing
