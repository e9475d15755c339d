#pragma once
// Hex text for digests and salts: the form they take in the database, on the wire and in tests.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/order.hpp"

namespace pickupbox::core {

std::string to_hex(std::span<const std::uint8_t> bytes);  // lower case, two characters a byte

// Accepts upper or lower case; an odd length or a non-hex character is invalid_argument.
Result<std::vector<std::uint8_t>> from_hex(std::string_view text);
Result<Digest> digest_from_hex(std::string_view text);  // exactly 64 hex characters

}  // namespace pickupbox::core
