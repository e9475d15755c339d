#include "sim/sim_bank.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "hex_bytes.hpp"
#include "kerong/bus_master.hpp"

namespace pickupbox::sim {
namespace {

using namespace std::chrono_literals;
using testing::to_hex;

// Three boards on one bus, as in a small bank; the master knows the same polarity.
class SimBankWithMaster : public ::testing::Test {
 protected:
  SimBankWithMaster()
      : bank({{.address = 0}, {.address = 1, .answers_unlock = true}, {.address = 2, .lock_bit_set_means_open = false}},
             time, TimeoutMode::immediate),
        master(bank.transport(), settings()) {}

  static kerong::BusSettings settings() {
    kerong::BusSettings s;
    s.boards = {kerong::BoardConfig{0}, kerong::BoardConfig{1}, kerong::BoardConfig{2, false, true}};
    return s;
  }

  long unlock_frames_sent() const {
    auto requests = bank.bus().requests();
    return std::ranges::count(requests, kerong::Command::unlock, &kerong::Frame::command);
  }

  ManualTimeSource time;
  SimBank bank;
  kerong::BusMaster master;
};

TEST_F(SimBankWithMaster, StatusOfSeveralBoardsReflectsEachBoardsDoorsAndItems) {
  ASSERT_TRUE(bank.open_door(0, 3).has_value());
  ASSERT_TRUE(bank.set_item(1, 16, true).has_value());
  ASSERT_TRUE(bank.open_door(2, 7).has_value());
  ASSERT_TRUE(bank.set_item(2, 7, true).has_value());

  auto b0 = master.status(0);
  auto b1 = master.status(1);
  auto b2 = master.status(2);
  ASSERT_TRUE(b0 && b1 && b2);
  for (int ch = 1; ch <= 16; ++ch) {
    EXPECT_EQ(b0->channel(ch).lock_open, ch == 3) << ch;
    EXPECT_FALSE(b0->channel(ch).item_present) << ch;
    EXPECT_FALSE(b1->channel(ch).lock_open) << ch;
    EXPECT_EQ(b1->channel(ch).item_present, ch == 16) << ch;
    EXPECT_EQ(b2->channel(ch).lock_open, ch == 7) << ch;  // despite inverted wire bits
    EXPECT_EQ(b2->channel(ch).item_present, ch == 7) << ch;
  }
  EXPECT_EQ(to_hex(bank.bus().written()), "02 00 30 03 35 02 10 30 03 45 02 20 30 03 55");
}

TEST_F(SimBankWithMaster, MismatchedPolarityShowsUpAsInvertedReadings) {
  ASSERT_TRUE(bank.set_polarity(0, false, true).has_value());
  auto status = master.status(0);  // master still expects set bit = open
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(1).lock_open);
  ASSERT_TRUE(bank.set_polarity(0, true, true).has_value());
  EXPECT_FALSE(master.status(0)->channel(1).lock_open);
}

TEST_F(SimBankWithMaster, UnlockOpensTheDoorAndReadsBackOpen) {
  auto status = master.unlock_and_confirm(0, 5, 200ms);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_TRUE(status->channel(5).lock_open);
  auto channel = bank.channel(0, 5).value();
  EXPECT_TRUE(channel.door_open);
  EXPECT_FALSE(channel.latched);
  EXPECT_EQ(channel.unlock_pulses, 1);
  time.advance(500ms);
  EXPECT_TRUE(bank.channel(0, 5)->latched);
  EXPECT_TRUE(master.status(0)->channel(5).lock_open);  // door stays open until closed
  ASSERT_TRUE(bank.close_door(0, 5).has_value());
  EXPECT_FALSE(master.status(0)->channel(5).lock_open);
}

TEST_F(SimBankWithMaster, BoardThatAnswersUnlocksDoesNotConfuseTheNextStatus) {
  ASSERT_TRUE(master.unlock(1, 2).has_value());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(2).lock_open);
  EXPECT_EQ(master.counters().timeouts, 0U);
  EXPECT_EQ(master.counters().retries, 0U);
}

TEST_F(SimBankWithMaster, JammedDoorFailsAfterExactlyOneRetryPulse) {
  ASSERT_TRUE(bank.set_jammed(0, 9, true).has_value());
  auto status = master.unlock_and_confirm(0, 9, 100ms);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::hardware);
  EXPECT_EQ(unlock_frames_sent(), 2);
  EXPECT_EQ(bank.channel(0, 9)->unlock_pulses, 2);
  EXPECT_FALSE(bank.channel(0, 9)->door_open);
}

