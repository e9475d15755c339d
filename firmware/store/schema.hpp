#pragma once
// The versioned schema. PRAGMA user_version holds the version a file is at; each migration
// step runs in its own transaction together with the version bump, so a crash mid-way
// leaves the file at the last complete step. Steps are only ever appended.
#include <span>
#include <string_view>

#include "core/error.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

struct Migration {
  int version;  // the user_version after this step: 1, 2, ...
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> migrations();
int latest_schema_version();

// Brings the file up to latest_schema_version(). A file at a newer version than this code
// knows is refused (ErrorCode::storage) and left untouched. Returns the version reached.
core::Result<int> migrate(Database& db);

}  // namespace pickupbox::store
