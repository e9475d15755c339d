#include "store/request_table.hpp"

namespace pickupbox::store {

core::Result<std::optional<std::string>> find_processed_request(Database& db, std::string_view request_id) {
  auto stmt = db.prepare("SELECT result FROM processed_requests WHERE request_id = ?1", "read command answer");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, request_id);
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::nullopt;
  return stmt->text(0);
}

core::Result<void> insert_processed_request(Database& db, std::string_view request_id, std::string_view result,
                                            core::TimePoint at) {
  auto stmt = db.prepare(
      "INSERT INTO processed_requests (request_id, result, at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (request_id) DO NOTHING",
      "record command answer");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, request_id).bind(2, result).bind(3, core::to_unix_ms(at));
  return stmt->run();
}

}  // namespace pickupbox::store
