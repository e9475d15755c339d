#pragma once
#include "core/clock.hpp"

namespace pickupbox::app {

class SystemClock final : public core::Clock {
 public:
  core::TimePoint now() const override {
    return std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  }
};

}  // namespace pickupbox::app
