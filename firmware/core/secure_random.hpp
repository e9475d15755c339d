#pragma once
#include "core/random.hpp"

namespace pickupbox::core {

// Production randomness: OpenSSL's CSPRNG. Throws std::runtime_error when RAND_bytes
// fails, because a box without a working random source must not hand out codes.
class OpenSslRandom final : public Random {
 public:
  void fill(std::span<std::byte> out) override;
};

}  // namespace pickupbox::core
