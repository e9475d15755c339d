#include "store/audit_table.hpp"

namespace pickupbox::store {
namespace {

core::Result<std::string> last_hash(Database& db) {
  auto stmt = db.prepare("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", "read audit head");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->text(0) : genesis_hash();
}

}  // namespace

core::Result<std::int64_t> audit_head_seq(Database& db) {
  auto stmt = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit'", "read audit head");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->int64(0) : 0;
}

core::Result<AuditRecord> append_audit(Database& db, const core::AuditEntry& entry, core::TimePoint at) {
  auto head = audit_head_seq(db);
  if (!head) return std::unexpected(head.error());
  auto prev = last_hash(db);
  if (!prev) return std::unexpected(prev.error());
  AuditRecord record{*head + 1, at, entry, *prev, {}};
  record.hash = chain_hash(record.prev_hash, record);

  auto stmt = db.prepare(
      "INSERT INTO audit (seq, at, actor, action, locker_id, order_id, detail, prev_hash, hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      "append to audit log");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, record.seq).bind(2, core::to_unix_ms(at)).bind(3, entry.actor).bind(4, entry.action);
  stmt->bind(5, entry.locker_id).bind(6, entry.order_id).bind(7, entry.detail);
  stmt->bind(8, record.prev_hash).bind(9, record.hash);
  if (auto ran = stmt->run(); !ran) return std::unexpected(ran.error());
  return record;
}

core::Result<std::vector<AuditRecord>> read_audit(Database& db) {
  auto stmt = db.prepare(
      "SELECT seq, at, actor, action, locker_id, order_id, detail, prev_hash, hash FROM audit ORDER BY seq",
      "read audit log");
  if (!stmt) return std::unexpected(stmt.error());
  std::vector<AuditRecord> records;
  for (;;) {
    auto more = stmt->step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return records;
    records.push_back(AuditRecord{
        stmt->int64(0), core::from_unix_ms(stmt->int64(1)),
        core::AuditEntry{stmt->text(2), stmt->text(3), stmt->text(4), stmt->text(5), stmt->text(6)},
        stmt->text(7), stmt->text(8)});
  }
}

core::Result<AuditVerification> verify_audit(Database& db) {
  auto records = read_audit(db);
  if (!records) return std::unexpected(records.error());
  auto head = audit_head_seq(db);
  if (!head) return std::unexpected(head.error());
  return verify_chain(*records, *head);
}

}  // namespace pickupbox::store
