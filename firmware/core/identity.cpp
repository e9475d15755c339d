#include "core/identity.hpp"

#include <chrono>
#include <optional>

namespace pickupbox::core {

namespace {

struct DateParts {
  std::string_view year, month, day;
};

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<DateParts> split(std::string_view t) {
  if (t.size() == 8) return DateParts{t.substr(4, 4), t.substr(2, 2), t.substr(0, 2)};  // DDMMYYYY
  if (t.size() != 10) return std::nullopt;
  if (t[4] == '-' && t[7] == '-') return DateParts{t.substr(0, 4), t.substr(5, 2), t.substr(8, 2)};
  const bool day_first = t[2] == t[5] && (t[2] == '-' || t[2] == '.');
  if (day_first) return DateParts{t.substr(6, 4), t.substr(3, 2), t.substr(0, 2)};
  return std::nullopt;
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::unexpected<Error> invalid(std::string_view why) {
  return fail(ErrorCode::invalid_argument, "date of birth " + std::string(why) +
                                               "; type it as DD-MM-YYYY, DD.MM.YYYY, DDMMYYYY or YYYY-MM-DD");
}

}  // namespace

Result<std::string> normalise_date_of_birth(std::string_view typed) {
  auto parts = split(trim(typed));
  if (!parts || !all_digits(parts->year) || !all_digits(parts->month) || !all_digits(parts->day)) {
    return invalid("is not in a known format");
  }
  const int year = to_int(parts->year);
  if (year < 1900 || year > 2099) return invalid("has a year outside 1900-2099");
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(to_int(parts->month))},
                                         std::chrono::day{static_cast<unsigned>(to_int(parts->day))}};
  if (!date.ok()) return invalid("is not a calendar date");
  return std::string(parts->year) + '-' + std::string(parts->month) + '-' + std::string(parts->day);
}

Result<Digest> hash_date_of_birth(const KeyedHasher& hasher, std::string_view typed) {
  auto canonical = normalise_date_of_birth(typed);
  if (!canonical) return std::unexpected(canonical.error());
  return hasher.identity(*canonical);
}

}  // namespace pickupbox::core
