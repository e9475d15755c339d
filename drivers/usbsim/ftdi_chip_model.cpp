#include "usbsim/ftdi_chip_model.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace pickupbox::usbsim {

namespace {

// Requests and encodings from Linux drivers/usb/serial/ftdi_sio.h.
enum Request : std::uint8_t {
  reset_request = 0x00,
  modem_ctrl_request = 0x01,
  flow_ctrl_request = 0x02,
  baudrate_request = 0x03,
  set_data_request = 0x04,
  modem_status_request = 0x05,
  set_latency_request = 0x09,
  get_latency_request = 0x0A,
  read_eeprom_request = 0x90,
};
constexpr std::uint8_t vendor_out = 0x40;
constexpr std::uint8_t vendor_in = 0xC0;
constexpr std::uint16_t reset_sio = 0;
constexpr std::uint16_t purge_rx = 1;
constexpr std::uint16_t purge_tx = 2;
constexpr std::uint8_t dtr_bit = 0x01;
constexpr std::uint8_t rts_bit = 0x02;
constexpr std::uint16_t flow_rts_cts = 0x01;
constexpr std::uint16_t flow_dtr_dsr = 0x02;
constexpr std::uint16_t flow_xon_xoff = 0x04;
constexpr std::uint16_t set_break_bit = 1u << 14;
// ftdi_gpio_init_ft232r reads the CBUS configuration word at byte address 0x14.
constexpr std::uint16_t cbus_config_word = 0x14 / 2;
// CBUS0 TXLED, CBUS1 RXLED, CBUS2 TXDEN (drives the RS-485 transceiver), CBUS3 PWREN.
constexpr std::array<std::uint8_t, 2> cbus_config{0x23, 0x10};

std::string hex(unsigned value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

// ftdi_232bm_baud_base_to_divisor() encodes eighths of the divisor in bits 14..16 with
// this code; inverted here so a divisor decodes back to the rate the chip runs at.
constexpr std::array<unsigned, 8> eighths_for_code{0, 4, 2, 1, 3, 5, 6, 7};

// 0 means the rate the divisor gives, -1 a divisor the FT232R cannot use.
int ft232r_baud(std::uint32_t divisor) {
  if (divisor == 0) return 3'000'000;  // divisor 1.0
  if (divisor == 1) return 2'000'000;  // divisor 1.5
  const std::uint32_t divisor3 = ((divisor & 0x3FFF) << 3) | eighths_for_code[(divisor >> 14) & 0x7];
  if (divisor3 < 16) return -1;  // below 2.0 only the two special cases exist
  return static_cast<int>((24'000'000u + divisor3 / 2) / divisor3);
}

Parity decode_parity(unsigned bits) {
  switch (bits) {
    case 1: return Parity::odd;
    case 2: return Parity::even;
    case 3: return Parity::mark;
    case 4: return Parity::space;
    default: return Parity::none;
  }
}

}  // namespace

FtdiChipModel::FtdiChipModel(kerong::Transport& far_end, FtdiOptions options)
    : options_(std::move(options)), link_(far_end), line_(power_on_line()) {}

LineState FtdiChipModel::power_on_line() const {
  LineState line;
  line.latency_ms = options_.latency_ms;
  return line;
}

DeviceDescription FtdiChipModel::description() const {
  DeviceDescription d;
  d.vendor = vendor_id;
  d.product = product_id;
  d.bcd_device = 0x0600;  // ftdi_determine_type: 0x600 is an FT232R
  d.interface_class = 0xFF;
  d.interface_subclass = 0xFF;
  d.interface_protocol = 0xFF;
  d.max_power_2ma = 45;
  d.manufacturer = options_.manufacturer;
  d.product_name = options_.product;
  d.serial = options_.serial;
  d.endpoints = {{in_endpoint, endpoint_bulk, packet_size, 0}, {out_endpoint, endpoint_bulk, packet_size, 0}};
  d.kernel_driver = "ftdi_sio";
  return d;
}

ControlReply FtdiChipModel::control(const Setup& setup, std::span<const std::uint8_t> /*out_data*/) {
  log_.record(setup);
  std::lock_guard lock(mutex_);
  return dispatch(setup);
}

ControlReply FtdiChipModel::dispatch(const Setup& setup) {
  switch (setup.request) {
    case reset_request: return reset(setup);
    case modem_ctrl_request: return modem_control(setup);
    case flow_ctrl_request: return flow_control(setup);
    case baudrate_request: return baud_rate(setup);
    case set_data_request: return data_format(setup);
    case modem_status_request: return get_modem_status(setup);
    case set_latency_request: return set_latency_timer(setup);
    case get_latency_request: return get_latency_timer(setup);
    case read_eeprom_request: return read_eeprom(setup);
    default:
      return log_.violation(setup, "request " + hex(setup.request) + " is never sent by ftdi_sio to an FT232R UART");
  }
}

ControlReply FtdiChipModel::reset(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "RESET: " + *why);
  if (setup.index != 0) return log_.violation(setup, "RESET: wIndex must be 0 (channel of a single-port chip)");
  switch (setup.value) {
    case reset_sio:
      ++line_.reset_count;
      link_.purge_receive_buffer();
      return ControlReply::ack();
    case purge_rx:
      ++line_.purge_rx_count;
      link_.purge_receive_buffer();
      return ControlReply::ack();
    case purge_tx:
      ++line_.purge_tx_count;
      return ControlReply::ack();
    default: return log_.violation(setup, "RESET: wValue must be 0 (SIO), 1 (purge RX) or 2 (purge TX)");
  }
}

