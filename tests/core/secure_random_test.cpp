#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "core/secure_random.hpp"

namespace pickupbox::core {
namespace {

TEST(OpenSslRandom, FillsBuffersWithFreshBytes) {
  OpenSslRandom random;
  std::array<std::byte, 32> a{};
  std::array<std::byte, 32> b{};
  random.fill(a);
  random.fill(b);
  // Two 256-bit draws are equal, or all zero, with probability 2^-256.
  EXPECT_NE(a, b);
  EXPECT_NE(a, (std::array<std::byte, 32>{}));
}

TEST(OpenSslRandom, EmptySpanIsFine) {
  OpenSslRandom random;
  std::vector<std::byte> nothing;
  EXPECT_NO_THROW(random.fill(nothing));
}

TEST(OpenSslRandom, UsableThroughTheInterface) {
  OpenSslRandom concrete;
  Random& random = concrete;
  std::vector<std::byte> bytes(4096);
  random.fill(bytes);
  int zeros = 0;
  for (std::byte b : bytes) zeros += b == std::byte{0} ? 1 : 0;
  // Expected 16 zero bytes; 100 would mean the buffer was not (fully) written.
  EXPECT_LT(zeros, 100);
}

}  // namespace
}  // namespace pickupbox::core
