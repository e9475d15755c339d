#pragma once
// The transactional outbox: messages written in the same transaction as the change they
// report, deleted only once the broker has acknowledged them.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

enum class OutboxKind { event, sms };
std::string_view to_text(OutboxKind kind);

struct OutboxRow {
  std::int64_t seq = 0;  // per-device sequence number
  std::string id;        // UUID, the back office's deduplication key
  OutboxKind kind = OutboxKind::event;
  std::string type;      // event type ("order.loaded") or "sms.request"
  std::string payload;   // JSON, see outbox_payload.hpp
  core::TimePoint created_at{};

  bool operator==(const OutboxRow&) const = default;
};

// The sequence number the next row gets (never reuses one, even after deletes).
core::Result<std::int64_t> next_outbox_seq(Database& db);
core::Result<void> insert_outbox_row(Database& db, const OutboxRow& row);
// Oldest first, only rows with seq > after_seq (the drain reads past what is in flight).
core::Result<std::vector<OutboxRow>> read_outbox(Database& db, std::int64_t limit, std::int64_t after_seq = 0);
core::Result<std::int64_t> count_outbox(Database& db);
// Returns how many rows were deleted; unknown seqs are ignored (acks may repeat).
core::Result<std::int64_t> delete_outbox_rows(Database& db, std::span<const std::int64_t> seqs);

}  // namespace pickupbox::store
