#include <gtest/gtest.h>

#include "core/kiosk_throttle.hpp"
#include "fake_clock.hpp"

namespace pickupbox::core {
namespace {

class KioskThrottleTest : public ::testing::Test {
 protected:
  testing::FakeClock clock;
  Policies policies = [] {
    Policies p;
    p.kiosk_failures_before_backoff = 3;
    p.kiosk_backoff_initial = 30s;
    p.kiosk_backoff_max = 200s;
    return p;
  }();
  KioskThrottle throttle;

  void fail_once() { throttle = throttle_record_failure(throttle, clock.now(), policies); }
  Duration pause() const { return throttle.blocked_until - clock.now(); }
};

TEST_F(KioskThrottleTest, NoPauseBeforeTheLimit) {
  EXPECT_EQ(throttle_attempts_before_backoff(throttle, policies), 3);
  fail_once();
  fail_once();
  EXPECT_EQ(throttle.consecutive_failures, 2);
  EXPECT_EQ(throttle_attempts_before_backoff(throttle, policies), 1);
  EXPECT_TRUE(throttle_check(throttle, clock.now()));
}

TEST_F(KioskThrottleTest, PauseDoublesAndIsCapped) {
  fail_once();
  fail_once();
  fail_once();  // the limit: first pause
  EXPECT_EQ(pause(), 30s);
  EXPECT_EQ(throttle_attempts_before_backoff(throttle, policies), 0);
  const std::vector<Duration> expected{60s, 120s, 200s, 200s};
  for (Duration wait : expected) {
    clock.set(throttle.blocked_until);
    fail_once();
    EXPECT_EQ(pause(), wait);
  }
}

TEST_F(KioskThrottleTest, ManyFailuresNeverOverflowTheCap) {
  throttle.consecutive_failures = 1'000'000;
  fail_once();
  EXPECT_EQ(pause(), 200s);
}

TEST_F(KioskThrottleTest, CheckRefusesUntilTheExactEndOfThePause) {
  fail_once();
  fail_once();
  fail_once();
  auto refused = throttle_check(throttle, clock.now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kiosk_throttled);
  EXPECT_NE(refused.error().message.find("30 seconds"), std::string::npos) << refused.error().message;

  auto last_ms = throttle_check(throttle, throttle.blocked_until - 1ms);
  ASSERT_FALSE(last_ms);
  EXPECT_NE(last_ms.error().message.find("1 seconds"), std::string::npos) << last_ms.error().message;
  EXPECT_TRUE(throttle_check(throttle, throttle.blocked_until));
}

TEST_F(KioskThrottleTest, SuccessResets) {
  fail_once();
  fail_once();
  fail_once();
  clock.set(throttle.blocked_until);
  throttle = throttle_record_success(throttle);
  EXPECT_EQ(throttle, KioskThrottle{});
  EXPECT_EQ(throttle_attempts_before_backoff(throttle, policies), 3);
  fail_once();
  EXPECT_TRUE(throttle_check(throttle, clock.now()));
}

}  // namespace
}  // namespace pickupbox::core
