#include "usbsim/ch340_chip_model.hpp"

#include <cstdio>

namespace pickupbox::usbsim {

namespace {

// Requests, registers and bits from Linux drivers/usb/serial/ch341.c.
constexpr std::uint8_t read_version_request = 0x5F;
constexpr std::uint8_t write_reg_request = 0x9A;
constexpr std::uint8_t read_reg_request = 0x95;
constexpr std::uint8_t serial_init_request = 0xA1;
constexpr std::uint8_t modem_ctrl_request = 0xA4;
constexpr std::uint8_t vendor_out = 0x40;
constexpr std::uint8_t vendor_in = 0xC0;

constexpr std::uint8_t reg_break = 0x05;
constexpr std::uint8_t reg_status = 0x06;
constexpr std::uint8_t reg_status2 = 0x07;
constexpr std::uint8_t reg_prescaler = 0x12;
constexpr std::uint8_t reg_divisor = 0x13;
constexpr std::uint8_t reg_lcr = 0x18;
constexpr std::uint8_t reg_lcr2 = 0x25;

constexpr std::uint8_t nbreak_bit = 0x01;
constexpr std::uint8_t lcr_enable_rx = 0x80;
constexpr std::uint8_t lcr_enable_tx = 0x40;
constexpr std::uint8_t lcr_mark_space = 0x20;
constexpr std::uint8_t lcr_par_even = 0x10;
constexpr std::uint8_t lcr_enable_par = 0x08;
constexpr std::uint8_t lcr_stop_bits_2 = 0x04;
constexpr std::uint8_t bit_rts = 0x40;
constexpr std::uint8_t bit_dtr = 0x20;
constexpr std::uint8_t prescaler_no_buffering = 0x80;

constexpr std::uint16_t pair(std::uint8_t low, std::uint8_t high) {
  return static_cast<std::uint16_t>(high << 8 | low);
}

// baud = 48000000 / (CH341_CLK_DIV(ps, fact) * div), CH341_CLK_DIV = 2^(12 - 3 ps - fact).
int ch341_baud(std::uint8_t prescaler, std::uint8_t divisor_reg) {
  const int ps = prescaler & 0x3;
  const int fact = (prescaler >> 2) & 0x1;
  const int div = 256 - divisor_reg;
  const int clk_div = 1 << (12 - 3 * ps - fact);
  return (48'000'000 + clk_div * div / 2) / (clk_div * div);
}

Parity decode_parity(std::uint8_t lcr) {
  if (!(lcr & lcr_enable_par)) return Parity::none;
  if (lcr & lcr_mark_space) return (lcr & lcr_par_even) ? Parity::space : Parity::mark;
  return (lcr & lcr_par_even) ? Parity::even : Parity::odd;
}

std::string hex(unsigned value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%04X", value);
  return text;
}

}  // namespace

Ch340ChipModel::Ch340ChipModel(kerong::Transport& far_end, Ch340Options options)
    : options_(std::move(options)), link_(far_end) {
  power_on();
}

void Ch340ChipModel::power_on() {
  registers_.fill(0);
  registers_[reg_break] = nbreak_bit;
  registers_[reg_status] = 0xFF;  // modem lines read inverted: none asserted
  registers_[reg_status2] = 0xEE;
  registers_[reg_prescaler] = 0x82;  // 9600 baud, as ch341 leaves a fresh chip
  registers_[reg_divisor] = 0xB2;
  registers_[reg_lcr] = lcr_enable_rx | lcr_enable_tx | 0x03;
  line_ = LineState{};
  line_.baud = ch341_baud(registers_[reg_prescaler], registers_[reg_divisor]);
  line_.latency_ms = 0;
}

DeviceDescription Ch340ChipModel::description() const {
  DeviceDescription d;
  d.vendor = vendor_id;
  d.product = product_id;
  d.bcd_device = 0x0264;
  d.device_class = 0xFF;
  d.interface_class = 0xFF;
  d.interface_subclass = 0x01;
  d.interface_protocol = 0x02;
  d.max_power_2ma = 49;
  d.product_name = options_.product;
  d.serial = options_.serial;
  d.endpoints = {{in_endpoint, endpoint_bulk, packet_size, 0},
                 {out_endpoint, endpoint_bulk, packet_size, 0},
                 {interrupt_endpoint, endpoint_interrupt, 8, 1}};
  d.kernel_driver = "ch341";
  return d;
}

ControlReply Ch340ChipModel::control(const Setup& setup, std::span<const std::uint8_t> /*out_data*/) {
  log_.record(setup);
  std::lock_guard lock(mutex_);
  return dispatch(setup);
}

ControlReply Ch340ChipModel::dispatch(const Setup& setup) {
  switch (setup.request) {
    case read_version_request: return read_version(setup);
    case serial_init_request: return serial_init(setup);
    case write_reg_request: return write_registers(setup);
    case read_reg_request: return read_registers(setup);
    case modem_ctrl_request: return modem_control(setup);
    default: return log_.violation(setup, "request is never sent by ch341");
  }
}

ControlReply Ch340ChipModel::read_version(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_in, 2)) return log_.violation(setup, "READ_VERSION: " + *why);
  if (setup.value != 0 || setup.index != 0) return log_.violation(setup, "READ_VERSION: wValue and wIndex must be 0");
  return ControlReply::data({options_.version, 0x00});
}

