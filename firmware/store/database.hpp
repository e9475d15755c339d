#pragma once
// RAII connection to the state file, configured for durability: WAL journal,
// synchronous=FULL (a commit survives power loss), foreign keys enforced, a busy
// timeout, and secure_delete so erased personal data does not linger in free pages.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "store/statement.hpp"

struct sqlite3;

namespace pickupbox::store {

class Database {
 public:
  // Creates the file with mode 0600 if it does not exist; the directory must exist.
  static core::Result<Database> open(const std::filesystem::path& file);

  core::Result<Statement> prepare(std::string_view sql, std::string_view operation);
  // The same, kept prepared for the connection's lifetime: for statements on hot paths
  // (the outbox drain runs a few per PUBACK batch), where parsing the SQL again each time
  // cost a quarter of the drain's CPU. Use one at a time per SQL text.
  core::Result<Statement> prepare_cached(std::string_view sql, std::string_view operation);
  // Runs one or more statements without parameters (schema, PRAGMAs, BEGIN/COMMIT).
  core::Result<void> exec(std::string_view sql, std::string_view operation);
  // Rows changed by the most recent INSERT/UPDATE/DELETE.
  std::int64_t changes() const;

  sqlite3* handle() const { return db_.get(); }
  const std::filesystem::path& file() const { return file_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Database(sqlite3* db, std::filesystem::path file);

  // Finalizes its statements before the connection closes (declared after db_).
  struct StatementCache {
    std::unordered_map<std::string, sqlite3_stmt*> statements;
    ~StatementCache();
  };

  std::unique_ptr<sqlite3, Closer> db_;
  std::filesystem::path file_;
  std::unique_ptr<StatementCache> cache_ = std::make_unique<StatementCache>();
};

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed, so an early
// return on any error leaves nothing half-written.
class Transaction {
 public:
  static core::Result<Transaction> begin(Database& db, std::string_view operation);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  core::Result<void> commit();

 private:
  Transaction(Database& db, std::string_view operation);

  Database* db_;
  std::string operation_;
  bool open_ = true;
};

}  // namespace pickupbox::store
