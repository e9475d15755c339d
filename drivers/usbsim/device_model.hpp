#pragma once
// What a simulated USB device is made of: its descriptors, and the answers it gives to
// control requests and bulk/interrupt transfers. The testbed turns usbdevfs ioctls into
// these calls, so a model never sees libusb or umockdev.
//
// Models are called from umockdev's ioctl thread while tests read them from their own
// thread: every implementation must be thread-safe.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace pickupbox::usbsim {

// Endpoint types as bmAttributes encodes them.
inline constexpr std::uint8_t endpoint_bulk = 0x02;
inline constexpr std::uint8_t endpoint_interrupt = 0x03;

struct EndpointDescription {
  std::uint8_t address = 0;     // bit 7 set = IN
  std::uint8_t attributes = 0;  // endpoint_bulk or endpoint_interrupt
  std::uint16_t max_packet_size = 64;
  std::uint8_t interval = 0;  // frames; interrupt endpoints only
};

enum class UsbSpeed { low, full, high };

struct DeviceDescription {
  std::uint16_t vendor = 0;
  std::uint16_t product = 0;
  std::uint16_t bcd_device = 0;
  std::uint8_t device_class = 0;
  std::uint8_t device_protocol = 0;
  std::uint8_t max_packet_size0 = 8;
  std::uint8_t interface_class = 0;
  std::uint8_t interface_subclass = 0;
  std::uint8_t interface_protocol = 0;
  std::uint8_t max_power_2ma = 50;  // bMaxPower, in 2 mA units
  UsbSpeed speed = UsbSpeed::full;
  std::string manufacturer;  // empty: no string descriptor (index 0)
  std::string product_name;
  std::string serial;
  std::vector<EndpointDescription> endpoints;
  // Class-specific bytes placed after the interface descriptor (a HID descriptor).
  std::vector<std::uint8_t> class_descriptor;
  // The kernel driver bound to interface 0 when the device appears ("ftdi_sio", "ch341",
  // "usbhid"); empty when none is. libusb must detach it before claiming.
  std::string kernel_driver;
};

// The setup packet of one control request.
struct Setup {
  std::uint8_t request_type = 0;  // bmRequestType
  std::uint8_t request = 0;       // bRequest
  std::uint16_t value = 0;        // wValue
  std::uint16_t index = 0;        // wIndex
  std::uint16_t length = 0;       // wLength

  bool is_in() const { return (request_type & 0x80) != 0; }
  bool operator==(const Setup&) const = default;
};

// "C0 05 wValue=0000 wIndex=0000 wLength=2", for failure messages and violation lists.
std::string describe(const Setup& setup);

// Why `setup` does not carry this bmRequestType and wLength, or nullopt when it does.
std::optional<std::string> shape_mismatch(const Setup& setup, std::uint8_t request_type, std::uint16_t length);

struct ControlReply {
  bool stall = false;                  // the device answers with a STALL handshake
  std::vector<std::uint8_t> in_data;   // IN requests: the data stage (cut to wLength)

  static ControlReply ack() { return {}; }
  static ControlReply data(std::vector<std::uint8_t> bytes) { return {false, std::move(bytes)}; }
  static ControlReply stalled() { return {true, {}}; }
};

class DeviceModel {
 public:
  virtual ~DeviceModel() = default;

  virtual DeviceDescription description() const = 0;

  // Every control request except the standard ones the testbed answers for all devices
  // (GET_DESCRIPTOR device/configuration/string, GET_STATUS, GET_CONFIGURATION).
  virtual ControlReply control(const Setup& setup, std::span<const std::uint8_t> out_data) = 0;

  virtual void bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) = 0;

  // Asked on every reap attempt while an IN transfer is in flight on `endpoint` (bulk or
  // interrupt). nullopt: nothing to send yet, the transfer stays in flight.
  virtual std::optional<std::vector<std::uint8_t>> bulk_in(std::uint8_t endpoint, std::size_t max_length) = 0;

  // An IN transfer was submitted on `endpoint` (chips that answer on a timer start it here).
  virtual void bulk_in_submitted(std::uint8_t /*endpoint*/) {}

  // The device was plugged in again: real chips lose their configuration with power.
  virtual void power_cycled() {}
};

}  // namespace pickupbox::usbsim
