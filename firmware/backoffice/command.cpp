#include "backoffice/command.hpp"

namespace pickupbox::backoffice {

namespace {

// A key absent from the patch leaves the current value alone.
template <class T>
void take(const std::optional<T>& patched, T& current) {
  if (patched) current = *patched;
}

}  // namespace

core::Policies apply(const ConfigPolicies::Patch& patch, core::Policies policies) {
  take(patch.code_digits, policies.code_digits);
  take(patch.attempts_per_order, policies.attempts_per_order);
  take(patch.kiosk_failures_before_backoff, policies.kiosk_failures_before_backoff);
  take(patch.kiosk_backoff_initial, policies.kiosk_backoff_initial);
  take(patch.kiosk_backoff_max, policies.kiosk_backoff_max);
  take(patch.code_lifetime, policies.code_lifetime);
  take(patch.pickup_window, policies.pickup_window);
  take(patch.reminder_after, policies.reminder_after);
  take(patch.grace_reopen, policies.grace_reopen);
  take(patch.staff_session_timeout, policies.staff_session_timeout);
  take(patch.door_open_alarm_after, policies.door_open_alarm_after);
  return policies;
}

}  // namespace pickupbox::backoffice
