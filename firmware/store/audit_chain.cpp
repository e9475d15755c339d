#include "store/audit_chain.hpp"

#include <openssl/sha.h>

#include <array>
#include <nlohmann/json.hpp>

#include "core/digest_hex.hpp"

namespace pickupbox::store {
namespace {

AuditVerification broken(std::int64_t checked, std::int64_t seq, std::string reason) {
  return AuditVerification{checked, seq, std::move(reason)};
}

}  // namespace

std::string genesis_hash() { return std::string(64, '0'); }

std::string canonical(const AuditRecord& record) {
  nlohmann::json json;  // std::map-backed: keys come out sorted
  json["seq"] = record.seq;
  json["at"] = core::to_unix_ms(record.at);
  json["actor"] = record.entry.actor;
  json["action"] = record.entry.action;
  json["locker_id"] = record.entry.locker_id;
  json["order_id"] = record.entry.order_id;
  json["detail"] = record.entry.detail;
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string chain_hash(const std::string& prev_hash, const AuditRecord& record) {
  const std::string input = prev_hash + canonical(record);
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
  return core::to_hex(digest);
}

AuditVerification verify_chain(std::span<const AuditRecord> records, std::int64_t head_seq) {
  std::string expected_prev = genesis_hash();
  std::int64_t checked = 0;
  for (const auto& record : records) {
    if (record.prev_hash != expected_prev) {
      return broken(checked, record.seq, "prev_hash does not match the record before it (removed or reordered)");
    }
    if (chain_hash(record.prev_hash, record) != record.hash) {
      return broken(checked, record.seq, "hash does not match the record's content (modified)");
    }
    expected_prev = record.hash;
    ++checked;
  }
  const std::int64_t last = records.empty() ? 0 : records.back().seq;
  if (last < head_seq) {
    return broken(checked, last + 1, "the log ends at seq " + std::to_string(last) + " but seq " +
                                         std::to_string(head_seq) + " was written (records removed)");
  }
  if (last > head_seq) {
    return broken(checked, last, "seq " + std::to_string(last) + " lies beyond the recorded head " +
                                     std::to_string(head_seq) + " (records added outside the store)");
  }
  return AuditVerification{checked, std::nullopt, {}};
}

}  // namespace pickupbox::store
