#include "store/kv_table.hpp"

#include <nlohmann/json.hpp>

namespace pickupbox::store {
namespace {

constexpr std::string_view throttle_key = "kiosk.throttle";

}  // namespace

core::Result<std::optional<std::string>> kv_read(Database& db, std::string_view key) {
  auto stmt = db.prepare("SELECT value FROM kv WHERE key = ?1", "read setting");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, key);
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::nullopt;
  return stmt->text(0);
}

core::Result<void> kv_write(Database& db, std::string_view key, std::string_view value) {
  auto stmt = db.prepare("INSERT INTO kv (key, value) VALUES (?1, ?2) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         "save setting");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->bind(1, key).bind(2, value);
  return stmt->run();
}

core::Result<core::KioskThrottle> read_throttle(Database& db) {
  auto text = kv_read(db, throttle_key);
  if (!text) return std::unexpected(text.error());
  if (!*text) return core::KioskThrottle{};
  const auto json = nlohmann::json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("consecutive_failures") || !json.contains("blocked_until_ms") ||
      !json["consecutive_failures"].is_number_integer() || !json["blocked_until_ms"].is_number_integer()) {
    return core::fail(core::ErrorCode::storage,
                      "read kiosk throttle: the stored value is damaged: restore a backup or reset "
                      "the key 'kiosk.throttle' with boxctl");
  }
  return core::KioskThrottle{json["consecutive_failures"].get<int>(),
                             core::from_unix_ms(json["blocked_until_ms"].get<std::int64_t>())};
}

core::Result<void> write_throttle(Database& db, const core::KioskThrottle& throttle) {
  const nlohmann::json json{{"consecutive_failures", throttle.consecutive_failures},
                            {"blocked_until_ms", core::to_unix_ms(throttle.blocked_until)}};
  return kv_write(db, throttle_key, json.dump());
}

}  // namespace pickupbox::store
