#include "kerong/bus_master.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <string>

#include "log/log.hpp"

namespace pickupbox::kerong {
namespace {

// A babbling bus must not hold an attempt open forever: after this many bytes without
// the awaited reply the attempt counts as garbled.
constexpr std::size_t noise_budget_per_attempt = 64;
constexpr int unlock_pulses = 2;

std::string board_name(int board) { return "lock board " + std::to_string(board); }

std::unexpected<core::Error> with_context(const core::Error& error, const std::string& context) {
  return std::unexpected(core::Error{error.code, context + ": " + error.message});
}

void validate(const BusSettings& settings) {
  if (settings.retries < 0) throw std::invalid_argument("bus settings: retries must be >= 0");
  if (settings.reply_timeout.count() <= 0) throw std::invalid_argument("bus settings: reply_timeout must be > 0");
  if (settings.poll_interval.count() <= 0) throw std::invalid_argument("bus settings: poll_interval must be > 0");
  std::set<int> seen;
  for (const auto& board : settings.boards) {
    if (board.address < 0 || board.address > max_board) {
      throw std::invalid_argument("bus settings: board address " + std::to_string(board.address) +
                                  " is outside 0.." + std::to_string(max_board));
    }
    if (!seen.insert(board.address).second) {
      throw std::invalid_argument("bus settings: board address " + std::to_string(board.address) +
                                  " is listed twice");
    }
  }
}

}  // namespace

BusMaster::BusMaster(Transport& transport, BusSettings settings)
    : transport_(transport), settings_(std::move(settings)) {
  validate(settings_);
}

core::Result<BoardStatus> BusMaster::status(int board) {
  auto config = config_for(board);
  if (!config) return std::unexpected(config.error());
  const Frame request = *make_status_request(board);  // board validated by config_for
  const int attempts = settings_.retries + 1;
  int timed_out = 0;
  int garbled = 0;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (attempt > 0) ++counters_.retries;
    if (auto sent = send(request); !sent) return std::unexpected(sent.error());
    Silence why = Silence::timed_out;
    auto reply = await_status_reply(board, why);
    if (!reply) return std::unexpected(reply.error());
    if (*reply) {
      // An earlier attempt of this request may still be answered late.
      if (attempt > 0) settled_ = false;
      return to_board_status(*config, (*reply)->status);
    }
    if (why == Silence::timed_out) {
      ++counters_.timeouts;
      ++timed_out;
    } else {
      ++garbled;
    }
  }
  ++counters_.failures;
  log::warn("kerong.no_reply", {{"board", board}, {"attempts", attempts}, {"timed_out", timed_out}, {"garbled", garbled}});
  return core::fail(core::ErrorCode::hardware,
                    board_name(board) + " did not answer a status request (" + std::to_string(attempts) +
                        " attempts: " + std::to_string(timed_out) + " timed out, " + std::to_string(garbled) +
                        " garbled); check the board's power, its address switches and the RS-485 cable");
}

core::Result<void> BusMaster::unlock(int board, int channel) {
  auto config = config_for(board);
  if (!config) return std::unexpected(config.error());
  auto request = make_unlock(board, channel);
  if (!request) return with_context(request.error(), board_name(board));
  if (auto sent = send(*request); !sent) return std::unexpected(sent.error());
  // Some boards answer an unlock with their status; wait for it so it cannot be taken
  // for the answer to the next request. Silence is just as fine.
  Silence ignored = Silence::timed_out;
  if (auto reply = await_status_reply(board, ignored); !reply) return std::unexpected(reply.error());
  log::debug("kerong.unlock", {{"board", board}, {"channel", channel}});
  return {};
}

core::Result<BoardStatus> BusMaster::unlock_and_confirm(int board, int channel, std::chrono::milliseconds within) {
  auto config = config_for(board);
  if (!config) return std::unexpected(config.error());
  for (int pulse = 1; pulse <= unlock_pulses; ++pulse) {
    if (auto sent = unlock(board, channel); !sent) return std::unexpected(sent.error());
    auto opened = poll_until_open(*config, channel, within);
    if (!opened) return std::unexpected(opened.error());
    if (*opened) return **opened;
    if (pulse < unlock_pulses) log::warn("kerong.unlock_retry", {{"board", board}, {"channel", channel}});
  }
  ++counters_.failures;
  log::warn("kerong.unlock_unconfirmed", {{"board", board}, {"channel", channel}, {"within_ms", within.count()}});
  return core::fail(core::ErrorCode::hardware,
                    board_name(board) + " channel " + std::to_string(channel) + " did not read open within " +
                        std::to_string(within.count()) + " ms after " + std::to_string(unlock_pulses) +
                        " unlock pulses; the door may be jammed or its lock cable loose: take the door out of "
                        "service and check it");
}

