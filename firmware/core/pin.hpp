#pragma once
// Staff PINs: a slow, salted KDF so that a copied database does not give PINs away
// (a 4-12 digit PIN is otherwise found by brute force in moments).
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/random.hpp"
#include "core/staff.hpp"

namespace pickupbox::core {

inline constexpr int default_pin_iterations = 200000;
inline constexpr std::size_t pin_salt_size = 16;
inline constexpr std::size_t pin_hash_size = 32;

// PBKDF2-HMAC-SHA256 with a fresh 16-byte salt. Throws std::invalid_argument for
// iterations < 1 (a programming error, not a user's).
PinHash hash_pin(std::string_view pin, Random& random, int iterations = default_pin_iterations);

// Constant time in the comparison; false for a malformed PinHash (no salt, no hash, iterations < 1).
bool verify_pin(std::string_view pin, const PinHash& stored);

bool is_acceptable_pin(std::string_view pin);  // 4..12 ASCII digits

// The raw KDF, exposed for known-answer tests. Throws std::invalid_argument for
// iterations < 1 or length 0.
std::vector<std::uint8_t> pbkdf2_hmac_sha256(std::string_view password, std::span<const std::uint8_t> salt,
                                             int iterations, std::size_t length);

}  // namespace pickupbox::core
