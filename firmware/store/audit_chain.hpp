#pragma once
// The audit log's hash chain. Each record's hash is
//   hash = lowercase hex of SHA-256( prev_hash || canonical(record) )
// where prev_hash is the previous record's hash as 64 lowercase hex characters (64 '0's
// for the first record) and canonical(record) is the compact JSON object with sorted keys
//   {"action":..,"actor":..,"at":<unix ms>,"detail":..,"locker_id":..,"order_id":..,"seq":<int>}
// Changing, removing or reordering any record breaks the chain from that record on.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/event.hpp"

namespace pickupbox::store {

struct AuditRecord {
  std::int64_t seq = 0;
  core::TimePoint at{};
  core::AuditEntry entry;
  std::string prev_hash;
  std::string hash;

  bool operator==(const AuditRecord&) const = default;
};

struct AuditVerification {
  std::int64_t checked = 0;                     // records examined
  std::optional<std::int64_t> first_broken_seq;  // nullopt: the chain is intact
  std::string reason;                           // why it broke, for people

  bool ok() const { return !first_broken_seq; }
};

std::string genesis_hash();
std::string canonical(const AuditRecord& record);
std::string chain_hash(const std::string& prev_hash, const AuditRecord& record);

// `records` in seq order. `head_seq` is the last seq the store recorded as written: a
// chain that ends earlier has lost records at its end.
AuditVerification verify_chain(std::span<const AuditRecord> records, std::int64_t head_seq);

}  // namespace pickupbox::store
