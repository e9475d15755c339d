#include "sim/sim_board.hpp"

#include <stdexcept>
#include <string>

namespace pickupbox::sim {

SimBoard::SimBoard(SimBoardOptions options) : options_(options) {
  if (options_.address < 0 || options_.address > kerong::max_board) {
    throw std::invalid_argument("sim board address " + std::to_string(options_.address) + " is outside 0..15");
  }
  if (options_.channel_count < 1 || options_.channel_count > kerong::channels_per_board) {
    throw std::invalid_argument("sim board channel count " + std::to_string(options_.channel_count) +
                                " is outside 1..16");
  }
  slots_.resize(static_cast<std::size_t>(options_.channel_count));
}

std::optional<kerong::Frame> SimBoard::handle(const kerong::Frame& request, SimTime now) {
  if (!connected_ || request.board() != options_.address) return std::nullopt;
  switch (request.command) {
    case kerong::Command::status_request:
      return status_reply();
    case kerong::Command::unlock:
      pulse(request.channel(), now);
      if (options_.answers_unlock) return status_reply();
      return std::nullopt;
    case kerong::Command::status_reply:
      return std::nullopt;  // another board talking; not for us
  }
  return std::nullopt;
}

void SimBoard::pulse(int channel, SimTime now) {
  if (channel > options_.channel_count) return;  // no such lock wired
  auto& s = slot(channel);
  ++s.unlock_pulses;
  if (s.jammed) return;  // the latch does not move, so neither does the door
  s.released_until = now + options_.latch_release;
  s.door_open = true;  // spring-loaded
}

kerong::Frame SimBoard::status_reply() const {
  std::array<kerong::ChannelStatus, kerong::channels_per_board> channels{};
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    channels[i] = {slots_[i].door_open, slots_[i].item_present};  // the lock switch reads the door
  }
  const kerong::BoardConfig wiring{options_.address, options_.lock_bit_set_means_open,
                                   options_.item_bit_set_means_present};
  return *kerong::make_status_reply(options_.address, kerong::to_status_bits(wiring, channels));
}

void SimBoard::open_door(int channel) { slot(channel).door_open = true; }
void SimBoard::close_door(int channel) { slot(channel).door_open = false; }
void SimBoard::set_jammed(int channel, bool jammed) { slot(channel).jammed = jammed; }
void SimBoard::set_item(int channel, bool present) { slot(channel).item_present = present; }

void SimBoard::set_polarity(bool lock_bit_set_means_open, bool item_bit_set_means_present) {
  options_.lock_bit_set_means_open = lock_bit_set_means_open;
  options_.item_bit_set_means_present = item_bit_set_means_present;
}

SimChannel SimBoard::channel(int channel, SimTime now) const {
  const auto& s = slot(channel);
  const bool released = s.released_until && now < *s.released_until;
  return {!released, s.door_open, s.item_present, s.jammed, s.unlock_pulses};
}

std::size_t SimBoard::index(int channel) const {
  if (channel < 1 || channel > options_.channel_count) {
    throw std::out_of_range("sim board " + std::to_string(options_.address) + " has no channel " +
                            std::to_string(channel));
  }
  return static_cast<std::size_t>(channel - 1);
}

}  // namespace pickupbox::sim
