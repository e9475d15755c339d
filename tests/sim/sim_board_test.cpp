#include "sim/sim_board.hpp"

#include <gtest/gtest.h>

#include "hex_bytes.hpp"

namespace pickupbox::sim {
namespace {

using namespace std::chrono_literals;
using testing::to_hex;

const SimTime t0{};
const kerong::Frame status_request_0 = *kerong::make_status_request(0);

std::string reply_bytes(SimBoard& board, SimTime now = t0) {
  auto reply = board.handle(status_request_0, now);
  EXPECT_TRUE(reply.has_value());
  return reply ? to_hex(kerong::encode(*reply)) : "";
}

TEST(SimBoard, AllClosedAndEmptyBoardAnswersWithZeroBits) {
  SimBoard board({.address = 0});
  EXPECT_EQ(reply_bytes(board), "02 00 35 00 00 00 00 03 3A");
}

TEST(SimBoard, ReportsOpenDoorsAndItemsInTheStatusBits) {
  SimBoard board({.address = 0});
  board.open_door(2);
  board.set_item(5, true);
  EXPECT_EQ(reply_bytes(board), "02 00 35 02 00 10 00 03 4C");
}

TEST(SimBoard, InvertedLockPolaritySetsTheBitsOfClosedDoors) {
  SimBoard board({.address = 0, .lock_bit_set_means_open = false});
  board.open_door(2);
  board.set_item(5, true);
  EXPECT_EQ(reply_bytes(board), "02 00 35 FD FF 10 00 03 46");
  board.set_polarity(true, true);
  EXPECT_EQ(reply_bytes(board), "02 00 35 02 00 10 00 03 4C");
}

TEST(SimBoard, UnlockPulseReleasesTheLatchAndTheSpringPopsTheDoor) {
  SimBoard board({.address = 0, .latch_release = 500ms});
  EXPECT_FALSE(board.handle(*kerong::make_unlock(0, 4), t0).has_value());  // this board stays silent
  auto during = board.channel(4, t0 + 499ms);
  EXPECT_FALSE(during.latched);
  EXPECT_TRUE(during.door_open);
  EXPECT_EQ(during.unlock_pulses, 1);
  auto after = board.channel(4, t0 + 500ms);
  EXPECT_TRUE(after.latched);
  EXPECT_TRUE(after.door_open);  // stays open until someone closes it
  board.close_door(4);
  EXPECT_FALSE(board.channel(4, t0 + 1s).door_open);
  EXPECT_FALSE(board.channel(3, t0).door_open);  // neighbours untouched
}

TEST(SimBoard, JammedLatchDoesNotMoveAndKeepsReadingClosed) {
  SimBoard board({.address = 0});
  board.set_jammed(4, true);
  (void)board.handle(*kerong::make_unlock(0, 4), t0);
  auto channel = board.channel(4, t0 + 1ms);
  EXPECT_TRUE(channel.latched);
  EXPECT_FALSE(channel.door_open);
  EXPECT_EQ(channel.unlock_pulses, 1);
  EXPECT_EQ(reply_bytes(board), "02 00 35 00 00 00 00 03 3A");
  board.set_jammed(4, false);
  (void)board.handle(*kerong::make_unlock(0, 4), t0);
  EXPECT_TRUE(board.channel(4, t0).door_open);
}

TEST(SimBoard, ForcedDoorJustReadsOpenWithTheLatchStillEngaged) {
  SimBoard board({.address = 0});
  board.open_door(1);
  auto channel = board.channel(1, t0);
  EXPECT_TRUE(channel.door_open);
  EXPECT_TRUE(channel.latched);
  EXPECT_EQ(channel.unlock_pulses, 0);
}

TEST(SimBoard, DisconnectedBoardNeitherHearsNorAnswers) {
  SimBoard board({.address = 0});
  board.set_connected(false);
  EXPECT_FALSE(board.handle(status_request_0, t0).has_value());
  EXPECT_FALSE(board.handle(*kerong::make_unlock(0, 1), t0).has_value());
  EXPECT_EQ(board.channel(1, t0).unlock_pulses, 0);
  EXPECT_FALSE(board.channel(1, t0).door_open);
  board.set_connected(true);
  EXPECT_TRUE(board.handle(status_request_0, t0).has_value());
}

TEST(SimBoard, IgnoresFramesForOtherAddressesAndOtherBoardsReplies) {
  SimBoard board({.address = 3});
  EXPECT_FALSE(board.handle(status_request_0, t0).has_value());
  EXPECT_FALSE(board.handle(*kerong::make_unlock(2, 1), t0).has_value());
  EXPECT_FALSE(board.handle(*kerong::make_status_reply(3, {}), t0).has_value());
  EXPECT_EQ(board.channel(1, t0).unlock_pulses, 0);
  auto reply = board.handle(*kerong::make_status_request(3), t0);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(to_hex(kerong::encode(*reply)), "02 30 35 00 00 00 00 03 6A");
}

TEST(SimBoard, CanAnswerAnUnlockWithItsStatusAfterThePulse) {
  SimBoard board({.address = 3, .answers_unlock = true});
  auto reply = board.handle(*kerong::make_unlock(3, 1), t0);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(to_hex(kerong::encode(*reply)), "02 30 35 01 00 00 00 03 6B");
}

TEST(SimBoard, SmallerBoardIgnoresUnlocksForMissingChannels) {
  SimBoard board({.address = 0, .channel_count = 8});
  (void)board.handle(*kerong::make_unlock(0, 12), t0);
  EXPECT_EQ(reply_bytes(board), "02 00 35 00 00 00 00 03 3A");
  EXPECT_THROW(board.open_door(9), std::out_of_range);
  EXPECT_THROW((void)board.channel(0, t0), std::out_of_range);
}

TEST(SimBoard, InvalidOptionsAreRejected) {
  EXPECT_THROW(SimBoard({.address = 16}), std::invalid_argument);
  EXPECT_THROW(SimBoard({.address = 0, .channel_count = 0}), std::invalid_argument);
  EXPECT_THROW(SimBoard({.address = 0, .channel_count = 17}), std::invalid_argument);
}

}  // namespace
}  // namespace pickupbox::sim
