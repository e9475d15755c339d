#include "kerong/bus_master.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "scripted_transport.hpp"

namespace pickupbox::kerong {
namespace {

using namespace std::chrono_literals;
using testing::ScriptedTransport;

constexpr auto status_req_1 = "02 10 30 03 45";
constexpr auto unlock_1_3 = "02 12 31 03 48";
constexpr auto reply_1_ch1_ch3_open = "02 10 35 05 00 00 00 03 4F";
constexpr auto reply_1_ch3_open = "02 10 35 04 00 00 00 03 4E";
constexpr auto reply_1_all_closed = "02 10 35 00 00 00 00 03 4A";
constexpr auto reply_1_bad_sum = "02 10 35 00 00 00 00 03 4B";
constexpr auto reply_2_all_closed = "02 20 35 00 00 00 00 03 5A";

BusSettings two_boards() {
  BusSettings settings;
  settings.boards = {BoardConfig{0}, BoardConfig{1}};
  return settings;
}

TEST(BusMasterStatus, SendsExactRequestAndDecodesTheReply) {
  ScriptedTransport wire;
  wire.expect(status_req_1, {reply_1_ch1_ch3_open});
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->board, 1);
  EXPECT_TRUE(status->channel(1).lock_open);
  EXPECT_FALSE(status->channel(2).lock_open);
  EXPECT_TRUE(status->channel(3).lock_open);
  EXPECT_TRUE(wire.script_done());
  EXPECT_EQ(wire.read_timeouts.front(), 100ms);
  EXPECT_EQ(master.counters().frames_sent, 1U);
  EXPECT_EQ(master.counters().replies_received, 1U);
}

TEST(BusMasterStatus, AppliesTheBoardsPolarity) {
  ScriptedTransport wire;
  wire.expect(status_req_1, {reply_1_ch1_ch3_open});
  BusSettings settings;
  settings.boards = {BoardConfig{1, false, false}};
  BusMaster master(wire, settings);
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_FALSE(status->channel(1).lock_open);
  EXPECT_TRUE(status->channel(2).lock_open);
  EXPECT_TRUE(status->channel(2).item_present);
}

TEST(BusMasterStatus, ReassemblesAReplySplitAcrossReads) {
  ScriptedTransport wire;
  wire.expect(status_req_1, {"02", "10 35", "05 00 00", "00 03", "4F"});
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(3).lock_open);
}

TEST(BusMasterStatus, IgnoresFramesFromOtherBoardsAndStrayRequests) {
  ScriptedTransport wire;
  wire.expect(status_req_1, {reply_2_all_closed, "02 00 31 03 36", reply_1_ch3_open});
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(3).lock_open);
  EXPECT_EQ(master.counters().stray_frames, 2U);
  EXPECT_EQ(master.counters().retries, 0U);
}

TEST(BusMasterStatus, DrainsALateReplyBeforeAsking) {
  ScriptedTransport wire;
  wire.push_unsolicited(reply_1_all_closed);  // left over from an earlier, timed-out request
  wire.expect(status_req_1, {reply_1_ch3_open});
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(3).lock_open);
  EXPECT_GE(wire.drains, 1);
}

// After an exchange that ended cleanly on its reply nothing late can follow, so the next
// request goes out without the drain (a 1 ms bulk read on a USB bridge).
TEST(BusMasterStatus, SkipsTheDrainAfterAnExchangeThatSettled) {
  ScriptedTransport wire;
  wire.expect(status_req_1, {reply_1_all_closed});
  wire.expect(status_req_1, {reply_1_ch3_open});
  BusMaster master(wire, two_boards());
  ASSERT_TRUE(master.status(1).has_value());
  ASSERT_TRUE(master.status(1).has_value());
  EXPECT_EQ(wire.drains, 1);  // only before the first request
  EXPECT_TRUE(wire.script_done());
}

