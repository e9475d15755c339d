#include "store/statement.hpp"

#include <sqlite3.h>

#include <limits>
#include <stdexcept>
#include <utility>

#include "store/sqlite_error.hpp"

namespace pickupbox::store {

Statement::Statement(sqlite3_stmt* stmt, std::string operation, Ownership ownership)
    : stmt_(stmt), operation_(std::move(operation)), ownership_(ownership) {}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      operation_(std::move(other.operation_)),
      ownership_(other.ownership_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    stmt_ = std::exchange(other.stmt_, nullptr);
    operation_ = std::move(other.operation_);
    ownership_ = other.ownership_;
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() {
  if (!stmt_) return;
  if (ownership_ == Ownership::owned) {
    sqlite3_finalize(stmt_);
  } else {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  stmt_ = nullptr;
}

void Statement::check_bind(int rc, int index) const {
  if (rc != SQLITE_OK) {
    throw std::logic_error(operation_ + ": cannot bind parameter " + std::to_string(index) + ": " +
                           sqlite3_errstr(rc));
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  check_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
             index);
  return *this;
}

Statement& Statement::bind(int index, std::span<const std::uint8_t> blob) {
  // A zero-length blob must stay a blob, not NULL: SQLite needs a non-null pointer for that.
  static const std::uint8_t empty = 0;
  const void* data = blob.empty() ? &empty : blob.data();
  check_bind(sqlite3_bind_blob64(stmt_, index, data, blob.size(), SQLITE_TRANSIENT), index);
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  check_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

core::Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(storage_error(sqlite3_db_handle(stmt_), rc, operation_));
}

core::Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
  }
}

void Statement::reset() {
  // The error of the last step was already reported by step(); reset only rearms.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

core::Result<int> Statement::int32(int column) const {
  const auto value = int64(column);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    return core::fail(core::ErrorCode::storage,
                      operation_ + ": column " + std::string(sqlite3_column_name(stmt_, column)) +
                          " holds " + std::to_string(value) +
                          ", which does not fit: the state file is damaged, restore it from a backup");
  }
  return static_cast<int>(value);
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  const auto size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> Statement::blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  if (data == nullptr) return {};
  return std::vector<std::uint8_t>(data, data + size);
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

}  // namespace pickupbox::store
