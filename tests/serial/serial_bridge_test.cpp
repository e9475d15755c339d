#include "serial/serial_bridge.hpp"

#include <gtest/gtest.h>

#include "scripted_chip.hpp"
#include "serial/ch340_protocol.hpp"

namespace pickupbox::serial {
namespace {

using namespace std::chrono_literals;
using testing::Bytes;
using testing::ChipScript;
using testing::ScriptedChip;

std::shared_ptr<ChipScript> ch340_script(std::uint8_t version) {
  auto script = std::make_shared<ChipScript>();
  script->info.id = ch340_id;
  script->info.product = "USB Serial";
  script->in_replies[ch341_req_read_version] = {version, 0x00};
  script->in_replies[ch341_req_read_reg] = {0x00, 0x00};
  return script;
}

core::Result<SerialBridge> start(const std::shared_ptr<ChipScript>& script, BridgeChip chip,
                                 LineSettings line = {}) {
  return SerialBridge::start(std::make_unique<ScriptedChip>(script), chip, line);
}

TEST(SerialBridgeFtdi, InitSendsTheKernelSequence) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge) << bridge.error().message;
  EXPECT_EQ(script->controls, ftdi_open_requests(LineSettings{}, ftdi_low_latency_ms).value());
  EXPECT_EQ(script->controls.front(), (usb::ControlSetup{0x40, 0x09, 0x0001, 0}));
  EXPECT_EQ(bridge->describe(), "ftdi 0403:6001 at 1-1.4 (serial A5XK3RJT), 19200 8N1");
}

TEST(SerialBridgeFtdi, BadSettingsFailBeforeAnyTransfer) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi, LineSettings{19200, 6, Parity::none, 1});
  ASSERT_FALSE(bridge);
  EXPECT_EQ(bridge.error().code, core::ErrorCode::invalid_argument);
  EXPECT_TRUE(script->controls.empty());
}

TEST(SerialBridgeFtdi, InitFailureNamesTheDevice) {
  auto script = std::make_shared<ChipScript>();
  script->stalled = {ftdi_request_set_baud_rate};
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_FALSE(bridge);
  EXPECT_EQ(bridge.error().code, core::ErrorCode::hardware);
  EXPECT_NE(bridge.error().message.find("0403:6001 at 1-1.4"), std::string::npos) << bridge.error().message;
}

TEST(SerialBridgeFtdi, ReadSkipsStatusOnlyTransfersAndStripsStatus) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge);
  script->reads = {{0x01, 0x60}, {0x01, 0x60}, {0x01, 0x60, 0x02, 0x00, 0x35}};
  std::array<std::uint8_t, 16> out{};
  auto got = bridge->read(out, 500ms);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(*got, 3u);
  EXPECT_EQ(Bytes(out.begin(), out.begin() + 3), (Bytes{0x02, 0x00, 0x35}));
  EXPECT_EQ(script->read_endpoints, (Bytes{0x81, 0x81, 0x81}));
}

TEST(SerialBridgeFtdi, SurplusPayloadWaitsForTheNextRead) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge);
  Bytes transfer{0x01, 0x60};
  for (std::uint8_t i = 0; i < 62; ++i) transfer.push_back(i);  // one full packet
  transfer.insert(transfer.end(), {0x01, 0x60, 62, 63});          // and a short one
  script->reads = {transfer};
  std::array<std::uint8_t, 40> first{};
  ASSERT_EQ(bridge->read(first, 100ms).value(), 40u);
  std::array<std::uint8_t, 40> second{};
  ASSERT_EQ(bridge->read(second, 100ms).value(), 24u);
  EXPECT_EQ(first[39], 39);
  EXPECT_EQ(second[0], 40);
  EXPECT_EQ(second[23], 63);
  EXPECT_EQ(script->read_timeouts.size(), 1u);  // the second read came from the buffer
}

TEST(SerialBridgeFtdi, IdleChipTimesOutWithZero) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge);
  script->reads = {{0x01, 0x60}};
  script->repeat_last_read = true;  // a status packet every latency period, forever
  std::array<std::uint8_t, 16> out{};
  const auto started = std::chrono::steady_clock::now();
  auto got = bridge->read(out, 30ms);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, 0u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 30ms);
  EXPECT_GT(script->read_timeouts.size(), 1u);
}

TEST(SerialBridgeFtdi, ZeroTimeoutIsOneShortReadNeverInfinite) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge);
  std::array<std::uint8_t, 16> out{};
  auto got = bridge->read(out, 0ms);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, 0u);
  ASSERT_EQ(script->read_timeouts.size(), 1u);
  EXPECT_EQ(script->read_timeouts[0], 1ms);
}

TEST(SerialBridgeFtdi, CountsLineErrors) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge);
  script->reads = {{0x01, 0x64, 0x55}};
  std::array<std::uint8_t, 4> out{};
  ASSERT_EQ(bridge->read(out, 100ms).value(), 1u);
  EXPECT_EQ(bridge->line_errors().parity, 1u);
}

