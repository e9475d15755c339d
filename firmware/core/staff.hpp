#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace pickupbox::core {

// A staff member's PIN is stored only as a slow-KDF hash (PBKDF2-HMAC-SHA256) with
// its own salt and iteration count, so a stolen database does not reveal PINs.
struct PinHash {
  std::vector<std::uint8_t> salt;
  std::vector<std::uint8_t> hash;
  int iterations = 0;

  bool operator==(const PinHash&) const = default;
};

struct StaffMember {
  std::string id;  // short login name, shown in the audit log: "desk1"
  std::string display_name;
  PinHash pin;
  bool active = true;

  bool operator==(const StaffMember&) const = default;
};

}  // namespace pickupbox::core
