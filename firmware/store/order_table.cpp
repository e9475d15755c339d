#include "store/order_table.hpp"

#include <algorithm>
#include <string>

#include "store/enum_text.hpp"
#include "store/privacy.hpp"

namespace pickupbox::store {
namespace {

constexpr std::string_view columns =
    "id, reference, document_kind, size, language, state, phone, identity_hash, code_hash, locker_id, "
    "failed_attempts, blocked, created_at, loaded_at, code_expires_at, expires_at, pickup_opened_at, "
    "closed_at, reminded_at";

std::optional<std::int64_t> ms(const std::optional<core::TimePoint>& t) {
  if (!t) return std::nullopt;
  return core::to_unix_ms(*t);
}

std::optional<core::TimePoint> time_at(const Statement& stmt, int column) {
  auto value = stmt.optional_int64(column);
  if (!value) return std::nullopt;
  return core::from_unix_ms(*value);
}

core::Result<std::optional<core::Digest>> digest_at(const Statement& stmt, int column) {
  if (stmt.is_null(column)) return std::nullopt;
  const auto bytes = stmt.blob(column);
  core::Digest digest{};
  if (bytes.size() != digest.size()) {
    return core::fail(core::ErrorCode::storage, "read order " + stmt.text(0) + ": a hash has " +
                                                    std::to_string(bytes.size()) +
                                                    " bytes instead of 32: the state file is damaged");
  }
  std::copy(bytes.begin(), bytes.end(), digest.begin());
  return digest;
}

void bind_order(Statement& stmt, const core::Order& order) {
  stmt.bind(1, order.id).bind(2, order.reference).bind(3, order.document_kind).bind(4, core::to_string(order.size));
  stmt.bind(5, order.language).bind(6, core::to_string(order.state)).bind(7, order.phone);
  stmt.bind(8, order.identity_hash).bind(9, order.code_hash).bind(10, order.locker_id);
  stmt.bind(11, order.failed_attempts).bind(12, order.blocked ? 1 : 0);
  stmt.bind(13, core::to_unix_ms(order.created_at)).bind(14, ms(order.loaded_at));
  stmt.bind(15, ms(order.code_expires_at)).bind(16, ms(order.expires_at)).bind(17, ms(order.pickup_opened_at));
  stmt.bind(18, ms(order.closed_at)).bind(19, ms(order.reminded_at));
}

core::Result<core::Order> read_order(const Statement& stmt) {
  core::Order order;
  auto size = parse_text<core::SizeClass>(stmt.text(3));
  auto state = parse_text<core::OrderState>(stmt.text(5));
  auto identity = digest_at(stmt, 7);
  auto code = digest_at(stmt, 8);
  auto attempts = stmt.int32(10);
  if (!size) return std::unexpected(size.error());
  if (!state) return std::unexpected(state.error());
  if (!identity) return std::unexpected(identity.error());
  if (!code) return std::unexpected(code.error());
  if (!attempts) return std::unexpected(attempts.error());
  order.id = stmt.text(0);
  order.reference = stmt.text(1);
  order.document_kind = stmt.text(2);
  order.size = *size;
  order.language = stmt.text(4);
  order.state = *state;
  order.phone = stmt.optional_text(6);
  order.identity_hash = *identity;
  order.code_hash = *code;
  order.locker_id = stmt.optional_text(9);
  order.failed_attempts = *attempts;
  order.blocked = stmt.int64(11) != 0;
  order.created_at = core::from_unix_ms(stmt.int64(12));
  order.loaded_at = time_at(stmt, 13);
  order.code_expires_at = time_at(stmt, 14);
  order.expires_at = time_at(stmt, 15);
  order.pickup_opened_at = time_at(stmt, 16);
  order.closed_at = time_at(stmt, 17);
  order.reminded_at = time_at(stmt, 18);
  return order;
}

core::Result<std::vector<core::Order>> read_all(Statement& stmt) {
  std::vector<core::Order> orders;
  for (;;) {
    auto more = stmt.step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return orders;
    auto order = read_order(stmt);
    if (!order) return std::unexpected(order.error());
    orders.push_back(std::move(*order));
  }
}

core::Result<std::optional<core::Order>> read_first(Statement& stmt) {
  auto more = stmt.step();
  if (!more) return std::unexpected(more.error());
  if (!*more) return std::nullopt;
  auto order = read_order(stmt);
  if (!order) return std::unexpected(order.error());
  return std::move(*order);
}

std::string select_where(std::string_view condition) {
  return "SELECT " + std::string(columns) + " FROM orders WHERE " + std::string(condition);
}

}  // namespace

core::Result<void> upsert_order(Database& db, const core::Order& order) {
  static const std::string sql =
      "INSERT INTO orders (" + std::string(columns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
      "ON CONFLICT (id) DO UPDATE SET reference = excluded.reference, "
      "document_kind = excluded.document_kind, size = excluded.size, language = excluded.language, "
      "state = excluded.state, phone = excluded.phone, identity_hash = excluded.identity_hash, "
      "code_hash = excluded.code_hash, locker_id = excluded.locker_id, "
      "failed_attempts = excluded.failed_attempts, blocked = excluded.blocked, "
      "created_at = excluded.created_at, loaded_at = excluded.loaded_at, "
      "code_expires_at = excluded.code_expires_at, expires_at = excluded.expires_at, "
      "pickup_opened_at = excluded.pickup_opened_at, closed_at = excluded.closed_at, "
      "reminded_at = excluded.reminded_at";
  auto stmt = db.prepare(sql, "save order");
  if (!stmt) return std::unexpected(stmt.error());
  bind_order(*stmt, erase_personal_data_if_final(order));
  return stmt->run();
}

core::Result<std::optional<core::Order>> find_order(Database& db, std::string_view id) {
  auto stmt = db.prepare(select_where("id = ?1"), "read order");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, id);
  return read_first(*stmt);
}

core::Result<std::optional<core::Order>> find_order_by_reference(Database& db, std::string_view reference) {
  // A reference may be reused after an order is over; the newest order is the one meant.
  auto stmt = db.prepare(select_where("reference = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1"),
                         "read order by reference");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, reference);
  return read_first(*stmt);
}

core::Result<std::optional<core::Order>> find_live_order_by_code_hash(Database& db, const core::Digest& code_hash) {
  auto stmt = db.prepare(select_where("code_hash = ?1 AND state IN ('awaiting_load', 'loaded')"),
                         "look up pickup code");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, code_hash);
  return read_first(*stmt);
}

core::Result<std::vector<core::Order>> list_orders(Database& db, std::optional<core::OrderState> state,
                                                   std::int64_t limit) {
  // Two statements rather than "?1 IS NULL OR state = ?1", so that a filtered list uses the
  // state index instead of scanning the ever-growing history of closed orders. The limit
  // keeps the newest orders (the oldest would hide today's once the history is long), and
  // the list is then given oldest first.
  const auto newest = [](std::string_view where) {
    return "SELECT * FROM (" + select_where(std::string(where) + " ORDER BY created_at DESC, id DESC LIMIT ?2") +
           ") ORDER BY created_at, id";
  };
  auto stmt = state ? db.prepare(newest("state = ?1"), "list orders") : db.prepare(newest("1"), "list orders");
  if (!stmt) return std::unexpected(stmt.error());
  if (state) stmt->bind(1, core::to_string(*state));
  stmt->bind(2, limit);
  return read_all(*stmt);
}

}  // namespace pickupbox::store
