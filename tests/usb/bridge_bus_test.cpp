// The Kerong bus master over the production serial bridge driver, on simulated FT232R and
// CH340 chips that check every control request against what Linux's ftdi_sio and ch341
// send, with simulated lock boards on the far end of the RS-485 line.
#include <algorithm>
#include <thread>

#include "kerong/bus_master.hpp"
#include "kerong/frame.hpp"
#include "serial/bridge_transport.hpp"
#include "usb_fixture.hpp"
#include "usbsim/ch340_chip_model.hpp"
#include "usbsim/ftdi_chip_model.hpp"

namespace pickupbox::testing {
namespace {

using namespace std::chrono_literals;
using serial::BridgeChip;

bool contains(const std::vector<usbsim::Setup>& log, usbsim::Setup wanted) {
  return std::ranges::any_of(log, [&](const usbsim::Setup& s) {
    return s.request_type == wanted.request_type && s.request == wanted.request && s.value == wanted.value &&
           s.index == wanted.index;
  });
}

struct LinkLog {
  std::mutex mutex;
  std::vector<std::pair<bool, std::string>> changes;
  void operator()(bool up, const std::string& detail) {
    std::lock_guard lock(mutex);
    changes.emplace_back(up, detail);
  }
  std::vector<std::pair<bool, std::string>> seen() {
    std::lock_guard lock(mutex);
    return changes;
  }
};

class BridgeBus : public UsbBusTest, public ::testing::WithParamInterface<BridgeChip> {
 protected:
  std::shared_ptr<usbsim::FtdiChipModel> ftdi;
  std::shared_ptr<usbsim::Ch340ChipModel> ch340;
  usbsim::DeviceId chip_id;
  LinkLog links;
  std::unique_ptr<serial::BridgeTransport> transport;
  std::unique_ptr<kerong::BusMaster> bus;

  void SetUp() override {
    if (GetParam() == BridgeChip::ftdi) {
      ftdi = std::make_shared<usbsim::FtdiChipModel>(bank.transport());
      chip_id = testbed.add(ftdi, usbsim::Placement{1, {1, 4}});
    } else {
      ch340 = std::make_shared<usbsim::Ch340ChipModel>(bank.transport());
      chip_id = testbed.add(ch340, usbsim::Placement{1, {1, 4}});
    }
    start();
    serial::BridgeConfig config;
    config.chip = GetParam();
    config.match.port_path = "1-1.4";
    transport = std::make_unique<serial::BridgeTransport>(
        *usb, config, [this](bool up, const std::string& detail) { links(up, detail); });
    kerong::BusSettings settings;
    settings.boards = {kerong::BoardConfig{0}, kerong::BoardConfig{1}};
    bus = std::make_unique<kerong::BusMaster>(*transport, settings);
  }

  usbsim::LineState line() const { return ftdi ? ftdi->line() : ch340->line(); }
  std::vector<usbsim::Setup> requests() const { return ftdi ? ftdi->requests() : ch340->requests(); }
  std::vector<std::string> violations() const { return ftdi ? ftdi->violations() : ch340->violations(); }
  void inject(std::span<const std::uint8_t> bytes) { ftdi ? ftdi->inject_rx(bytes) : ch340->inject_rx(bytes); }
};

TEST_P(BridgeBus, OpensWithTheKernelDriversLineSetupAndReadsABoard) {
  auto status = bus->status(0);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->board, 0);
  EXPECT_TRUE(violations().empty()) << violations().front();
  const auto now = line();
  EXPECT_TRUE(now.runs_at(19200)) << now.describe();
  EXPECT_EQ(now.data_bits, 8);
  EXPECT_EQ(now.parity, usbsim::Parity::none);
  EXPECT_EQ(now.stop_bits, usbsim::StopBits::one);
  EXPECT_TRUE(now.flow_control_off);
  if (GetParam() == BridgeChip::ftdi) {
    EXPECT_TRUE(contains(requests(), {0x40, 0x03, 0x809C, 0x0000, 0})) << "FT232R 19200 baud divisor";
    EXPECT_TRUE(contains(requests(), {0x40, 0x04, 0x0008, 0x0000, 0})) << "8N1";
    EXPECT_TRUE(contains(requests(), {0x40, 0x02, 0x0000, 0x0000, 0})) << "flow control off";
  } else {
    EXPECT_TRUE(contains(requests(), {0x40, 0x9A, 0x1312, 0xD982, 0})) << "CH340 19200 prescaler/divisor";
    EXPECT_TRUE(contains(requests(), {0x40, 0x9A, 0x2518, 0x00C3, 0})) << "8N1, RX and TX on";
  }
  const auto seen = links.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].first);
}

TEST_P(BridgeBus, UnlockReachesTheBoardAndIsConfirmedByReadingTheLockBack) {
  auto opened = bus->unlock_and_confirm(1, 3, 1000ms);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  EXPECT_TRUE(opened->channel(3).lock_open);
  auto channel = bank.channel(1, 3);
  ASSERT_TRUE(channel.has_value());
  EXPECT_EQ(channel->unlock_pulses, 1);
}

TEST_P(BridgeBus, ScanListsTheBoardsThatAnswer) {
  auto answered = bus->scan();
  ASSERT_TRUE(answered.has_value()) << answered.error().message;
  EXPECT_EQ(*answered, (std::vector<int>{0, 1}));
}

TEST_P(BridgeBus, ASilentBoardIsAHardwareErrorAndTheOtherBoardStillAnswers) {
  ASSERT_TRUE(bank.set_connected(1, false).has_value());
  auto silent = bus->status(1);
  ASSERT_FALSE(silent.has_value());
  EXPECT_EQ(silent.error().code, core::ErrorCode::hardware);
  EXPECT_NE(silent.error().message.find("lock board 1 did not answer"), std::string::npos);
  EXPECT_TRUE(bus->status(0).has_value());
}

TEST_P(BridgeBus, GarbageAndATornFrameOnTheLineDoNotHideTheNextReply) {
  ASSERT_TRUE(bus->status(0).has_value());  // line set up
  const std::vector<std::uint8_t> noise{0xFF, 0x00, 0x02, 0x10, 0x35, 0x01, 0x13, 0x37, 0x02, 0x00};
  inject(noise);
  auto status = bus->status(1);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->board, 1);
}

TEST_P(BridgeBus, UnplugDuringATransferFailsItAndReportsTheLinkDown) {
  ASSERT_TRUE(bus->status(0).has_value());
  ASSERT_TRUE(bank.set_connected(0, false).has_value());  // the read will wait for a reply
  std::thread puller([&] {
    std::this_thread::sleep_for(30ms);
    testbed.unplug(chip_id);
  });
  auto status = bus->status(0);
  puller.join();
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::hardware);
  auto again = bus->status(1);  // fails fast while the device is away
  ASSERT_FALSE(again.has_value());
  const auto seen = links.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen[1].first);
  EXPECT_NE(seen[1].second.find("1-1.4"), std::string::npos) << seen[1].second;
}

INSTANTIATE_TEST_SUITE_P(Chips, BridgeBus, ::testing::Values(BridgeChip::ftdi, BridgeChip::ch340),
                         [](const auto& param_info) { return std::string(serial::to_string(param_info.param)); });

}  // namespace
}  // namespace pickupbox::testing