TEST(BusMasterStatus, DrainsAgainWhenAnEarlierAttemptMayStillAnswer) {
  ScriptedTransport wire;
  wire.expect(status_req_1);  // times out: its reply may come late
  wire.expect(status_req_1, {reply_1_all_closed});
  wire.expect(status_req_1, {reply_1_ch3_open});
  BusMaster master(wire, two_boards());
  ASSERT_TRUE(master.status(1).has_value());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(3).lock_open);
  EXPECT_EQ(wire.drains, 3);
}

TEST(BusMasterStatus, DrainsWhenMoreFollowedTheReply) {
  ScriptedTransport wire;
  wire.expect(status_req_1, {std::string(reply_1_all_closed) + " " + reply_2_all_closed});
  wire.expect(status_req_1, {reply_1_ch3_open});
  BusMaster master(wire, two_boards());
  ASSERT_TRUE(master.status(1).has_value());
  ASSERT_TRUE(master.status(1).has_value());
  EXPECT_EQ(wire.drains, 2);
}

TEST(BusMasterStatus, RetriesAfterATimeout) {
  ScriptedTransport wire;
  wire.expect(status_req_1);
  wire.expect(status_req_1, {reply_1_all_closed});
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(wire.script_done());
  auto counters = master.counters();
  EXPECT_EQ(counters.frames_sent, 2U);
  EXPECT_EQ(counters.timeouts, 1U);
  EXPECT_EQ(counters.retries, 1U);
  EXPECT_EQ(counters.failures, 0U);
}

TEST(BusMasterStatus, RetriesAfterAGarbledReplyAndCountsTheDecodeError) {
  ScriptedTransport wire;
  wire.expect(status_req_1, {reply_1_bad_sum});
  wire.expect(status_req_1, {"FF 00", reply_1_ch3_open});
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(3).lock_open);
  auto counters = master.counters();
  EXPECT_EQ(counters.decode_errors, 2U);
  EXPECT_EQ(counters.retries, 1U);
}

TEST(BusMasterStatus, GivesUpWithAHardwareErrorNamingTheBoard) {
  ScriptedTransport wire;
  for (int i = 0; i < 3; ++i) wire.expect(status_req_1);
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::hardware);
  EXPECT_NE(status.error().message.find("lock board 1"), std::string::npos);
  EXPECT_NE(status.error().message.find("3 timed out"), std::string::npos);
  EXPECT_NE(status.error().message.find("RS-485 cable"), std::string::npos);
  EXPECT_EQ(wire.writes.size(), 3U);
  EXPECT_TRUE(wire.script_done());
  auto counters = master.counters();
  EXPECT_EQ(counters.timeouts, 3U);
  EXPECT_EQ(counters.retries, 2U);
  EXPECT_EQ(counters.failures, 1U);
}

TEST(BusMasterStatus, HonoursTheConfiguredRetriesAndTimeout) {
  ScriptedTransport wire;
  wire.expect(status_req_1);
  BusSettings settings = two_boards();
  settings.retries = 0;
  settings.reply_timeout = 20ms;
  BusMaster master(wire, settings);
  EXPECT_FALSE(master.status(1).has_value());
  EXPECT_EQ(wire.writes.size(), 1U);
  ASSERT_FALSE(wire.read_timeouts.empty());
  for (auto t : wire.read_timeouts) EXPECT_EQ(t, 20ms);
}

TEST(BusMasterStatus, ABabblingBusEndsEachAttemptInsteadOfHangingForever) {
  ScriptedTransport wire;
  wire.babble("55 AA 02 10");
  for (int i = 0; i < 3; ++i) wire.expect(status_req_1);
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::hardware);
  EXPECT_NE(status.error().message.find("3 garbled"), std::string::npos);
  EXPECT_EQ(master.counters().timeouts, 0U);
}

TEST(BusMasterStatus, UnconfiguredBoardIsRejectedWithoutTouchingTheBus) {
  ScriptedTransport wire;
  BusMaster master(wire, two_boards());
  auto status = master.status(7);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::invalid_argument);
  EXPECT_NE(status.error().message.find("lock board 7"), std::string::npos);
  EXPECT_TRUE(wire.writes.empty());
}

