#pragma once
// dcttech-compatible USB HID relay boards ("USBRelay1/2/4/8"): a V-USB firmware on the shared
// V-USB HID id 16c0:05df that switches relays on HID feature reports. Driven by control
// transfers through libusb (usbhid is detached by Context::open), as hidapi's
// hid_send_feature_report / hid_get_feature_report do through hidraw; the report format
// follows the usbrelay tool (libusbrelay.c: operate_relay, get_board_features).
#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::relay {

// Shared by every V-USB HID gadget, so the product string decides what the device is.
inline constexpr usb::UsbId hid_relay_id{0x16c0, 0x05df};
inline constexpr int hid_relay_interface = 0;
inline constexpr std::string_view hid_relay_product_prefix = "USBRelay";
// The firmware's one feature report (id 0, so no id byte on the wire) is 8 bytes both ways.
inline constexpr std::size_t hid_relay_report_size = 8;
// The state byte has one bit per relay, so a board has at most 8.
inline constexpr int hid_relay_max_relays = 8;

// HID class requests: SET_REPORT host-to-device / GET_REPORT device-to-host, class,
// interface recipient; wValue = report type (3, feature) << 8 | report id (0); wIndex =
// interface 0. (The original V-USB tools send recipient "device", 0x20/0xA0; the firmware
// only checks the request type is class, and 0x21/0xA1 is what the HID spec and usbhid use.)
inline constexpr usb::ControlSetup hid_relay_set_report{0x21, 0x09, 0x0300, 0};
inline constexpr usb::ControlSetup hid_relay_get_report{0xA1, 0x01, 0x0300, 0};

// First byte of a SET_REPORT: switch one relay (byte 1 = relay 1..N) on or off.
inline constexpr std::uint8_t hid_relay_command_on = 0xFF;
inline constexpr std::uint8_t hid_relay_command_off = 0xFD;

// GET_REPORT layout: bytes 0-4 the board's own serial (ASCII, NUL-padded), byte 7 the relay
// states, bit 0 = relay 1. Bytes 5-6 are unused.
inline constexpr std::size_t hid_relay_serial_length = 5;
inline constexpr std::size_t hid_relay_state_byte = 7;

// "USBRelay2" -> 2, "USBRelay8" -> 8; invalid_argument naming the string for anything else
// (another V-USB gadget, a board count outside 1..8).
core::Result<int> relay_count_from_product(std::string_view product);

// The 8-byte SET_REPORT payload {0xFF | 0xFD, relay, 0, ...}; relay is not checked here.
std::array<std::uint8_t, hid_relay_report_size> relay_command(int relay, bool on);

struct RelayReport {
  std::string serial;       // up to 5 characters, cut at the first NUL
  std::uint8_t states = 0;  // bit 0 = relay 1
  bool operator==(const RelayReport&) const = default;
};
RelayReport parse_relay_report(std::span<const std::uint8_t, hid_relay_report_size> report);

// One open relay board. Used from one thread at a time.
class HidRelayBoard {
 public:
  // Opens the one matching board (an unset match.id means 16c0:05df), claims interface 0 and
  // checks the product string. not_found / invalid_argument / hardware as Context::open, and
  // invalid_argument when the device is not a "USBRelayN".
  static core::Result<HidRelayBoard> open(usb::Context& context, const usb::DeviceMatch& match);

  // relay 1..relays(), else invalid_argument; hardware when the transfer fails.
  core::Result<void> set(int relay, bool on);
  // The board's relay bits (bit 0 = relay 1) as it reports them now.
  core::Result<std::uint8_t> states();
  // The whole feature report, serial included.
  core::Result<RelayReport> report();

  int relays() const { return relays_; }
  const usb::DeviceInfo& device() const { return handle_.info(); }
  bool gone() const { return handle_.gone(); }

 private:
  HidRelayBoard(usb::DeviceHandle handle, int relays) : handle_(std::move(handle)), relays_(relays) {}

  usb::DeviceHandle handle_;
  int relays_ = 0;
};

}  // namespace pickupbox::relay
