#pragma once
// FTDI FT232R as Linux's ftdi_sio driver drives it (drivers/usb/serial/ftdi_sio.c, ftdi_sio.h),
// so that boxd needs no kernel tty: the vendor control requests that set the line up, and the
// framing of bulk IN data. Pure: no I/O, so every byte is unit-tested and fuzzed.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "serial/line_settings.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::serial {

inline constexpr usb::UsbId ftdi_ft232r_id{0x0403, 0x6001};
inline constexpr int ftdi_interface = 0;
inline constexpr std::uint8_t ftdi_bulk_in = 0x81;
inline constexpr std::uint8_t ftdi_bulk_out = 0x02;
// Full-speed bulk packets; every IN packet starts with the two status bytes below.
inline constexpr std::size_t ftdi_max_packet = 64;
inline constexpr std::size_t ftdi_status_bytes = 2;

// Vendor requests (ftdi_sio.h). All are host-to-device, vendor, device recipient: 0x40.
inline constexpr std::uint8_t ftdi_out_request_type = 0x40;
inline constexpr std::uint8_t ftdi_request_reset = 0x00;
inline constexpr std::uint8_t ftdi_request_modem_ctrl = 0x01;
inline constexpr std::uint8_t ftdi_request_set_flow_ctrl = 0x02;
inline constexpr std::uint8_t ftdi_request_set_baud_rate = 0x03;
inline constexpr std::uint8_t ftdi_request_set_data = 0x04;
inline constexpr std::uint8_t ftdi_request_set_latency_timer = 0x09;
inline constexpr std::uint16_t ftdi_reset_sio = 0x0000;
// DTR and RTS each need their "enable" bit (B8, B9) besides the level (B0, B1).
inline constexpr std::uint16_t ftdi_dtr_rts_high = 0x0303;
inline constexpr std::uint16_t ftdi_flow_control_off = 0x0000;

// Line-status byte (second status byte) error bits: FTDI_RS_OE/PE/FE/BI.
inline constexpr std::uint8_t ftdi_line_overrun = 0x02;
inline constexpr std::uint8_t ftdi_line_parity = 0x04;
inline constexpr std::uint8_t ftdi_line_framing = 0x08;
inline constexpr std::uint8_t ftdi_line_break = 0x10;

// Latency timer: how long the chip holds fewer than a packet's worth of received bytes
// before sending them. ftdi_sio uses 16 ms, or 1 ms with ASYNC_LOW_LATENCY. A Kerong reply
// is 9 bytes, far below a packet, so the timer adds directly to every request/response
// round trip on the RS-485 bus: at 19200 baud a status poll is ~7 ms on the wire, which 16 ms
// would stretch to ~23 ms per board. The cost of 1 ms is a 2-byte status packet every
// millisecond while a read is pending, which is nothing at full speed.
inline constexpr int ftdi_low_latency_ms = 1;

// The FT232R (232BM-style) baud divisor exactly as ftdi_232bm_baud_base_to_divisor(baud,
// 48000000) computes it: 14 bits of integer divisor, 3 bits of eighths (bit 16 lands in
// wIndex). invalid_argument for rates the divisor cannot express (below 184 or above
// 3,000,000 baud), where the kernel would silently fall back to 9600.
core::Result<std::uint32_t> ftdi_baud_divisor(int baud);

// SET_DATA wValue: data bits in B0-7, parity in B8-10, stop bits in B11-13 (8N1 = 0x0008).
// The FT232R only has 7 or 8 data bits; 5 and 6 are invalid_argument.
core::Result<std::uint16_t> ftdi_data_value(const LineSettings& settings);

// The control requests ftdi_sio sends from probe to an open, configured port, in its order,
// each with wIndex 0 (priv->channel is 0 for a single-port FT232R):
//   SET_LATENCY_TIMER latency   ftdi_port_probe -> write_latency_timer
//   RESET SIO                   ftdi_open: clears the chip's buffers and state
//   SET_DATA                    ftdi_set_termios: data bits, parity, stop bits
//   SET_BAUD_RATE divisor       change_speed: wValue = low 16 bits, wIndex = bit 16 up
//   SET_FLOW_CTRL off           ftdi_set_termios: no RTS/CTS or XON/XOFF on RS-485
//   MODEM_CTRL DTR+RTS high     ftdi_dtr_rts(on), as a tty open raises them: adapters that
//                               power or enable their transceiver from these lines work
// latency_ms is 1..255 (the timer's range).
core::Result<std::vector<usb::ControlSetup>> ftdi_open_requests(const LineSettings& settings, int latency_ms);

// Line errors counted the way ftdi_process_packet counts them: only for packets that carry
// data (a status-only packet repeats the last status), parity before framing, overrun apart,
// break only when the packet's last data byte is NUL.
struct FtdiLineErrors {
  std::uint64_t overrun = 0;
  std::uint64_t parity = 0;
  std::uint64_t framing = 0;
  std::uint64_t breaks = 0;
  bool operator==(const FtdiLineErrors&) const = default;
};

struct FtdiSplit {
  std::vector<std::uint8_t> payload;
  bool saw_status = false;        // at least one packet had its two status bytes
  std::uint8_t modem_status = 0;  // first status byte of the last packet
  std::uint8_t line_status = 0;   // second status byte of the last packet
  FtdiLineErrors errors{};
  std::size_t malformed_packets = 0;  // shorter than the two status bytes (dropped)
};

// One bulk IN transfer cut into max_packet-sized packets, each with its two status bytes
// removed (ftdi_process_read_urb). Any length is safe: a final short packet keeps its data,
// a 2-byte packet is status only, a 1-byte packet is malformed. max_packet 0 means 64, as
// ftdi_set_max_packet_size does for chips with a zero wMaxPacketSize.
FtdiSplit split_ftdi_transfer(std::span<const std::uint8_t> transfer, std::size_t max_packet = ftdi_max_packet);

// Adds split results up over the life of a port: what the bridge reports for diagnostics.
class FtdiPacketSplitter {
 public:
  explicit FtdiPacketSplitter(std::size_t max_packet = ftdi_max_packet) : max_packet_(max_packet) {}

  // Appends the transfer's payload to `payload`; returns how many bytes were appended.
  std::size_t split(std::span<const std::uint8_t> transfer, std::vector<std::uint8_t>& payload);

  const FtdiLineErrors& errors() const { return errors_; }
  std::uint8_t last_line_status() const { return line_status_; }
  std::uint8_t last_modem_status() const { return modem_status_; }
  std::uint64_t malformed_packets() const { return malformed_; }

 private:
  std::size_t max_packet_;
  FtdiLineErrors errors_{};
  std::uint8_t line_status_ = 0;
  std::uint8_t modem_status_ = 0;
  std::uint64_t malformed_ = 0;
};

}  // namespace pickupbox::serial