ControlReply Ch340ChipModel::serial_init(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "SERIAL_INIT: " + *why);
  if (setup.value != 0 || setup.index != 0) return log_.violation(setup, "SERIAL_INIT: wValue and wIndex must be 0");
  ++line_.reset_count;
  return ControlReply::ack();
}

ControlReply Ch340ChipModel::write_registers(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "WRITE_REG: " + *why);
  const auto value1 = static_cast<std::uint8_t>(setup.index & 0xFF);
  const auto value2 = static_cast<std::uint8_t>(setup.index >> 8);
  switch (setup.value) {
    case pair(reg_prescaler, reg_divisor): return write_divisor(setup, value1, value2);
    case pair(reg_lcr, reg_lcr2): return write_line_control(setup, value1, value2);
    case pair(reg_break, reg_lcr): return write_break(setup, value1, value2);
    default: return log_.violation(setup, "WRITE_REG: ch341 never writes register pair " + hex(setup.value));
  }
}

ControlReply Ch340ChipModel::write_divisor(const Setup& setup, std::uint8_t prescaler, std::uint8_t divisor) {
  const bool no_buffering = (prescaler & prescaler_no_buffering) != 0;
  if (prescaler & 0x78) return log_.violation(setup, "WRITE_REG 0x1312: prescaler bits 3..6 are never set");
  if (no_buffering != (options_.version > 0x27)) {
    return log_.violation(setup, "WRITE_REG 0x1312: ch341 sets prescaler bit 7 exactly when the chip version is "
                                 "above 0x27 (without it the chip holds received bytes until 32 arrive)");
  }
  const int fact = (prescaler >> 2) & 0x1;
  const int div = 256 - divisor;
  if (div < (fact ? 9 : 2)) return log_.violation(setup, "WRITE_REG 0x1312: divisor out of the chip's range");
  registers_[reg_prescaler] = prescaler;
  registers_[reg_divisor] = divisor;
  line_.baud = ch341_baud(prescaler, divisor);
  return ControlReply::ack();
}

ControlReply Ch340ChipModel::write_line_control(const Setup& setup, std::uint8_t lcr, std::uint8_t lcr2) {
  if (options_.version < 0x30) {
    return log_.violation(setup, "WRITE_REG 0x2518: chips before version 0x30 have no LCR register; ch341 skips it");
  }
  if (lcr2 != 0) return log_.violation(setup, "WRITE_REG 0x2518: LCR2 (wIndex high byte) is always 0");
  if ((lcr & (lcr_enable_rx | lcr_enable_tx)) != (lcr_enable_rx | lcr_enable_tx)) {
    return log_.violation(setup, "WRITE_REG 0x2518: ch341 always enables receiver and transmitter");
  }
  if (!(lcr & lcr_enable_par) && (lcr & (lcr_par_even | lcr_mark_space))) {
    return log_.violation(setup, "WRITE_REG 0x2518: parity kind bits set without parity enabled");
  }
  registers_[reg_lcr] = lcr;
  registers_[reg_lcr2] = lcr2;
  line_.data_bits = 5 + (lcr & 0x03);
  line_.parity = decode_parity(lcr);
  line_.stop_bits = (lcr & lcr_stop_bits_2) ? StopBits::two : StopBits::one;
  return ControlReply::ack();
}

