#pragma once
// WCH CH340/CH341 as Linux's ch341 driver drives it (drivers/usb/serial/ch341.c): vendor
// requests that read the chip version, initialise the UART, and write its baud, line-control
// and modem-control registers. Pure: no I/O. Unlike the FTDI, bulk IN data has no header.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "serial/line_settings.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::serial {

inline constexpr usb::UsbId ch340_id{0x1a86, 0x7523};
inline constexpr int ch340_interface = 0;
inline constexpr std::uint8_t ch340_bulk_in = 0x82;
inline constexpr std::uint8_t ch340_bulk_out = 0x02;
inline constexpr std::size_t ch340_max_packet = 32;

// Vendor requests to the device: OUT 0x40, IN 0xC0 (USB_TYPE_VENDOR | USB_RECIP_DEVICE).
inline constexpr std::uint8_t ch341_out_request_type = 0x40;
inline constexpr std::uint8_t ch341_in_request_type = 0xC0;
inline constexpr std::uint8_t ch341_req_read_version = 0x5F;
inline constexpr std::uint8_t ch341_req_write_reg = 0x9A;
inline constexpr std::uint8_t ch341_req_read_reg = 0x95;
inline constexpr std::uint8_t ch341_req_serial_init = 0xA1;
inline constexpr std::uint8_t ch341_req_modem_ctrl = 0xA4;

// Registers; WRITE_REG takes two register numbers in wValue (high, low) and their values in wIndex.
inline constexpr std::uint8_t ch341_reg_break = 0x05;
inline constexpr std::uint8_t ch341_reg_prescaler = 0x12;
inline constexpr std::uint8_t ch341_reg_divisor = 0x13;
inline constexpr std::uint8_t ch341_reg_lcr = 0x18;
inline constexpr std::uint8_t ch341_reg_lcr2 = 0x25;

inline constexpr std::uint8_t ch341_lcr_enable_rx = 0x80;
inline constexpr std::uint8_t ch341_lcr_enable_tx = 0x40;
inline constexpr std::uint8_t ch341_lcr_mark_space = 0x20;
inline constexpr std::uint8_t ch341_lcr_par_even = 0x10;
inline constexpr std::uint8_t ch341_lcr_enable_par = 0x08;
inline constexpr std::uint8_t ch341_lcr_stop_bits_2 = 0x04;
inline constexpr std::uint8_t ch341_lcr_cs8 = 0x03;

// Modem-control bits (CH341_BIT_RTS/DTR); the chip takes them inverted (active low).
inline constexpr std::uint8_t ch341_bit_rts = 1 << 6;
inline constexpr std::uint8_t ch341_bit_dtr = 1 << 5;

// CH341A buffers received bytes until a full 32-byte packet unless bit 7 of the divisor
// word is set; ch341_set_baudrate_lcr sets it for chip versions above 0x27.
inline constexpr std::uint16_t ch341_no_buffering = 0x0080;
inline constexpr std::uint8_t ch341_last_buffering_version = 0x27;
// From version 0x30 on, the line format lives in LCR (with LCR2 zero) and must be written.
inline constexpr std::uint8_t ch341_first_lcr_version = 0x30;

// The divisor word exactly as ch341_get_divisor computes it: (0x100 - div) << 8 | fact << 2
// | ps, without the buffering bit. limited_prescaler is CH341_QUIRK_LIMITED_PRESCALER (the
// chips that STALL a read of the break register): those need fact = 0 when ps < 3.
// invalid_argument outside 46..3000000 baud, where the kernel clamps without telling.
core::Result<std::uint16_t> ch341_divisor(int baud, bool limited_prescaler);

// Line-control register as ch341_set_termios builds it (8N1 = 0xC3). Settings must have
// passed check_line_settings.
std::uint8_t ch341_lcr(const LineSettings& settings);

// MODEM_CTRL wValue for the given outputs: ch341_set_handshake sends ~control, as u16.
std::uint16_t ch341_modem_control_value(bool dtr, bool rts);

// Requests that probe the chip before it is configured (ch341_configure, ch341_detect_quirks):
usb::ControlSetup ch341_read_version_request();  // IN, 2 bytes: version, 0
usb::ControlSetup ch341_serial_init_request();   // OUT
usb::ControlSetup ch341_read_break_request();    // IN, 2 bytes; STALL = limited prescaler

// The requests that set the line once version and quirk are known, in ch341's order:
//   WRITE_REG 0x1312 (divisor, prescaler) = divisor word, with bit 7 when version > 0x27
//   WRITE_REG 0x2518 (LCR2, LCR) = lcr, only when version >= 0x30
//   MODEM_CTRL ~(DTR | RTS): both raised, as ch341_dtr_rts(on) does at tty open
core::Result<std::vector<usb::ControlSetup>> ch341_line_requests(std::uint8_t version, bool limited_prescaler,
                                                                 const LineSettings& settings);

}  // namespace pickupbox::serial
