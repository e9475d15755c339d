#pragma once
// Sensor polarity per board: sources disagree whether a set lock bit means open or locked,
// and whether a set infrared bit means an item is present, so each board says which.
#include <array>

#include "kerong/frame.hpp"

namespace pickupbox::kerong {

struct BoardConfig {
  int address = 0;  // 0..15
  bool lock_bit_set_means_open = true;
  bool item_bit_set_means_present = true;
};

struct ChannelStatus {
  bool lock_open = false;  // on these boards the lock feedback switch reads the door
  bool item_present = false;
  bool operator==(const ChannelStatus&) const = default;
};

struct BoardStatus {
  int board = 0;
  std::array<ChannelStatus, channels_per_board> channels{};  // [0] is channel 1

  // channel 1..16; out of range is a programming error (std::out_of_range).
  const ChannelStatus& channel(int channel) const { return channels.at(static_cast<std::size_t>(channel - 1)); }
  bool operator==(const BoardStatus&) const = default;
};

// Wire bits -> meaning, with the board's polarity.
BoardStatus to_board_status(const BoardConfig& config, StatusBits bits);

// Meaning -> wire bits, with the board's polarity (the simulator speaks like a real board).
StatusBits to_status_bits(const BoardConfig& config,
                          const std::array<ChannelStatus, channels_per_board>& channels);

}  // namespace pickupbox::kerong
