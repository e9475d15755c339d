#include "core/kiosk_throttle.hpp"

#include <algorithm>
#include <string>

namespace pickupbox::core {

Result<void> throttle_check(const KioskThrottle& throttle, TimePoint now) {
  if (now >= throttle.blocked_until) return {};
  // Round up, so the kiosk never invites a retry that would still be refused.
  const auto wait = std::chrono::ceil<std::chrono::seconds>(throttle.blocked_until - now);
  Error error{ErrorCode::kiosk_throttled,
              "too many unknown codes at this kiosk; try again in " + std::to_string(wait.count()) + " seconds"};
  error.retry_after_s = wait.count();
  return std::unexpected(std::move(error));
}

KioskThrottle throttle_record_failure(KioskThrottle throttle, TimePoint now, const Policies& policies) {
  ++throttle.consecutive_failures;
  const int extra = throttle.consecutive_failures - policies.kiosk_failures_before_backoff;
  if (extra < 0) return throttle;
  Duration pause = policies.kiosk_backoff_initial;
  // Doubling stops at the cap, so no number of failures can overflow the duration.
  for (int i = 0; i < extra && pause < policies.kiosk_backoff_max; ++i) pause *= 2;
  throttle.blocked_until = now + std::min(pause, policies.kiosk_backoff_max);
  return throttle;
}

KioskThrottle throttle_record_success(KioskThrottle /*throttle*/) { return KioskThrottle{}; }

int throttle_attempts_before_backoff(const KioskThrottle& throttle, const Policies& policies) {
  return std::max(0, policies.kiosk_failures_before_backoff - throttle.consecutive_failures);
}

}  // namespace pickupbox::core