ControlReply FtdiChipModel::modem_control(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "SET_MODEM_CTRL: " + *why);
  const unsigned mask = setup.value >> 8;
  const unsigned levels = setup.value & 0xFF;
  if (setup.index != 0) return log_.violation(setup, "SET_MODEM_CTRL: wIndex must be 0");
  if (mask == 0 || (mask & ~unsigned{dtr_bit | rts_bit}) != 0 || (levels & ~mask) != 0) {
    return log_.violation(setup, "SET_MODEM_CTRL: wValue must be an enable mask of DTR(0x01)/RTS(0x02) in the high "
                                 "byte and their levels in the low byte, as update_mctrl() builds it");
  }
  if (mask & dtr_bit) line_.dtr = (levels & dtr_bit) != 0;
  if (mask & rts_bit) line_.rts = (levels & rts_bit) != 0;
  return ControlReply::ack();
}

ControlReply FtdiChipModel::flow_control(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "SET_FLOW_CTRL: " + *why);
  const unsigned mode = setup.index >> 8;
  if ((setup.index & 0xFF) != 0) return log_.violation(setup, "SET_FLOW_CTRL: wIndex low byte (channel) must be 0");
  if (mode == 0 || mode == flow_rts_cts) {
    if (setup.value != 0) return log_.violation(setup, "SET_FLOW_CTRL: wValue must be 0 unless XON/XOFF is chosen");
  } else if (mode != flow_xon_xoff) {
    return log_.violation(setup, mode == flow_dtr_dsr ? "SET_FLOW_CTRL: ftdi_sio never selects DTR/DSR handshake"
                                                      : "SET_FLOW_CTRL: unknown handshake in wIndex high byte");
  }
  line_.flow_control_off = (mode == 0);
  return ControlReply::ack();
}

ControlReply FtdiChipModel::baud_rate(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "SET_BAUDRATE: " + *why);
  if (setup.index > 1) {
    return log_.violation(setup, "SET_BAUDRATE: on an FT232R wIndex carries only divisor bit 16 (0 or 1)");
  }
  const int baud = ft232r_baud(setup.value | (std::uint32_t{setup.index} << 16));
  if (baud < 0) return log_.violation(setup, "SET_BAUDRATE: divisor below 2 other than the 2/3 MBaud special cases");
  line_.baud = baud;
  return ControlReply::ack();
}

