#include "core/time_text.hpp"

namespace pickupbox::core {

namespace {

using namespace std::chrono;

sys_seconds last_sunday_0100_utc(year y, month m) {
  return sys_days{year_month_weekday_last{y, m, weekday_last{Sunday}}} + 1h;
}

std::string padded(long value, std::size_t width) {
  std::string text = std::to_string(value);
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

std::string date_text(sys_days day) {
  const year_month_day ymd{day};
  return padded(static_cast<int>(ymd.year()), 4) + '-' + padded(static_cast<unsigned>(ymd.month()), 2) + '-' +
         padded(static_cast<unsigned>(ymd.day()), 2);
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
  const hh_mm_ss clock{floor<minutes>(local - day)};
  return {date_text(day), padded(clock.hours().count(), 2) + ':' + padded(clock.minutes().count(), 2)};
}

std::string utc_text(TimePoint t) {
  const sys_days day = floor<days>(t);
  const hh_mm_ss clock{floor<seconds>(t - day)};
  return date_text(day) + 'T' + padded(clock.hours().count(), 2) + ':' + padded(clock.minutes().count(), 2) + ':' +
         padded(clock.seconds().count(), 2) + 'Z';
}

}  // namespace pickupbox::core
