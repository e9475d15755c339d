#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>

#include "core/digest_hex.hpp"
#include "core/keyed_hash.hpp"

namespace pickupbox::core {
namespace {

std::vector<std::uint8_t> counting_secret() {
  std::vector<std::uint8_t> secret(32);
  std::iota(secret.begin(), secret.end(), std::uint8_t{0});
  return secret;
}

// Expected values computed independently (Python hmac) as
// HMAC-SHA256(key = bytes 0x00..0x1f, label || NUL || value).
TEST(KeyedHasher, KnownAnswers) {
  const KeyedHasher hasher(counting_secret());
  EXPECT_EQ(to_hex(hasher.code("123456")), "9eb958dc2388061827717fdb1ba7752109d2fe25e85c2e11e3b0c866640e0dfb");
  EXPECT_EQ(to_hex(hasher.identity("1990-05-17")),
            "864df64c6ce06863c6714551c204f418a8cbb335d254fd0113a1048e3c8ed976");
}

TEST(KeyedHasher, SameInputSameDigestOtherInputOtherDigest) {
  const KeyedHasher hasher(counting_secret());
  EXPECT_EQ(hasher.code("123456"), hasher.code("123456"));
  EXPECT_NE(hasher.code("123456"), hasher.code("123457"));
  EXPECT_NE(hasher.identity("1990-05-17"), hasher.identity("1990-05-18"));
}

TEST(KeyedHasher, DifferentSecretGivesDifferentDigest) {
  auto other = counting_secret();
  other[31] ^= 0x01;
  EXPECT_NE(KeyedHasher(counting_secret()).code("123456"), KeyedHasher(other).code("123456"));
  EXPECT_NE(KeyedHasher(counting_secret()).identity("1990-05-17"), KeyedHasher(other).identity("1990-05-17"));
}

TEST(KeyedHasher, CodesAndIdentitiesAreDomainSeparated) {
  const KeyedHasher hasher(counting_secret());
  for (std::string_view digits : {"17051990", "123456", "00000000", ""}) {
    EXPECT_NE(hasher.code(digits), hasher.identity(digits)) << digits;
  }
}

TEST(KeyedHasher, CopiesAndMovesHashTheSame) {
  const KeyedHasher original(counting_secret());
  const KeyedHasher copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  KeyedHasher source(counting_secret());
  const KeyedHasher moved = std::move(source);
  EXPECT_EQ(copy.code("654321"), original.code("654321"));
  EXPECT_EQ(moved.code("654321"), original.code("654321"));
}

TEST(KeyedHasher, RejectsShortSecretAtStartUp) {
  EXPECT_THROW(KeyedHasher(std::vector<std::uint8_t>(31, 1)), std::invalid_argument);
  EXPECT_THROW(KeyedHasher(std::vector<std::uint8_t>{}), std::invalid_argument);
  EXPECT_NO_THROW(KeyedHasher(std::vector<std::uint8_t>(32, 1)));
  EXPECT_NO_THROW(KeyedHasher(std::vector<std::uint8_t>(64, 1)));
}

TEST(ConstantTimeEqual, ComparesEveryByte) {
  Digest a{};
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>(i);
  EXPECT_TRUE(constant_time_equal(a, a));
  for (std::size_t i : {std::size_t{0}, std::size_t{15}, std::size_t{31}}) {
    Digest b = a;
    b[i] ^= 0x80;
    EXPECT_FALSE(constant_time_equal(a, b)) << "byte " << i;
    EXPECT_FALSE(constant_time_equal(b, a)) << "byte " << i;
  }
  EXPECT_TRUE(constant_time_equal(Digest{}, Digest{}));
}

}  // namespace
}  // namespace pickupbox::core
