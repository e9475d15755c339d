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

void BoardWorker::unlock(int board, int channel, UnlockDone done) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(UnlockJob{board, channel, std::move(done)});
  }
  wake_.notify_all();
}

void BoardWorker::run() {
  auto next_poll = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Unlocks go first: a citizen is waiting in front of the door.
    if (!jobs_.empty()) {
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      auto result = bus_.unlock_and_confirm(job.board, job.channel, unlock_confirm_);
      core::Result<void> outcome = result ? core::Result<void>{} : std::unexpected(result.error());
      asio::post(loop_, [done = std::move(job.done), outcome = std::move(outcome)] { done(outcome); });
      // Poll right after an unlock so the door's new state reaches the loop promptly.
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
