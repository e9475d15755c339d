#pragma once
// The USB operations a bridge chip needs, as an interface: SerialBridge runs on a real
// usb::DeviceHandle in boxd and on a scripted chip in unit tests, so the chip sequences and
// the read loop are tested byte for byte without libusb or umockdev.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::serial {

class BridgeIo {
 public:
  virtual ~BridgeIo() = default;

  // Same contracts as usb::DeviceHandle's members of the same names.
  virtual core::Result<std::size_t> control(const usb::ControlSetup& setup, std::span<std::uint8_t> data,
                                            std::chrono::milliseconds timeout) = 0;
  virtual core::Result<std::size_t> bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                               std::chrono::milliseconds timeout) = 0;
  virtual core::Result<std::size_t> bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> data,
                                              std::chrono::milliseconds timeout) = 0;
  virtual bool gone() const = 0;
  virtual usb::TransferFailure last_failure() const = 0;
  virtual const usb::DeviceInfo& info() const = 0;
};

}  // namespace pickupbox::serial
