#include "serial/ftdi_protocol.hpp"

#include <algorithm>
#include <string>

namespace pickupbox::serial {
namespace {

// The FT232R's baud generator runs from 48 MHz and samples 16 times per bit; the kernel
// folds the /16 into "2 * baud" with base 48 MHz, giving divisors in eighths.
constexpr std::int64_t ftdi_base_clock = 48'000'000;
constexpr std::uint32_t ftdi_max_integer_divisor = 0x3FFF;
// Encoding of the eighths in bits 14-16, from ftdi_232bm_baud_base_to_divisor.
constexpr std::uint8_t ftdi_divisor_fraction[8] = {0, 3, 2, 4, 1, 5, 6, 7};

std::unexpected<core::Error> bad_baud(int baud, const std::string& why) {
  return core::fail(core::ErrorCode::invalid_argument,
                    "FTDI FT232R cannot run at " + std::to_string(baud) + " baud (" + why +
                        "); choose a rate between 184 and 3000000, e.g. 19200");
}

std::uint16_t ftdi_parity_bits(Parity parity) {
  switch (parity) {
    case Parity::none: return 0x0 << 8;
    case Parity::odd: return 0x1 << 8;
    case Parity::even: return 0x2 << 8;
    case Parity::mark: return 0x3 << 8;
    case Parity::space: return 0x4 << 8;
  }
  return 0;
}

usb::ControlSetup ftdi_out(std::uint8_t request, std::uint16_t value, std::uint16_t index = 0) {
  return usb::ControlSetup{ftdi_out_request_type, request, value, index};
}

// ftdi_process_packet's error accounting, for a packet with at least one data byte.
void count_line_errors(std::span<const std::uint8_t> packet, FtdiLineErrors& errors) {
  const std::uint8_t line = packet[1];
  if ((line & ftdi_line_break) && packet.back() == 0) ++errors.breaks;
  if (line & ftdi_line_parity) {
    ++errors.parity;
  } else if (line & ftdi_line_framing) {
    ++errors.framing;
  }
  if (line & ftdi_line_overrun) ++errors.overrun;
}

void take_packet(std::span<const std::uint8_t> packet, FtdiSplit& out) {
  if (packet.size() < ftdi_status_bytes) {
    ++out.malformed_packets;
    return;
  }
  out.saw_status = true;
  out.modem_status = packet[0];
  out.line_status = packet[1];
  if (packet.size() == ftdi_status_bytes) return;
  count_line_errors(packet, out.errors);
  out.payload.insert(out.payload.end(), packet.begin() + ftdi_status_bytes, packet.end());
}

}  // namespace

core::Result<std::uint32_t> ftdi_baud_divisor(int baud) {
  if (baud <= 0) return bad_baud(baud, "not a positive rate");
  if (baud > max_baud) return bad_baud(baud, "above the chip's 3 Mbaud");
  // DIV_ROUND_CLOSEST(base, 2 * baud) for positive operands.
  const auto divisor3 = static_cast<std::uint32_t>((ftdi_base_clock + baud) / (2 * std::int64_t{baud}));
  std::uint32_t divisor = divisor3 >> 3;
  if (divisor > ftdi_max_integer_divisor) return bad_baud(baud, "divisor does not fit in 14 bits");
  divisor |= std::uint32_t{ftdi_divisor_fraction[divisor3 & 0x7]} << 14;
  // Special cases for the highest rates: 1.0 is sent as 0 and 1.5 as 1.
  if (divisor == 1) {
    divisor = 0;
  } else if (divisor == 0x4001) {
    divisor = 1;
  }
  return divisor;
}

core::Result<std::uint16_t> ftdi_data_value(const LineSettings& settings) {
  if (auto ok = check_line_settings(settings); !ok) return std::unexpected(ok.error());
  if (settings.data_bits < 7) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "FTDI FT232R cannot send " + std::to_string(settings.data_bits) +
                          " data bits (line settings " + to_string(settings) + "); use 7 or 8");
  }
  const std::uint16_t stop = settings.stop_bits == 2 ? (0x2 << 11) : (0x0 << 11);
  return static_cast<std::uint16_t>(settings.data_bits | ftdi_parity_bits(settings.parity) | stop);
}

core::Result<std::vector<usb::ControlSetup>> ftdi_open_requests(const LineSettings& settings, int latency_ms) {
  if (latency_ms < 1 || latency_ms > 255) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "FTDI latency timer " + std::to_string(latency_ms) + " ms is out of range; use 1..255 ms");
  }
  auto data = ftdi_data_value(settings);
  if (!data) return std::unexpected(data.error());
  auto divisor = ftdi_baud_divisor(settings.baud);
  if (!divisor) return std::unexpected(divisor.error());
  return std::vector<usb::ControlSetup>{
      ftdi_out(ftdi_request_set_latency_timer, static_cast<std::uint16_t>(latency_ms)),
      ftdi_out(ftdi_request_reset, ftdi_reset_sio),
      ftdi_out(ftdi_request_set_data, *data),
      ftdi_out(ftdi_request_set_baud_rate, static_cast<std::uint16_t>(*divisor & 0xFFFF),
               static_cast<std::uint16_t>(*divisor >> 16)),
      ftdi_out(ftdi_request_set_flow_ctrl, ftdi_flow_control_off),
      ftdi_out(ftdi_request_modem_ctrl, ftdi_dtr_rts_high),
  };
}

FtdiSplit split_ftdi_transfer(std::span<const std::uint8_t> transfer, std::size_t max_packet) {
  if (max_packet == 0) max_packet = ftdi_max_packet;
  FtdiSplit out;
  out.payload.reserve(transfer.size());
  for (std::size_t at = 0; at < transfer.size(); at += max_packet) {
    take_packet(transfer.subspan(at, std::min(max_packet, transfer.size() - at)), out);
  }
  return out;
}

std::size_t FtdiPacketSplitter::split(std::span<const std::uint8_t> transfer, std::vector<std::uint8_t>& payload) {
  auto part = split_ftdi_transfer(transfer, max_packet_);
  if (part.saw_status) {
    line_status_ = part.line_status;
    modem_status_ = part.modem_status;
  }
  errors_.overrun += part.errors.overrun;
  errors_.parity += part.errors.parity;
  errors_.framing += part.errors.framing;
  errors_.breaks += part.errors.breaks;
  malformed_ += part.malformed_packets;
  payload.insert(payload.end(), part.payload.begin(), part.payload.end());
  return part.payload.size();
}

}  // namespace pickupbox::serial
