#include "backoffice/reconnect_backoff.hpp"

#include <algorithm>
#include <array>

namespace pickupbox::backoffice {

std::chrono::milliseconds ReconnectBackoff::ceiling() const {
  auto ceiling = policy_.initial;
  for (int i = 1; i < failures_ && ceiling < policy_.max; ++i) ceiling *= 2;
  return std::min(ceiling, policy_.max);
}

std::chrono::milliseconds ReconnectBackoff::next_delay(core::Random& random) {
  ++failures_;
  const auto limit = static_cast<std::uint64_t>(ceiling().count());
  std::array<std::byte, 8> bytes{};
  random.fill(bytes);
  std::uint64_t value = 0;
  for (auto b : bytes) value = (value << 8) | static_cast<std::uint64_t>(b);
  // Modulo bias over a 64-bit draw is below 2^-40 for any sane ceiling: irrelevant here.
  return std::chrono::milliseconds(static_cast<std::int64_t>(value % (limit + 1)));
}

}  // namespace pickupbox::backoffice
