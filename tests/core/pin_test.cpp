#include <gtest/gtest.h>

#include <stdexcept>

#include "core/digest_hex.hpp"
#include "core/pin.hpp"
#include "seeded_random.hpp"

namespace pickupbox::core {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

// RFC 7914 section 11, first PBKDF2-HMAC-SHA256 vector.
TEST(Pbkdf2, Rfc7914Vector) {
  EXPECT_EQ(to_hex(pbkdf2_hmac_sha256("passwd", bytes_of("salt"), 1, 64)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
}

// The RFC 6070 inputs (P = "password", S = "salt") with SHA-256 and dkLen = 32, as widely
// published and checked independently with Python's hashlib.
TEST(Pbkdf2, Rfc6070StyleVectors) {
  EXPECT_EQ(to_hex(pbkdf2_hmac_sha256("password", bytes_of("salt"), 1, 32)),
            "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  EXPECT_EQ(to_hex(pbkdf2_hmac_sha256("password", bytes_of("salt"), 2, 32)),
            "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
  EXPECT_EQ(to_hex(pbkdf2_hmac_sha256("password", bytes_of("salt"), 4096, 32)),
            "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
}

TEST(Pbkdf2, RejectsNonsenseParameters) {
  EXPECT_THROW(pbkdf2_hmac_sha256("password", bytes_of("salt"), 0, 32), std::invalid_argument);
  EXPECT_THROW(pbkdf2_hmac_sha256("password", bytes_of("salt"), 1, 0), std::invalid_argument);
}

TEST(Pin, VerifiesAKnownAnswerHash) {
  const PinHash stored{bytes_of("salt"), from_hex("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b").value(),
                       1};
  EXPECT_TRUE(verify_pin("password", stored));
  EXPECT_FALSE(verify_pin("passwore", stored));
}

TEST(Pin, HashThenVerifyRightAndWrong) {
  testing::SeededRandom random(3);
  const PinHash stored = hash_pin("4711", random, 10);
  EXPECT_EQ(stored.salt.size(), pin_salt_size);
  EXPECT_EQ(stored.hash.size(), pin_hash_size);
  EXPECT_EQ(stored.iterations, 10);
  EXPECT_TRUE(verify_pin("4711", stored));
  EXPECT_FALSE(verify_pin("4712", stored));
  EXPECT_FALSE(verify_pin("47110", stored));
  EXPECT_FALSE(verify_pin("", stored));
}

TEST(Pin, EachHashHasItsOwnSalt) {
  testing::SeededRandom random(3);
  const PinHash a = hash_pin("4711", random, 10);
  const PinHash b = hash_pin("4711", random, 10);
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(a.hash, b.hash);
  EXPECT_TRUE(verify_pin("4711", b));
}

TEST(Pin, IterationCountIsPartOfTheHash) {
  testing::SeededRandom random(3);
  PinHash stored = hash_pin("4711", random, 10);
  stored.iterations = 11;
  EXPECT_FALSE(verify_pin("4711", stored));
}

TEST(Pin, DefaultUsesTheSlowIterationCount) {
  testing::SeededRandom random(5);
  const PinHash stored = hash_pin("123456", random);
  EXPECT_EQ(stored.iterations, 200000);
  EXPECT_EQ(stored.hash, pbkdf2_hmac_sha256("123456", stored.salt, 200000, 32));
  EXPECT_TRUE(verify_pin("123456", stored));
}

TEST(Pin, MalformedStoredHashNeverVerifies) {
  testing::SeededRandom random(3);
  const PinHash good = hash_pin("4711", random, 10);
  PinHash no_salt = good;
  no_salt.salt.clear();
  PinHash no_hash = good;
  no_hash.hash.clear();
  PinHash no_iterations = good;
  no_iterations.iterations = 0;
  EXPECT_FALSE(verify_pin("4711", no_salt));
  EXPECT_FALSE(verify_pin("4711", no_hash));
  EXPECT_FALSE(verify_pin("4711", no_iterations));
  EXPECT_FALSE(verify_pin("4711", PinHash{}));
  EXPECT_THROW(hash_pin("4711", random, 0), std::invalid_argument);
}

TEST(Pin, AcceptablePinsAreFourToTwelveDigits) {
  EXPECT_TRUE(is_acceptable_pin("0000"));
  EXPECT_TRUE(is_acceptable_pin("123456789012"));
  EXPECT_FALSE(is_acceptable_pin("123"));
  EXPECT_FALSE(is_acceptable_pin("1234567890123"));
  EXPECT_FALSE(is_acceptable_pin("12a4"));
  EXPECT_FALSE(is_acceptable_pin("12 34"));
  EXPECT_FALSE(is_acceptable_pin(""));
  EXPECT_FALSE(is_acceptable_pin("-1234"));
}

}  // namespace
}  // namespace pickupbox::core
