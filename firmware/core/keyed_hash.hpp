#pragma once
// Pickup codes and identity checks are stored only as HMAC-SHA256 under the device
// secret: a stolen database then gives an attacker nothing to try offline without the key.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/order.hpp"

namespace pickupbox::core {

class KeyedHasher {
 public:
  static constexpr std::size_t min_secret_size = 32;

  // Throws std::invalid_argument when the secret is shorter than min_secret_size:
  // that is a provisioning fault found at start-up, not an expected failure.
  explicit KeyedHasher(std::vector<std::uint8_t> device_secret);
  ~KeyedHasher();
  KeyedHasher(const KeyedHasher&) = default;
  KeyedHasher& operator=(const KeyedHasher&) = default;
  KeyedHasher(KeyedHasher&&) = default;
  KeyedHasher& operator=(KeyedHasher&&) = default;

  // Each is separated by its own label, so a code never hashes to the same digest as an
  // identity made of the same digits.
  Digest code(std::string_view code) const;
  Digest identity(std::string_view normalised_identifier) const;

 private:
  Digest labelled(std::string_view label, std::string_view value) const;

  std::vector<std::uint8_t> secret_;
};

// Time does not depend on where the digests differ (CRYPTO_memcmp).
bool constant_time_equal(const Digest& a, const Digest& b);

}  // namespace pickupbox::core
