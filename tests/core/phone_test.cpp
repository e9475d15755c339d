#include <gtest/gtest.h>

#include "core/phone.hpp"

namespace pickupbox::core {
namespace {

TEST(Phone, NormalisesToE164) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases{
      {"20304050", "+4520304050"},        {"20 30 40 50", "+4520304050"},   {"20-30-40-50", "+4520304050"},
      {"+45 20 30 40 50", "+4520304050"}, {"0045 20304050", "+4520304050"}, {"+46 70 123 45 67", "+46701234567"},
      {"+49 30 1234567", "+49301234567"}, {"+1 212-555-0100", "+12125550100"}, {"+123456789012345", "+123456789012345"},
  };
  for (const auto& [typed, expected] : cases) {
    auto normalised = normalise_phone(typed);
    ASSERT_TRUE(normalised) << typed << ": " << normalised.error().message;
    EXPECT_EQ(*normalised, expected) << typed;
  }
}

TEST(Phone, RejectsBadNumbers) {
  for (std::string_view typed :
       {"", "   ", "2030405", "203040501", "+4520304", "+452030405060", "+1234567", "+1234567890123456",
        "+0123456789", "20304O50", "(20) 30 40 50", "+45+20304050", "++4520304050", "20.30.40.50", "+"}) {
    auto normalised = normalise_phone(typed);
    ASSERT_FALSE(normalised) << typed;
    EXPECT_EQ(normalised.error().code, ErrorCode::invalid_argument) << typed;
  }
}

TEST(Phone, ErrorNeverRepeatsTheNumber) {
  for (std::string_view typed : {"2030405", "+45 2030 405", "20304O50", "+0123456789"}) {
    auto normalised = normalise_phone(typed);
    ASSERT_FALSE(normalised);
    const std::string& message = normalised.error().message;
    EXPECT_EQ(message.find(typed), std::string::npos) << message;
    EXPECT_EQ(message.find("2030"), std::string::npos) << message;
    EXPECT_EQ(message.find("12345"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace pickupbox::core
