#include "sim/sim_bus.hpp"

#include <algorithm>

namespace pickupbox::sim {

SimBus::SimBus(Responder responder, TimeoutMode mode) : responder_(std::move(responder)), mode_(mode) {}

core::Result<void> SimBus::write(std::span<const std::uint8_t> bytes) {
  std::vector<kerong::Frame> frames;
  {
    std::lock_guard lock(mutex_);
    written_.insert(written_.end(), bytes.begin(), bytes.end());
    frames = decoder_.feed(bytes).frames;  // boards ignore garbage, like real ones
    requests_.insert(requests_.end(), frames.begin(), frames.end());
  }
  for (const auto& frame : frames) {
    if (auto reply = responder_(frame)) emit(kerong::encode(*reply));
  }
  return {};
}

void SimBus::emit(std::vector<std::uint8_t> reply) {
  {
    std::lock_guard lock(mutex_);
    if (corrupt_next_reply_) {
      reply.back() ^= 0xFF;
      corrupt_next_reply_ = false;
    }
    rx_.insert(rx_.end(), next_reply_prefix_.begin(), next_reply_prefix_.end());
    next_reply_prefix_.clear();
    rx_.insert(rx_.end(), reply.begin(), reply.end());
  }
  readable_cv_.notify_all();
}

core::Result<std::size_t> SimBus::read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (mode_ == TimeoutMode::wait) readable_cv_.wait_for(lock, timeout, [this] { return !rx_.empty(); });
  const auto count = std::min(out.size(), rx_.size());
  std::copy_n(rx_.begin(), count, out.begin());
  rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(count));
  return count;
}

void SimBus::drain_input() {
  std::lock_guard lock(mutex_);
  rx_.clear();
}

void SimBus::inject_noise(std::span<const std::uint8_t> bytes) {
  {
    std::lock_guard lock(mutex_);
    rx_.insert(rx_.end(), bytes.begin(), bytes.end());
  }
  readable_cv_.notify_all();
}

void SimBus::prefix_next_reply(std::vector<std::uint8_t> noise) {
  std::lock_guard lock(mutex_);
  next_reply_prefix_ = std::move(noise);
}

void SimBus::corrupt_next_reply() {
  std::lock_guard lock(mutex_);
  corrupt_next_reply_ = true;
}

std::vector<std::uint8_t> SimBus::written() const {
  std::lock_guard lock(mutex_);
  return written_;
}

std::vector<kerong::Frame> SimBus::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void SimBus::clear_log() {
  std::lock_guard lock(mutex_);
  written_.clear();
  requests_.clear();
}

std::size_t SimBus::readable() const {
  std::lock_guard lock(mutex_);
  return rx_.size();
}

}  // namespace pickupbox::sim
