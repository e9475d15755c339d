#include "sim/sim_bank.hpp"

#include <set>
#include <stdexcept>
#include <string>

namespace pickupbox::sim {
namespace {

std::vector<SimBoard> build_boards(std::vector<SimBoardOptions> options) {
  std::set<int> seen;
  std::vector<SimBoard> boards;
  for (const auto& o : options) {
    if (!seen.insert(o.address).second) {
      throw std::invalid_argument("sim bank: board address " + std::to_string(o.address) + " is listed twice");
    }
    boards.emplace_back(o);
  }
  return boards;
}

}  // namespace

SimBank::SimBank(std::vector<SimBoardOptions> boards, TimeoutMode mode)
    : SimBank(std::move(boards), steady_, mode) {}

SimBank::SimBank(std::vector<SimBoardOptions> boards, const TimeSource& time, TimeoutMode mode)
    : time_(time),
      boards_(build_boards(std::move(boards))),
      bus_([this](const kerong::Frame& request) { return respond(request); }, mode) {}

std::optional<kerong::Frame> SimBank::respond(const kerong::Frame& request) {
  std::lock_guard lock(mutex_);
  auto index = board_index(request.board());
  if (!index) return std::nullopt;  // nobody at that address
  return boards_[*index].handle(request, time_.now());
}

std::vector<int> SimBank::addresses() const {
  std::lock_guard lock(mutex_);
  std::vector<int> out;
  for (const auto& board : boards_) out.push_back(board.address());
  return out;
}

bool SimBank::has_board(int board) const {
  std::lock_guard lock(mutex_);
  return board_index(board).has_value();
}

core::Result<void> SimBank::open_door(int board, int channel) {
  return on_channel(board, channel, [](SimBoard& b, int c) { b.open_door(c); });
}

core::Result<void> SimBank::close_door(int board, int channel) {
  return on_channel(board, channel, [](SimBoard& b, int c) { b.close_door(c); });
}

core::Result<void> SimBank::set_jammed(int board, int channel, bool jammed) {
  return on_channel(board, channel, [jammed](SimBoard& b, int c) { b.set_jammed(c, jammed); });
}

core::Result<void> SimBank::set_item(int board, int channel, bool present) {
  return on_channel(board, channel, [present](SimBoard& b, int c) { b.set_item(c, present); });
}

core::Result<void> SimBank::set_connected(int board, bool connected) {
  return on_board(board, [connected](SimBoard& b) { b.set_connected(connected); });
}

core::Result<void> SimBank::set_polarity(int board, bool lock_bit_set_means_open, bool item_bit_set_means_present) {
  return on_board(board, [=](SimBoard& b) { b.set_polarity(lock_bit_set_means_open, item_bit_set_means_present); });
}

core::Result<SimChannel> SimBank::channel(int board, int channel) const {
  std::lock_guard lock(mutex_);
  auto index = checked(board, channel);
  if (!index) return std::unexpected(index.error());
  return boards_[*index].channel(channel, time_.now());
}

template <class Action>
core::Result<void> SimBank::on_board(int board, Action action) {
  std::lock_guard lock(mutex_);
  auto index = board_index(board);
  if (!index) return std::unexpected(index.error());
  action(boards_[*index]);
  return {};
}

template <class Action>
core::Result<void> SimBank::on_channel(int board, int channel, Action action) {
  std::lock_guard lock(mutex_);
  auto index = checked(board, channel);
  if (!index) return std::unexpected(index.error());
  action(boards_[*index], channel);
  return {};
}

core::Result<std::size_t> SimBank::board_index(int board) const {
  for (std::size_t i = 0; i < boards_.size(); ++i) {
    if (boards_[i].address() == board) return i;
  }
  return core::fail(core::ErrorCode::not_found,
                    "sim bank has no board at address " + std::to_string(board) + "; add it to the bank's boards");
}

core::Result<std::size_t> SimBank::checked(int board, int channel) const {
  auto index = board_index(board);
  if (!index) return index;
  const int count = boards_[*index].channel_count();
  if (channel < 1 || channel > count) {
    return core::fail(core::ErrorCode::invalid_argument, "sim board " + std::to_string(board) + " has no channel " +
                                                             std::to_string(channel) + "; use 1.." +
                                                             std::to_string(count));
  }
  return index;
}

}  // namespace pickupbox::sim
