#pragma once
// USB descriptors built from a DeviceDescription, as the device would return them and as
// the kernel exposes them in sysfs ("descriptors": device descriptor then configuration).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "usbsim/device_model.hpp"

namespace pickupbox::usbsim {

// String descriptor indices the testbed assigns; 0 in the device descriptor when unset.
inline constexpr std::uint8_t manufacturer_string = 1;
inline constexpr std::uint8_t product_string = 2;
inline constexpr std::uint8_t serial_string = 3;

std::vector<std::uint8_t> device_descriptor(const DeviceDescription& device);
// Configuration 1 with its one interface, the class descriptor and the endpoints.
std::vector<std::uint8_t> configuration_descriptor(const DeviceDescription& device);
// String descriptor 0: the one supported language, en-US (0x0409).
std::vector<std::uint8_t> language_descriptor();
// UTF-16LE, one code unit per byte of `text` (descriptor strings here are ASCII).
std::vector<std::uint8_t> string_descriptor(std::string_view text);
// The text behind string index 1..3, or nullopt when the device has no such string.
std::optional<std::string> string_for_index(const DeviceDescription& device, std::uint8_t index);

// Continuous UPPERCASE hex, the form umockdev's "H:" lines require.
std::string upper_hex(std::span<const std::uint8_t> bytes);

}  // namespace pickupbox::usbsim
