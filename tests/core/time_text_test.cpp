#include <gtest/gtest.h>

#include "core/time_text.hpp"

namespace pickupbox::core {
namespace {

using namespace std::chrono;

TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  return TimePoint{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss}};
}

TEST(CopenhagenTime, WinterIsUtcPlusOneSummerUtcPlusTwo) {
  EXPECT_EQ(copenhagen_utc_offset(utc(2026, 1, 15, 12, 0)), hours{1});
  EXPECT_EQ(copenhagen_utc_offset(utc(2026, 7, 15, 12, 0)), hours{2});
  EXPECT_EQ(copenhagen_utc_offset(utc(2026, 12, 24, 12, 0)), hours{1});
}

TEST(CopenhagenTime, SwitchesAtOneUtcOnTheLastSundays) {
  // 2026: last Sunday of March is the 29th, of October the 25th.
  EXPECT_EQ(copenhagen_utc_offset(utc(2026, 3, 29, 0, 59, 59)), hours{1});
  EXPECT_EQ(copenhagen_utc_offset(utc(2026, 3, 29, 1, 0)), hours{2});
  EXPECT_EQ(copenhagen_utc_offset(utc(2026, 10, 25, 0, 59, 59)), hours{2});
  EXPECT_EQ(copenhagen_utc_offset(utc(2026, 10, 25, 1, 0)), hours{1});
  // 2027: March 28 and October 31.
  EXPECT_EQ(copenhagen_utc_offset(utc(2027, 3, 28, 0, 59)), hours{1});
  EXPECT_EQ(copenhagen_utc_offset(utc(2027, 3, 28, 1, 0)), hours{2});
  EXPECT_EQ(copenhagen_utc_offset(utc(2027, 10, 31, 0, 59)), hours{2});
  EXPECT_EQ(copenhagen_utc_offset(utc(2027, 10, 31, 1, 0)), hours{1});
}

TEST(CopenhagenTime, LocalDateCanBeTheNextDay) {
  const LocalDateTime winter = copenhagen_date_time(utc(2026, 12, 8, 23, 30));
  EXPECT_EQ(winter.date, "2026-12-09");
  EXPECT_EQ(winter.time, "00:30");
  const LocalDateTime summer = copenhagen_date_time(utc(2026, 7, 1, 22, 15, 59));
  EXPECT_EQ(summer.date, "2026-07-02");
  EXPECT_EQ(summer.time, "00:15");  // truncated, never rounded up
  const LocalDateTime plain = copenhagen_date_time(utc(2026, 2, 3, 9, 5));
  EXPECT_EQ(plain.date, "2026-02-03");
  EXPECT_EQ(plain.time, "10:05");
}

TEST(UtcText, Iso8601WithSeconds) {
  EXPECT_EQ(utc_text(utc(2026, 1, 1, 0, 0)), "2026-01-01T00:00:00Z");
  EXPECT_EQ(utc_text(utc(2026, 12, 9, 7, 8, 9) + milliseconds{999}), "2026-12-09T07:08:09Z");
}

}  // namespace
}  // namespace pickupbox::core
