#pragma once
#include <chrono>
#include <cstdint>

namespace pickupbox::core {

// Wall-clock time: expiry and code lifetimes are calendar facts that survive restarts.
using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

// Injected so that every policy can be tested with a fake clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// Milliseconds since the Unix epoch, the form used in the database and on the wire.
inline std::int64_t to_unix_ms(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint from_unix_ms(std::int64_t ms) { return TimePoint{Duration{ms}}; }

}  // namespace pickupbox::core
