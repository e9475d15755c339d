#pragma once
// The thread that drives HID relay boards. A relay board has no door sensors, so the
// worker reports a door as open from the moment its relay pulsed until the configured
// time has passed or the user confirmed it closed at the kiosk; BoxService sees the
// same open-then-closed sequence it sees from a Kerong board and completes the flow.
#include <asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "app/config.hpp"
#include "core/error.hpp"
#include "kerong/board_status.hpp"
#include "relay/hid_relay.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::app {

class RelayWorker {
 public:
  using StatusHandler = std::function<void(int board, core::Result<kerong::BoardStatus>)>;
  using Done = std::function<void(core::Result<void>)>;

  RelayWorker(asio::io_context& loop, usb::Context& usb, std::vector<RelayBoardSetting> boards,
              std::chrono::milliseconds poll_interval, StatusHandler on_status);
  ~RelayWorker();
  RelayWorker(const RelayWorker&) = delete;
  RelayWorker& operator=(const RelayWorker&) = delete;

  void start();
  void stop();

  // Pulses the relay and checks the board reports it switched on; `done` runs on the loop.
  void open(int board, int relay, Done done);
  // The user says the door is shut: report it closed now instead of after closed_after.
  void confirm_closed(int board, int relay);
  // From a hotplug arrival (any thread): try to reopen absent boards at the next poll.
  void request_reopen();

 private:
  using Clock = std::chrono::steady_clock;
  struct Board {
    RelayBoardSetting setting;
    std::optional<relay::HidRelayBoard> device;
    Clock::time_point next_open_attempt{};
    std::map<int, Clock::time_point> open_until;  // by relay
  };
  using Job = std::function<void()>;

  void submit(Job job);
  void run();
  void poll_all();
  core::Result<void> ensure_open(Board& board);
  core::Result<void> pulse(Board& board, int relay);
  core::Result<kerong::BoardStatus> status_of(Board& board);
  Board* find(int board);

  asio::io_context& loop_;
  usb::Context& usb_;
  std::chrono::milliseconds poll_interval_;
  StatusHandler on_status_;
  std::vector<Board> boards_;  // touched on the worker thread only

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  bool reopen_now_ = false;
  std::thread thread_;
};

}  // namespace pickupbox::app
