#pragma once
// The one thread that talks to the lock-board bus. RS-485 is half-duplex with a single
// master, so unlocks and status polls share this thread; results are posted back to
// boxd's event loop, which never blocks on the bus.
#include <asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "kerong/bus_master.hpp"

namespace pickupbox::app {

class BoardWorker {
 public:
  using StatusHandler = std::function<void(int board, core::Result<kerong::BoardStatus>)>;
  using UnlockDone = std::function<void(core::Result<void>)>;

  BoardWorker(asio::io_context& loop, kerong::BusMaster& bus, std::vector<int> boards,
              std::chrono::milliseconds poll_interval, std::chrono::milliseconds unlock_confirm,
              StatusHandler on_status);
  ~BoardWorker();
  BoardWorker(const BoardWorker&) = delete;
  BoardWorker& operator=(const BoardWorker&) = delete;

  void start();
  void stop();

  // Unlocks and confirms by reading the lock back; `done` runs on the event loop.
  void unlock(int board, int channel, UnlockDone done);
  // Asks every address 0..15 which board answers; `done` runs on the event loop.
  void scan(std::function<void(core::Result<std::vector<int>>)> done);

 private:
  // Runs on the worker thread, between polls; jobs go before polls because a citizen
  // is waiting in front of the door.
  using Job = std::function<void()>;
  void submit(Job job);

  void run();
  void poll_all();

  asio::io_context& loop_;
  kerong::BusMaster& bus_;
  std::vector<int> boards_;
  std::chrono::milliseconds poll_interval_;
  std::chrono::milliseconds unlock_confirm_;
  StatusHandler on_status_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pickupbox::app
