#pragma once
// The simulated RS-485 wire: bytes the master writes are decoded and handed to the boards,
// their replies become readable. Thread-safe: boxd's bus worker reads and writes while the
// API thread or a test moves doors and injects faults.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "kerong/frame.hpp"
#include "kerong/frame_decoder.hpp"
#include "kerong/transport.hpp"

namespace pickupbox::sim {

// wait: read() blocks up to its timeout like a real bus (demos, thread tests).
// immediate: read() with nothing to read returns at once as if the timeout had passed;
// every reply is produced inside write(), so nothing is lost and tests never wait.
enum class TimeoutMode { wait, immediate };

class SimBus final : public kerong::Transport {
 public:
  // Called for every well-formed frame the master sends; returns the reply, if any.
  // Called without the bus lock held.
  using Responder = std::function<std::optional<kerong::Frame>(const kerong::Frame&)>;

  explicit SimBus(Responder responder, TimeoutMode mode = TimeoutMode::wait);

  core::Result<void> write(std::span<const std::uint8_t> bytes) override;
  core::Result<std::size_t> read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) override;
  void drain_input() override;

  // Noise readable at once (a master that drains before its request never sees it).
  void inject_noise(std::span<const std::uint8_t> bytes);
  // Noise sent just before the next reply, i.e. after the master's drain.
  void prefix_next_reply(std::vector<std::uint8_t> noise);
  // The next reply goes out with a wrong SUM.
  void corrupt_next_reply();

  // What the master sent, for exact-byte assertions.
  std::vector<std::uint8_t> written() const;
  std::vector<kerong::Frame> requests() const;
  void clear_log();
  std::size_t readable() const;

 private:
  void emit(std::vector<std::uint8_t> reply);

  Responder responder_;
  TimeoutMode mode_;
  mutable std::mutex mutex_;
  std::condition_variable readable_cv_;
  std::deque<std::uint8_t> rx_;
  kerong::FrameDecoder decoder_;
  std::vector<std::uint8_t> written_;
  std::vector<kerong::Frame> requests_;
  std::vector<std::uint8_t> next_reply_prefix_;
  bool corrupt_next_reply_ = false;
};

}  // namespace pickupbox::sim
