#include "store/staff_table.hpp"

#include <string>

namespace pickupbox::store {
namespace {

constexpr std::string_view select_columns =
    "SELECT id, display_name, pin_salt, pin_hash, pin_iterations, active FROM staff ";

core::Result<core::StaffMember> read_member(const Statement& stmt) {
  auto iterations = stmt.int32(4);
  if (!iterations) return std::unexpected(iterations.error());
  return core::StaffMember{stmt.text(0), stmt.text(1), core::PinHash{stmt.blob(2), stmt.blob(3), *iterations},
                           stmt.int64(5) != 0};
}

core::Result<std::vector<core::StaffMember>> read_all(Statement& stmt) {
  std::vector<core::StaffMember> members;
  for (;;) {
    auto more = stmt.step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return members;
    auto member = read_member(stmt);
    if (!member) return std::unexpected(member.error());
    members.push_back(std::move(*member));
  }
}

}  // namespace

core::Result<void> upsert_staff(Database& db, const core::StaffMember& member) {
  auto stmt = db.prepare(
      "INSERT INTO staff (id, display_name, pin_salt, pin_hash, pin_iterations, active) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, pin_salt = excluded.pin_salt, "
      "pin_hash = excluded.pin_hash, pin_iterations = excluded.pin_iterations, active = excluded.active",
      "save staff member");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, member.id).bind(2, member.display_name).bind(3, member.pin.salt).bind(4, member.pin.hash);
  stmt->bind(5, member.pin.iterations).bind(6, member.active ? 1 : 0);
  return stmt->run();
}

core::Result<void> delete_staff(Database& db, std::string_view id) {
  auto stmt = db.prepare("DELETE FROM staff WHERE id = ?1", "remove staff member");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, id);
  return stmt->run();
}

core::Result<std::optional<core::StaffMember>> find_staff(Database& db, std::string_view id) {
  auto stmt = db.prepare(std::string(select_columns) + "WHERE id = ?1", "read staff member");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, id);
  auto members = read_all(*stmt);
  if (!members) return std::unexpected(members.error());
  if (members->empty()) return std::nullopt;
  return std::move(members->front());
}

core::Result<std::vector<core::StaffMember>> list_staff(Database& db) {
  auto stmt = db.prepare(std::string(select_columns) + "ORDER BY id", "list staff");
  if (!stmt) return std::unexpected(stmt.error());
  return read_all(*stmt);
}

}  // namespace pickupbox::store
