#pragma once
// The RS-485 line format ("19200 8N1"), as the configuration writes it and as both bridge
// chips are told it. Pure: no USB here.
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::serial {

enum class Parity { none, odd, even, mark, space };

struct LineSettings {
  int baud = 19200;
  int data_bits = 8;
  Parity parity = Parity::none;
  int stop_bits = 1;
  bool operator==(const LineSettings&) const = default;
};

// Both chips top out at 3 Mbaud; each chip checks its own lower limit.
inline constexpr int max_baud = 3'000'000;

// "19200 8N1", "9600 8E1", "115200 7o2": baud, then data bits 5-8, parity N/O/E/M/S
// (either case), stop bits 1 or 2. invalid_argument naming the text otherwise.
core::Result<LineSettings> parse_line_settings(std::string_view text);

// The same checks for settings built in code, so that the chip code can rely on them.
core::Result<void> check_line_settings(const LineSettings& settings);

// "19200 8N1"; parse_line_settings(to_string(s)) == s for every valid s.
std::string to_string(const LineSettings& settings);

char parity_letter(Parity parity);

}  // namespace pickupbox::serial
