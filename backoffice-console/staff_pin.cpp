#include "staff_pin.hpp"

#include "core/digest_hex.hpp"
#include "core/pin.hpp"

namespace pickupbox::console {

core::Result<nlohmann::ordered_json> staff_upsert_entry(const StaffAccount& account, core::Random& random) {
  if (account.staff_id.empty()) {
    return core::fail(core::ErrorCode::invalid_argument, "staff id is empty: give add=<staff id>, e.g. add=desk2");
  }
  if (!core::is_acceptable_pin(account.pin)) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "the PIN for '" + account.staff_id + "' must be 4..12 digits: give pin=<digits>");
  }
  const core::PinHash hashed = core::hash_pin(account.pin, random);
  nlohmann::ordered_json entry;
  entry["staff_id"] = account.staff_id;
  entry["display_name"] = account.display_name.empty() ? account.staff_id : account.display_name;
  entry["pin_hash"] = {
      {"salt", core::to_hex(hashed.salt)}, {"hash", core::to_hex(hashed.hash)}, {"iterations", hashed.iterations}};
  entry["active"] = account.active;
  return entry;
}

core::Result<core::PinHash> parse_pin_hash(const nlohmann::ordered_json& pin_hash) {
  if (!pin_hash.is_object() || !pin_hash.contains("salt") || !pin_hash["salt"].is_string() ||
      !pin_hash.contains("hash") || !pin_hash["hash"].is_string() || !pin_hash.contains("iterations") ||
      !pin_hash["iterations"].is_number_integer()) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "pin_hash must be {\"salt\":hex, \"hash\":hex, \"iterations\":integer}");
  }
  auto salt = core::from_hex(pin_hash["salt"].get<std::string>());
  if (!salt) return std::unexpected(salt.error());
  auto hash = core::from_hex(pin_hash["hash"].get<std::string>());
  if (!hash) return std::unexpected(hash.error());
  return core::PinHash{std::move(*salt), std::move(*hash), pin_hash["iterations"].get<int>()};
}

}  // namespace pickupbox::console
