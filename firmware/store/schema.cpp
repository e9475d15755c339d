#include "store/schema.hpp"

#include <array>
#include <string>

#include "log/log.hpp"

namespace pickupbox::store {
namespace {

// Enum columns hold the words from enum_text.hpp. They carry no CHECK lists on purpose:
// SQLite cannot alter a CHECK without rebuilding the table, and the reader validates anyway.
constexpr std::string_view schema_v1 = R"sql(
CREATE TABLE orders (
  id               TEXT PRIMARY KEY,
  reference        TEXT NOT NULL,
  document_kind    TEXT NOT NULL,
  size             TEXT NOT NULL,
  language         TEXT NOT NULL,
  state            TEXT NOT NULL,
  phone            TEXT,
  identity_hash    BLOB CHECK (identity_hash IS NULL OR length(identity_hash) = 32),
  code_hash        BLOB CHECK (code_hash IS NULL OR length(code_hash) = 32),
  locker_id        TEXT,
  failed_attempts  INTEGER NOT NULL DEFAULT 0,
  blocked          INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  loaded_at        INTEGER,
  code_expires_at  INTEGER,
  expires_at       INTEGER,
  pickup_opened_at INTEGER,
  closed_at        INTEGER,
  reminded_at      INTEGER
);
CREATE INDEX orders_reference ON orders(reference);
CREATE INDEX orders_state ON orders(state, created_at);
-- A pickup code identifies exactly one live order.
CREATE UNIQUE INDEX orders_live_code ON orders(code_hash)
  WHERE code_hash IS NOT NULL AND state IN ('awaiting_load', 'loaded');

CREATE TABLE lockers (
  id        TEXT PRIMARY KEY,
  board     INTEGER NOT NULL,
  channel   INTEGER NOT NULL,
  size      TEXT NOT NULL,
  occupancy TEXT NOT NULL,
  block     TEXT NOT NULL,
  -- Deferred so that one commit may write the order and its locker in either order.
  order_id  TEXT REFERENCES orders(id) DEFERRABLE INITIALLY DEFERRED,
  door      TEXT NOT NULL,
  lock      TEXT NOT NULL,
  UNIQUE (board, channel)
);
-- No order is ever in two lockers.
CREATE UNIQUE INDEX lockers_one_per_order ON lockers(order_id) WHERE order_id IS NOT NULL;

CREATE TABLE staff (
  id             TEXT PRIMARY KEY,
  display_name   TEXT NOT NULL,
  pin_salt       BLOB NOT NULL,
  pin_hash       BLOB NOT NULL,
  pin_iterations INTEGER NOT NULL,
  active         INTEGER NOT NULL
);

-- seq is the per-device sequence number; AUTOINCREMENT so that it never goes back,
-- even after acknowledged rows are deleted.
CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  type       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  locker_id TEXT NOT NULL,
  order_id  TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE processed_requests (
  request_id TEXT PRIMARY KEY,
  result     TEXT NOT NULL,
  at         INTEGER NOT NULL
);
)sql";

constexpr std::array<Migration, 1> all_migrations{{
    {1, "initial schema", schema_v1},
}};

core::Result<int> read_version(Database& db) {
  auto stmt = db.prepare("PRAGMA user_version", "read schema version");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return *row ? static_cast<int>(stmt->int64(0)) : 0;
}

core::Error too_new(const Database& db, int found) {
  return core::Error{core::ErrorCode::storage,
                     "open state file " + db.file().string() + ": schema version " + std::to_string(found) +
                         " is newer than this firmware knows (" + std::to_string(latest_schema_version()) +
                         "): install the newer firmware again or restore a backup made by this version"};
}

// Returns true when the step ran, false when another writer had already applied it.
core::Result<bool> apply(Database& db, const Migration& step) {
  auto tx = Transaction::begin(db, "migrate schema");
  if (!tx) return std::unexpected(tx.error());
  auto version = read_version(db);  // re-read under the write lock
  if (!version) return std::unexpected(version.error());
  if (*version >= step.version) return false;
  if (auto ran = db.exec(step.sql, "migrate schema"); !ran) return std::unexpected(ran.error());
  const std::string bump = "PRAGMA user_version=" + std::to_string(step.version);
  if (auto bumped = db.exec(bump, "migrate schema"); !bumped) return std::unexpected(bumped.error());
  if (auto done = tx->commit(); !done) return std::unexpected(done.error());
  return true;
}

}  // namespace

std::span<const Migration> migrations() { return all_migrations; }

int latest_schema_version() { return all_migrations.back().version; }

core::Result<int> migrate(Database& db) {
  auto version = read_version(db);
  if (!version) return std::unexpected(version.error());
  if (*version > latest_schema_version()) return std::unexpected(too_new(db, *version));
  for (const auto& step : all_migrations) {
    if (step.version <= *version) continue;
    auto ran = apply(db, step);
    if (!ran) return std::unexpected(ran.error());
    if (*ran) {
      log::info("store.migrated", {{"file", db.file().string()}, {"version", step.version},
                                   {"step", step.description}});
    }
  }
  return latest_schema_version();
}

}  // namespace pickupbox::store
