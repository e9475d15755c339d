// dcttech HID relay boards through libusb control transfers, on a simulated V-USB board.
#include "relay/hid_relay.hpp"
#include "usb_fixture.hpp"
#include "usbsim/hid_relay_model.hpp"

namespace pickupbox::testing {
namespace {

class HidRelay : public UsbBusTest {
 protected:
  std::shared_ptr<usbsim::HidRelayModel> model = std::make_shared<usbsim::HidRelayModel>(2);
  usbsim::DeviceId id = testbed.add(model, usbsim::Placement{1, {2}});

  relay::HidRelayBoard open_board() {
    start();
    usb::DeviceMatch match;
    match.port_path = "1-2";
    auto board = relay::HidRelayBoard::open(*usb, match);
    if (!board) throw std::runtime_error(board.error().message);
    return std::move(*board);
  }
};

TEST_F(HidRelay, OpensByPortPathAndCountsRelaysFromTheProductString) {
  auto board = open_board();
  EXPECT_EQ(board.relays(), 2);
  EXPECT_EQ(board.device().product, "USBRelay2");
  EXPECT_EQ(testbed.bound_driver(id), "usbfs");
}

TEST_F(HidRelay, SwitchesOneRelayAndReadsTheStateBack) {
  auto board = open_board();
  ASSERT_TRUE(board.set(2, true).has_value());
  EXPECT_EQ(model->states(), 0b10);
  auto states = board.states();
  ASSERT_TRUE(states.has_value()) << states.error().message;
  EXPECT_EQ(*states, 0b10);
  ASSERT_TRUE(board.set(2, false).has_value());
  EXPECT_EQ(model->states(), 0);
  EXPECT_TRUE(model->violations().empty()) << model->violations().front();
}

TEST_F(HidRelay, ARelayTheBoardDoesNotHaveIsRefusedWithoutTouchingIt) {
  auto board = open_board();
  auto refused = board.set(3, true);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_argument);
  EXPECT_TRUE(model->switch_log().empty());
}

TEST_F(HidRelay, AnUnpluggedBoardFailsAsHardwareAndSaysSo) {
  auto board = open_board();
  testbed.unplug(id);
  auto failed = board.set(1, true);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, core::ErrorCode::hardware);
  EXPECT_TRUE(board.gone());
}

}  // namespace
}  // namespace pickupbox::testing
