#include "core/time_text.hpp"

#include <cstdio>

namespace pickupbox::core {

namespace {

using namespace std::chrono;

sys_seconds last_sunday_0100_utc(year y, month m) {
  return sys_days{year_month_weekday_last{y, m, weekday_last{Sunday}}} + 1h;
}

}  // namespace

Duration copenhagen_utc_offset(TimePoint t) {
  const year y = year_month_day{floor<days>(t)}.year();
  const bool summer = t >= last_sunday_0100_utc(y, March) && t < last_sunday_0100_utc(y, October);
  return summer ? Duration{2h} : Duration{1h};
}

LocalDateTime copenhagen_date_time(TimePoint t) {
  const TimePoint local = t + copenhagen_utc_offset(t);
  const sys_days day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss clock{floor<minutes>(local - day)};
  char date[16];
  char time[8];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  std::snprintf(time, sizeof time, "%02ld:%02ld", static_cast<long>(clock.hours().count()),
                static_cast<long>(clock.minutes().count()));
  return {date, time};
}

std::string utc_text(TimePoint t) {
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss clock{floor<seconds>(t - day)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(clock.hours().count()), static_cast<long>(clock.minutes().count()),
                static_cast<long>(clock.seconds().count()));
  return text;
}

}  // namespace pickupbox::core