TEST_F(SimBankWithMaster, DisconnectedBoardTimesOutAndWorksAgainAfterReconnect) {
  ASSERT_TRUE(bank.set_connected(1, false).has_value());
  auto lost = master.status(1);
  ASSERT_FALSE(lost.has_value());
  EXPECT_EQ(lost.error().code, core::ErrorCode::hardware);
  EXPECT_NE(lost.error().message.find("lock board 1"), std::string::npos);
  EXPECT_EQ(master.counters().timeouts, 3U);
  EXPECT_TRUE(master.status(0).has_value());  // the rest of the bus is fine

  ASSERT_TRUE(bank.set_connected(1, true).has_value());
  EXPECT_TRUE(master.status(1).has_value());
}

TEST_F(SimBankWithMaster, UnlockIsSentEvenWhenTheSensorAlreadyReadsOpen) {
  ASSERT_TRUE(bank.open_door(0, 4).has_value());
  ASSERT_TRUE(master.status(0)->channel(4).lock_open);
  bank.bus().clear_log();
  auto status = master.unlock_and_confirm(0, 4, 100ms);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(unlock_frames_sent(), 1);
  EXPECT_EQ(bank.bus().requests().front(), *kerong::make_unlock(0, 4));  // first thing on the wire
  EXPECT_EQ(bank.channel(0, 4)->unlock_pulses, 1);
}

TEST_F(SimBankWithMaster, CorruptedReplyIsRetriedAndCounted) {
  bank.bus().corrupt_next_reply();
  auto status = master.status(0);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(master.counters().decode_errors, 1U);
  EXPECT_EQ(master.counters().retries, 1U);
}

TEST_F(SimBankWithMaster, NoiseAheadOfAReplyIsSkippedWithoutARetry) {
  bank.bus().prefix_next_reply({0xFF, 0x02, 0x55, 0x00});
  ASSERT_TRUE(bank.open_door(0, 1).has_value());
  auto status = master.status(0);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(1).lock_open);
  EXPECT_EQ(master.counters().decode_errors, 1U);
  EXPECT_EQ(master.counters().retries, 0U);
}

TEST_F(SimBankWithMaster, BadAddressesAreValuesNotCrashes) {
  auto no_board = bank.open_door(9, 1);
  ASSERT_FALSE(no_board.has_value());
  EXPECT_EQ(no_board.error().code, core::ErrorCode::not_found);
  auto no_channel = bank.close_door(0, 17);
  ASSERT_FALSE(no_channel.has_value());
  EXPECT_EQ(no_channel.error().code, core::ErrorCode::invalid_argument);
  EXPECT_FALSE(bank.set_connected(9, false).has_value());
  EXPECT_FALSE(bank.channel(0, 0).has_value());
  EXPECT_EQ(bank.addresses(), (std::vector<int>{0, 1, 2}));
  EXPECT_TRUE(bank.has_board(2));
  EXPECT_FALSE(bank.has_board(3));
}

TEST(SimBank, DuplicateAddressesAreAStartUpFailure) {
  EXPECT_THROW(SimBank({{.address = 1}, {.address = 1}}), std::invalid_argument);
}

TEST(SimBank, WorkerThreadPollsWhileAnotherThreadMovesDoors) {
  SimBank bank({{.address = 0}}, TimeoutMode::wait);
  kerong::BusSettings settings;
  settings.boards = {kerong::BoardConfig{0}};
  settings.reply_timeout = 1s;  // replies are produced on write, so this never actually elapses
  kerong::BusMaster master(bank.transport(), settings);

  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::thread worker([&] {
    while (!done) {
      if (!master.status(0)) ++failures;
    }
  });
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(bank.open_door(0, 1 + i % 16).has_value());
    ASSERT_TRUE(bank.close_door(0, 1 + i % 16).has_value());
  }
  ASSERT_TRUE(bank.open_door(0, 16).has_value());
  done = true;
  worker.join();
  EXPECT_EQ(failures, 0);
  auto final_status = master.status(0);
  ASSERT_TRUE(final_status.has_value());
  EXPECT_TRUE(final_status->channel(16).lock_open);
  EXPECT_FALSE(final_status->channel(1).lock_open);
}

}  // namespace
}  // namespace pickupbox::sim
