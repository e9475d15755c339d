#pragma once
// "02 00 31 03 36" <-> bytes, so that tests state the wire exactly as a protocol sheet does.
#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pickupbox::testing {

inline std::vector<std::uint8_t> hex_bytes(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::string token;
  auto flush = [&] {
    if (token.empty()) return;
    if (token.size() != 2) throw std::invalid_argument("hex_bytes: bad token " + token);
    out.push_back(static_cast<std::uint8_t>(std::stoul(token, nullptr, 16)));
    token.clear();
  };
  for (char c : text) {
    if (c == ' ') flush();
    else token += c;
  }
  flush();
  return out;
}

inline std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (auto b : bytes) {
    char text[4];
    std::snprintf(text, sizeof text, "%02X ", b);
    out += text;
  }
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace pickupbox::testing
