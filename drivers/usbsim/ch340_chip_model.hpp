#pragma once
// A WCH CH340 USB-to-RS-485 bridge as the Linux ch341 driver sees it: the version read,
// serial init, register writes for prescaler/divisor and line control, the break-register
// quirk probe and modem control, with exactly the encodings ch341.c uses. Received bytes
// come without status bytes. Any other request is recorded as a violation and stalled.
#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "kerong/transport.hpp"
#include "usbsim/bus_link.hpp"
#include "usbsim/device_model.hpp"
#include "usbsim/line_state.hpp"
#include "usbsim/request_log.hpp"

namespace pickupbox::usbsim {

struct Ch340Options {
  std::uint8_t version = 0x31;  // READ_VERSION answer; 0x30 and later use the LCR register only
  bool break_supported = true;  // false: reading the break register stalls (ch341's quirk probe)
  std::string product = "USB Serial";
  std::string serial;  // real CH340s report none
};

class Ch340ChipModel final : public DeviceModel {
 public:
  static constexpr std::uint16_t vendor_id = 0x1a86;
  static constexpr std::uint16_t product_id = 0x7523;
  static constexpr std::uint8_t in_endpoint = 0x82;
  static constexpr std::uint8_t out_endpoint = 0x02;
  static constexpr std::uint8_t interrupt_endpoint = 0x81;
  static constexpr std::uint16_t packet_size = 32;

  // `far_end` is the RS-485 bus (the boards) and must outlive the model.
  explicit Ch340ChipModel(kerong::Transport& far_end, Ch340Options options = {});

  DeviceDescription description() const override;
  ControlReply control(const Setup& setup, std::span<const std::uint8_t> out_data) override;
  void bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) override;
  std::optional<std::vector<std::uint8_t>> bulk_in(std::uint8_t endpoint, std::size_t max_length) override;
  void power_cycled() override;

  LineState line() const;
  std::uint8_t register_value(std::uint8_t reg) const;
  std::vector<Setup> requests() const { return log_.requests(); }
  std::vector<std::string> violations() const { return log_.violations(); }
  void clear_log() { log_.clear(); }

  void inject_rx(std::span<const std::uint8_t> bytes) { link_.inject(bytes); }
  void set_silent(bool silent) { link_.set_silent(silent); }
  std::size_t bytes_sent() const { return link_.bytes_sent(); }

 private:
  ControlReply dispatch(const Setup& setup);
  ControlReply read_version(const Setup& setup);
  ControlReply serial_init(const Setup& setup);
  ControlReply write_registers(const Setup& setup);
  ControlReply write_divisor(const Setup& setup, std::uint8_t prescaler, std::uint8_t divisor);
  ControlReply write_line_control(const Setup& setup, std::uint8_t lcr, std::uint8_t lcr2);
  ControlReply write_break(const Setup& setup, std::uint8_t break_reg, std::uint8_t lcr);
  ControlReply read_registers(const Setup& setup);
  ControlReply modem_control(const Setup& setup);
  void power_on();

  const Ch340Options options_;
  BusLink link_;
  RequestLog log_;
  mutable std::mutex mutex_;
  std::array<std::uint8_t, 256> registers_{};
  LineState line_;
};

}  // namespace pickupbox::usbsim
