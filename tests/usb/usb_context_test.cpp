// Discovery: boxd names bridges by port path because cheap boards share serial numbers.
#include <algorithm>

#include "usb_fixture.hpp"
#include "usbsim/ftdi_chip_model.hpp"

namespace pickupbox::testing {
namespace {

using usbsim::FtdiChipModel;
using usbsim::Placement;

class UsbDiscovery : public UsbBusTest {};

TEST_F(UsbDiscovery, ListsDevicesWithPortPathSerialAndProduct) {
  testbed.add(std::make_shared<FtdiChipModel>(bank.transport()), Placement{1, {1, 4}});
  start();
  auto devices = usb->devices();
  ASSERT_TRUE(devices.has_value()) << devices.error().message;
  auto ftdi = std::ranges::find(*devices, usb::UsbId{0x0403, 0x6001}, &usb::DeviceInfo::id);
  ASSERT_NE(ftdi, devices->end());
  EXPECT_EQ(ftdi->port_path(), "1-1.4");
  EXPECT_EQ(ftdi->ports, (std::vector<std::uint8_t>{1, 4}));
  EXPECT_EQ(ftdi->serial, "PBX00001");
  EXPECT_EQ(ftdi->product, "FT232R USB UART");
}

TEST_F(UsbDiscovery, TwoBridgesWithOneSerialAreTelledApartByPortPath) {
  testbed.add(std::make_shared<FtdiChipModel>(bank.transport()), Placement{1, {1, 4}});
  testbed.add(std::make_shared<FtdiChipModel>(bank.transport()), Placement{1, {1, 3}});
  start();
  usb::DeviceMatch by_serial;
  by_serial.serial = "PBX00001";
  auto ambiguous = usb->open(by_serial, 0);
  ASSERT_FALSE(ambiguous.has_value());
  EXPECT_EQ(ambiguous.error().code, core::ErrorCode::invalid_argument);
  EXPECT_NE(ambiguous.error().message.find("2 USB devices match"), std::string::npos);
  EXPECT_NE(ambiguous.error().message.find("port path"), std::string::npos);

  usb::DeviceMatch by_port;
  by_port.port_path = "1-1.3";
  auto handle = usb->open(by_port, 0);
  ASSERT_TRUE(handle.has_value()) << handle.error().message;
  EXPECT_EQ(handle->info().port_path(), "1-1.3");
}

TEST_F(UsbDiscovery, NoMatchSaysWhatIsPresent) {
  testbed.add(std::make_shared<FtdiChipModel>(bank.transport()), Placement{1, {1, 4}});
  start();
  usb::DeviceMatch elsewhere;
  elsewhere.port_path = "1-2";
  auto handle = usb->open(elsewhere, 0);
  ASSERT_FALSE(handle.has_value());
  EXPECT_EQ(handle.error().code, core::ErrorCode::not_found);
  EXPECT_NE(handle.error().message.find("0403:6001 at 1-1.4"), std::string::npos) << handle.error().message;
}

TEST_F(UsbDiscovery, ClaimingDetachesTheKernelDriverAndClosingGivesItBack) {
  const auto id = testbed.add(std::make_shared<FtdiChipModel>(bank.transport()), Placement{1, {1, 4}});
  start();
  EXPECT_EQ(testbed.bound_driver(id), "ftdi_sio");
  {
    auto handle = usb->open(usb::DeviceMatch{usb::UsbId{0x0403, 0x6001}, "", ""}, 0);
    ASSERT_TRUE(handle.has_value()) << handle.error().message;
    EXPECT_EQ(testbed.bound_driver(id), "usbfs");
  }
  EXPECT_EQ(testbed.bound_driver(id), "ftdi_sio");
}

}  // namespace
}  // namespace pickupbox::testing
