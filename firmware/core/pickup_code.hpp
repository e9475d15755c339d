#pragma once
// Pickup codes: uniformly random digits from the injected CSPRNG, unique among live
// orders by their keyed hash (the plaintext is never stored).
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/keyed_hash.hpp"
#include "core/random.hpp"

namespace pickupbox::core {

inline constexpr int min_code_digits = 6;
inline constexpr int max_code_digits = 8;

struct GeneratedCode {
  std::string plaintext;  // goes into the SMS request and nowhere else
  Digest hash;            // KeyedHasher::code(plaintext), stored with the order
};

// Rejection sampling, so every digit is equally likely. Throws std::invalid_argument
// when digits is outside 6..8 (policies are validated before they get here).
std::string generate_code(Random& random, int digits);

// Draws until hash_in_use says no. Fails (internal) after max_tries draws, which with a
// working random source only happens when nearly every code is taken.
Result<GeneratedCode> new_unique_code(Random& random, const KeyedHasher& hasher, int digits,
                                      const std::function<bool(const Digest&)>& hash_in_use, int max_tries = 32);

bool is_well_formed_code(std::string_view code, int digits);

}  // namespace pickupbox::core
