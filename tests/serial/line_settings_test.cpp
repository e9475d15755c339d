#include "serial/line_settings.hpp"

#include <gtest/gtest.h>

namespace pickupbox::serial {
namespace {

TEST(LineSettings, DefaultIs19200_8N1) {
  LineSettings defaults;
  EXPECT_EQ(to_string(defaults), "19200 8N1");
}

TEST(LineSettings, ParsesCommonFormats) {
  auto a = parse_line_settings("19200 8N1");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(*a, (LineSettings{19200, 8, Parity::none, 1}));

  auto b = parse_line_settings("  9600   8E1 ");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(*b, (LineSettings{9600, 8, Parity::even, 1}));

  auto c = parse_line_settings("115200 7o2");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c, (LineSettings{115200, 7, Parity::odd, 2}));

  auto d = parse_line_settings("1200\t5M1");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(*d, (LineSettings{1200, 5, Parity::mark, 1}));

  auto e = parse_line_settings("300 6S2");
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->parity, Parity::space);
}

TEST(LineSettings, RoundTripsThroughText) {
  for (auto parity : {Parity::none, Parity::odd, Parity::even, Parity::mark, Parity::space}) {
    LineSettings s{57600, 7, parity, 2};
    auto back = parse_line_settings(to_string(s));
    ASSERT_TRUE(back) << to_string(s);
    EXPECT_EQ(*back, s);
  }
}

TEST(LineSettings, RejectsBadTextNamingIt) {
  for (const char* text : {"", "19200", "8N1", "fast 8N1", "19200 8X1", "19200 9N1", "19200 4N1", "19200 8N3",
                           "19200 8N0", "19200 8N", "19200 8N11", "0 8N1", "-9600 8N1", "3000001 8N1",
                           "19200 8N1 extra", "19200 NN1", "19k2 8N1"}) {
    auto parsed = parse_line_settings(text);
    ASSERT_FALSE(parsed) << "accepted '" << text << "'";
    EXPECT_EQ(parsed.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(parsed.error().message.find("'" + std::string(text) + "'"), std::string::npos) << parsed.error().message;
    EXPECT_NE(parsed.error().message.find("e.g. 19200 8N1"), std::string::npos) << parsed.error().message;
  }
}

TEST(LineSettings, CheckCatchesSettingsBuiltInCode) {
  EXPECT_TRUE(check_line_settings(LineSettings{}));
  EXPECT_FALSE(check_line_settings(LineSettings{0, 8, Parity::none, 1}));
  EXPECT_FALSE(check_line_settings(LineSettings{9600, 9, Parity::none, 1}));
  auto bad_stop = check_line_settings(LineSettings{9600, 8, Parity::none, 3});
  ASSERT_FALSE(bad_stop);
  EXPECT_NE(bad_stop.error().message.find("stop bits 3"), std::string::npos) << bad_stop.error().message;
}

}  // namespace
}  // namespace pickupbox::serial
