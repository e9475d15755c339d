#pragma once
// What a chip model was asked, in order, and which of those requests the real Linux driver
// would never send. Tests assert on both; the chip answers a violation with a STALL.
// Thread-safe: written from umockdev's ioctl thread, read from the test thread.
#include <mutex>
#include <string>
#include <vector>

#include "usbsim/device_model.hpp"

namespace pickupbox::usbsim {

class RequestLog {
 public:
  void record(const Setup& setup);
  // Records why `setup` is a protocol violation and returns the STALL the chip answers with.
  ControlReply violation(const Setup& setup, const std::string& why);

  std::vector<Setup> requests() const;
  std::vector<std::string> violations() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<Setup> requests_;
  std::vector<std::string> violations_;
};

}  // namespace pickupbox::usbsim