ControlReply FtdiChipModel::data_format(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "SET_DATA: " + *why);
  if (setup.index != 0) return log_.violation(setup, "SET_DATA: wIndex must be 0");
  const unsigned bits = setup.value & 0xFF;
  const unsigned parity = (setup.value >> 8) & 0x7;
  const unsigned stop = (setup.value >> 11) & 0x7;
  if (bits != 7 && bits != 8 && bits != 0) {
    return log_.violation(setup, "SET_DATA: ftdi_sio sends 7 or 8 data bits (0 for its CS5 quirk)");
  }
  if (parity > 4) return log_.violation(setup, "SET_DATA: parity must be 0..4 (none, odd, even, mark, space)");
  if (stop != 0 && stop != 2) return log_.violation(setup, "SET_DATA: ftdi_sio sends 1 (0) or 2 (2) stop bits");
  if (setup.value & 0x8000) return log_.violation(setup, "SET_DATA: bit 15 is reserved");
  line_.data_bits = bits == 7 ? 7 : 8;  // the chip falls back to 8 for the CS5 quirk
  line_.parity = decode_parity(parity);
  line_.stop_bits = stop == 2 ? StopBits::two : StopBits::one;
  line_.break_on = (setup.value & set_break_bit) != 0;
  return ControlReply::ack();
}

ControlReply FtdiChipModel::get_modem_status(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_in, 2)) return log_.violation(setup, "GET_MODEM_STATUS: " + *why);
  if (setup.value != 0 || setup.index != 0) {
    return log_.violation(setup, "GET_MODEM_STATUS: wValue and wIndex must be 0");
  }
  return ControlReply::data({modem_status, line_status});
}

ControlReply FtdiChipModel::set_latency_timer(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "SET_LATENCY_TIMER: " + *why);
  if (setup.index != 0) return log_.violation(setup, "SET_LATENCY_TIMER: wIndex must be 0");
  if (setup.value < 1 || setup.value > 255) return log_.violation(setup, "SET_LATENCY_TIMER: wValue must be 1..255 ms");
  line_.latency_ms = setup.value;
  return ControlReply::ack();
}

ControlReply FtdiChipModel::get_latency_timer(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_in, 1)) return log_.violation(setup, "GET_LATENCY_TIMER: " + *why);
  if (setup.value != 0 || setup.index != 0) {
    return log_.violation(setup, "GET_LATENCY_TIMER: wValue and wIndex must be 0");
  }
  return ControlReply::data({static_cast<std::uint8_t>(line_.latency_ms)});
}

ControlReply FtdiChipModel::read_eeprom(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_in, 2)) return log_.violation(setup, "READ_EEPROM: " + *why);
  if (setup.value != 0 || setup.index != cbus_config_word) {
    return log_.violation(setup, "READ_EEPROM: ftdi_sio reads only the CBUS configuration word (wIndex 0x0A)");
  }
  return ControlReply::data(std::vector<std::uint8_t>(cbus_config.begin(), cbus_config.end()));
}

void FtdiChipModel::bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) {
  if (endpoint == out_endpoint) link_.send(bytes);
}

std::optional<std::vector<std::uint8_t>> FtdiChipModel::bulk_in(std::uint8_t endpoint, std::size_t max_length) {
  if (endpoint != in_endpoint) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (link_.collect() > 0) {
    latency_start_ = now;
    return packets(max_length);
  }
  // With nothing to send the chip still answers, with a bare status packet, each time
  // its latency timer runs out.
  if (now - latency_start_ < std::chrono::milliseconds{line_.latency_ms}) return std::nullopt;
  latency_start_ = now;
  std::vector<std::uint8_t> status{modem_status, line_status};
  status.resize(std::min(status.size(), max_length));
  return status;
}

std::vector<std::uint8_t> FtdiChipModel::packets(std::size_t max_length) {
  constexpr std::size_t payload_per_packet = std::size_t{packet_size} - 2;
  std::vector<std::uint8_t> out;
  while (out.size() + 2 <= max_length) {
    out.push_back(modem_status);
    out.push_back(line_status);
    const auto payload = link_.take(std::min(payload_per_packet, max_length - out.size()));
    out.insert(out.end(), payload.begin(), payload.end());
    // A short packet ends the transfer; a full one is followed by the next if data waits.
    if (payload.size() < payload_per_packet || link_.waiting() == 0) break;
  }
  return out;
}

void FtdiChipModel::bulk_in_submitted(std::uint8_t endpoint) {
  if (endpoint != in_endpoint) return;
  std::lock_guard lock(mutex_);
  latency_start_ = Clock::now();
}

void FtdiChipModel::power_cycled() {
  std::lock_guard lock(mutex_);
  line_ = power_on_line();
  link_.purge_receive_buffer();
}

LineState FtdiChipModel::line() const {
  std::lock_guard lock(mutex_);
  return line_;
}

}  // namespace pickupbox::usbsim
