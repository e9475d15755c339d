#pragma once
// One simulated lock board: spring-loaded doors behind solenoid latches, infrared item
// sensors, and the Kerong wire behaviour. Not thread-safe on its own: SimBank guards it.
#include <chrono>
#include <optional>
#include <vector>

#include "kerong/board_status.hpp"
#include "kerong/frame.hpp"
#include "sim/time_source.hpp"

namespace pickupbox::sim {

struct SimBoardOptions {
  int address = 0;         // 0..15
  int channel_count = 16;  // 1..16; channels above it do not exist and read closed/empty
  std::chrono::milliseconds latch_release{500};
  bool lock_bit_set_means_open = true;
  bool item_bit_set_means_present = true;
  bool answers_unlock = false;  // some boards reply to an unlock with their status
};

// What a test can see of one channel.
struct SimChannel {
  bool latched = true;  // false while the solenoid holds the latch back after a pulse
  bool door_open = false;
  bool item_present = false;
  bool jammed = false;
  int unlock_pulses = 0;  // unlock frames received for this channel
};

class SimBoard {
 public:
  // Throws std::invalid_argument for an address outside 0..15 or a channel count outside 1..16.
  explicit SimBoard(SimBoardOptions options);

  int address() const { return options_.address; }
  int channel_count() const { return options_.channel_count; }
  bool connected() const { return connected_; }

  // A request heard on the bus; returns the reply frame, if the board sends one.
  // A disconnected board hears nothing and says nothing.
  std::optional<kerong::Frame> handle(const kerong::Frame& request, SimTime now);

  // Operator and test actions. channel is 1..channel_count (std::out_of_range otherwise).
  void open_door(int channel);  // without a pulse this is a forced door; it still just reads open
  void close_door(int channel);
  void set_jammed(int channel, bool jammed);
  void set_item(int channel, bool present);
  void set_connected(bool connected) { connected_ = connected; }
  void set_polarity(bool lock_bit_set_means_open, bool item_bit_set_means_present);

  SimChannel channel(int channel, SimTime now) const;

 private:
  struct Slot {
    std::optional<SimTime> released_until;
    bool door_open = false;
    bool item_present = false;
    bool jammed = false;
    int unlock_pulses = 0;
  };

  std::size_t index(int channel) const;
  Slot& slot(int channel) { return slots_[index(channel)]; }
  const Slot& slot(int channel) const { return slots_[index(channel)]; }
  void pulse(int channel, SimTime now);
  kerong::Frame status_reply() const;

  SimBoardOptions options_;
  bool connected_ = true;
  std::vector<Slot> slots_;
};

}  // namespace pickupbox::sim
