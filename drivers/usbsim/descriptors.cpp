#include "usbsim/descriptors.hpp"

#include <algorithm>

namespace pickupbox::usbsim {

namespace {

constexpr std::uint8_t device_type = 0x01;
constexpr std::uint8_t configuration_type = 0x02;
constexpr std::uint8_t string_type = 0x03;
constexpr std::uint8_t interface_type = 0x04;
constexpr std::uint8_t endpoint_type = 0x05;

void put16(std::vector<std::uint8_t>& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value & 0xFF));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
}

std::uint8_t index_if(const std::string& text, std::uint8_t index) { return text.empty() ? 0 : index; }

}  // namespace

std::vector<std::uint8_t> device_descriptor(const DeviceDescription& device) {
  std::vector<std::uint8_t> out{18, device_type};
  put16(out, 0x0200);  // bcdUSB 2.0
  out.push_back(device.device_class);
  out.push_back(0);  // bDeviceSubClass
  out.push_back(device.device_protocol);
  out.push_back(device.max_packet_size0);
  put16(out, device.vendor);
  put16(out, device.product);
  put16(out, device.bcd_device);
  out.push_back(index_if(device.manufacturer, manufacturer_string));
  out.push_back(index_if(device.product_name, product_string));
  out.push_back(index_if(device.serial, serial_string));
  out.push_back(1);  // bNumConfigurations
  return out;
}

std::vector<std::uint8_t> configuration_descriptor(const DeviceDescription& device) {
  std::vector<std::uint8_t> body{9,
                                 interface_type,
                                 0,  // bInterfaceNumber
                                 0,  // bAlternateSetting
                                 static_cast<std::uint8_t>(device.endpoints.size()),
                                 device.interface_class,
                                 device.interface_subclass,
                                 device.interface_protocol,
                                 0};  // iInterface
  body.insert(body.end(), device.class_descriptor.begin(), device.class_descriptor.end());
  for (const auto& endpoint : device.endpoints) {
    body.insert(body.end(), {7, endpoint_type, endpoint.address, endpoint.attributes});
    put16(body, endpoint.max_packet_size);
    body.push_back(endpoint.interval);
  }
  std::vector<std::uint8_t> out{9, configuration_type};
  put16(out, static_cast<std::uint16_t>(9 + body.size()));
  out.insert(out.end(), {1, 1, 0, 0x80, device.max_power_2ma});  // 1 interface, config 1, bus powered
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::vector<std::uint8_t> language_descriptor() { return {4, string_type, 0x09, 0x04}; }

std::vector<std::uint8_t> string_descriptor(std::string_view text) {
  const auto units = std::min<std::size_t>(text.size(), 126);  // bLength is one byte
  std::vector<std::uint8_t> out{static_cast<std::uint8_t>(2 + 2 * units), string_type};
  for (std::size_t i = 0; i < units; ++i) {
    out.push_back(static_cast<std::uint8_t>(text[i]));
    out.push_back(0);
  }
  return out;
}

std::optional<std::string> string_for_index(const DeviceDescription& device, std::uint8_t index) {
  const std::string* text = nullptr;
  switch (index) {
    case manufacturer_string: text = &device.manufacturer; break;
    case product_string: text = &device.product_name; break;
    case serial_string: text = &device.serial; break;
    default: return std::nullopt;
  }
  if (text->empty()) return std::nullopt;
  return *text;
}

std::string upper_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0F]);
  }
  return out;
}

}  // namespace pickupbox::usbsim
