#include "app/board_worker.hpp"

#include <asio/post.hpp>

namespace pickupbox::app {

BoardWorker::BoardWorker(asio::io_context& loop, kerong::BusMaster& bus, std::vector<int> boards,
                         std::chrono::milliseconds poll_interval, std::chrono::milliseconds unlock_confirm,
                         StatusHandler on_status)
    : loop_(loop),
      bus_(bus),
      boards_(std::move(boards)),
      poll_interval_(poll_interval),
      unlock_confirm_(unlock_confirm),
      on_status_(std::move(on_status)) {}

BoardWorker::~BoardWorker() { stop(); }

void BoardWorker::start() { thread_ = std::thread([this] { run(); }); }

void BoardWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BoardWorker::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_all();
}

void BoardWorker::unlock(int board, int channel, UnlockDone done) {
  submit([this, board, channel, done = std::move(done)]() mutable {
    auto result = bus_.unlock_and_confirm(board, channel, unlock_confirm_);
    core::Result<void> outcome = result ? core::Result<void>{} : std::unexpected(result.error());
    asio::post(loop_, [done = std::move(done), outcome = std::move(outcome)] { done(outcome); });
  });
}

void BoardWorker::scan(std::function<void(core::Result<std::vector<int>>)> done) {
  submit([this, done = std::move(done)]() mutable {
    auto answered = bus_.scan();
    asio::post(loop_, [done = std::move(done), answered = std::move(answered)] { done(answered); });
  });
}

void BoardWorker::run() {
  auto next_poll = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!jobs_.empty()) {
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      // Poll right after a job so a door's new state reaches the loop promptly.
      next_poll = std::chrono::steady_clock::now();
      lock.lock();
      continue;
    }
    if (std::chrono::steady_clock::now() >= next_poll) {
      lock.unlock();
      poll_all();
      next_poll = std::chrono::steady_clock::now() + poll_interval_;
      lock.lock();
      continue;
    }
    wake_.wait_until(lock, next_poll, [this] { return stopping_ || !jobs_.empty(); });
  }
}

void BoardWorker::poll_all() {
  for (int board : boards_) {
    auto status = bus_.status(board);
    asio::post(loop_, [this, board, status = std::move(status)] { on_status_(board, status); });
  }
}

}  // namespace pickupbox::app
