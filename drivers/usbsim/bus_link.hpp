#pragma once
// The RS-485 side of a USB-to-serial bridge chip: bytes from bulk OUT go onto the bus, the
// bus's answers wait in the chip's receive buffer until a bulk IN collects them. Fault
// injection lives here because it is the wire, not the chip, that misbehaves.
// Thread-safe.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <vector>

#include "kerong/transport.hpp"

namespace pickupbox::usbsim {

class BusLink {
 public:
  // `far_end` (the boards, usually sim::SimBank::transport()) must outlive the link.
  explicit BusLink(kerong::Transport& far_end);

  void send(std::span<const std::uint8_t> bytes);
  // Moves what the bus has answered into the receive buffer (or drops it while silent)
  // and returns how many bytes wait there.
  std::size_t collect();
  std::vector<std::uint8_t> take(std::size_t max_length);
  std::size_t waiting() const;

  // Bytes that arrive as if from the bus: noise, a half frame from a board powering up.
  void inject(std::span<const std::uint8_t> bytes);
  // A silent bus: whatever the boards answer is lost (cut A/B wires, a dead board).
  void set_silent(bool silent);
  void purge_receive_buffer();

  std::size_t bytes_sent() const;
  std::size_t send_failures() const;

 private:
  kerong::Transport& far_end_;
  mutable std::mutex mutex_;
  std::deque<std::uint8_t> received_;
  bool silent_ = false;
  std::size_t bytes_sent_ = 0;
  std::size_t send_failures_ = 0;
};

}  // namespace pickupbox::usbsim
