#pragma once
// Rows of the staff table <-> core::StaffMember (PIN stored only as its PBKDF2 hash).
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/staff.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

core::Result<void> upsert_staff(Database& db, const core::StaffMember& member);
core::Result<void> delete_staff(Database& db, std::string_view id);
core::Result<std::optional<core::StaffMember>> find_staff(Database& db, std::string_view id);
// Ordered by id.
core::Result<std::vector<core::StaffMember>> list_staff(Database& db);

}  // namespace pickupbox::store
