#include "usbsim/device_model.hpp"

#include <cstdio>

namespace pickupbox::usbsim {

std::string describe(const Setup& setup) {
  char text[64];
  std::snprintf(text, sizeof text, "%02X %02X wValue=%04X wIndex=%04X wLength=%u", setup.request_type,
                setup.request, setup.value, setup.index, static_cast<unsigned>(setup.length));
  return text;
}

std::optional<std::string> shape_mismatch(const Setup& setup, std::uint8_t request_type, std::uint16_t length) {
  char text[96];
  if (setup.request_type != request_type) {
    std::snprintf(text, sizeof text, "bmRequestType must be %02X", request_type);
    return text;
  }
  if (setup.length != length) {
    std::snprintf(text, sizeof text, "wLength must be %u", static_cast<unsigned>(length));
    return text;
  }
  return std::nullopt;
}

}  // namespace pickupbox::usbsim
