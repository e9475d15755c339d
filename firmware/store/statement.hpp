#pragma once
// RAII prepared statement with typed binds (1-based, as in SQLite) and typed columns
// (0-based). Binding a bad index is a programming error and throws std::logic_error;
// stepping can fail at run time and returns core::Result.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

struct sqlite3_stmt;

namespace pickupbox::store {

class Statement {
 public:
  enum class Ownership { owned, cached };
  // Takes ownership of `stmt` (owned), or borrows one the Database keeps prepared (cached:
  // reset and unbound on destruction instead of finalized, so it never holds a read open).
  // `operation` names it in error messages ("save order").
  Statement(sqlite3_stmt* stmt, std::string operation, Ownership ownership = Ownership::owned);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::span<const std::uint8_t> blob);
  Statement& bind(int index, std::nullopt_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }

  // true: a row is ready to read; false: the statement is done.
  core::Result<bool> step();
  // Runs to completion, ignoring rows (for writes and PRAGMAs).
  core::Result<void> run();
  // Makes the statement runnable again with new binds.
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  // Fails (ErrorCode::storage) when the stored value does not fit: a damaged row, not a bug.
  core::Result<int> int32(int column) const;
  std::string text(int column) const;
  std::vector<std::uint8_t> blob(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  void check_bind(int rc, int index) const;
  void release();

  sqlite3_stmt* stmt_ = nullptr;
  std::string operation_;
  Ownership ownership_ = Ownership::owned;
};

}  // namespace pickupbox::store
