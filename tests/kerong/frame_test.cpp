#include "kerong/frame.hpp"

#include <gtest/gtest.h>

#include "hex_bytes.hpp"
#include "kerong/frame_decoder.hpp"

namespace pickupbox::kerong {
namespace {

using testing::hex_bytes;
using testing::to_hex;

std::string wire(const core::Result<Frame>& frame) {
  EXPECT_TRUE(frame.has_value());
  return to_hex(encode(*frame));
}

// Expected bytes below are worked out by hand from the protocol sheet, not by the codec.
TEST(FrameEncode, UnlockBoardZeroChannelOne) { EXPECT_EQ(wire(make_unlock(0, 1)), "02 00 31 03 36"); }

TEST(FrameEncode, UnlockPutsBoardInHighNibbleAndChannelMinusOneInLow) {
  EXPECT_EQ(wire(make_unlock(1, 16)), "02 1F 31 03 55");
  EXPECT_EQ(wire(make_unlock(2, 16)), "02 2F 31 03 65");
  EXPECT_EQ(wire(make_unlock(15, 5)), "02 F4 31 03 2A");
}

TEST(FrameEncode, StatusRequestAddressesTheBoardOnly) {
  EXPECT_EQ(wire(make_status_request(0)), "02 00 30 03 35");
  EXPECT_EQ(wire(make_status_request(2)), "02 20 30 03 55");
}

TEST(FrameEncode, StatusReplyCarriesLowByteFirstForLocksThenItems) {
  EXPECT_EQ(wire(make_status_reply(0, {0x0001, 0x8000})), "02 00 35 01 00 00 80 03 BB");
  EXPECT_EQ(wire(make_status_reply(1, {0x0102, 0x0304})), "02 10 35 02 01 04 03 03 54");
}

TEST(FrameEncode, ChecksumKeepsOnlyTheLowByte) {
  // 02+F0+35+FF*4+03 = 0x526
  EXPECT_EQ(wire(make_status_reply(15, {0xFFFF, 0xFFFF})), "02 F0 35 FF FF FF FF 03 26");
  EXPECT_EQ(checksum(hex_bytes("FF FF")), 0xFE);
  EXPECT_EQ(checksum({}), 0x00);
}

TEST(FrameEncode, RejectsAddressesOutsideTheBus) {
  for (int board : {-1, 16, 255}) {
    auto request = make_status_request(board);
    ASSERT_FALSE(request.has_value()) << board;
    EXPECT_EQ(request.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(request.error().message.find(std::to_string(board)), std::string::npos);
    EXPECT_FALSE(make_unlock(board, 1).has_value());
    EXPECT_FALSE(make_status_reply(board, {}).has_value());
  }
  for (int channel : {0, 17, -3}) {
    auto unlock = make_unlock(0, channel);
    ASSERT_FALSE(unlock.has_value()) << channel;
    EXPECT_EQ(unlock.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(unlock.error().message.find("channel " + std::to_string(channel)), std::string::npos);
  }
}

TEST(FrameLength, IsSetByTheCommand) {
  EXPECT_EQ(frame_length(0x30), 5U);
  EXPECT_EQ(frame_length(0x31), 5U);
  EXPECT_EQ(frame_length(0x35), 9U);
  EXPECT_FALSE(frame_length(0x32).has_value());
  EXPECT_FALSE(frame_length(0x02).has_value());
}

TEST(FrameRoundTrip, EveryUnlockAddressDecodesToTheSameBoardAndChannel) {
  for (int board = 0; board <= max_board; ++board) {
    for (int channel = 1; channel <= channels_per_board; ++channel) {
      auto frame = make_unlock(board, channel).value();
      FrameDecoder decoder;
      auto out = decoder.feed(encode(frame));
      ASSERT_EQ(out.frames.size(), 1U);
      EXPECT_EQ(out.frames[0], frame);
      EXPECT_EQ(out.frames[0].board(), board);
      EXPECT_EQ(out.frames[0].channel(), channel);
      EXPECT_TRUE(out.errors.empty());
    }
  }
}

TEST(FrameRoundTrip, StatusRequestsAndRepliesSurviveEncodeDecode) {
  FrameDecoder decoder;
  for (int board = 0; board <= max_board; ++board) {
    auto request = make_status_request(board).value();
    const StatusBits bits{static_cast<std::uint16_t>(0x1234 * (board + 1)),
                          static_cast<std::uint16_t>(0xF00F ^ (board << 4))};
    auto reply = make_status_reply(board, bits).value();
    auto out = decoder.feed(encode(request));
    auto more = decoder.feed(encode(reply));
    ASSERT_EQ(out.frames.size(), 1U);
    ASSERT_EQ(more.frames.size(), 1U);
    EXPECT_EQ(out.frames[0], request);
    EXPECT_EQ(more.frames[0], reply);
    EXPECT_EQ(more.frames[0].status, bits);
    EXPECT_EQ(more.frames[0].board(), board);
  }
  EXPECT_EQ(decoder.stats().errors, 0U);
}

}  // namespace
}  // namespace pickupbox::kerong
