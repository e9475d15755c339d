#include "core/digest_hex.hpp"

#include <algorithm>
#include <optional>

namespace pickupbox::core {

namespace {

std::optional<std::uint8_t> nibble(char c) {
  if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
  return std::nullopt;
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    text.push_back(digits[b >> 4]);
    text.push_back(digits[b & 0x0F]);
  }
  return text;
}

Result<std::vector<std::uint8_t>> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) {
    return fail(ErrorCode::invalid_argument,
                "hex text has an odd length (" + std::to_string(text.size()) + "); it needs two characters a byte");
  }
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    auto high = nibble(text[i]);
    auto low = nibble(text[i + 1]);
    if (!high || !low) {
      return fail(ErrorCode::invalid_argument,
                  "hex text has a non-hex character near position " + std::to_string(i) + "; use 0-9 and a-f");
    }
    bytes.push_back(static_cast<std::uint8_t>((*high << 4) | *low));
  }
  return bytes;
}

Result<Digest> digest_from_hex(std::string_view text) {
  if (text.size() != Digest{}.size() * 2) {
    return fail(ErrorCode::invalid_argument, "a digest is 64 hex characters, got " + std::to_string(text.size()));
  }
  auto bytes = from_hex(text);
  if (!bytes) return std::unexpected(bytes.error());
  Digest digest{};
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

}  // namespace pickupbox::core