core::Result<std::vector<int>> BusMaster::scan() {
  std::vector<int> answered;
  for (int board = 0; board <= max_board; ++board) {
    if (auto sent = send(*make_status_request(board)); !sent) return std::unexpected(sent.error());
    Silence why = Silence::timed_out;
    auto reply = await_status_reply(board, why);
    if (!reply) return std::unexpected(reply.error());
    if (*reply) answered.push_back(board);
  }
  log::info("kerong.scan", {{"answered", answered.size()}});
  return answered;
}

BusCounters BusMaster::counters() const {
  return {counters_.frames_sent.load(),  counters_.replies_received.load(), counters_.stray_frames.load(),
          counters_.decode_errors.load(), counters_.timeouts.load(),        counters_.retries.load(),
          counters_.failures.load()};
}

core::Result<BoardConfig> BusMaster::config_for(int board) const {
  auto found = std::ranges::find(settings_.boards, board, &BoardConfig::address);
  if (found == settings_.boards.end()) {
    return core::fail(core::ErrorCode::invalid_argument,
                      board_name(board) + " is not configured on this bus; add it to the lock-board "
                                          "configuration or use a configured address");
  }
  return *found;
}

core::Result<void> BusMaster::send(const Frame& frame) {
  if (!settled_) transport_.drain_input();
  settled_ = false;
  decoder_.reset();
  const auto bytes = encode(frame);
  if (auto written = transport_.write(bytes); !written) {
    return with_context(written.error(), "sending to " + board_name(frame.board()));
  }
  ++counters_.frames_sent;
  return {};
}

core::Result<std::optional<Frame>> BusMaster::await_status_reply(int board, Silence& why) {
  std::array<std::uint8_t, 32> buffer{};
  std::size_t received = 0;
  why = Silence::timed_out;
  while (received <= noise_budget_per_attempt) {
    auto got = transport_.read(buffer, settings_.reply_timeout);
    if (!got) return with_context(got.error(), "reading from " + board_name(board));
    if (*got == 0) return std::nullopt;
    received += *got;
    why = Silence::garbled;
    const auto chunk = decoder_.feed(std::span(buffer).first(*got));
    absorb(chunk);
    for (const auto& frame : chunk.frames) {
      if (frame.command == Command::status_reply && frame.board() == board) {
        ++counters_.replies_received;
        settled_ = &frame == &chunk.frames.back() && chunk.errors.empty() && decoder_.pending() == 0;
        return frame;
      }
      ++counters_.stray_frames;
    }
  }
  return std::nullopt;
}

core::Result<std::optional<BoardStatus>> BusMaster::poll_until_open(const BoardConfig& config, int channel,
                                                                    std::chrono::milliseconds within) {
  const auto polls = 1 + std::max<std::int64_t>(0, within / settings_.poll_interval);
  for (std::int64_t poll = 0; poll < polls; ++poll) {
    if (poll > 0) pause(settings_.poll_interval);
    auto status_now = status(config.address);
    if (!status_now) return std::unexpected(status_now.error());
    if (status_now->channel(channel).lock_open) return std::optional<BoardStatus>{*status_now};
  }
  return std::optional<BoardStatus>{};
}

// Waiting is done by the transport so that no clock is needed; anything arriving
// meanwhile is unsolicited and only counted.
void BusMaster::pause(std::chrono::milliseconds duration) {
  std::array<std::uint8_t, 32> buffer{};
  auto got = transport_.read(buffer, duration);
  if (!got || *got == 0) return;
  settled_ = false;  // unsolicited bytes: drain before the next request
  const auto chunk = decoder_.feed(std::span(buffer).first(*got));
  absorb(chunk);
  counters_.stray_frames += chunk.frames.size();
}

void BusMaster::absorb(const DecodedChunk& chunk) {
  counters_.decode_errors += chunk.errors.size();
  for (const auto& error : chunk.errors) log::debug("kerong.decode_error", {{"detail", error.describe()}});
}

}  // namespace pickupbox::kerong
