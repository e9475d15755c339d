#include "usbsim/bus_link.hpp"

#include <algorithm>
#include <array>
#include <chrono>

namespace pickupbox::usbsim {

namespace {
// A babbling far end must not hold umockdev's ioctl thread forever.
constexpr int max_reads_per_collect = 64;
}  // namespace

BusLink::BusLink(kerong::Transport& far_end) : far_end_(far_end) {}

void BusLink::send(std::span<const std::uint8_t> bytes) {
  std::lock_guard lock(mutex_);
  bytes_sent_ += bytes.size();
  if (!far_end_.write(bytes)) ++send_failures_;
}

std::size_t BusLink::collect() {
  std::lock_guard lock(mutex_);
  std::array<std::uint8_t, 256> chunk{};
  for (int i = 0; i < max_reads_per_collect; ++i) {
    auto got = far_end_.read(chunk, std::chrono::milliseconds{0});
    if (!got || *got == 0) break;
    if (!silent_) received_.insert(received_.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(*got));
  }
  return received_.size();
}

std::vector<std::uint8_t> BusLink::take(std::size_t max_length) {
  std::lock_guard lock(mutex_);
  const auto count = std::min(max_length, received_.size());
  std::vector<std::uint8_t> out(received_.begin(), received_.begin() + static_cast<std::ptrdiff_t>(count));
  received_.erase(received_.begin(), received_.begin() + static_cast<std::ptrdiff_t>(count));
  return out;
}

std::size_t BusLink::waiting() const {
  std::lock_guard lock(mutex_);
  return received_.size();
}

void BusLink::inject(std::span<const std::uint8_t> bytes) {
  std::lock_guard lock(mutex_);
  received_.insert(received_.end(), bytes.begin(), bytes.end());
}

void BusLink::set_silent(bool silent) {
  std::lock_guard lock(mutex_);
  silent_ = silent;
}

void BusLink::purge_receive_buffer() {
  std::lock_guard lock(mutex_);
  received_.clear();
}

std::size_t BusLink::bytes_sent() const {
  std::lock_guard lock(mutex_);
  return bytes_sent_;
}

std::size_t BusLink::send_failures() const {
  std::lock_guard lock(mutex_);
  return send_failures_;
}

}  // namespace pickupbox::usbsim