TEST(BusMasterStatus, TransportWriteFailureIsPassedUpWithContext) {
  ScriptedTransport wire;
  wire.fail_writes({core::ErrorCode::hardware, "USB serial bridge unplugged"});
  BusMaster master(wire, two_boards());
  auto status = master.status(1);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::hardware);
  EXPECT_EQ(status.error().message, "sending to lock board 1: USB serial bridge unplugged");
  EXPECT_EQ(master.counters().frames_sent, 0U);
}

TEST(BusMasterUnlock, SendsExactBytes) {
  ScriptedTransport wire;
  wire.expect("02 00 31 03 36");
  wire.expect(unlock_1_3);
  BusMaster master(wire, two_boards());
  EXPECT_TRUE(master.unlock(0, 1).has_value());
  EXPECT_TRUE(master.unlock(1, 3).has_value());
  EXPECT_TRUE(wire.script_done());
}

TEST(BusMasterUnlock, ToleratesABoardThatAnswersWithItsStatus) {
  ScriptedTransport wire;
  wire.expect(unlock_1_3, {reply_1_all_closed});
  wire.expect(status_req_1, {reply_1_ch3_open});
  BusMaster master(wire, two_boards());
  ASSERT_TRUE(master.unlock(1, 3).has_value());
  auto status = master.status(1);  // must get its own reply, not the unlock's
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->channel(3).lock_open);
  EXPECT_EQ(master.counters().timeouts, 0U);
}

TEST(BusMasterUnlock, RejectsChannelsOutsideTheBoard) {
  ScriptedTransport wire;
  BusMaster master(wire, two_boards());
  for (int channel : {0, 17}) {
    auto result = master.unlock(1, channel);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, core::ErrorCode::invalid_argument);
  }
  EXPECT_TRUE(wire.writes.empty());
}

BusSettings confirm_settings() {
  BusSettings settings = two_boards();
  settings.poll_interval = 50ms;
  return settings;
}

TEST(BusMasterUnlockAndConfirm, PollsUntilTheChannelReadsOpen) {
  ScriptedTransport wire;
  wire.expect(unlock_1_3);
  wire.expect(status_req_1, {reply_1_all_closed});
  wire.expect(status_req_1, {reply_1_ch3_open});
  BusMaster master(wire, confirm_settings());
  auto status = master.unlock_and_confirm(1, 3, 100ms);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_TRUE(status->channel(3).lock_open);
  EXPECT_TRUE(wire.script_done());
  // the pause between polls is a read with the poll interval as its timeout
  EXPECT_NE(std::find(wire.read_timeouts.begin(), wire.read_timeouts.end(), 50ms), wire.read_timeouts.end());
}

TEST(BusMasterUnlockAndConfirm, SendsTheUnlockEvenWhenTheSensorAlreadyReadsOpen) {
  ScriptedTransport wire;
  wire.expect(unlock_1_3);  // first on the wire: no status check before it
  wire.expect(status_req_1, {reply_1_ch3_open});
  BusMaster master(wire, confirm_settings());
  auto status = master.unlock_and_confirm(1, 3, 100ms);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(wire.script_done());
}

TEST(BusMasterUnlockAndConfirm, PulsesOnceMoreThenReportsHardware) {
  ScriptedTransport wire;
  for (int pulse = 0; pulse < 2; ++pulse) {
    wire.expect(unlock_1_3);
    for (int poll = 0; poll < 3; ++poll) wire.expect(status_req_1, {reply_1_all_closed});
  }
  BusMaster master(wire, confirm_settings());
  auto status = master.unlock_and_confirm(1, 3, 100ms);  // 1 + 100/50 polls per pulse
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::hardware);
  EXPECT_NE(status.error().message.find("lock board 1 channel 3"), std::string::npos);
  EXPECT_NE(status.error().message.find("out of service"), std::string::npos);
  EXPECT_TRUE(wire.script_done());
  EXPECT_EQ(wire.writes.size(), 8U);
  EXPECT_EQ(master.counters().failures, 1U);
}

