#pragma once
#include <chrono>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace pickupbox::core {

using namespace std::chrono_literals;

// Every rule that the town hall may tune. Defaults are what a front desk would expect.
struct Policies {
  int code_digits = 6;                      // 6..8
  int attempts_per_order = 5;               // wrong identifiers before the order is blocked
  int kiosk_failures_before_backoff = 5;    // unknown codes in a row before the kiosk pauses
  Duration kiosk_backoff_initial = 30s;     // first pause; doubles on each further failure
  Duration kiosk_backoff_max = 15min;
  Duration code_lifetime = std::chrono::days{14};
  Duration pickup_window = std::chrono::days{14};  // loaded -> expired
  Duration reminder_after = std::chrono::days{7};
  Duration grace_reopen = 2min;            // reopen after pickup if the door shut too soon
  Duration staff_session_timeout = 5min;   // idle staff session ends
  Duration door_open_alarm_after = 2min;   // a door left open raises an alarm

  bool operator==(const Policies&) const = default;
};

// Checks every range (code_digits 6..8, limits >= 1, durations > 0, ...) so that a bad
// configuration is refused at start-up or on a back-office command, never half applied.
Result<Policies> validate(const Policies& policies);

// Kiosk-wide throttle against guessing: after N unknown codes in a row every further
// attempt waits, with the wait doubling up to a maximum. Persisted, so a restart does
// not reset it.
struct KioskThrottle {
  int consecutive_failures = 0;
  TimePoint blocked_until{};

  bool operator==(const KioskThrottle&) const = default;
};

}  // namespace pickupbox::core
