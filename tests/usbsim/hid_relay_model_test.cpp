// The dcttech HID relay model driven through raw libusb with the feature reports the
// relay tools send: single relays, all relays, read-back, pulse timing, power loss.
#include <array>
#include <stdexcept>
#include <thread>

#include "usb_bus_fixture.hpp"
#include "usbsim/hid_relay_model.hpp"

namespace pickupbox::usbsim::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::uint8_t relay_on = 0xFF;
constexpr std::uint8_t relay_off = 0xFD;
constexpr std::uint8_t all_on = 0xFE;
constexpr std::uint8_t all_off = 0xFC;

class HidRelayTest : public UsbBusTest {
 protected:
  void SetUp() override {
    UsbBusTest::SetUp();
    if (HasFatalFailure()) return;
    id_ = bed().add(board_, {1, {3}});
    handle_ = open(HidRelayModel::vendor_id, HidRelayModel::product_id);
    ASSERT_NE(handle_, nullptr);
  }

  int set(std::uint8_t command, std::uint8_t relay, std::uint8_t type = 0x21) {
    std::array<std::uint8_t, 8> report{command, relay};
    return libusb_control_transfer(handle_, type, 0x09, 0x0300, 0, report.data(), 8, 1000);
  }

  InReply get(std::uint8_t type = 0xA1) { return control_in(handle_, type, 0x01, 0x0300, 0, 8); }

  std::shared_ptr<HidRelayModel> board_ = std::make_shared<HidRelayModel>(2, "PBXR1");
  DeviceId id_{};
  libusb_device_handle* handle_ = nullptr;
};

TEST_F(HidRelayTest, EnumeratesAsALowSpeedDcttechBoard) {
  EXPECT_EQ(bed().bound_driver(id_), "usbfs");  // usbhid was detached for the claim
  DeviceList list(usb());
  auto* device = list.find(0x16c0, 0x05df);
  ASSERT_NE(device, nullptr);
  EXPECT_EQ(libusb_get_device_speed(device), LIBUSB_SPEED_LOW);
  libusb_device_descriptor descriptor{};
  ASSERT_EQ(libusb_get_device_descriptor(device, &descriptor), 0);
  EXPECT_EQ(descriptor.iSerialNumber, 0);
  unsigned char text[64]{};
  ASSERT_GT(libusb_get_string_descriptor_ascii(handle_, descriptor.iProduct, text, sizeof text), 0);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(text)), "USBRelay2");
  ASSERT_GT(libusb_get_string_descriptor_ascii(handle_, descriptor.iManufacturer, text, sizeof text), 0);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(text)), "www.dcttech.com");
}

TEST_F(HidRelayTest, SwitchesSingleRelaysAndReportsTheBitmask) {
  ASSERT_EQ(set(relay_on, 1), 8);
  EXPECT_EQ(board_->states(), 0x01);
  ASSERT_EQ(set(relay_on, 2), 8);
  EXPECT_EQ(board_->states(), 0x03);
  ASSERT_EQ(set(relay_off, 1), 8);
  EXPECT_EQ(board_->states(), 0x02);

  const auto report = get();
  ASSERT_EQ(report.result, 8);
  EXPECT_EQ(std::string(report.data.begin(), report.data.begin() + 5), "PBXR1");
  EXPECT_EQ(report.data[5], 0);
  EXPECT_EQ(report.data[7], 0x02);
  EXPECT_TRUE(board_->violations().empty()) << ::testing::PrintToString(board_->violations());
}

TEST_F(HidRelayTest, AllOnAndAllOffCoverEveryRelay) {
  ASSERT_EQ(set(all_on, 0), 8);
  EXPECT_EQ(board_->states(), 0x03);
  EXPECT_EQ(get().data[7], 0x03);
  ASSERT_EQ(set(all_off, 0), 8);
  EXPECT_EQ(board_->states(), 0x00);
}

TEST_F(HidRelayTest, DeviceRecipientRequestsWorkToo) {
  ASSERT_EQ(set(relay_on, 2, 0x20), 8);
  EXPECT_EQ(get(0xA0).data[7], 0x02);
}

TEST_F(HidRelayTest, SwitchLogMeasuresAPulse) {
  ASSERT_EQ(set(relay_on, 1), 8);
  std::this_thread::sleep_for(40ms);
  ASSERT_EQ(set(relay_off, 1), 8);
  const auto log = board_->switch_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].relay, 1);
  EXPECT_TRUE(log[0].on);
  EXPECT_FALSE(log[1].on);
  EXPECT_GE(log[1].at - log[0].at, 40ms);
  EXPECT_EQ(log[1].states_after, 0);
}

TEST_F(HidRelayTest, UnknownRelayOrCommandStalls) {
  EXPECT_EQ(set(relay_on, 3), LIBUSB_ERROR_PIPE);
  EXPECT_EQ(set(0x42, 1), LIBUSB_ERROR_PIPE);
  EXPECT_EQ(libusb_control_transfer(handle_, 0x21, 0x09, 0x0301, 0, std::array<std::uint8_t, 8>{}.data(), 8, 1000),
            LIBUSB_ERROR_PIPE);
  EXPECT_EQ(board_->violations().size(), 3u) << ::testing::PrintToString(board_->violations());
  EXPECT_EQ(board_->states(), 0);
}

TEST_F(HidRelayTest, RelaysDropWhenTheBoardLosesPower) {
  ASSERT_EQ(set(all_on, 0), 8);
  bed().unplug(id_);
  bed().replug(id_);
  EXPECT_EQ(board_->states(), 0);
}

TEST(HidRelayModelTest, RejectsImpossibleBoards) {
  EXPECT_THROW(HidRelayModel(0), std::invalid_argument);
  EXPECT_THROW(HidRelayModel(9), std::invalid_argument);
  EXPECT_THROW(HidRelayModel(2, "TOO-LONG"), std::invalid_argument);
  EXPECT_THROW(HidRelayModel(2, "AB CD"), std::invalid_argument);
}

}  // namespace
}  // namespace pickupbox::usbsim::testing
