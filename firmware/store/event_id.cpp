#include "store/event_id.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace pickupbox::store {

std::string new_event_id(core::Random& random) {
  std::array<std::byte, 16> bytes{};
  random.fill(bytes);
  bytes[6] = (bytes[6] & std::byte{0x0F}) | std::byte{0x40};  // version 4
  bytes[8] = (bytes[8] & std::byte{0x3F}) | std::byte{0x80};  // RFC variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    const auto b = std::to_integer<std::uint8_t>(bytes[i]);
    out += hex[b >> 4];
    out += hex[b & 0x0F];
  }
  return out;
}

}  // namespace pickupbox::store
