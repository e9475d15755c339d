#pragma once
// One staff-credentials "upsert" entry. The console turns the PIN typed on its command line
// into a PBKDF2-HMAC-SHA256 hash (core/pin.hpp: fresh 16-byte salt, 200000 iterations,
// 32 bytes) so the PIN itself never goes over MQTT.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/random.hpp"
#include "core/staff.hpp"

namespace pickupbox::console {

struct StaffAccount {
  std::string staff_id;
  std::string display_name;  // defaults to staff_id when empty
  std::string pin;           // clear text, 4..12 digits; only its hash leaves the console
  bool active = true;
};

// {"staff_id":…, "display_name":…, "pin_hash":{"salt":hex,"hash":hex,"iterations":200000}, "active":…}
core::Result<nlohmann::ordered_json> staff_upsert_entry(const StaffAccount& account, core::Random& random);

// The pin_hash object read back (for tests and the payload's own check).
core::Result<core::PinHash> parse_pin_hash(const nlohmann::ordered_json& pin_hash);

}  // namespace pickupbox::console
