#pragma once
// Rows of the lockers table <-> core::Locker.
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/locker.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

core::Result<void> upsert_locker(Database& db, const core::Locker& locker);
core::Result<void> delete_locker(Database& db, std::string_view id);
core::Result<std::optional<core::Locker>> find_locker(Database& db, std::string_view id);
// Ordered by id ("A01", "A02", ...).
core::Result<std::vector<core::Locker>> list_lockers(Database& db);

}  // namespace pickupbox::store
