#include "provisioning/sms_code.hpp"

namespace pickupbox::provisioning {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::optional<std::string> pickup_code_in(std::string_view sms_text) {
  std::size_t i = 0;
  while (i < sms_text.size()) {
    if (!is_digit(sms_text[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < sms_text.size() && is_digit(sms_text[i])) ++i;
    const std::size_t length = i - start;
    if (length >= 6 && length <= 8) return std::string(sms_text.substr(start, length));
  }
  return std::nullopt;
}

}  // namespace pickupbox::provisioning
