#pragma once
// The hubs between the host and a simulated device: libusb derives a device's port path
// ("1-1.4") from the chain of hub devices in sysfs, so the testbed creates the root hub
// and every intermediate hub as real usb_device entries. Hub class requests stall; nobody
// here drives a hub.
#include <string>

#include "usbsim/device_model.hpp"

namespace pickupbox::usbsim {

class HubModel final : public DeviceModel {
 public:
  enum class Kind { root, external };

  explicit HubModel(Kind kind) : kind_(kind) {}

  DeviceDescription description() const override;
  ControlReply control(const Setup&, std::span<const std::uint8_t>) override { return ControlReply::stalled(); }
  void bulk_out(std::uint8_t, std::span<const std::uint8_t>) override {}
  std::optional<std::vector<std::uint8_t>> bulk_in(std::uint8_t, std::size_t) override { return std::nullopt; }

 private:
  Kind kind_;
};

}  // namespace pickupbox::usbsim
