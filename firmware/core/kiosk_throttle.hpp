#pragma once
// The kiosk-wide guessing throttle as pure functions over the persisted KioskThrottle.
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/policies.hpp"

namespace pickupbox::core {

// kiosk_throttled, with the seconds left to wait in the message, while now < blocked_until.
Result<void> throttle_check(const KioskThrottle& throttle, TimePoint now);

// One more unknown code. From the kiosk_failures_before_backoff-th failure in a row on,
// the kiosk pauses kiosk_backoff_initial, doubled for each further failure, at most
// kiosk_backoff_max.
KioskThrottle throttle_record_failure(KioskThrottle throttle, TimePoint now, const Policies& policies);

// A code was recognised: the count starts again.
KioskThrottle throttle_record_success(KioskThrottle throttle);

// Failures still allowed before the first pause (0 once pausing), for "N attempts left".
int throttle_attempts_before_backoff(const KioskThrottle& throttle, const Policies& policies);

}  // namespace pickupbox::core
