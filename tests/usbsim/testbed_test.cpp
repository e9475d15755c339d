// The simulated bus as libusb sees it: topology, descriptors, strings, kernel-driver
// detach, hotplug, unplug in the middle of a transfer, devices added at run time.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "usb_bus_fixture.hpp"
#include "usbsim/ch340_chip_model.hpp"
#include "usbsim/ftdi_chip_model.hpp"
#include "usbsim/hid_relay_model.hpp"

namespace pickupbox::usbsim::testing {
namespace {

using namespace std::chrono_literals;

std::string ascii_string(libusb_device_handle* handle, std::uint8_t index) {
  unsigned char text[128]{};
  const int length = libusb_get_string_descriptor_ascii(handle, index, text, sizeof text);
  return length < 0 ? "<error " + std::to_string(length) + ">" : std::string(reinterpret_cast<char*>(text), length);
}

bool contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& line : lines) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST_F(UsbBusTest, DeviceBehindAHubHasItsBusPortsAndAddress) {
  const auto id = bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1, 4}});
  DeviceList list(usb());
  libusb_device* device = list.find(0x0403, 0x6001);
  ASSERT_NE(device, nullptr);

  EXPECT_EQ(libusb_get_bus_number(device), 1);
  EXPECT_EQ(port_numbers(device), (std::vector<std::uint8_t>{1, 4}));
  EXPECT_EQ(libusb_get_device_address(device), bed().address(id));
  EXPECT_EQ(libusb_get_device_speed(device), LIBUSB_SPEED_FULL);
  EXPECT_EQ(bed().sysfs_path(id), "/sys/devices/usb1/1-1/1-1.4");
  char node[32];
  std::snprintf(node, sizeof node, "/dev/bus/usb/001/%03u", static_cast<unsigned>(bed().address(id)));
  EXPECT_EQ(bed().device_node(id), node);

  libusb_device* hub = libusb_get_parent(device);
  ASSERT_NE(hub, nullptr);
  libusb_device_descriptor hub_descriptor{};
  ASSERT_EQ(libusb_get_device_descriptor(hub, &hub_descriptor), 0);
  EXPECT_EQ(hub_descriptor.bDeviceClass, LIBUSB_CLASS_HUB);
  EXPECT_EQ(port_numbers(hub), (std::vector<std::uint8_t>{1}));
  libusb_device* root = libusb_get_parent(hub);
  ASSERT_NE(root, nullptr);
  libusb_device_descriptor root_descriptor{};
  ASSERT_EQ(libusb_get_device_descriptor(root, &root_descriptor), 0);
  EXPECT_EQ(root_descriptor.idVendor, 0x1d6b);
  EXPECT_EQ(libusb_get_parent(root), nullptr);
}

TEST_F(UsbBusTest, DescriptorsDescribeTheFt232r) {
  bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {2}});
  DeviceList list(usb());
  libusb_device* device = list.find(0x0403, 0x6001);
  ASSERT_NE(device, nullptr);
  libusb_device_descriptor descriptor{};
  ASSERT_EQ(libusb_get_device_descriptor(device, &descriptor), 0);
  EXPECT_EQ(descriptor.bcdUSB, 0x0200);
  EXPECT_EQ(descriptor.bcdDevice, 0x0600);
  EXPECT_EQ(descriptor.iSerialNumber, 3);
  EXPECT_EQ(descriptor.bNumConfigurations, 1);

  libusb_config_descriptor* config = nullptr;
  ASSERT_EQ(libusb_get_active_config_descriptor(device, &config), 0);
  ASSERT_EQ(config->bNumInterfaces, 1);
  const auto& interface = config->interface[0].altsetting[0];
  EXPECT_EQ(interface.bInterfaceClass, LIBUSB_CLASS_VENDOR_SPEC);
  ASSERT_EQ(interface.bNumEndpoints, 2);
  EXPECT_EQ(interface.endpoint[0].bEndpointAddress, 0x81);
  EXPECT_EQ(interface.endpoint[0].bmAttributes, LIBUSB_TRANSFER_TYPE_BULK);
  EXPECT_EQ(interface.endpoint[0].wMaxPacketSize, 64);
  EXPECT_EQ(interface.endpoint[1].bEndpointAddress, 0x02);
  libusb_free_config_descriptor(config);
}

