#include "serial/ch340_protocol.hpp"

#include <algorithm>
#include <string>

namespace pickupbox::serial {
namespace {

// baud = 48 MHz / (2^(12 - 3 * ps - fact) * div), 0 <= ps <= 3, 0 <= fact <= 1.
constexpr unsigned ch341_clock = 48'000'000;
constexpr unsigned ch341_clock_divider(unsigned ps, unsigned fact) { return 1u << (12 - 3 * ps - fact); }
constexpr unsigned ch341_min_rate(unsigned ps) { return ch341_clock / (ch341_clock_divider(ps, 1) * 512); }
// CH341_MIN_BPS = DIV_ROUND_UP(48 MHz, 4096 * 256) = 46, CH341_MAX_BPS = 48 MHz / (8 * 2).
constexpr unsigned ch341_min_bps = (ch341_clock + ch341_clock_divider(0, 0) * 256 - 1) / (ch341_clock_divider(0, 0) * 256);
constexpr unsigned ch341_max_bps = ch341_clock / (ch341_clock_divider(3, 0) * 2);

usb::ControlSetup ch341_out(std::uint8_t request, std::uint16_t value, std::uint16_t index) {
  return usb::ControlSetup{ch341_out_request_type, request, value, index};
}

std::uint16_t register_pair(std::uint8_t high, std::uint8_t low) {
  return static_cast<std::uint16_t>(high << 8 | low);
}

// Highest prescaler whose slowest rate (fact = 1, div = 512) is still below the speed.
int pick_prescaler(unsigned speed) {
  int ps = 3;
  for (; ps >= 0; --ps) {
    if (speed > ch341_min_rate(static_cast<unsigned>(ps))) break;
  }
  return ps;
}

}  // namespace

core::Result<std::uint16_t> ch341_divisor(int baud, bool limited_prescaler) {
  if (baud < static_cast<int>(ch341_min_bps) || baud > static_cast<int>(ch341_max_bps)) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "WCH CH340 cannot run at " + std::to_string(baud) + " baud; choose a rate between " +
                          std::to_string(ch341_min_bps) + " and " + std::to_string(ch341_max_bps) + ", e.g. 19200");
  }
  const auto speed = static_cast<unsigned>(baud);
  // Start with the highest base clock (fact = 1) that gives a divisor below 512.
  unsigned fact = 1;
  const int ps = pick_prescaler(speed);
  if (ps < 0) return core::fail(core::ErrorCode::internal, "CH340 prescaler search failed for " + std::to_string(baud));
  unsigned clk_div = ch341_clock_divider(static_cast<unsigned>(ps), fact);
  unsigned div = ch341_clock / (clk_div * speed);  // rounding down
  const bool force_fact0 = ps < 3 && limited_prescaler;
  if (div < 9 || div > 255 || force_fact0) {
    div /= 2;
    clk_div *= 2;
    fact = 0;
  }
  if (div < 2) return core::fail(core::ErrorCode::internal, "CH340 divisor underflow for " + std::to_string(baud));
  // Take the next divisor if its rate is closer; scaled by 16 against rounding at low rates.
  if (16 * ch341_clock / (clk_div * div) - 16 * speed >= 16 * speed - 16 * ch341_clock / (clk_div * (div + 1))) {
    ++div;
  }
  // Prefer the lower base clock with an even divisor: the receiver tolerates more error.
  if (fact == 1 && div % 2 == 0) {
    div /= 2;
    fact = 0;
  }
  return static_cast<std::uint16_t>((0x100 - div) << 8 | fact << 2 | static_cast<unsigned>(ps));
}

std::uint8_t ch341_lcr(const LineSettings& settings) {
  unsigned lcr = ch341_lcr_enable_rx | ch341_lcr_enable_tx;
  lcr |= static_cast<unsigned>(std::clamp(settings.data_bits, 5, 8) - 5);  // CS5..CS8 = 0..3
  if (settings.parity != Parity::none) {
    lcr |= ch341_lcr_enable_par;
    // termios: PARODD clear means even; with CMSPAR, PARODD set means mark.
    const bool parodd = settings.parity == Parity::odd || settings.parity == Parity::mark;
    if (!parodd) lcr |= ch341_lcr_par_even;
    if (settings.parity == Parity::mark || settings.parity == Parity::space) lcr |= ch341_lcr_mark_space;
  }
  if (settings.stop_bits == 2) lcr |= ch341_lcr_stop_bits_2;
  return static_cast<std::uint8_t>(lcr);
}

std::uint16_t ch341_modem_control_value(bool dtr, bool rts) {
  unsigned control = (dtr ? ch341_bit_dtr : 0u) | (rts ? ch341_bit_rts : 0u);
  // ~control on a u8 promoted to int, then truncated to the u16 wValue: DTR|RTS = 0xFF9F.
  return static_cast<std::uint16_t>(~control & 0xFFFF);
}

usb::ControlSetup ch341_read_version_request() {
  return usb::ControlSetup{ch341_in_request_type, ch341_req_read_version, 0, 0};
}

usb::ControlSetup ch341_serial_init_request() { return ch341_out(ch341_req_serial_init, 0, 0); }

usb::ControlSetup ch341_read_break_request() {
  return usb::ControlSetup{ch341_in_request_type, ch341_req_read_reg, ch341_reg_break, 0};
}

core::Result<std::vector<usb::ControlSetup>> ch341_line_requests(std::uint8_t version, bool limited_prescaler,
                                                                 const LineSettings& settings) {
  if (auto ok = check_line_settings(settings); !ok) return std::unexpected(ok.error());
  auto divisor = ch341_divisor(settings.baud, limited_prescaler);
  if (!divisor) return std::unexpected(divisor.error());
  std::uint16_t word = *divisor;
  if (version > ch341_last_buffering_version) word |= ch341_no_buffering;
  std::vector<usb::ControlSetup> requests{
      ch341_out(ch341_req_write_reg, register_pair(ch341_reg_divisor, ch341_reg_prescaler), word)};
  if (version >= ch341_first_lcr_version) {
    requests.push_back(ch341_out(ch341_req_write_reg, register_pair(ch341_reg_lcr2, ch341_reg_lcr), ch341_lcr(settings)));
  }
  requests.push_back(ch341_out(ch341_req_modem_ctrl, ch341_modem_control_value(true, true), 0));
  return requests;
}

}  // namespace pickupbox::serial
