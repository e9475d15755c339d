#include "kerong/board_status.hpp"

#include <gtest/gtest.h>

namespace pickupbox::kerong {
namespace {

TEST(BoardStatus, DefaultPolaritySetBitsMeanOpenAndPresent) {
  const BoardConfig config{3};
  auto status = to_board_status(config, {0x0005, 0x8000});
  EXPECT_EQ(status.board, 3);
  EXPECT_TRUE(status.channel(1).lock_open);
  EXPECT_FALSE(status.channel(2).lock_open);
  EXPECT_TRUE(status.channel(3).lock_open);
  for (int ch = 4; ch <= 16; ++ch) EXPECT_FALSE(status.channel(ch).lock_open) << ch;
  for (int ch = 1; ch <= 15; ++ch) EXPECT_FALSE(status.channel(ch).item_present) << ch;
  EXPECT_TRUE(status.channel(16).item_present);
}

TEST(BoardStatus, InvertedPolaritySetBitsMeanLockedAndEmpty) {
  const BoardConfig config{0, false, false};
  auto status = to_board_status(config, {0x0005, 0x8000});
  EXPECT_FALSE(status.channel(1).lock_open);
  EXPECT_TRUE(status.channel(2).lock_open);
  EXPECT_FALSE(status.channel(3).lock_open);
  EXPECT_TRUE(status.channel(16).lock_open);
  EXPECT_TRUE(status.channel(1).item_present);
  EXPECT_FALSE(status.channel(16).item_present);
}

TEST(BoardStatus, EachBitMapsToItsOwnChannel) {
  const BoardConfig config{0};
  for (int ch = 1; ch <= channels_per_board; ++ch) {
    const auto bit = static_cast<std::uint16_t>(1U << (ch - 1));
    auto status = to_board_status(config, {bit, 0});
    for (int other = 1; other <= channels_per_board; ++other) {
      EXPECT_EQ(status.channel(other).lock_open, other == ch) << ch << "/" << other;
    }
  }
}

TEST(BoardStatus, EncodingAppliesPolarityToTheWireBits) {
  std::array<ChannelStatus, channels_per_board> channels{};
  channels[2].lock_open = true;      // channel 3
  channels[9].item_present = true;   // channel 10
  EXPECT_EQ(to_status_bits(BoardConfig{0}, channels), (StatusBits{0x0004, 0x0200}));
  EXPECT_EQ(to_status_bits(BoardConfig{0, false, true}, channels), (StatusBits{0xFFFB, 0x0200}));
  EXPECT_EQ(to_status_bits(BoardConfig{0, true, false}, channels), (StatusBits{0x0004, 0xFDFF}));
}

TEST(BoardStatus, RoundTripsThroughTheWireForEveryPolarity) {
  std::array<ChannelStatus, channels_per_board> channels{};
  for (std::size_t i = 0; i < channels.size(); ++i) channels[i] = {i % 3 == 0, i % 2 == 1};
  for (bool lock_open_bit : {true, false}) {
    for (bool item_bit : {true, false}) {
      const BoardConfig config{5, lock_open_bit, item_bit};
      auto back = to_board_status(config, to_status_bits(config, channels));
      EXPECT_EQ(back.board, 5);
      EXPECT_EQ(back.channels, channels) << lock_open_bit << item_bit;
    }
  }
}

TEST(BoardStatus, ChannelOutsideTheBoardIsAProgrammingError) {
  BoardStatus status;
  EXPECT_THROW((void)status.channel(0), std::out_of_range);
  EXPECT_THROW((void)status.channel(17), std::out_of_range);
}

}  // namespace
}  // namespace pickupbox::kerong
