#pragma once
// The byte stream to the RS-485 bus. Kept narrow so that the USB serial bridge, the
// simulator and scripted test peers can all stand behind it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"

namespace pickupbox::kerong {

class Transport {
 public:
  virtual ~Transport() = default;

  virtual core::Result<void> write(std::span<const std::uint8_t> bytes) = 0;

  // Blocks until at least one byte is available or the timeout passes; returns the number
  // of bytes copied into out, 0 meaning the timeout passed. All bus timing lives here, so
  // the protocol code needs no clock and tests never sleep.
  virtual core::Result<std::size_t> read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) = 0;

  // Throws away whatever is already received (a late reply to an earlier request).
  // The default reads with a zero timeout until nothing is left, with a bound so that a
  // babbling bus cannot hold the caller forever.
  virtual void drain_input();
};

}  // namespace pickupbox::kerong
