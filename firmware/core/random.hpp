#pragma once
#include <cstddef>
#include <span>

namespace pickupbox::core {

// Injected source of randomness. Production uses a CSPRNG (OpenSslRandom);
// tests may use a seeded one so that codes and ids are reproducible.
class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::byte> out) = 0;
};

}  // namespace pickupbox::core
