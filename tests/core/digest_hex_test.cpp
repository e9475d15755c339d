#include <gtest/gtest.h>

#include "core/digest_hex.hpp"

namespace pickupbox::core {
namespace {

TEST(DigestHex, EncodesLowerCaseTwoCharactersPerByte) {
  const std::vector<std::uint8_t> bytes{0x00, 0x0f, 0xa0, 0xff, 0x12};
  EXPECT_EQ(to_hex(bytes), "000fa0ff12");
  EXPECT_EQ(to_hex(std::vector<std::uint8_t>{}), "");
}

TEST(DigestHex, DecodesEitherCaseAndRoundTrips) {
  EXPECT_EQ(from_hex("000FA0ff12").value(), (std::vector<std::uint8_t>{0x00, 0x0f, 0xa0, 0xff, 0x12}));
  Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<std::uint8_t>(i * 7 + 3);
  EXPECT_EQ(digest_from_hex(to_hex(digest)).value(), digest);
}

TEST(DigestHex, RejectsMalformedText) {
  EXPECT_EQ(from_hex("abc").error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(from_hex("zz").error().code, ErrorCode::invalid_argument);
  EXPECT_FALSE(from_hex("0g"));
  EXPECT_FALSE(digest_from_hex("00"));                      // too short
  EXPECT_FALSE(digest_from_hex(std::string(64, 'x')));      // right length, not hex
  EXPECT_FALSE(digest_from_hex(std::string(66, '0')));      // too long
  EXPECT_TRUE(digest_from_hex(std::string(64, '0')));
}

}  // namespace
}  // namespace pickupbox::core
