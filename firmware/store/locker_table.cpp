#include "store/locker_table.hpp"

#include <string>

#include "store/enum_text.hpp"

namespace pickupbox::store {
namespace {

constexpr std::string_view select_columns =
    "SELECT id, board, channel, size, occupancy, block, order_id, door, lock FROM lockers ";

core::Result<core::Locker> read_locker(const Statement& stmt) {
  auto board = stmt.int32(1);
  auto channel = stmt.int32(2);
  auto size = parse_text<core::SizeClass>(stmt.text(3));
  auto occupancy = parse_text<core::Occupancy>(stmt.text(4));
  auto block = parse_text<core::ServiceBlock>(stmt.text(5));
  auto door = parse_text<core::SensorReading>(stmt.text(7));
  auto lock = parse_text<core::SensorReading>(stmt.text(8));
  if (!board) return std::unexpected(board.error());
  if (!channel) return std::unexpected(channel.error());
  if (!size) return std::unexpected(size.error());
  if (!occupancy) return std::unexpected(occupancy.error());
  if (!block) return std::unexpected(block.error());
  if (!door) return std::unexpected(door.error());
  if (!lock) return std::unexpected(lock.error());
  return core::Locker{stmt.text(0), *board, *channel, *size, *occupancy, *block, stmt.optional_text(6), *door, *lock};
}

}  // namespace

core::Result<void> upsert_locker(Database& db, const core::Locker& locker) {
  auto stmt = db.prepare(
      "INSERT INTO lockers (id, board, channel, size, occupancy, block, order_id, door, lock) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT (id) DO UPDATE SET board = excluded.board, channel = excluded.channel, "
      "size = excluded.size, occupancy = excluded.occupancy, block = excluded.block, "
      "order_id = excluded.order_id, door = excluded.door, lock = excluded.lock",
      "save locker");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, locker.id).bind(2, locker.board).bind(3, locker.channel).bind(4, core::to_string(locker.size));
  stmt->bind(5, core::to_string(locker.occupancy)).bind(6, core::to_string(locker.block)).bind(7, locker.order_id);
  stmt->bind(8, core::to_string(locker.door)).bind(9, core::to_string(locker.lock));
  return stmt->run();
}

core::Result<void> delete_locker(Database& db, std::string_view id) {
  auto stmt = db.prepare("DELETE FROM lockers WHERE id = ?1", "remove locker");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, id);
  return stmt->run();
}

core::Result<std::optional<core::Locker>> find_locker(Database& db, std::string_view id) {
  auto stmt = db.prepare(std::string(select_columns) + "WHERE id = ?1", "read locker");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, id);
  auto more = stmt->step();
  if (!more) return std::unexpected(more.error());
  if (!*more) return std::nullopt;
  auto locker = read_locker(*stmt);
  if (!locker) return std::unexpected(locker.error());
  return std::move(*locker);
}

core::Result<std::vector<core::Locker>> list_lockers(Database& db) {
  auto stmt = db.prepare(std::string(select_columns) + "ORDER BY id", "list lockers");
  if (!stmt) return std::unexpected(stmt.error());
  std::vector<core::Locker> lockers;
  for (;;) {
    auto more = stmt->step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return lockers;
    auto locker = read_locker(*stmt);
    if (!locker) return std::unexpected(locker.error());
    lockers.push_back(std::move(*locker));
  }
}

}  // namespace pickupbox::store
