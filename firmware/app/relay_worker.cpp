#include "app/relay_worker.hpp"

#include <asio/post.hpp>

#include "log/log.hpp"

namespace pickupbox::app {
namespace {

// A board that is absent is looked for again this often (or at once on a hotplug arrival).
constexpr std::chrono::seconds reopen_period{1};

}  // namespace

RelayWorker::RelayWorker(asio::io_context& loop, usb::Context& usb, std::vector<RelayBoardSetting> boards,
                         std::chrono::milliseconds poll_interval, StatusHandler on_status)
    : loop_(loop), usb_(usb), poll_interval_(poll_interval), on_status_(std::move(on_status)) {
  for (auto& setting : boards) boards_.push_back(Board{std::move(setting), std::nullopt, {}, {}});
}

RelayWorker::~RelayWorker() { stop(); }

void RelayWorker::start() { thread_ = std::thread([this] { run(); }); }

void RelayWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RelayWorker::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_all();
}

void RelayWorker::request_reopen() {
  {
    std::lock_guard lock(mutex_);
    reopen_now_ = true;
  }
  wake_.notify_all();
}

void RelayWorker::open(int board, int relay, Done done) {
  submit([this, board, relay, done = std::move(done)]() mutable {
    core::Result<void> outcome;
    if (auto* b = find(board)) {
      outcome = pulse(*b, relay);
    } else {
      outcome = core::fail(core::ErrorCode::invalid_argument,
                           "relay board " + std::to_string(board) + " is not configured; check the [doors] map");
    }
    asio::post(loop_, [done = std::move(done), outcome = std::move(outcome)] { done(outcome); });
  });
}

void RelayWorker::confirm_closed(int board, int relay) {
  submit([this, board, relay] {
    if (auto* b = find(board)) b->open_until.erase(relay);
  });
}

RelayWorker::Board* RelayWorker::find(int board) {
  for (auto& b : boards_) {
    if (b.setting.board == board) return &b;
  }
  return nullptr;
}

void RelayWorker::run() {
  auto next_poll = Clock::now();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (reopen_now_) {
      reopen_now_ = false;
      for (auto& b : boards_) b.next_open_attempt = {};
      next_poll = Clock::now();
    }
    if (!jobs_.empty()) {
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      next_poll = Clock::now();
      lock.lock();
      continue;
    }
    if (Clock::now() >= next_poll) {
      lock.unlock();
      poll_all();
      next_poll = Clock::now() + poll_interval_;
      lock.lock();
      continue;
    }
    wake_.wait_until(lock, next_poll, [this] { return stopping_ || reopen_now_ || !jobs_.empty(); });
  }
}

core::Result<void> RelayWorker::ensure_open(Board& board) {
  if (board.device && !board.device->gone()) return {};
  board.device.reset();
  const auto now = Clock::now();
  if (now < board.next_open_attempt) {
    return core::fail(core::ErrorCode::hardware, "relay board " + board.setting.name + " (" +
                                                     board.setting.match.describe() +
                                                     ") is not connected; check its USB cable");
  }
  board.next_open_attempt = now + reopen_period;
  auto opened = relay::HidRelayBoard::open(usb_, board.setting.match);
  if (!opened) return std::unexpected(opened.error());
  if (opened->relays() < board.setting.relays) {
    return core::fail(core::ErrorCode::hardware,
                      "relay board " + board.setting.name + " has " + std::to_string(opened->relays()) +
                          " relays but the configuration uses " + std::to_string(board.setting.relays) +
                          "; fix 'relays' in [relay." + board.setting.name + "] or fit the right board");
  }
  log::info("relay.connected", {{"board", board.setting.name}, {"device", opened->device().describe()}});
  board.device.emplace(std::move(*opened));
  return {};
}

// Relay on, hold for the pulse, relay off. The board's own report confirms the relay
// really switched; a relay that did not is tried once more, like a Kerong lock.
core::Result<void> RelayWorker::pulse(Board& board, int relay) {
  if (auto ok = ensure_open(board); !ok) return ok;
  constexpr int attempts = 2;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (auto on = board.device->set(relay, true); !on) return on;
    auto states = board.device->states();
    std::this_thread::sleep_for(board.setting.pulse);
    if (auto off = board.device->set(relay, false); !off) return off;
    if (!states) return std::unexpected(states.error());
    if (*states & (1U << (relay - 1))) {
      board.open_until[relay] = Clock::now() + board.setting.closed_after;
      return {};
    }
    log::warn("relay.unconfirmed", {{"board", board.setting.name}, {"relay", relay}, {"attempt", attempt}});
  }
  return core::fail(core::ErrorCode::hardware, "relay board " + board.setting.name + " relay " +
                                                   std::to_string(relay) +
                                                   " did not report switching on after 2 attempts; check the board");
}

core::Result<kerong::BoardStatus> RelayWorker::status_of(Board& board) {
  if (auto ok = ensure_open(board); !ok) return std::unexpected(ok.error());
  // Reading the report also notices an unplugged board between door openings.
  if (auto states = board.device->states(); !states) return std::unexpected(states.error());
  kerong::BoardStatus status;
  status.board = board.setting.board;
  const auto now = Clock::now();
  for (auto it = board.open_until.begin(); it != board.open_until.end();) {
    it = now >= it->second ? board.open_until.erase(it) : std::next(it);
  }
  for (const auto& [relay, until] : board.open_until) {
    status.channels.at(static_cast<std::size_t>(relay - 1)).lock_open = true;
  }
  return status;
}

void RelayWorker::poll_all() {
  for (auto& board : boards_) {
    auto status = status_of(board);
    asio::post(loop_, [this, id = board.setting.board, status = std::move(status)] { on_status_(id, status); });
  }
}

}  // namespace pickupbox::app
