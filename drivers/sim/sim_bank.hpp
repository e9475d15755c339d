#pragma once
// A bank of simulated lock boards on one simulated bus, addressed by (board, channel).
// Which door id ("A01") sits where is the firmware's layout, not the simulator's.
#include <mutex>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "sim/sim_board.hpp"
#include "sim/sim_bus.hpp"
#include "sim/time_source.hpp"

namespace pickupbox::sim {

class SimBank {
 public:
  // Latches run on the steady clock.
  explicit SimBank(std::vector<SimBoardOptions> boards, TimeoutMode mode = TimeoutMode::wait);
  // Latches run on `time`, which must outlive the bank.
  SimBank(std::vector<SimBoardOptions> boards, const TimeSource& time, TimeoutMode mode = TimeoutMode::wait);
  SimBank(const SimBank&) = delete;
  SimBank& operator=(const SimBank&) = delete;

  // What a kerong::BusMaster talks to.
  kerong::Transport& transport() { return bus_; }
  // The same wire, with its fault injection and its log of what the master sent.
  SimBus& bus() { return bus_; }
  const SimBus& bus() const { return bus_; }
  std::vector<int> addresses() const;
  bool has_board(int board) const;

  // Unknown board: not_found; channel outside the board: invalid_argument.
  core::Result<void> open_door(int board, int channel);
  core::Result<void> close_door(int board, int channel);
  core::Result<void> set_jammed(int board, int channel, bool jammed);
  core::Result<void> set_item(int board, int channel, bool present);
  core::Result<void> set_connected(int board, bool connected);
  core::Result<void> set_polarity(int board, bool lock_bit_set_means_open, bool item_bit_set_means_present);
  core::Result<SimChannel> channel(int board, int channel) const;

 private:
  std::optional<kerong::Frame> respond(const kerong::Frame& request);
  core::Result<std::size_t> board_index(int board) const;
  core::Result<std::size_t> checked(int board, int channel) const;
  template <class Action>
  core::Result<void> on_board(int board, Action action);
  template <class Action>
  core::Result<void> on_channel(int board, int channel, Action action);

  SteadyTimeSource steady_;
  const TimeSource& time_;
  mutable std::mutex mutex_;
  std::vector<SimBoard> boards_;
  SimBus bus_;  // last: its responder reaches into the boards
};

}  // namespace pickupbox::sim
