// boxd on simulated lock boards reached through the real USB path (boxd-usbsim: libusb,
// the FT232R bridge driver, hotplug, the bus master), driven by boxctl and the local API.
#include <gtest/gtest.h>


#include "boxctl_runner.hpp"
#include "boxd_test.hpp"

namespace pickupbox::e2e {
namespace {


class UsbPath : public BoxdTest {
 protected:
  BoxdOptions boxd_options() const override {
    BoxdOptions options;
    options.binary = BOXD_USBSIM_PATH;
    return options;
  }
  BoxctlRun boxctl(std::vector<std::string> args) {
    args.insert(args.begin(), {"--socket", boxd().socket().string()});
    return run_boxctl(args, {});
  }
};

std::string shown(const BoxctlRun& run) {
  return "exit " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out + "\nstderr:\n" + run.err;
}

TEST_F(UsbPath, BoardsScanListsTheSimulatedBoardsBehindTheUsbBridge) {
  const auto run = boxctl({"boards", "scan"});
  ASSERT_EQ(run.exit_code, 0) << shown(run);
  EXPECT_NE(run.out.find("Bus: usb, ftdi bridge"), std::string::npos) << shown(run);
  EXPECT_NE(run.out.find("1-1.4, 19200 8N1, connected"), std::string::npos) << shown(run);
  EXPECT_NE(run.out.find("0        yes       yes"), std::string::npos) << shown(run);
  EXPECT_NE(run.out.find("1        yes       yes"), std::string::npos) << shown(run);
  EXPECT_NE(run.out.find("2 board(s) answered, 0 configured board(s) silent"), std::string::npos) << shown(run);
  EXPECT_NE(boxd().log_text().find("bus.connected"), std::string::npos);
}

TEST_F(UsbPath, TheWholeDemoWorksThroughTheUsbPath) {
  const auto run = boxctl({"demo"});
  EXPECT_EQ(run.exit_code, 0) << shown(run);
  EXPECT_NE(run.out.find("[10/10]"), std::string::npos) << shown(run);
}

TEST_F(UsbPath, ASensorlessRelayDoorOpensAndClosesWhenTheUserConfirms) {
  auto box = driver();
  box.login();
  EXPECT_FALSE(box.locker("R01").at("door_sensor").get<bool>());
  EXPECT_TRUE(box.locker("A01").at("door_sensor").get<bool>());
  box.staff("staff.open", Json{{"locker_id", "R01"}, {"reason", "test"}});
  box.wait_door("R01", "open");
  auto confirmed = box.call("door.confirm_closed", Json{{"locker_id", "R01"}});
  ASSERT_TRUE(confirmed.has_value()) << confirmed.error().message;
  box.wait_door("R01", "closed");
  auto refused = box.call("door.confirm_closed", Json{{"locker_id", "A01"}});
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("has a sensor"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace pickupbox::e2e
