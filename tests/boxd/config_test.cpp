#include <gtest/gtest.h>

#include "app/config.hpp"

namespace pickupbox::app {
namespace {

std::string with_doors(const std::string& extra) {
  return "[bus]\nboards = 0 1\n[doors]\nA01 = 0 1 S\nA02 = 0 2 M\n" + extra;
}

std::string error_of(const std::string& text) {
  auto config = parse_config(text, "box.conf");
  EXPECT_FALSE(config.has_value());
  return config ? "" : config.error().message;
}

TEST(Config, BuiltInDefaultDescribesTheSimulatedBox) {
  auto config = parse_config(default_config_text(), "<built-in>");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->doors.size(), 24u);
  EXPECT_EQ(config->boards.size(), 2u);
  EXPECT_EQ(config->poll_interval, std::chrono::milliseconds(200));
  EXPECT_EQ(config->dev_staff.size(), 1u);
  EXPECT_EQ(config->doors.front().id, "A01");
  EXPECT_EQ(config->doors.back().id, "B08");
}

TEST(Config, KeysOverrideDefaults) {
  auto config = parse_config(
      "[box]\ndevice_id = townhall-7\n[policies]\ncode_digits = 8\ngrace_reopen_s = 30\n"
      "[bus]\nboards = 0 1\nboard.1.lock_bit_set_means_open = false\npoll_interval_ms = 100\n"
      "[doors]\nA01 = 0 1 S   # comment\nB01 = 1 1 L\n",
      "box.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->device_id, "townhall-7");
  EXPECT_EQ(config->policies.code_digits, 8);
  EXPECT_EQ(config->policies.grace_reopen, std::chrono::seconds(30));
  EXPECT_EQ(config->poll_interval, std::chrono::milliseconds(100));
  EXPECT_TRUE(config->boards[0].lock_bit_set_means_open);
  EXPECT_FALSE(config->boards[1].lock_bit_set_means_open);
  EXPECT_EQ(config->doors[1].size, core::SizeClass::L);
}

TEST(Config, DuplicateDoorNamesBothLines) {
  const auto message = error_of(with_doors("A01 = 0 3 S\n"));
  EXPECT_NE(message.find("line 6"), std::string::npos) << message;
  EXPECT_NE(message.find("A01"), std::string::npos) << message;
  EXPECT_NE(message.find("first on line 4"), std::string::npos) << message;
}

TEST(Config, DuplicateChannelIsRefused) {
  const auto message = error_of(with_doors("A03 = 0 2 S\n"));
  EXPECT_NE(message.find("line 6"), std::string::npos) << message;
  EXPECT_NE(message.find("already door A02"), std::string::npos) << message;
}

TEST(Config, UnknownBoardIsRefused) {
  const auto message = error_of(with_doors("C01 = 5 1 S\n"));
  EXPECT_NE(message.find("board 5 is not listed"), std::string::npos) << message;
}

TEST(Config, BadValuesNameTheKeyAndLine) {
  EXPECT_NE(error_of("[policies]\ncode_digits = 5\n").find("line 2: [policies] code_digits: 5 is out of range 6..8"),
            std::string::npos);
  EXPECT_NE(error_of("[policies]\nattempts_per_order = many\n").find("'many' is not a whole number"),
            std::string::npos);
  EXPECT_NE(error_of(with_doors("A09 = 0 9 XL\n")).find("size 'XL' is not S, M or L"), std::string::npos);
  EXPECT_NE(error_of(with_doors("A09 = 0 17 S\n")).find("17 is out of range 1..16"), std::string::npos);
  EXPECT_NE(error_of("[box]\ncolour = red\n").find("unknown key"), std::string::npos);
  EXPECT_NE(error_of("[lights]\n").find("unknown section"), std::string::npos);
  EXPECT_NE(error_of("[box]\njust words\n").find("expected 'key = value'"), std::string::npos);
  EXPECT_NE(error_of("[box]\ndevice_id = has space\n").find("device_id"), std::string::npos);
}

TEST(Config, EmptyDoorMapIsRefused) {
  EXPECT_NE(error_of("[box]\ndevice_id = x\n").find("no [doors] declared"), std::string::npos);
}

TEST(Config, BackoffMaxShorterThanInitialIsRefused) {
  EXPECT_NE(error_of(with_doors("[policies]\nkiosk_backoff_initial_s = 60\nkiosk_backoff_max_s = 10\n"))
                .find("kiosk_backoff_max_s"),
            std::string::npos);
}

TEST(Config, MissingFileSaysWhichPath) {
  auto config = load_config_file("/nonexistent/boxd.conf");
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message.find("/nonexistent/boxd.conf"), std::string::npos);
}

}  // namespace
}  // namespace pickupbox::app