TEST(BusMasterUnlockAndConfirm, ABoardThatStopsAnsweringIsAHardwareError) {
  ScriptedTransport wire;
  wire.expect(unlock_1_3);
  for (int i = 0; i < 3; ++i) wire.expect(status_req_1);
  BusMaster master(wire, confirm_settings());
  auto status = master.unlock_and_confirm(1, 3, 100ms);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::hardware);
  EXPECT_NE(status.error().message.find("did not answer"), std::string::npos);
  EXPECT_TRUE(wire.script_done());
}

TEST(BusMasterScan, AsksEveryAddressOnceAndListsThoseThatAnswered) {
  ScriptedTransport wire;
  for (int board = 0; board <= max_board; ++board) {
    const auto request = testing::to_hex(encode(*make_status_request(board)));
    if (board == 1) {
      wire.expect(request, {reply_1_all_closed});
    } else if (board == 2) {
      wire.expect(request, {reply_2_all_closed});
    } else if (board == 5) {
      wire.expect(request, {"02 50 35 00"});  // a torn reply does not count as an answer
    } else {
      wire.expect(request);
    }
  }
  BusMaster master(wire, BusSettings{});  // no board configured: a scan needs none
  auto answered = master.scan();
  ASSERT_TRUE(answered.has_value()) << answered.error().message;
  EXPECT_EQ(*answered, (std::vector<int>{1, 2}));
  EXPECT_TRUE(wire.script_done());
}

TEST(BusMasterScan, APulledCableIsAnErrorNotAnEmptyBus) {
  ScriptedTransport wire;
  wire.fail_writes(core::Error{core::ErrorCode::hardware, "USB serial bridge disconnected"});
  BusMaster master(wire, BusSettings{});
  auto answered = master.scan();
  ASSERT_FALSE(answered.has_value());
  EXPECT_EQ(answered.error().code, core::ErrorCode::hardware);
  EXPECT_NE(answered.error().message.find("disconnected"), std::string::npos);
}

TEST(BusMasterSettings, BadConfigurationIsAStartUpFailure) {
  ScriptedTransport wire;
  auto with = [](auto change) {
    BusSettings s;
    s.boards = {BoardConfig{0}};
    change(s);
    return s;
  };
  EXPECT_THROW(BusMaster(wire, with([](BusSettings& s) { s.retries = -1; })), std::invalid_argument);
  EXPECT_THROW(BusMaster(wire, with([](BusSettings& s) { s.reply_timeout = 0ms; })), std::invalid_argument);
  EXPECT_THROW(BusMaster(wire, with([](BusSettings& s) { s.poll_interval = 0ms; })), std::invalid_argument);
  EXPECT_THROW(BusMaster(wire, with([](BusSettings& s) { s.boards.push_back(BoardConfig{16}); })), std::invalid_argument);
  EXPECT_THROW(BusMaster(wire, with([](BusSettings& s) { s.boards.push_back(BoardConfig{0}); })), std::invalid_argument);
  EXPECT_NO_THROW(BusMaster(wire, with([](BusSettings&) {})));
}

// A transport that relies on the default drain_input (reads with a zero timeout).
class QueueTransport final : public Transport {
 public:
  std::deque<std::uint8_t> readable;
  std::vector<std::chrono::milliseconds> timeouts;
  core::Result<void> write(std::span<const std::uint8_t>) override { return {}; }
  core::Result<std::size_t> read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) override {
    timeouts.push_back(timeout);
    std::size_t n = 0;
    while (n < out.size() && !readable.empty()) {
      out[n++] = readable.front();
      readable.pop_front();
    }
    return n;
  }
};

TEST(Transport, DefaultDrainReadsWithZeroTimeoutUntilEmpty) {
  QueueTransport wire;
  wire.readable.assign(200, 0xAA);
  wire.drain_input();
  EXPECT_TRUE(wire.readable.empty());
  ASSERT_FALSE(wire.timeouts.empty());
  for (auto t : wire.timeouts) EXPECT_EQ(t, 0ms);
}

}  // namespace
}  // namespace pickupbox::kerong
