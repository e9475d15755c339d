#include "kerong/frame.hpp"

#include <array>
#include <string>

namespace pickupbox::kerong {
namespace {

core::Result<void> check_board(int board) {
  if (board < 0 || board > max_board) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "lock board address " + std::to_string(board) +
                          " is out of range; use 0.." + std::to_string(max_board));
  }
  return {};
}

core::Result<void> check_channel(int channel) {
  if (channel < 1 || channel > channels_per_board) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "lock channel " + std::to_string(channel) + " is out of range; use 1.." +
                          std::to_string(channels_per_board));
  }
  return {};
}

std::uint8_t board_address(int board) { return static_cast<std::uint8_t>(board << 4); }

std::uint8_t low_byte(std::uint16_t bits) { return static_cast<std::uint8_t>(bits & 0xFF); }
std::uint8_t high_byte(std::uint16_t bits) { return static_cast<std::uint8_t>(bits >> 8); }

}  // namespace

std::optional<std::size_t> frame_length(std::uint8_t command) {
  switch (command) {
    case static_cast<std::uint8_t>(Command::status_request):
    case static_cast<std::uint8_t>(Command::unlock):
      return 5;
    case static_cast<std::uint8_t>(Command::status_reply):
      return 9;
    default:
      return std::nullopt;
  }
}

std::uint8_t checksum(std::span<const std::uint8_t> bytes) {
  unsigned sum = 0;
  for (auto b : bytes) sum += b;
  return static_cast<std::uint8_t>(sum & 0xFF);
}

core::Result<Frame> make_status_request(int board) {
  if (auto ok = check_board(board); !ok) return std::unexpected(ok.error());
  return Frame{board_address(board), Command::status_request, {}};
}

core::Result<Frame> make_unlock(int board, int channel) {
  if (auto ok = check_board(board); !ok) return std::unexpected(ok.error());
  if (auto ok = check_channel(channel); !ok) return std::unexpected(ok.error());
  auto address = static_cast<std::uint8_t>(board_address(board) | (channel - 1));
  return Frame{address, Command::unlock, {}};
}

core::Result<Frame> make_status_reply(int board, StatusBits bits) {
  if (auto ok = check_board(board); !ok) return std::unexpected(ok.error());
  return Frame{board_address(board), Command::status_reply, bits};
}

std::vector<std::uint8_t> encode(const Frame& frame) {
  std::array<std::uint8_t, max_frame_length> out{stx, frame.address, static_cast<std::uint8_t>(frame.command)};
  std::size_t size = 3;
  if (frame.command == Command::status_reply) {
    for (auto b : {low_byte(frame.status.locks), high_byte(frame.status.locks), low_byte(frame.status.items),
                   high_byte(frame.status.items)}) {
      out[size++] = b;
    }
  }
  out[size++] = etx;
  out[size] = checksum(std::span(out).first(size));
  ++size;
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size)};
}

}  // namespace pickupbox::kerong
