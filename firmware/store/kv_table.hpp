#pragma once
// Small settings and state that are not rows of their own (kiosk throttle, device settings).
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/policies.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

core::Result<std::optional<std::string>> kv_read(Database& db, std::string_view key);
core::Result<void> kv_write(Database& db, std::string_view key, std::string_view value);

// Stored under "kiosk.throttle" as {"consecutive_failures":n,"blocked_until_ms":ms}.
// Absent means a fresh kiosk: no failures, not blocked.
core::Result<core::KioskThrottle> read_throttle(Database& db);
core::Result<void> write_throttle(Database& db, const core::KioskThrottle& throttle);

}  // namespace pickupbox::store
