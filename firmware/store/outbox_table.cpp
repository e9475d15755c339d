#include "store/outbox_table.hpp"

namespace pickupbox::store {
namespace {

core::Result<OutboxKind> parse_kind(std::string_view text) {
  if (text == "event") return OutboxKind::event;
  if (text == "sms") return OutboxKind::sms;
  return core::fail(core::ErrorCode::storage, "read outbox: unknown kind '" + std::string(text) +
                                                  "': the state file is damaged or newer");
}

}  // namespace

std::string_view to_text(OutboxKind kind) { return kind == OutboxKind::sms ? "sms" : "event"; }

core::Result<std::int64_t> next_outbox_seq(Database& db) {
  // sqlite_sequence keeps the AUTOINCREMENT high-water mark, which survives deletes.
  auto stmt = db.prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'", "allocate outbox sequence");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return (*row ? stmt->int64(0) : 0) + 1;
}

core::Result<void> insert_outbox_row(Database& db, const OutboxRow& row) {
  auto stmt = db.prepare_cached(
      "INSERT INTO outbox (seq, id, kind, type, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      "append to outbox");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, row.seq).bind(2, row.id).bind(3, to_text(row.kind)).bind(4, row.type).bind(5, row.payload);
  stmt->bind(6, core::to_unix_ms(row.created_at));
  return stmt->run();
}

core::Result<std::vector<OutboxRow>> read_outbox(Database& db, std::int64_t limit, std::int64_t after_seq) {
  auto stmt = db.prepare_cached(
      "SELECT seq, id, kind, type, payload, created_at FROM outbox WHERE seq > ?2 ORDER BY seq LIMIT ?1",
      "read outbox");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, limit).bind(2, after_seq);
  std::vector<OutboxRow> rows;
  for (;;) {
    auto more = stmt->step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return rows;
    auto kind = parse_kind(stmt->text(2));
    if (!kind) return std::unexpected(kind.error());
    rows.push_back(OutboxRow{stmt->int64(0), stmt->text(1), *kind, stmt->text(3), stmt->text(4),
                             core::from_unix_ms(stmt->int64(5))});
  }
}

core::Result<std::int64_t> count_outbox(Database& db) {
  auto stmt = db.prepare_cached("SELECT count(*) FROM outbox", "count outbox");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return stmt->int64(0);
}

core::Result<std::int64_t> delete_outbox_rows(Database& db, std::span<const std::int64_t> seqs) {
  auto stmt = db.prepare_cached("DELETE FROM outbox WHERE seq = ?1", "acknowledge outbox rows");
  if (!stmt) return std::unexpected(stmt.error());
  std::int64_t deleted = 0;
  for (auto seq : seqs) {
    stmt->reset();
    stmt->bind(1, seq);
    if (auto ran = stmt->run(); !ran) return std::unexpected(ran.error());
    deleted += db.changes();
  }
  return deleted;
}

}  // namespace pickupbox::store
