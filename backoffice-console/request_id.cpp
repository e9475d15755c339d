#include "request_id.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "core/digest_hex.hpp"

namespace pickupbox::console {

std::string new_request_id(std::chrono::system_clock::time_point now, core::Random& random) {
  std::array<std::uint8_t, 4> bytes{};
  random.fill(std::as_writable_bytes(std::span(bytes)));
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  return "console-" + std::to_string(millis) + "-" + core::to_hex(bytes);
}

core::Result<void> check_request_id(std::string_view id) {
  const bool allowed = std::ranges::all_of(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
  });
  if (id.empty() || id.size() > 64 || !allowed) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "request id '" + std::string(id) +
                          "' is not 1..64 of letters, digits, '.', '_', ':' and '-' (it becomes an MQTT topic level)");
  }
  return {};
}

}  // namespace pickupbox::console
