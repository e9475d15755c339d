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

TEST(Config, BackofficeSectionNamesTheBrokerAndTheLinkSettings) {
  auto config = parse_config(with_doors("[backoffice]\nbroker = mqtt.example.dk:8883\nca_file = /etc/pb/ca.crt\n"
                                        "mqtt_version = 3.1.1\nheartbeat_s = 30\nreconnect_initial_ms = 500\n"
                                        "reconnect_max_ms = 30000\noutbox_high_water = 5000\n"),
                             "box.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  const auto& b = config->backoffice;
  EXPECT_EQ(b.host, "mqtt.example.dk");
  EXPECT_EQ(b.port, 8883);
  EXPECT_TRUE(b.tls);
  EXPECT_EQ(b.ca_file, "/etc/pb/ca.crt");
  EXPECT_TRUE(b.cert_file.empty());  // the state directory's device.crt
  EXPECT_FALSE(b.mqtt_v5);
  EXPECT_EQ(b.heartbeat, std::chrono::seconds(30));
  EXPECT_EQ(b.reconnect_initial, std::chrono::milliseconds(500));
  EXPECT_EQ(b.outbox_high_water, 5000);
}

TEST(Config, NoBackofficeSectionMeansOffline) {
  auto config = parse_config(with_doors(""), "box.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_TRUE(config->backoffice.host.empty());
}

TEST(Config, BackofficeErrorsNameTheLineAndKey) {
  EXPECT_NE(error_of(with_doors("[backoffice]\nbroker = mqtt.example.dk\n")).find("line 7: [backoffice] broker"),
            std::string::npos);
  EXPECT_NE(error_of(with_doors("[backoffice]\nbroker = h:70000\n")).find("out of range 1..65535"), std::string::npos);
  EXPECT_NE(error_of(with_doors("[backoffice]\ntls = maybe\n")).find("[backoffice] tls"), std::string::npos);
  EXPECT_NE(error_of(with_doors("[backoffice]\nmqtt_version = 4\n")).find("is not 5 or 3.1.1"), std::string::npos);
  EXPECT_NE(error_of(with_doors("[backoffice]\nbrokr = h:1\n")).find("unknown key"), std::string::npos);
  EXPECT_NE(error_of(with_doors("[backoffice]\ntls = false\n")).find("broker: is missing"), std::string::npos);
  EXPECT_NE(error_of(with_doors("[backoffice]\nbroker = h:1\nreconnect_initial_ms = 5000\nreconnect_max_ms = 1000\n"))
                .find("reconnect_max_ms"),
            std::string::npos);
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

TEST(Config, ListingBoardsAgainKeepsTheirLockBitPolarity) {
  // README's walk-through appends "[bus] ... boards = 0 1" to a file that may already have set
  // the polarity; board 0 is also there before any list. Neither setting may be lost.
  auto config = parse_config(
      "[bus]\nboard.0.lock_bit_set_means_open = false\nboards = 0 1\nboard.1.lock_bit_set_means_open = false\n"
      "[bus]\nboards = 1 0 2\n",
      "box.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  ASSERT_EQ(config->boards.size(), 3u);
  EXPECT_EQ(config->boards[0].address, 1);
  EXPECT_FALSE(config->boards[0].lock_bit_set_means_open);
  EXPECT_EQ(config->boards[1].address, 0);
  EXPECT_FALSE(config->boards[1].lock_bit_set_means_open);
  EXPECT_TRUE(config->boards[2].lock_bit_set_means_open);  // new board: the default
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
  for (const char* reserved : {"enroll", "claim", "backoffice"}) {
    EXPECT_NE(error_of(std::string("[box]\ndevice_id = ") + reserved + "\n").find("reserved"), std::string::npos)
        << reserved << " would share the enrolment or back-office topic tree";
  }
}

TEST(Config, EmptyDoorMapIsAcceptedForTheLayoutStep) {
  // boxd must run to scan the boards that `provision layout` turns into a door map.
  auto config = parse_config("[box]\ndevice_id = x\n[bus]\nboards = 0\n", "box.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_TRUE(config->doors.empty());
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


TEST(Config, UsbBusNamesTheBridgeByPortPath) {
  auto config = parse_config(
      "[bus]\nbackend = usb\nbridge = ch340\nport_path = 1-1.4\nline = 9600 8N1\nboards = 0\n"
      "[doors]\nA01 = 0 1 S\n",
      "box.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->backend, BusBackend::usb);
  EXPECT_EQ(config->bridge.chip, "ch340");
  EXPECT_EQ(config->bridge.match.port_path, "1-1.4");
  EXPECT_FALSE(config->bridge.match.id.has_value());
  EXPECT_EQ(config->bridge.line, "9600 8N1");
  EXPECT_TRUE(config->has_door_sensor(config->doors[0].board));
}

TEST(Config, BadUsbKeysNameTheLine) {
  EXPECT_NE(error_of("[bus]\nbackend = serial\n").find("line 2: [bus] backend: 'serial' is not a known backend"),
            std::string::npos);
  EXPECT_NE(error_of("[bus]\nbridge = pl2303\n").find("'pl2303' is not a supported USB bridge"), std::string::npos);
  EXPECT_NE(error_of("[bus]\nport_path = 1.4\n").find("line 2: [bus] port_path: '1.4' is not a USB port path"),
            std::string::npos);
  EXPECT_NE(error_of("[bus]\nusb_id = 403:6001\n").find("is not a USB id"), std::string::npos);
  EXPECT_NE(error_of("[bus]\nline = 19200 9N1\n").find("line 2: [bus] line:"), std::string::npos);
}

TEST(Config, RelayDoorsResolveToTheirBoardAndHaveNoSensor) {
  auto config = parse_config(with_doors("R01 = R1 1 M\nR02 = R1 2 L\n[relay.R1]\nport_path = 1-2\nrelays = 2\n"
                                        "closed_after_ms = 5000\n"),
                             "box.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  ASSERT_EQ(config->relay_boards.size(), 1u);
  const auto& relay = config->relay_boards[0];
  EXPECT_EQ(relay.name, "R1");
  EXPECT_EQ(relay.board, first_relay_board);
  EXPECT_EQ(relay.relays, 2);
  EXPECT_EQ(relay.closed_after, std::chrono::milliseconds(5000));
  EXPECT_EQ(relay.match.port_path, "1-2");
  const auto& r02 = config->doors[3];
  EXPECT_EQ(r02.id, "R02");
  EXPECT_EQ(r02.board, first_relay_board);
  EXPECT_EQ(r02.channel, 2);
  EXPECT_FALSE(config->has_door_sensor(r02.board));
  EXPECT_EQ(config->relay_board(r02.board), &relay);
}

TEST(Config, InconsistentRelayMappingIsRefusedNamingTheLine) {
  EXPECT_NE(error_of(with_doors("R01 = R9 1 M\n")).find("line 6: [doors] R01: 'R9' is neither a board address"),
            std::string::npos);
  EXPECT_NE(error_of(with_doors("R01 = R1 3 M\n[relay.R1]\nrelays = 2\n")).find("relay 3 is beyond relay board R1"),
            std::string::npos);
  EXPECT_NE(error_of(with_doors("R01 = R1 1 M\nR02 = R1 1 S\n[relay.R1]\n"))
                .find("line 7: [doors] R02: board 100 channel 1 is already door R01"),
            std::string::npos);
  EXPECT_NE(error_of("[relay.R1]\n[relay.R1]\n").find("relay board declared twice (first on line 1)"),
            std::string::npos);
  EXPECT_NE(error_of("[relay.R1]\nbaud = 9600\n").find("line 2: [relay.R1] baud: unknown key"), std::string::npos);
}

}  // namespace
}  // namespace pickupbox::app
