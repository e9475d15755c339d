#pragma once
// Turns a SQLite failure into a core::Error (ErrorCode::storage) whose message names the
// operation, the file and SQLite's own text, and says what an operator can do about it.
#include <string_view>

#include "core/error.hpp"

struct sqlite3;

namespace pickupbox::store {

// `rc` is the (extended) result code of the failed call; `db` may be null when the
// connection itself could not be opened.
core::Error storage_error(sqlite3* db, int rc, std::string_view operation);

}  // namespace pickupbox::store