TEST_F(UsbBusTest, StringDescriptorsIncludeTheSerialNumber) {
  FtdiOptions options;
  options.serial = "A5XK3RJT";
  bed().add(std::make_shared<FtdiChipModel>(bank_.transport(), options), {1, {1}});
  auto* handle = open(0x0403, 0x6001, false);
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(ascii_string(handle, 1), "FTDI");
  EXPECT_EQ(ascii_string(handle, 2), "FT232R USB UART");
  EXPECT_EQ(ascii_string(handle, 3), "A5XK3RJT");
  EXPECT_EQ(ascii_string(handle, 4), "<error " + std::to_string(LIBUSB_ERROR_PIPE) + ">");
}

TEST_F(UsbBusTest, ClaimNeedsTheKernelDriverDetachedAndReleaseReattachesIt) {
  const auto id = bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1}});
  auto* handle = open(0x0403, 0x6001, false);
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(libusb_kernel_driver_active(handle, 0), 1);
  EXPECT_EQ(libusb_claim_interface(handle, 0), LIBUSB_ERROR_BUSY);

  ASSERT_EQ(libusb_set_auto_detach_kernel_driver(handle, 1), 0);
  ASSERT_EQ(libusb_claim_interface(handle, 0), 0);
  EXPECT_EQ(bed().bound_driver(id), "usbfs");
  EXPECT_EQ(libusb_kernel_driver_active(handle, 0), 0);

  ASSERT_EQ(libusb_release_interface(handle, 0), 0);
  EXPECT_EQ(bed().bound_driver(id), "ftdi_sio");
  EXPECT_EQ(libusb_kernel_driver_active(handle, 0), 1);
  const auto events = bed().driver_events(id);
  EXPECT_TRUE(contains(events, "DISCONNECT_CLAIM: ftdi_sio unbound")) << ::testing::PrintToString(events);
  EXPECT_TRUE(contains(events, "IOCTL CONNECT: ftdi_sio bound")) << ::testing::PrintToString(events);
}

TEST_F(UsbBusTest, ExplicitDetachAndAttachWork) {
  const auto id = bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {1, {1}});
  auto* handle = open(0x1a86, 0x7523, false);
  ASSERT_NE(handle, nullptr);
  ASSERT_EQ(libusb_detach_kernel_driver(handle, 0), 0);
  EXPECT_EQ(bed().bound_driver(id), "");
  EXPECT_EQ(libusb_detach_kernel_driver(handle, 0), LIBUSB_ERROR_NOT_FOUND);
  ASSERT_EQ(libusb_attach_kernel_driver(handle, 0), 0);
  EXPECT_EQ(bed().bound_driver(id), "ch341");
}

TEST_F(UsbBusTest, BulkTransferToAnInterfaceTheKernelHoldsFails) {
  bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1}});
  auto* handle = open(0x0403, 0x6001, false);
  ASSERT_NE(handle, nullptr);
  EXPECT_LT(bulk_write(handle, FtdiChipModel::out_endpoint, {0x02, 0x00, 0x30, 0x03, 0x35}), 0);
  EXPECT_TRUE(bank_.bus().written().empty());
  // Vendor control requests never need the interface (devio.c check_ctrlrecip).
  EXPECT_EQ(control_in(handle, 0xC0, 0x0A, 0, 0, 1).result, 1);
}

TEST_F(UsbBusTest, UnplugFailsAPendingInTransferWithNoDevice) {
  const auto id = bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {1, {3}});
  auto* handle = open(0x1a86, 0x7523);
  ASSERT_NE(handle, nullptr);
  std::atomic<int> result{1};
  std::thread reader([&] { result = bulk_read(handle, Ch340ChipModel::in_endpoint, 32, 5s).result; });
  std::this_thread::sleep_for(100ms);
  bed().unplug(id);
  reader.join();
  EXPECT_EQ(result.load(), LIBUSB_ERROR_NO_DEVICE);
  EXPECT_FALSE(bed().plugged(id));
  EXPECT_EQ(control_in(handle, 0xC0, 0x5F, 0, 0, 2).result, LIBUSB_ERROR_NO_DEVICE);
}

struct HotplugCounts {
  std::atomic<int> arrived{0};
  std::atomic<int> left{0};
  std::atomic<int> last_address{0};
};

int count_hotplug(libusb_context*, libusb_device* device, libusb_hotplug_event event, void* user_data) {
  auto& counts = *static_cast<HotplugCounts*>(user_data);
  if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
    counts.last_address = libusb_get_device_address(device);
    ++counts.arrived;
  } else {
    ++counts.left;
  }
  return 0;
}