ControlReply Ch340ChipModel::write_break(const Setup& setup, std::uint8_t break_reg, std::uint8_t lcr) {
  if (!options_.break_supported) {
    return log_.violation(setup, "WRITE_REG 0x1805: this chip has no break register; ch341 simulates break instead");
  }
  if ((lcr & ~lcr_enable_tx) != (registers_[reg_lcr] & ~lcr_enable_tx)) {
    return log_.violation(setup, "WRITE_REG 0x1805: ch341 changes only the TX enable bit of the LCR it read back");
  }
  registers_[reg_break] = break_reg;
  registers_[reg_lcr] = lcr;
  line_.break_on = (break_reg & nbreak_bit) == 0;
  return ControlReply::ack();
}

ControlReply Ch340ChipModel::read_registers(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_in, 2)) return log_.violation(setup, "READ_REG: " + *why);
  if (setup.index != 0) return log_.violation(setup, "READ_REG: wIndex must be 0");
  const bool status = setup.value == pair(reg_status, reg_status2);
  const bool quirk_probe = setup.value == pair(reg_break, 0x00);
  const bool break_read = setup.value == pair(reg_break, reg_lcr);
  if (!status && !quirk_probe && !break_read) {
    return log_.violation(setup, "READ_REG: ch341 reads only 0x0706 (status), 0x0005 (quirk probe), 0x1805 (break)");
  }
  // The quirk probe stalling is how ch341 recognises a chip without break support.
  if (quirk_probe && !options_.break_supported) return ControlReply::stalled();
  if (break_read && !options_.break_supported) {
    return log_.violation(setup, "READ_REG 0x1805: the quirk probe stalled, so ch341 simulates break instead");
  }
  return ControlReply::data({registers_[setup.value & 0xFF], registers_[setup.value >> 8]});
}

ControlReply Ch340ChipModel::modem_control(const Setup& setup) {
  if (auto why = shape_mismatch(setup, vendor_out, 0)) return log_.violation(setup, "MODEM_CTRL: " + *why);
  if (setup.index != 0) return log_.violation(setup, "MODEM_CTRL: wIndex must be 0");
  // ch341_set_handshake() sends ~control of a u8 holding only DTR and RTS.
  if ((setup.value | bit_dtr | bit_rts) != 0xFFFF) {
    return log_.violation(setup, "MODEM_CTRL: wValue must be ~(DTR 0x20 | RTS 0x40) as a 16-bit value");
  }
  line_.dtr = (setup.value & bit_dtr) == 0;
  line_.rts = (setup.value & bit_rts) == 0;
  return ControlReply::ack();
}

void Ch340ChipModel::bulk_out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) {
  if (endpoint == out_endpoint) link_.send(bytes);
}

std::optional<std::vector<std::uint8_t>> Ch340ChipModel::bulk_in(std::uint8_t endpoint, std::size_t max_length) {
  // The interrupt endpoint reports modem-line changes; an RS-485 bridge has none.
  if (endpoint != in_endpoint) return std::nullopt;
  if (link_.collect() == 0) return std::nullopt;
  return link_.take(max_length);
}

void Ch340ChipModel::power_cycled() {
  std::lock_guard lock(mutex_);
  power_on();
  link_.purge_receive_buffer();
}

LineState Ch340ChipModel::line() const {
  std::lock_guard lock(mutex_);
  return line_;
}

std::uint8_t Ch340ChipModel::register_value(std::uint8_t reg) const {
  std::lock_guard lock(mutex_);
  return registers_[reg];
}

}  // namespace pickupbox::usbsim
