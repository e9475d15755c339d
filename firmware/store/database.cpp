#include "store/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "log/log.hpp"
#include "store/sqlite_error.hpp"

namespace pickupbox::store {
namespace {

constexpr int busy_timeout_ms = 5000;
constexpr mode_t state_file_mode = 0600;

core::Result<void> check_directory(const std::filesystem::path& file) {
  const auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return core::fail(core::ErrorCode::storage, "open state file " + file.string() + ": directory " +
                                                    dir.string() + " does not exist: create it first");
  }
  return {};
}

// SQLite would create the file with the process umask; the state holds personal data and
// key material, so it is created (or tightened) to owner-only before SQLite opens it.
// The -wal and -shm files inherit the mode of the main file.
core::Result<void> ensure_private_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, state_file_mode);
  if (fd < 0) {
    return core::fail(core::ErrorCode::storage, "open state file " + file.string() + ": " +
                                                    std::strerror(errno) +
                                                    ": check the path and that boxd may write there");
  }
  struct stat st {};
  const bool ok = ::fstat(fd, &st) == 0;
  if (ok && (st.st_mode & 0777) != state_file_mode) {
    log::warn("store.file_mode_tightened", {{"file", file.string()}});
    if (::fchmod(fd, state_file_mode) != 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return core::fail(core::ErrorCode::storage, "restrict state file " + file.string() +
                                                      " to mode 0600: " + reason + ": fix its owner");
    }
  }
  ::close(fd);
  return {};
}

core::Result<void> configure(Database& db) {
  auto wal = db.prepare("PRAGMA journal_mode=WAL", "enable WAL journal");
  if (!wal) return std::unexpected(wal.error());
  auto row = wal->step();
  if (!row) return std::unexpected(row.error());
  if (!*row || wal->text(0) != "wal") {
    return core::fail(core::ErrorCode::storage, "enable WAL journal on " + db.file().string() +
                                                    ": SQLite refused: the file system may not "
                                                    "support shared memory; use a local disk");
  }
  return db.exec(
      "PRAGMA synchronous=FULL;"
      "PRAGMA foreign_keys=ON;"
      "PRAGMA secure_delete=ON;",
      "configure database");
}

}  // namespace

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Database::Database(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}

core::Result<Database> Database::open(const std::filesystem::path& file) {
  if (auto dir = check_directory(file); !dir) return std::unexpected(dir.error());
  if (auto made = ensure_private_file(file); !made) return std::unexpected(made.error());

  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, nullptr);
  Database db(raw, file);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) return std::unexpected(storage_error(raw, rc, "open state file"));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  if (auto configured = configure(db); !configured) return std::unexpected(configured.error());
  return db;
}

core::Result<Statement> Database::prepare(std::string_view sql, std::string_view operation) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(handle(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(storage_error(handle(), rc, operation));
  return Statement(stmt, std::string(operation));
}

core::Result<Statement> Database::prepare_cached(std::string_view sql, std::string_view operation) {
  auto& slot = cache_->statements[std::string(sql)];
  if (!slot) {
    const int rc = sqlite3_prepare_v3(handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &slot, nullptr);
    if (rc != SQLITE_OK) {
      slot = nullptr;
      return std::unexpected(storage_error(handle(), rc, operation));
    }
  }
  return Statement(slot, std::string(operation), Statement::Ownership::cached);
}

Database::StatementCache::~StatementCache() {
  for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
}

core::Result<void> Database::exec(std::string_view sql, std::string_view operation) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string
  const int rc = sqlite3_exec(handle(), text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(storage_error(handle(), rc, operation));
  return {};
}

std::int64_t Database::changes() const { return sqlite3_changes64(handle()); }

Transaction::Transaction(Database& db, std::string_view operation) : db_(&db), operation_(operation) {}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), operation_(std::move(other.operation_)), open_(std::exchange(other.open_, false)) {}

core::Result<Transaction> Transaction::begin(Database& db, std::string_view operation) {
  // IMMEDIATE takes the write lock now, so a busy database fails here and not half-way.
  if (auto begun = db.exec("BEGIN IMMEDIATE", operation); !begun) return std::unexpected(begun.error());
  return Transaction(db, operation);
}

core::Result<void> Transaction::commit() {
  auto committed = db_->exec("COMMIT", operation_);
  if (committed) open_ = false;
  return committed;  // on failure the destructor rolls back
}

Transaction::~Transaction() {
  if (!open_) return;
  // A failed COMMIT (e.g. disk full) may have left the transaction open; after some errors
  // SQLite has already rolled back, and then ROLLBACK reports "no transaction": harmless.
  if (sqlite3_get_autocommit(db_->handle()) == 0) {
    sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace pickupbox::store
