#include "serial/bridge_transport.hpp"

#include <gtest/gtest.h>

#include "scripted_chip.hpp"

namespace pickupbox::serial {
namespace {

using namespace std::chrono_literals;
using testing::Bytes;
using testing::ChipScript;
using testing::ScriptedChip;

struct LinkEvent {
  bool up = false;
  std::string detail;
};

// A bridge that can be plugged in and out, a hand-moved clock, and the link events seen.
class BridgeTransportTest : public ::testing::Test {
 protected:
  BridgeTransport make() {
    return BridgeTransport(
        [this]() -> core::Result<SerialBridge> {
          ++opens;
          if (!plugged) return core::fail(core::ErrorCode::not_found, "no device matches 0403:6001");
          chip = std::make_shared<ChipScript>();
          return SerialBridge::start(std::make_unique<ScriptedChip>(chip), BridgeChip::ftdi, LineSettings{});
        },
        "ftdi bridge 0403:6001 at port 1-1.4",
        [this](bool up, const std::string& detail) { events.push_back({up, detail}); }, [this] { return now; });
  }

  std::shared_ptr<ChipScript> chip;
  bool plugged = true;
  int opens = 0;
  std::vector<LinkEvent> events;
  std::chrono::steady_clock::time_point now{};
  const Bytes frame{0x02, 0x00, 0x30, 0x03, 0x35};
};

TEST_F(BridgeTransportTest, OpensLazilyOnFirstUse) {
  auto transport = make();
  EXPECT_EQ(opens, 0);
  EXPECT_FALSE(transport.connected());
  ASSERT_TRUE(transport.write(frame));
  EXPECT_EQ(opens, 1);
  EXPECT_TRUE(transport.connected());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].up);
  EXPECT_NE(events[0].detail.find("0403:6001 at 1-1.4"), std::string::npos) << events[0].detail;
  EXPECT_EQ(chip->writes, std::vector<Bytes>{frame});
  ASSERT_TRUE(transport.write(frame));
  EXPECT_EQ(opens, 1);
}

TEST_F(BridgeTransportTest, ReadTimeoutIsZeroNotADisconnect) {
  auto transport = make();
  std::array<std::uint8_t, 9> out{};
  auto got = transport.read(out, 5ms);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, 0u);
  EXPECT_TRUE(transport.connected());
}

TEST_F(BridgeTransportTest, UnplugReportsOnceAndFailsFastUntilTheRetryTime) {
  auto transport = make();
  ASSERT_TRUE(transport.write(frame));
  chip->unplugged = true;
  plugged = false;

  auto lost = transport.write(frame);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, core::ErrorCode::hardware);
  EXPECT_NE(lost.error().message.find("disconnected"), std::string::npos) << lost.error().message;
  EXPECT_NE(lost.error().message.find("check the USB cable"), std::string::npos) << lost.error().message;
  EXPECT_FALSE(transport.connected());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[1].up);
  EXPECT_NE(events[1].detail.find("unplugged"), std::string::npos) << events[1].detail;

  // Within the second: no open attempt, an immediate hardware error.
  now += 500ms;
  std::array<std::uint8_t, 9> out{};
  auto fast = transport.read(out, 100ms);
  ASSERT_FALSE(fast);
  EXPECT_EQ(fast.error().code, core::ErrorCode::hardware);
  EXPECT_EQ(opens, 1);

  // After it: one attempt, which fails while unplugged, without a second link event.
  now += 600ms;
  EXPECT_FALSE(transport.write(frame));
  EXPECT_EQ(opens, 2);
  EXPECT_EQ(events.size(), 2u);

  // Plugged back: the next attempt a second later reconnects and says so.
  plugged = true;
  now += 1s;
  ASSERT_TRUE(transport.write(frame));
  EXPECT_EQ(opens, 3);
  EXPECT_TRUE(transport.connected());
  ASSERT_EQ(events.size(), 3u);
  EXPECT_TRUE(events[2].up);
  // The reopened chip got the full init again.
  EXPECT_EQ(chip->controls, ftdi_open_requests(LineSettings{}, ftdi_low_latency_ms).value());
}

TEST_F(BridgeTransportTest, RequestReopenSkipsTheWait) {
  auto transport = make();
  ASSERT_TRUE(transport.write(frame));
  chip->unplugged = true;
  EXPECT_FALSE(transport.write(frame));
  EXPECT_EQ(opens, 1);

  transport.request_reopen();  // hotplug: the device is back
  ASSERT_TRUE(transport.write(frame));
  EXPECT_EQ(opens, 2);
  EXPECT_TRUE(transport.connected());
}

TEST_F(BridgeTransportTest, AbsentAtStartIsReportedOnce) {
  plugged = false;
  auto transport = make();
  auto first = transport.write(frame);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code, core::ErrorCode::hardware);
  EXPECT_NE(first.error().message.find("no device matches"), std::string::npos) << first.error().message;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].up);

  for (int i = 0; i < 3; ++i) {
    now += 2s;
    EXPECT_FALSE(transport.write(frame));
  }
  EXPECT_EQ(opens, 4);
  EXPECT_EQ(events.size(), 1u);
}

TEST_F(BridgeTransportTest, DrainInputSwallowsLateBytes) {
  auto transport = make();
  ASSERT_TRUE(transport.write(frame));
  chip->reads = {{0x01, 0x60, 0x02, 0x00}, {0x01, 0x60, 0x35}};
  transport.drain_input();
  std::array<std::uint8_t, 9> out{};
  EXPECT_EQ(transport.read(out, 1ms).value(), 0u);
}

}  // namespace
}  // namespace pickupbox::serial
