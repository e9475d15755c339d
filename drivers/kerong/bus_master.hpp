#pragma once
// The master end of the RS-485 lock-board bus: one request at a time, synchronous, with
// timeouts taken from Transport::read. boxd runs it on a worker thread; counters() may be
// read from any thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "kerong/board_status.hpp"
#include "kerong/frame_decoder.hpp"
#include "kerong/transport.hpp"

namespace pickupbox::kerong {

struct BusSettings {
  std::chrono::milliseconds reply_timeout{100};
  int retries = 2;  // extra status attempts after the first
  std::chrono::milliseconds poll_interval{50};  // between status polls in unlock_and_confirm
  std::vector<BoardConfig> boards;              // only these addresses are talked to
};

struct BusCounters {
  std::uint64_t frames_sent = 0;
  std::uint64_t replies_received = 0;  // status replies accepted as answers
  std::uint64_t stray_frames = 0;      // well-formed frames that were not the awaited reply
  std::uint64_t decode_errors = 0;
  std::uint64_t timeouts = 0;          // status attempts that got no bytes at all
  std::uint64_t retries = 0;
  std::uint64_t failures = 0;          // operations that ended in ErrorCode::hardware
};

class BusMaster {
 public:
  // Throws std::invalid_argument for a bad configuration (start-up failure): a board
  // address outside 0..15 or listed twice, negative retries, non-positive timeouts.
  BusMaster(Transport& transport, BusSettings settings);

  // Asks one board for its sensors. Retries on silence or garbage; ErrorCode::hardware
  // when every attempt failed, invalid_argument for a board not in the settings.
  core::Result<BoardStatus> status(int board);

  // Pulses one lock (channel 1..16) without confirming it. A board may answer with a
  // status frame or stay silent; both are fine and the answer is ignored.
  core::Result<void> unlock(int board, int channel);

  // Pulses the lock, then polls until the channel reads open, for at most `within`
  // (counted as polls of poll_interval). Not open: one more pulse and another `within`,
  // then ErrorCode::hardware. The pulse is sent even when the sensor already reads open:
  // a cut sensor cable reads open too.
  core::Result<BoardStatus> unlock_and_confirm(int board, int channel, std::chrono::milliseconds within);

  // Asks every address 0..15 once for its status, configured or not, and returns the
  // addresses that answered with a well-formed reply. For commissioning and diagnostics
  // (`boxctl boards scan`); a transport failure (cable pulled) is an error.
  core::Result<std::vector<int>> scan();

  BusCounters counters() const;
  const BusSettings& settings() const { return settings_; }

 private:
  enum class Silence { timed_out, garbled };
  struct Counters {
    std::atomic<std::uint64_t> frames_sent{0}, replies_received{0}, stray_frames{0},
        decode_errors{0}, timeouts{0}, retries{0}, failures{0};
  };

  core::Result<BoardConfig> config_for(int board) const;
  // Starts an exchange: drops whatever is left of the last one (unless it settled), then
  // writes the frame.
  core::Result<void> send(const Frame& frame);
  core::Result<std::optional<Frame>> await_status_reply(int board, Silence& why);
  core::Result<std::optional<BoardStatus>> poll_until_open(const BoardConfig& config, int channel,
                                                           std::chrono::milliseconds within);
  void pause(std::chrono::milliseconds duration);
  void absorb(const DecodedChunk& chunk);

  Transport& transport_;
  BusSettings settings_;
  FrameDecoder decoder_;
  Counters counters_;
  // The last exchange ended on its awaited reply, first attempt, with nothing decoded after
  // it: no late reply can be on its way, so the next request need not drain the input. On a
  // USB bridge a drain is a bulk read that waits out libusb's shortest timeout (1 ms), which
  // was two thirds of an unlock's latency. False at start and after any silence, garbage or
  // stray bytes, so a late reply is still drained before the next request.
  bool settled_ = false;
};

}  // namespace pickupbox::kerong
