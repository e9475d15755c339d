#pragma once
// A dcttech "USBRelayN" HID relay board (V-USB firmware, 16c0:05df): relays are switched
// with an 8-byte feature report (SET_REPORT) and read back with GET_REPORT, as the
// usb-relay-hid tools and the dcttech DLL do. Relays drop when the board loses power.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "usbsim/device_model.hpp"
#include "usbsim/request_log.hpp"

namespace pickupbox::usbsim {

class HidRelayModel final : public DeviceModel {
 public:
  static constexpr std::uint16_t vendor_id = 0x16c0;
  static constexpr std::uint16_t product_id = 0x05df;
  static constexpr std::uint8_t interrupt_endpoint = 0x81;
  static constexpr std::size_t report_size = 8;

  struct SwitchEvent {
    std::chrono::steady_clock::time_point at{};
    int relay = 0;  // 1..N, or 0 for all relays
    bool on = false;
    std::uint8_t states_after = 0;
  };

  // Throws std::invalid_argument for a relay count outside 1..8 or a board serial that is
  // not 5 printable ASCII characters (the firmware's ID string).
  explicit HidRelayModel(int relays, std::string board_serial = "PBXR1");

  DeviceDescription description() const override;
  ControlReply control(const Setup& setup, std::span<const std::uint8_t> out_data) override;
  void bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) override;
  std::optional<std::vector<std::uint8_t>> bulk_in(std::uint8_t endpoint, std::size_t max_length) override;
  void power_cycled() override;

  int relays() const { return relays_; }
  // Bit 0 = relay 1; set = energised ("ON": normally-open contact closed).
  std::uint8_t states() const;
  std::vector<SwitchEvent> switch_log() const;
  std::vector<Setup> requests() const { return log_.requests(); }
  std::vector<std::string> violations() const { return log_.violations(); }

 private:
  ControlReply set_report(const Setup& setup, std::span<const std::uint8_t> report);
  ControlReply get_report(const Setup& setup);
  ControlReply report_descriptor(const Setup& setup);
  void apply(int relay, bool on);
  std::uint8_t all_mask() const;

  const int relays_;
  const std::string board_serial_;
  RequestLog log_;
  mutable std::mutex mutex_;
  std::uint8_t states_ = 0;
  std::vector<SwitchEvent> switch_log_;
};

}  // namespace pickupbox::usbsim
