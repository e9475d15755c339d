#include <gtest/gtest.h>

#include "core/identity.hpp"

namespace pickupbox::core {
namespace {

TEST(DateOfBirth, AcceptsIsoAndDanishForms) {
  for (std::string_view typed : {"1990-05-17", "17051990", "17-05-1990", "17.05.1990", "  17.05.1990 "}) {
    auto normalised = normalise_date_of_birth(typed);
    ASSERT_TRUE(normalised) << typed << ": " << normalised.error().message;
    EXPECT_EQ(*normalised, "1990-05-17") << typed;
  }
}

TEST(DateOfBirth, ChecksTheCalendar) {
  EXPECT_EQ(normalise_date_of_birth("29.02.2000").value(), "2000-02-29");  // divisible by 400
  EXPECT_EQ(normalise_date_of_birth("2024-02-29").value(), "2024-02-29");
  EXPECT_EQ(normalise_date_of_birth("31121999").value(), "1999-12-31");
  EXPECT_EQ(normalise_date_of_birth("01.01.1900").value(), "1900-01-01");
  for (std::string_view typed : {"29.02.1900", "29-02-2023", "31.04.1990", "00.01.1990", "15.13.1990",
                                 "15.00.1990", "1990-02-30", "32011990", "31.12.1899", "01.01.2100"}) {
    auto normalised = normalise_date_of_birth(typed);
    ASSERT_FALSE(normalised) << typed;
    EXPECT_EQ(normalised.error().code, ErrorCode::invalid_argument);
  }
}

TEST(DateOfBirth, RejectsOtherShapes) {
  for (std::string_view typed : {"", "17/05/1990", "17.05-1990", "1990.05.17", "19900517", "17-5-1990",
                                 "17.05.90", "1990-5-17x", "abcdefgh", "17 05 1990", "+7051990", "1990-05-1a"}) {
    auto normalised = normalise_date_of_birth(typed);
    ASSERT_FALSE(normalised) << typed;
    EXPECT_EQ(normalised.error().code, ErrorCode::invalid_argument) << typed;
  }
}

TEST(DateOfBirth, ErrorNeverRepeatsTheInput) {
  for (std::string_view typed : {"31.04.1990", "17/05/1990", "1990-02-30", "12121212x"}) {
    auto normalised = normalise_date_of_birth(typed);
    ASSERT_FALSE(normalised);
    const std::string& message = normalised.error().message;
    EXPECT_EQ(message.find(typed), std::string::npos) << message;
    EXPECT_EQ(message.find("1990"), std::string::npos) << message;
  }
}

TEST(DateOfBirth, AnyTypedFormHashesTheSame) {
  const KeyedHasher hasher(std::vector<std::uint8_t>(32, 0x42));
  const Digest expected = hasher.identity("1990-05-17");
  EXPECT_EQ(hash_date_of_birth(hasher, "17.05.1990").value(), expected);
  EXPECT_EQ(hash_date_of_birth(hasher, "17051990").value(), expected);
  EXPECT_NE(hash_date_of_birth(hasher, "18.05.1990").value(), expected);
  EXPECT_FALSE(hash_date_of_birth(hasher, "30.02.1990"));
}

}  // namespace
}  // namespace pickupbox::core
