#include "kerong/board_status.hpp"

namespace pickupbox::kerong {
namespace {

bool bit(std::uint16_t bits, std::size_t index) { return ((bits >> index) & 1U) != 0; }

std::uint16_t with_bit(std::uint16_t bits, std::size_t index, bool set) {
  if (!set) return bits;
  return static_cast<std::uint16_t>(bits | (1U << index));
}

}  // namespace

BoardStatus to_board_status(const BoardConfig& config, StatusBits bits) {
  BoardStatus status;
  status.board = config.address;
  for (std::size_t i = 0; i < status.channels.size(); ++i) {
    status.channels[i].lock_open = bit(bits.locks, i) == config.lock_bit_set_means_open;
    status.channels[i].item_present = bit(bits.items, i) == config.item_bit_set_means_present;
  }
  return status;
}

StatusBits to_status_bits(const BoardConfig& config,
                          const std::array<ChannelStatus, channels_per_board>& channels) {
  StatusBits bits;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    bits.locks = with_bit(bits.locks, i, channels[i].lock_open == config.lock_bit_set_means_open);
    bits.items = with_bit(bits.items, i, channels[i].item_present == config.item_bit_set_means_present);
  }
  return bits;
}

}  // namespace pickupbox::kerong
