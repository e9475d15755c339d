#include <gtest/gtest.h>

#include <functional>

#include "core/policies.hpp"

namespace pickupbox::core {
namespace {

TEST(Policies, DefaultsAreValid) {
  auto checked = validate(Policies{});
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(*checked, Policies{});
}

TEST(Policies, CodeDigitsMustBeSixToEight) {
  for (int digits : {6, 7, 8}) {
    Policies p;
    p.code_digits = digits;
    EXPECT_TRUE(validate(p)) << digits;
  }
  for (int digits : {0, 5, 9, -1}) {
    Policies p;
    p.code_digits = digits;
    auto checked = validate(p);
    ASSERT_FALSE(checked) << digits;
    EXPECT_EQ(checked.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(checked.error().message.find("code_digits"), std::string::npos);
  }
}

TEST(Policies, AttemptLimitsMustBeAtLeastOneAndBounded) {
  Policies p;
  p.attempts_per_order = 1;
  EXPECT_TRUE(validate(p));
  p.attempts_per_order = 0;
  EXPECT_FALSE(validate(p));
  p.attempts_per_order = 21;
  EXPECT_FALSE(validate(p));

  Policies k;
  k.kiosk_failures_before_backoff = 1;
  EXPECT_TRUE(validate(k));
  k.kiosk_failures_before_backoff = 0;
  auto checked = validate(k);
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().message.find("kiosk_failures_before_backoff"), std::string::npos);
}

TEST(Policies, EveryDurationMustBePositive) {
  const std::vector<std::pair<std::string, std::function<void(Policies&, Duration)>>> durations{
      {"kiosk_backoff_initial", [](Policies& p, Duration d) { p.kiosk_backoff_initial = d; }},
      {"kiosk_backoff_max", [](Policies& p, Duration d) { p.kiosk_backoff_max = d; }},
      {"code_lifetime", [](Policies& p, Duration d) { p.code_lifetime = d; }},
      {"pickup_window", [](Policies& p, Duration d) { p.pickup_window = d; }},
      {"reminder_after", [](Policies& p, Duration d) { p.reminder_after = d; }},
      {"grace_reopen", [](Policies& p, Duration d) { p.grace_reopen = d; }},
      {"staff_session_timeout", [](Policies& p, Duration d) { p.staff_session_timeout = d; }},
      {"door_open_alarm_after", [](Policies& p, Duration d) { p.door_open_alarm_after = d; }},
  };
  for (const auto& [name, set] : durations) {
    for (Duration bad : {Duration{0}, Duration{-1}}) {
      Policies p;
      set(p, bad);
      auto checked = validate(p);
      ASSERT_FALSE(checked) << name;
      EXPECT_EQ(checked.error().code, ErrorCode::invalid_argument);
      EXPECT_NE(checked.error().message.find(name), std::string::npos) << checked.error().message;
    }
  }
}

TEST(Policies, BackoffMaximumMustNotBeBelowInitial) {
  Policies p;
  p.kiosk_backoff_initial = 60s;
  p.kiosk_backoff_max = 59s;
  EXPECT_FALSE(validate(p));
  p.kiosk_backoff_max = 60s;
  EXPECT_TRUE(validate(p));
}

}  // namespace
}  // namespace pickupbox::core
