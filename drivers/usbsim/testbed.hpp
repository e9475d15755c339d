#pragma once
// A simulated USB bus for the real libusb code path: an in-process umockdev testbed whose
// device nodes are answered by DeviceModels at the usbdevfs ioctl level, as libusb's own
// tests/umockdev.c does it.
//
// Rules of use:
// - The process must run with libumockdev-preload (start it under umockdev-wrapper);
//   without it libusb would look at the real /sys and /dev.
// - Create the Testbed before libusb_init() and destroy it after libusb_exit().
// - One Testbed per process at a time (umockdev points $UMOCKDEV_DIR at it).
// Methods are thread-safe.
#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "usbsim/device_model.hpp"

namespace pickupbox::usbsim {

// Where a device is plugged in: bus number and the port chain from the root hub.
// {1, {1, 4}} is sysfs "1-1.4": root port 1, then port 4 of the hub behind it.
struct Placement {
  std::uint8_t bus = 1;
  std::vector<std::uint8_t> ports{1};

  std::string port_path() const;  // "1-1.4"
  bool operator==(const Placement&) const = default;
};

struct DeviceId {
  int value = 0;
  auto operator<=>(const DeviceId&) const = default;
};

class Testbed {
 public:
  // Start-up: throws std::runtime_error when the umockdev preload is missing or another
  // Testbed is alive in this process.
  Testbed();
  ~Testbed();
  Testbed(const Testbed&) = delete;
  Testbed& operator=(const Testbed&) = delete;

  // True when the process runs with libumockdev-preload (umockdev-wrapper).
  static bool preload_active();

  // Plugs `model` in at `placement`, creating the root hub and intermediate hubs on first
  // use; libusb sees it at once (hotplug ARRIVED if a callback is registered). Throws
  // std::invalid_argument for an empty or deeper-than-7 port chain, a port 0, or a place
  // that is taken or already serves as a hub.
  DeviceId add(std::shared_ptr<DeviceModel> model, Placement placement = {});

  // Pulls the cable: transfers in flight and new ones fail with LIBUSB_ERROR_NO_DEVICE,
  // libusb hotplug reports LEFT. Does nothing if it is already unplugged.
  void unplug(DeviceId id);
  // Plugs the same model back in at the same place with a new device address; the model
  // is power-cycled (chips forget their settings). Does nothing if it is plugged in.
  void replug(DeviceId id);

  // Unknown ids throw std::out_of_range.
  bool plugged(DeviceId id) const;
  std::uint8_t address(DeviceId id) const;      // device number of the current (or last) plug-in
  std::string sysfs_path(DeviceId id) const;    // "/sys/devices/usb1/1-1/1-1.4"
  std::string device_node(DeviceId id) const;   // "/dev/bus/usb/001/003"
  // Driver bound to interface 0 right now: the kernel driver ("ftdi_sio"), "usbfs" while
  // libusb holds the interface, or "" after a detach.
  std::string bound_driver(DeviceId id) const;
  // What happened to interface 0 (claims, detaches, re-attaches), oldest first.
  std::vector<std::string> driver_events(DeviceId id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pickupbox::usbsim
