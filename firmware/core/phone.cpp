#include "core/phone.hpp"

#include <algorithm>

namespace pickupbox::core {

namespace {

constexpr std::string_view expected_forms =
    "; expected 8 digits (Danish) or + and a country code, 8 to 15 digits in all";

std::unexpected<Error> invalid(std::string_view why) {
  return fail(ErrorCode::invalid_argument, "phone number " + std::string(why) + std::string(expected_forms));
}

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<std::string> normalise_phone(std::string_view typed) {
  std::string compact;
  for (char c : typed) {
    if (c != ' ' && c != '-') compact.push_back(c);
  }
  if (compact.starts_with("00")) compact.replace(0, 2, "+");
  if (compact.empty()) return invalid("is empty");

  std::string digits = compact.front() == '+' ? compact.substr(1) : compact;
  if (!all_digits(digits)) return invalid("contains characters other than digits, spaces, dashes and a leading +");
  if (compact.front() != '+') {
    if (digits.size() != 8) return invalid("without a country code must have 8 digits");
    digits = "45" + digits;
  }
  if (digits.size() < 8 || digits.size() > 15) return invalid("has the wrong number of digits");
  if (digits.front() == '0') return invalid("has a country code starting with 0");
  if (digits.starts_with("45") && digits.size() != 10) return invalid("for Denmark (+45) must have 8 digits");
  return "+" + digits;
}

}  // namespace pickupbox::core
