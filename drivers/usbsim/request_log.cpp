#include "usbsim/request_log.hpp"

namespace pickupbox::usbsim {

void RequestLog::record(const Setup& setup) {
  std::lock_guard lock(mutex_);
  requests_.push_back(setup);
}

ControlReply RequestLog::violation(const Setup& setup, const std::string& why) {
  std::lock_guard lock(mutex_);
  violations_.push_back(describe(setup) + ": " + why);
  return ControlReply::stalled();
}

std::vector<Setup> RequestLog::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<std::string> RequestLog::violations() const {
  std::lock_guard lock(mutex_);
  return violations_;
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  requests_.clear();
  violations_.clear();
}

}  // namespace pickupbox::usbsim
