#include "usbsim/hid_relay_model.hpp"

#include <array>
#include <stdexcept>

namespace pickupbox::usbsim {

namespace {

constexpr std::uint8_t hid_get_report = 0x01;
constexpr std::uint8_t hid_set_report = 0x09;
constexpr std::uint8_t standard_get_descriptor = 0x06;
constexpr std::uint16_t feature_report_0 = 0x0300;  // report type 3 (feature) << 8 | report id 0
constexpr std::uint16_t report_descriptor_type = 0x2200;

constexpr std::uint8_t cmd_on = 0xFF;
constexpr std::uint8_t cmd_off = 0xFD;
constexpr std::uint8_t cmd_all_on = 0xFE;
constexpr std::uint8_t cmd_all_off = 0xFC;

// Vendor page, one 8-byte feature report, as the V-USB relay firmware declares it.
constexpr std::array<std::uint8_t, 22> report_descriptor_bytes{
    0x06, 0x00, 0xFF, 0x09, 0x01, 0xA1, 0x01, 0x15, 0x00, 0x26, 0xFF,
    0x00, 0x75, 0x08, 0x95, 0x08, 0x09, 0x00, 0xB2, 0x02, 0x01, 0xC0};

// hidraw sends class requests to the interface (0x21/0xA1); libusb-0.1 era tools send them
// to the device (0x20/0xA0). V-USB firmware ignores the recipient, so both work.
bool class_request(const Setup& setup, bool in) {
  const std::uint8_t type = setup.request_type & 0x7F;
  return setup.is_in() == in && (type == 0x21 || type == 0x20);
}

void check_serial(const std::string& serial) {
  bool printable = serial.size() == 5;
  for (char c : serial) printable = printable && c > 0x20 && c < 0x7F;
  if (!printable) throw std::invalid_argument("HidRelayModel: board serial '" + serial +
                                              "' must be 5 printable ASCII characters, e.g. PBXR1");
}

}  // namespace

HidRelayModel::HidRelayModel(int relays, std::string board_serial)
    : relays_(relays), board_serial_(std::move(board_serial)) {
  if (relays < 1 || relays > 8) {
    throw std::invalid_argument("HidRelayModel: " + std::to_string(relays) +
                                " relays requested; dcttech boards have 1 to 8");
  }
  check_serial(board_serial_);
}

DeviceDescription HidRelayModel::description() const {
  DeviceDescription d;
  d.vendor = vendor_id;
  d.product = product_id;
  d.bcd_device = 0x0100;
  d.interface_class = 0x03;  // HID, no boot protocol
  d.max_power_2ma = 50;
  d.speed = UsbSpeed::low;   // V-USB is a low-speed software USB stack
  d.manufacturer = "www.dcttech.com";
  d.product_name = "USBRelay" + std::to_string(relays_);
  d.endpoints = {{interrupt_endpoint, endpoint_interrupt, 8, 20}};
  d.class_descriptor = {0x09, 0x21, 0x01, 0x01, 0x00, 0x01, 0x22,
                        static_cast<std::uint8_t>(report_descriptor_bytes.size()), 0x00};
  d.kernel_driver = "usbhid";
  return d;
}

ControlReply HidRelayModel::control(const Setup& setup, std::span<const std::uint8_t> out_data) {
  log_.record(setup);
  std::lock_guard lock(mutex_);
  if (setup.request == hid_set_report && class_request(setup, false)) return set_report(setup, out_data);
  if (setup.request == hid_get_report && class_request(setup, true)) return get_report(setup);
  if (setup.request == standard_get_descriptor && setup.request_type == 0x81) return report_descriptor(setup);
  return log_.violation(setup, "not a HID feature-report request the relay tools send");
}

ControlReply HidRelayModel::set_report(const Setup& setup, std::span<const std::uint8_t> report) {
  if (setup.value != feature_report_0 || setup.index != 0) {
    return log_.violation(setup, "SET_REPORT: wValue must be 0x0300 (feature report 0) and wIndex 0");
  }
  if (setup.length != report_size || report.size() != report_size) {
    return log_.violation(setup, "SET_REPORT: the feature report is 8 bytes");
  }
  const int relay = report[1];
  switch (report[0]) {
    case cmd_all_on: apply(0, true); return ControlReply::ack();
    case cmd_all_off: apply(0, false); return ControlReply::ack();
    case cmd_on:
    case cmd_off:
      if (relay < 1 || relay > relays_) {
        return log_.violation(setup, "SET_REPORT: relay " + std::to_string(relay) + " does not exist on a " +
                                         std::to_string(relays_) + "-relay board");
      }
      apply(relay, report[0] == cmd_on);
      return ControlReply::ack();
    default:
      return log_.violation(setup, "SET_REPORT: command byte must be FF (on), FD (off), FE (all on) or FC (all off)");
  }
}

ControlReply HidRelayModel::get_report(const Setup& setup) {
  if (setup.value != feature_report_0 || setup.index != 0) {
    return log_.violation(setup, "GET_REPORT: wValue must be 0x0300 (feature report 0) and wIndex 0");
  }
  if (setup.length < report_size) return log_.violation(setup, "GET_REPORT: the feature report is 8 bytes");
  std::vector<std::uint8_t> report(board_serial_.begin(), board_serial_.end());
  report.resize(report_size, 0);
  report[7] = states_;
  return ControlReply::data(std::move(report));
}

ControlReply HidRelayModel::report_descriptor(const Setup& setup) {
  if (setup.value != report_descriptor_type || setup.index != 0) {
    return log_.violation(setup, "GET_DESCRIPTOR to the interface: only the HID report descriptor exists");
  }
  return ControlReply::data(std::vector<std::uint8_t>(report_descriptor_bytes.begin(), report_descriptor_bytes.end()));
}

void HidRelayModel::apply(int relay, bool on) {
  const auto mask = relay == 0 ? all_mask() : static_cast<std::uint8_t>(1u << (relay - 1));
  states_ = static_cast<std::uint8_t>(on ? (states_ | mask) : (states_ & ~mask));
  switch_log_.push_back({std::chrono::steady_clock::now(), relay, on, states_});
}

std::uint8_t HidRelayModel::all_mask() const { return static_cast<std::uint8_t>((1u << relays_) - 1); }

void HidRelayModel::bulk_out(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> /*bytes*/) {}

std::optional<std::vector<std::uint8_t>> HidRelayModel::bulk_in(std::uint8_t /*endpoint*/, std::size_t /*max_length*/) {
  return std::nullopt;  // the firmware never sends input reports
}

void HidRelayModel::power_cycled() {
  std::lock_guard lock(mutex_);
  states_ = 0;
}

std::uint8_t HidRelayModel::states() const {
  std::lock_guard lock(mutex_);
  return states_;
}

std::vector<HidRelayModel::SwitchEvent> HidRelayModel::switch_log() const {
  std::lock_guard lock(mutex_);
  return switch_log_;
}

}  // namespace pickupbox::usbsim
