// libFuzzer target: the FTDI bulk IN splitter on arbitrary transfers and packet sizes.
// Input: byte 0 is the max packet size (0 means the chip's 64), the rest one bulk transfer.
// Oracle: the payload is exactly the bytes at offsets >= 2 within each packet, whatever the
// length; the same bytes come out when the transfer is split across two calls at a packet
// boundary. ASan/UBSan catch any read outside the transfer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "serial/ftdi_protocol.hpp"

namespace {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace serial = pickupbox::serial;
  if (size == 0) return 0;
  const std::size_t max_packet = data[0];
  const std::size_t packet = max_packet == 0 ? serial::ftdi_max_packet : max_packet;
  // Copied so that ASan sees the exact end of the transfer.
  const std::vector<std::uint8_t> transfer(data + 1, data + size);

  const auto split = serial::split_ftdi_transfer(transfer, max_packet);

  std::vector<std::uint8_t> expected;
  std::size_t short_packets = 0;
  bool any_status = false;
  for (std::size_t i = 0; i < transfer.size(); ++i) {
    if (i % packet >= serial::ftdi_status_bytes) expected.push_back(transfer[i]);
  }
  for (std::size_t at = 0; at < transfer.size(); at += packet) {
    const std::size_t length = std::min(packet, transfer.size() - at);
    if (length < serial::ftdi_status_bytes) ++short_packets;
    else any_status = true;
  }
  require(split.payload == expected, "payload is every byte past the two status bytes of each packet");
  require(split.malformed_packets == short_packets, "packets shorter than the status are counted");
  require(split.saw_status == any_status, "status seen iff some packet had it");
  const auto errors = split.errors.overrun + split.errors.parity + split.errors.framing;
  require(errors <= 2 * (transfer.size() / (serial::ftdi_status_bytes + 1) + 1), "error counts are bounded");

  // The same bytes through the accumulating splitter, cut at a packet boundary.
  const std::size_t packets = transfer.size() / packet;
  const std::size_t cut = (packets / 2) * packet;
  serial::FtdiPacketSplitter splitter(max_packet);
  std::vector<std::uint8_t> payload;
  const auto first = splitter.split(std::span(transfer).first(cut), payload);
  const auto second = splitter.split(std::span(transfer).subspan(cut), payload);
  require(first + second == payload.size() && payload == expected, "splitting across calls changes nothing");
  require(splitter.errors() == split.errors, "error counts add up across calls");
  return 0;
}