TEST(SerialBridgeFtdi, WriteSendsEveryByteAcrossPartialTransfers) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge);
  script->write_chunk = 2;
  const Bytes frame{0x02, 0x00, 0x31, 0x03, 0x36};
  ASSERT_TRUE(bridge->write(frame, 100ms));
  EXPECT_EQ(script->writes, (std::vector<Bytes>{{0x02, 0x00}, {0x31, 0x03}, {0x36}}));
  EXPECT_EQ(script->write_endpoints, (Bytes{0x02, 0x02, 0x02}));
}

TEST(SerialBridgeFtdi, UnplugMakesTransfersFailAndGoneTrue) {
  auto script = std::make_shared<ChipScript>();
  auto bridge = start(script, BridgeChip::ftdi);
  ASSERT_TRUE(bridge);
  EXPECT_FALSE(bridge->gone());
  script->unplugged = true;
  const Bytes frame{0x02, 0x00, 0x30, 0x03, 0x35};
  auto sent = bridge->write(frame, 100ms);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, core::ErrorCode::hardware);
  EXPECT_TRUE(bridge->gone());
  std::array<std::uint8_t, 4> out{};
  EXPECT_FALSE(bridge->read(out, 10ms));
}

TEST(SerialBridgeCh340, InitOfANewChip) {
  auto script = ch340_script(0x31);
  auto bridge = start(script, BridgeChip::ch340);
  ASSERT_TRUE(bridge) << bridge.error().message;
  const std::vector<usb::ControlSetup> expected{
      {0xC0, 0x5F, 0x0000, 0x0000},  // READ_VERSION
      {0x40, 0xA1, 0x0000, 0x0000},  // SERIAL_INIT
      {0xC0, 0x95, 0x0005, 0x0000},  // READ_REG break: answered, so full prescaler
      {0x40, 0x9A, 0x1312, 0xD982},  // divisor 19200 with the no-buffering bit
      {0x40, 0x9A, 0x2518, 0x00C3},  // LCR 8N1
      {0x40, 0xA4, 0xFF9F, 0x0000},  // DTR | RTS
  };
  EXPECT_EQ(script->controls, expected);
  EXPECT_EQ(bridge->chip_version(), 0x31);
  EXPECT_FALSE(bridge->limited_prescaler());
}

TEST(SerialBridgeCh340, StalledBreakReadMeansLimitedPrescaler) {
  auto script = ch340_script(0x30);
  script->stalled = {ch341_req_read_reg};
  auto bridge = start(script, BridgeChip::ch340, LineSettings{20000, 8, Parity::none, 1});
  ASSERT_TRUE(bridge) << bridge.error().message;
  EXPECT_TRUE(bridge->limited_prescaler());
  ASSERT_EQ(script->controls.size(), 6u);
  EXPECT_EQ(script->controls[3], (usb::ControlSetup{0x40, 0x9A, 0x1312, 0xDA82}));
}

TEST(SerialBridgeCh340, ShortVersionReplyFails) {
  auto script = ch340_script(0x31);
  script->in_replies[ch341_req_read_version] = {0x31};
  auto bridge = start(script, BridgeChip::ch340);
  ASSERT_FALSE(bridge);
  EXPECT_EQ(bridge.error().code, core::ErrorCode::hardware);
  EXPECT_NE(bridge.error().message.find("1 bytes instead of 2"), std::string::npos) << bridge.error().message;
}

TEST(SerialBridgeCh340, ReadPassesBytesThroughUnchanged) {
  auto script = ch340_script(0x31);
  auto bridge = start(script, BridgeChip::ch340);
  ASSERT_TRUE(bridge);
  script->reads = {{0x01, 0x60, 0x02}};
  std::array<std::uint8_t, 8> out{};
  ASSERT_EQ(bridge->read(out, 100ms).value(), 3u);
  EXPECT_EQ(Bytes(out.begin(), out.begin() + 3), (Bytes{0x01, 0x60, 0x02}));
  EXPECT_EQ(script->read_endpoints, (Bytes{0x82}));
  const Bytes frame{0x02, 0x00, 0x30, 0x03, 0x35};
  ASSERT_TRUE(bridge->write(frame, 100ms));
  EXPECT_EQ(script->write_endpoints, (Bytes{0x02}));
}

TEST(BridgeConfig, DescribesWithTheChipDefaultId) {
  BridgeConfig config;
  config.chip = BridgeChip::ch340;
  config.match.port_path = "1-1.4";
  EXPECT_EQ(config.describe(), "ch340 bridge 1a86:7523 at port 1-1.4");
  EXPECT_EQ(parse_bridge_chip("ftdi").value(), BridgeChip::ftdi);
  EXPECT_EQ(parse_bridge_chip("ch340").value(), BridgeChip::ch340);
  EXPECT_FALSE(parse_bridge_chip("pl2303"));
}

}  // namespace
}  // namespace pickupbox::serial
