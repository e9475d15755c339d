#pragma once
// A simulated USB bus with lock boards behind a bridge chip, created before libusb so
// that libusb enumerates the testbed (the order umockdev needs).
#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "sim/sim_bank.hpp"
#include "usb/usb_context.hpp"
#include "usbsim/testbed.hpp"

namespace pickupbox::testing {

inline std::vector<sim::SimBoardOptions> two_boards() {
  sim::SimBoardOptions a;
  a.address = 0;
  sim::SimBoardOptions b;
  b.address = 1;
  return {a, b};
}

class UsbBusTest : public ::testing::Test {
 protected:
  // Latches release after 500 ms on the steady clock, as on a real board.
  sim::SimBank bank{two_boards(), sim::TimeoutMode::immediate};
  usbsim::Testbed testbed;
  // Created by start(), after the devices are plugged in, as boxd starts after boot.
  std::optional<usb::Context> usb;

  void start() { usb.emplace(); }
};

}  // namespace pickupbox::testing
