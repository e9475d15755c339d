#pragma once
// What boxd knows about one USB device and how a configuration line picks it out.
// Pure data, no libusb: configuration parsing and tests use it without a context.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace pickupbox::usb {

struct UsbId {
  std::uint16_t vendor = 0;
  std::uint16_t product = 0;
  bool operator==(const UsbId&) const = default;
};

// "0403:6001" (hex, as lsusb prints it).
std::string to_string(UsbId id);
core::Result<UsbId> parse_usb_id(std::string_view text);

struct DeviceInfo {
  UsbId id;
  std::uint8_t bus = 0;
  std::uint8_t address = 0;
  std::vector<std::uint8_t> ports;  // hub port chain from the root, e.g. {1, 4}
  std::string serial;               // empty when the device has none or it cannot be read
  std::string product;              // product string, e.g. "USBRelay2"

  // The Linux sysfs name of the port, e.g. "1-1.4": bus 1, root port 1, hub port 4.
  // Stable as long as the cable stays in the same socket, which is why the
  // configuration names boards by it (cheap bridges often share one serial number).
  std::string port_path() const;
  // "0403:6001 at 1-1.4 (serial A5XK3RJT)" for messages and logs.
  std::string describe() const;
};

// "1-1.4" -> bus 1, ports {1, 4}; invalid_argument naming the text otherwise.
struct PortPath {
  std::uint8_t bus = 0;
  std::vector<std::uint8_t> ports;
  bool operator==(const PortPath&) const = default;
};
core::Result<PortPath> parse_port_path(std::string_view text);

// Every field that is set must match; an empty match matches everything.
struct DeviceMatch {
  std::optional<UsbId> id;
  std::string serial;     // exact
  std::string port_path;  // exact, "1-1.4"

  bool matches(const DeviceInfo& device) const;
  std::string describe() const;  // "0403:6001 at port 1-1.4" for messages
};

}  // namespace pickupbox::usb
