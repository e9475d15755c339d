#include "core/policies.hpp"

#include <string>

#include "core/pickup_code.hpp"

namespace pickupbox::core {

namespace {

std::unexpected<Error> out_of_range(std::string_view field, std::string_view rule, std::int64_t value) {
  return fail(ErrorCode::invalid_argument, "policy " + std::string(field) + " = " + std::to_string(value) +
                                               " is out of range: it must be " + std::string(rule));
}

Result<void> check_int(std::string_view field, int value, int low, int high) {
  if (value >= low && value <= high) return {};
  return out_of_range(field, std::to_string(low) + ".." + std::to_string(high), value);
}

Result<void> check_positive(std::string_view field, Duration value) {
  if (value > Duration::zero()) return {};
  return out_of_range(std::string(field) + " (ms)", "greater than 0", value.count());
}

}  // namespace

Result<Policies> validate(const Policies& p) {
  // Upper bounds on the guessing limits: a huge value would quietly switch the
  // protection off, which a typo in a configuration file must not be able to do.
  const Result<void> checks[] = {
      check_int("code_digits", p.code_digits, min_code_digits, max_code_digits),
      check_int("attempts_per_order", p.attempts_per_order, 1, 20),
      check_int("kiosk_failures_before_backoff", p.kiosk_failures_before_backoff, 1, 100),
      check_positive("kiosk_backoff_initial", p.kiosk_backoff_initial),
      check_positive("kiosk_backoff_max", p.kiosk_backoff_max),
      check_positive("code_lifetime", p.code_lifetime),
      check_positive("pickup_window", p.pickup_window),
      check_positive("reminder_after", p.reminder_after),
      check_positive("grace_reopen", p.grace_reopen),
      check_positive("staff_session_timeout", p.staff_session_timeout),
      check_positive("door_open_alarm_after", p.door_open_alarm_after),
  };
  for (const auto& check : checks) {
    if (!check) return std::unexpected(check.error());
  }
  if (p.kiosk_backoff_max < p.kiosk_backoff_initial) {
    return fail(ErrorCode::invalid_argument,
                "policy kiosk_backoff_max (" + std::to_string(p.kiosk_backoff_max.count()) +
                    " ms) is shorter than kiosk_backoff_initial (" + std::to_string(p.kiosk_backoff_initial.count()) +
                    " ms); make the maximum at least the initial pause");
  }
  return p;
}

}  // namespace pickupbox::core
