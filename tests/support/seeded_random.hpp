#pragma once
#include <cstdint>
#include <random>

#include "core/random.hpp"

namespace pickupbox::testing {

// Reproducible randomness for tests that need to predict ids; never used in production.
class SeededRandom final : public core::Random {
 public:
  explicit SeededRandom(std::uint64_t seed = 42) : engine_(seed) {}
  void fill(std::span<std::byte> out) override {
    for (auto& b : out) b = static_cast<std::byte>(engine_() & 0xFF);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace pickupbox::testing
