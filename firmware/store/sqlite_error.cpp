#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <string>

namespace pickupbox::store {
namespace {

std::string file_of(sqlite3* db) {
  if (db == nullptr) return "<unopened database>";
  const char* name = sqlite3_db_filename(db, "main");
  return (name != nullptr && *name != '\0') ? name : "<in-memory database>";
}

std::string directory_of(const std::string& file) {
  const auto dir = std::filesystem::path(file).parent_path();
  return dir.empty() ? std::string(".") : dir.string();
}

// SQLite names the columns of the violated index; translate the ones our schema relies on
// into what they mean for the box.
std::string explain_constraint(std::string_view sqlite_message) {
  if (sqlite_message.find("lockers.order_id") != std::string_view::npos)
    return "one order would be in two lockers";
  if (sqlite_message.find("orders.code_hash") != std::string_view::npos)
    return "the pickup code collides with another live order: generate a new code";
  if (sqlite_message.find("lockers.board, lockers.channel") != std::string_view::npos)
    return "two lockers would share one board channel: fix the locker layout";
  if (sqlite_message.find("FOREIGN KEY") != std::string_view::npos)
    return "a locker would refer to an order that does not exist";
  return "the change breaks a database rule";
}

std::string advice(int primary, const std::string& file, std::string_view sqlite_message) {
  switch (primary) {
    case SQLITE_FULL:
      return "disk full: free space in " + directory_of(file) +
             " (pending outbox messages drain once the back office is reachable)";
    case SQLITE_CONSTRAINT:
      return explain_constraint(sqlite_message) + "; nothing was written";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another process holds the database: only boxd may open it while it runs";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "the state file is damaged or not a database: restore it from a backup";
    case SQLITE_CANTOPEN:
      return "check that " + directory_of(file) + " exists and is writable by boxd";
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return "the file or " + directory_of(file) + " is read-only: check ownership and mode";
    case SQLITE_IOERR:
      return "I/O error on the storage device: check the kernel log (dmesg) and the medium";
    default:
      return "see the SQLite message";
  }
}

}  // namespace

core::Error storage_error(sqlite3* db, int rc, std::string_view operation) {
  const std::string file = file_of(db);
  // sqlite3_errmsg describes the most recent failure on this connection, which is `rc`.
  const std::string sqlite_message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message(operation);
  message += " failed on ";
  message += file;
  message += ": ";
  message += sqlite_message;
  if (sqlite_message != sqlite3_errstr(rc)) {
    message += " (";
    message += sqlite3_errstr(rc);
    message += ")";
  }
  message += ": ";
  message += advice(rc & 0xFF, file, sqlite_message);
  return core::Error{core::ErrorCode::storage, std::move(message)};
}

}  // namespace pickupbox::store
