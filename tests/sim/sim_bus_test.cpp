#include "sim/sim_bus.hpp"

#include <gtest/gtest.h>

#include <array>
#include <thread>

#include "hex_bytes.hpp"

namespace pickupbox::sim {
namespace {

using namespace std::chrono_literals;
using testing::hex_bytes;
using testing::to_hex;

// A responder standing in for one board at address 0 that always reports channel 1 open.
std::optional<kerong::Frame> board_zero(const kerong::Frame& request) {
  if (request.board() != 0 || request.command != kerong::Command::status_request) return std::nullopt;
  return *kerong::make_status_reply(0, {0x0001, 0x0000});
}
constexpr auto reply_zero = "02 00 35 01 00 00 00 03 3B";

std::string read_all(SimBus& bus) {
  std::vector<std::uint8_t> got;
  std::array<std::uint8_t, 4> chunk{};  // small on purpose: reads must continue where they stopped
  while (true) {
    auto n = bus.read(chunk, 0ms);
    EXPECT_TRUE(n.has_value());
    if (!n || *n == 0) break;
    got.insert(got.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  return to_hex(got);
}

TEST(SimBus, RequestBecomesAReadableReply) {
  SimBus bus(board_zero, TimeoutMode::immediate);
  ASSERT_TRUE(bus.write(hex_bytes("02 00 30 03 35")).has_value());
  EXPECT_EQ(bus.readable(), 9U);
  EXPECT_EQ(read_all(bus), reply_zero);
  EXPECT_EQ(bus.readable(), 0U);
}

TEST(SimBus, RequestWrittenInPiecesIsAnsweredOnceComplete) {
  SimBus bus(board_zero, TimeoutMode::immediate);
  ASSERT_TRUE(bus.write(hex_bytes("02 00")).has_value());
  EXPECT_EQ(bus.readable(), 0U);
  ASSERT_TRUE(bus.write(hex_bytes("30 03 35")).has_value());
  EXPECT_EQ(read_all(bus), reply_zero);
}

TEST(SimBus, SilentAddressTimesOut) {
  SimBus bus(board_zero, TimeoutMode::immediate);
  ASSERT_TRUE(bus.write(hex_bytes("02 10 30 03 45")).has_value());
  std::array<std::uint8_t, 16> out{};
  EXPECT_EQ(bus.read(out, 100ms).value(), 0U);
}

TEST(SimBus, WaitModeTimesOutWhenNothingComes) {
  SimBus bus(board_zero, TimeoutMode::wait);
  std::array<std::uint8_t, 16> out{};
  EXPECT_EQ(bus.read(out, 1ms).value(), 0U);
}

TEST(SimBus, WaitModeWakesWhenAnotherThreadMakesBytesReadable) {
  SimBus bus(board_zero, TimeoutMode::wait);
  std::thread other([&] { bus.inject_noise(hex_bytes("AA BB")); });
  std::array<std::uint8_t, 16> out{};
  std::size_t got = 0;
  // A generous timeout: the read returns as soon as the bytes arrive, however late the thread runs.
  while (got == 0) got = bus.read(out, 10s).value();
  other.join();
  EXPECT_EQ(to_hex(std::span(out).first(got)), "AA BB");  // injected under one lock
}

TEST(SimBus, CorruptsOnlyTheNextReplysChecksum) {
  SimBus bus(board_zero, TimeoutMode::immediate);
  bus.corrupt_next_reply();
  ASSERT_TRUE(bus.write(hex_bytes("02 00 30 03 35")).has_value());
  EXPECT_EQ(read_all(bus), "02 00 35 01 00 00 00 03 C4");
  ASSERT_TRUE(bus.write(hex_bytes("02 00 30 03 35")).has_value());
  EXPECT_EQ(read_all(bus), reply_zero);
}

TEST(SimBus, PrefixNoiseGoesOutJustBeforeTheNextReply) {
  SimBus bus(board_zero, TimeoutMode::immediate);
  bus.prefix_next_reply(hex_bytes("FF 02 7E"));
  bus.drain_input();  // a drain before the request must not lose it
  ASSERT_TRUE(bus.write(hex_bytes("02 00 30 03 35")).has_value());
  EXPECT_EQ(read_all(bus), std::string("FF 02 7E ") + reply_zero);
  ASSERT_TRUE(bus.write(hex_bytes("02 00 30 03 35")).has_value());
  EXPECT_EQ(read_all(bus), reply_zero);
}

TEST(SimBus, InjectedNoiseIsReadableAtOnceAndDrainRemovesIt) {
  SimBus bus(board_zero, TimeoutMode::immediate);
  bus.inject_noise(hex_bytes("01 02 03"));
  EXPECT_EQ(bus.readable(), 3U);
  bus.drain_input();
  EXPECT_EQ(bus.readable(), 0U);
  bus.inject_noise(hex_bytes("01 02 03"));
  EXPECT_EQ(read_all(bus), "01 02 03");
}

TEST(SimBus, LogsExactlyWhatTheMasterWrote) {
  SimBus bus(board_zero, TimeoutMode::immediate);
  ASSERT_TRUE(bus.write(hex_bytes("55 02 00 31 03 36")).has_value());
  ASSERT_TRUE(bus.write(hex_bytes("02 10 30 03 45")).has_value());
  EXPECT_EQ(to_hex(bus.written()), "55 02 00 31 03 36 02 10 30 03 45");
  auto requests = bus.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0], *kerong::make_unlock(0, 1));
  EXPECT_EQ(requests[1], *kerong::make_status_request(1));
  bus.clear_log();
  EXPECT_TRUE(bus.written().empty());
  EXPECT_TRUE(bus.requests().empty());
}

}  // namespace
}  // namespace pickupbox::sim
