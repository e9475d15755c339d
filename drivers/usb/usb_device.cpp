#include "usb/usb_device.hpp"

#include <charconv>
#include <cstdio>

namespace pickupbox::usb {
namespace {

core::Result<unsigned> parse_number(std::string_view text, int base, unsigned max, std::string_view what,
                                    std::string_view whole) {
  unsigned n = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, n, base);
  if (text.empty() || ec != std::errc{} || ptr != end || n > max) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "'" + std::string(whole) + "': " + std::string(what) + " '" + std::string(text) + "' is not valid");
  }
  return n;
}

}  // namespace

std::string to_string(UsbId id) {
  char text[10];
  std::snprintf(text, sizeof text, "%04x:%04x", id.vendor, id.product);
  return text;
}

core::Result<UsbId> parse_usb_id(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon != 4 || text.size() != 9) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "'" + std::string(text) + "' is not a USB id; write VID:PID in hex as lsusb prints it, e.g. 0403:6001");
  }
  auto vendor = parse_number(text.substr(0, 4), 16, 0xFFFF, "vendor id", text);
  if (!vendor) return std::unexpected(vendor.error());
  auto product = parse_number(text.substr(5), 16, 0xFFFF, "product id", text);
  if (!product) return std::unexpected(product.error());
  return UsbId{static_cast<std::uint16_t>(*vendor), static_cast<std::uint16_t>(*product)};
}

std::string DeviceInfo::port_path() const {
  std::string path = std::to_string(bus);
  for (std::size_t i = 0; i < ports.size(); ++i) {
    path += (i == 0 ? '-' : '.');
    path += std::to_string(ports[i]);
  }
  return path;
}

std::string DeviceInfo::describe() const {
  std::string text = to_string(id) + " at " + port_path();
  if (!serial.empty()) text += " (serial " + serial + ")";
  return text;
}

core::Result<PortPath> parse_port_path(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "'" + std::string(text) + "' is not a USB port path (" + why +
                          "); write it as Linux names it in /sys/bus/usb/devices, e.g. 1-1.4");
  };
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return bad("no '-' after the bus number");
  auto bus = parse_number(text.substr(0, dash), 10, 255, "bus", text);
  if (!bus || *bus == 0) return bad("bus must be 1-255");
  PortPath path{static_cast<std::uint8_t>(*bus), {}};
  std::string_view rest = text.substr(dash + 1);
  while (true) {
    const auto dot = rest.find('.');
    auto port = parse_number(rest.substr(0, dot), 10, 255, "port", text);
    if (!port || *port == 0) return bad("ports must be 1-255");
    path.ports.push_back(static_cast<std::uint8_t>(*port));
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  // USB allows at most 7 tiers, so at most 7 ports in a chain.
  if (path.ports.size() > 7) return bad("more than 7 hub levels");
  return path;
}

bool DeviceMatch::matches(const DeviceInfo& device) const {
  if (id && device.id != *id) return false;
  if (!serial.empty() && device.serial != serial) return false;
  if (!port_path.empty() && device.port_path() != port_path) return false;
  return true;
}

std::string DeviceMatch::describe() const {
  std::string text = id ? to_string(*id) : std::string("any device");
  if (!port_path.empty()) text += " at port " + port_path;
  if (!serial.empty()) text += " with serial " + serial;
  return text;
}

}  // namespace pickupbox::usb
