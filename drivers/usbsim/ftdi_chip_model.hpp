#pragma once
// An FTDI FT232R USB-to-RS-485 bridge as the Linux ftdi_sio driver sees it: the vendor
// requests that driver sends (exact bmRequestType/bRequest/wValue/wIndex encodings),
// the chip's 2 status bytes at the start of every 64-byte IN packet, and its latency
// timer. Any other request is recorded as a violation and answered with a STALL.
#include <chrono>
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

struct FtdiOptions {
  std::string serial = "PBX00001";
  int latency_ms = 16;  // latency timer after power-up (the chip's EEPROM default)
  std::string manufacturer = "FTDI";
  std::string product = "FT232R USB UART";
};

class FtdiChipModel final : public DeviceModel {
 public:
  static constexpr std::uint16_t vendor_id = 0x0403;
  static constexpr std::uint16_t product_id = 0x6001;
  static constexpr std::uint8_t in_endpoint = 0x81;
  static constexpr std::uint8_t out_endpoint = 0x02;
  static constexpr std::uint16_t packet_size = 64;
  // Modem status (CTS/DSR/RI/DCD low, reserved bit set) and line status (THRE | TEMT).
  static constexpr std::uint8_t modem_status = 0x01;
  static constexpr std::uint8_t line_status = 0x60;

  // `far_end` is the RS-485 bus (the boards) and must outlive the model.
  explicit FtdiChipModel(kerong::Transport& far_end, FtdiOptions options = {});

  DeviceDescription description() const override;
  ControlReply control(const Setup& setup, std::span<const std::uint8_t> out_data) override;
  void bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) override;
  std::optional<std::vector<std::uint8_t>> bulk_in(std::uint8_t endpoint, std::size_t max_length) override;
  void bulk_in_submitted(std::uint8_t endpoint) override;
  void power_cycled() override;

  LineState line() const;
  std::vector<Setup> requests() const { return log_.requests(); }
  std::vector<std::string> violations() const { return log_.violations(); }
  void clear_log() { log_.clear(); }

  // Fault injection on the bus side (see BusLink).
  void inject_rx(std::span<const std::uint8_t> bytes) { link_.inject(bytes); }
  void set_silent(bool silent) { link_.set_silent(silent); }
  std::size_t bytes_sent() const { return link_.bytes_sent(); }

 private:
  using Clock = std::chrono::steady_clock;

  ControlReply dispatch(const Setup& setup);
  ControlReply reset(const Setup& setup);
  ControlReply modem_control(const Setup& setup);
  ControlReply flow_control(const Setup& setup);
  ControlReply baud_rate(const Setup& setup);
  ControlReply data_format(const Setup& setup);
  ControlReply get_modem_status(const Setup& setup);
  ControlReply set_latency_timer(const Setup& setup);
  ControlReply get_latency_timer(const Setup& setup);
  ControlReply read_eeprom(const Setup& setup);
  std::vector<std::uint8_t> packets(std::size_t max_length);
  LineState power_on_line() const;

  const FtdiOptions options_;
  BusLink link_;
  RequestLog log_;
  mutable std::mutex mutex_;
  LineState line_;
  Clock::time_point latency_start_ = Clock::now();
};

}  // namespace pickupbox::usbsim
