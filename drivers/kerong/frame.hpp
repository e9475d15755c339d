#pragma once
// Kerong CU16/CU48-compatible lock-board frames: STX ADDR CMD [DATA...] ETX SUM.
// Pure codec, no I/O: the bus master and the simulator both build on it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace pickupbox::kerong {

inline constexpr std::uint8_t stx = 0x02;
inline constexpr std::uint8_t etx = 0x03;
inline constexpr int max_board = 15;
inline constexpr int channels_per_board = 16;
inline constexpr std::size_t max_frame_length = 9;

enum class Command : std::uint8_t {
  status_request = 0x30,  // ADDR = board << 4, no data
  unlock = 0x31,          // ADDR = board << 4 | (channel - 1), no data
  status_reply = 0x35,    // 4 data bytes: locks 1-8, locks 9-16, items 1-8, items 9-16
};

// Raw sensor bits as they travel, bit 0 = channel 1. Polarity is applied later
// (board_status.hpp) because boards disagree on what a set bit means.
struct StatusBits {
  std::uint16_t locks = 0;
  std::uint16_t items = 0;
  bool operator==(const StatusBits&) const = default;
};

struct Frame {
  std::uint8_t address = 0;
  Command command = Command::status_request;
  StatusBits status{};  // meaningful for status_reply only; zero otherwise

  int board() const { return address >> 4; }
  int channel() const { return (address & 0x0F) + 1; }  // meaningful for unlock only
  bool operator==(const Frame&) const = default;
};

// Whole frame length for a command byte, or nullopt when the command is unknown.
std::optional<std::size_t> frame_length(std::uint8_t command);

// Low byte of the sum of all bytes given (the frame up to and including ETX).
std::uint8_t checksum(std::span<const std::uint8_t> bytes);

// board 0..15, channel 1..16; anything else is invalid_argument.
core::Result<Frame> make_status_request(int board);
core::Result<Frame> make_unlock(int board, int channel);
core::Result<Frame> make_status_reply(int board, StatusBits bits);

std::vector<std::uint8_t> encode(const Frame& frame);

}  // namespace pickupbox::kerong
