#pragma once
// Times as text for people. Dates shown to citizens are Copenhagen wall-clock time: an
// SMS that said UTC would be an hour or two off, and near midnight a whole day off.
#include <string>

#include "core/clock.hpp"

namespace pickupbox::core {

// GCC 12 has no time-zone database, and the box needs only this one rule (EU, since 1996):
// CET = UTC+1, CEST = UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of
// October 01:00 UTC.
Duration copenhagen_utc_offset(TimePoint t);

struct LocalDateTime {
  std::string date;  // "2026-12-09"
  std::string time;  // "11:00" (minutes truncated, so the citizen is never told too late a time)
};
LocalDateTime copenhagen_date_time(TimePoint t);

// "2026-12-09T10:00:00Z", for error messages read by staff and developers.
std::string utc_text(TimePoint t);

}  // namespace pickupbox::core