TEST_F(UsbBusTest, HotplugReportsLeftOnUnplugAndArrivedOnReplug) {
  ASSERT_NE(libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG), 0);
  const auto id = bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {1, {1, 2}});
  const auto first_address = bed().address(id);
  HotplugCounts counts;
  libusb_hotplug_callback_handle callback{};
  const int events = LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT;
  ASSERT_EQ(libusb_hotplug_register_callback(usb(), events, LIBUSB_HOTPLUG_NO_FLAGS, 0x1a86, 0x7523,
                                             LIBUSB_HOTPLUG_MATCH_ANY, count_hotplug, &counts, &callback),
            0);

  bed().unplug(id);
  EXPECT_TRUE(pump_until([&] { return counts.left == 1; })) << "no LEFT after unplug";
  EXPECT_EQ(DeviceList(usb()).find(0x1a86, 0x7523), nullptr);

  bed().replug(id);
  EXPECT_TRUE(pump_until([&] { return counts.arrived == 1; })) << "no ARRIVED after replug";
  EXPECT_NE(bed().address(id), first_address);
  EXPECT_EQ(counts.last_address, bed().address(id));
  EXPECT_EQ(counts.left, 1);
  libusb_hotplug_deregister_callback(usb(), callback);

  auto* handle = open(0x1a86, 0x7523);
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(control_in(handle, 0xC0, 0x5F, 0, 0, 2).result, 2);
}

TEST_F(UsbBusTest, DeviceAddedAtRunTimeCanBeOpened) {
  bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1}});
  ASSERT_NE(DeviceList(usb()).find(0x0403, 0x6001), nullptr);
  EXPECT_EQ(DeviceList(usb()).find(0x1a86, 0x7523), nullptr);

  bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {1, {2}});
  ASSERT_TRUE(pump_until([&] { return DeviceList(usb()).find(0x1a86, 0x7523) != nullptr; }));
  auto* handle = open(0x1a86, 0x7523);
  ASSERT_NE(handle, nullptr);
  const auto version = control_in(handle, 0xC0, 0x5F, 0, 0, 2);
  EXPECT_EQ(version.data, (std::vector<std::uint8_t>{0x31, 0x00}));
}

TEST_F(UsbBusTest, FreedAddressIsReusedOnceAllOthersAreTaken) {
  // Root hub + 8 hubs + 118 bridges take all 127 addresses of bus 1.
  std::vector<DeviceId> ids;
  for (std::uint8_t hub = 1; hub <= 8; ++hub) {
    for (std::uint8_t port = 1; port <= 15 && ids.size() < 118; ++port) {
      ids.push_back(bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {1, {hub, port}}));
    }
  }
  EXPECT_THROW(bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {1, {8, 15}}), std::runtime_error);
  const auto freed = bed().address(ids[40]);
  bed().unplug(ids[40]);
  FtdiOptions options;
  options.serial = "REUSED01";
  const auto id = bed().add(std::make_shared<FtdiChipModel>(bank_.transport(), options), {1, {8, 15}});
  EXPECT_EQ(bed().address(id), freed);

  auto* handle = open(0x0403, 0x6001, false);
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(ascii_string(handle, 3), "REUSED01");
}

TEST_F(UsbBusTest, PlacementsMustNotCollide) {
  bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1, 4}});
  EXPECT_THROW(bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1, 4}}), std::invalid_argument);
  EXPECT_THROW(bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1}}), std::invalid_argument);
  EXPECT_THROW(bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {1, 4, 2}}), std::invalid_argument);
  EXPECT_THROW(bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {}}), std::invalid_argument);
  EXPECT_THROW(bed().add(std::make_shared<FtdiChipModel>(bank_.transport()), {1, {0}}), std::invalid_argument);
  EXPECT_THROW(bed().add(nullptr, {1, {3}}), std::invalid_argument);
  EXPECT_THROW(bed().unplug(DeviceId{99}), std::out_of_range);
}

TEST_F(UsbBusTest, OnlyOneTestbedAtATime) { EXPECT_THROW(Testbed{}, std::runtime_error); }

TEST_F(UsbBusTest, DevicesOnTwoBusesAreToldApartByPortPath) {
  bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {1, {1, 3}});
  bed().add(std::make_shared<Ch340ChipModel>(bank_.transport()), {2, {5}});
  std::vector<std::pair<int, std::vector<std::uint8_t>>> seen;
  libusb_device** devices = nullptr;
  const auto count = libusb_get_device_list(usb(), &devices);
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor descriptor{};
    libusb_get_device_descriptor(devices[i], &descriptor);
    if (descriptor.idVendor == 0x1a86) seen.emplace_back(libusb_get_bus_number(devices[i]), port_numbers(devices[i]));
  }
  libusb_free_device_list(devices, 1);
  std::sort(seen.begin(), seen.end());
  const std::vector<std::pair<int, std::vector<std::uint8_t>>> expected{{1, {1, 3}}, {2, {5}}};
  EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace pickupbox::usbsim::testing
