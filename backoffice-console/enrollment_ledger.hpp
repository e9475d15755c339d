#pragma once
// The signer's memory of what it has enrolled, so that a restart does not forget it: one JSON
// object per line, appended (and fsynced) before the certificate is published.
//   {"device_id":"box-1","key_sha256":"<hex of SHA-256 over the DER public key>","nonce":"…",
//    "serial":"<hex>","not_after":"2027-12-01T10:00:00Z","enrolled_at":"2026-12-01T10:00:00Z"}
// To let a box enrol again (say its answer was lost), remove its line while no signer runs.
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "core/error.hpp"

namespace pickupbox::console {

struct LedgerEntry {
  std::string device_id;
  std::string key_sha256;
  std::string nonce;
  std::string serial;
  std::string not_after;
  std::string enrolled_at;
};

class EnrollmentLedger {
 public:
  // No path: in memory only. A missing file is an empty ledger (made on the first append);
  // an unreadable file or a bad line is an error naming the file and the line.
  static core::Result<EnrollmentLedger> open(std::optional<std::filesystem::path> path);

  bool has_device(const std::string& device_id) const { return devices_.contains(device_id); }
  bool has_key(const std::string& key_sha256) const { return keys_.contains(key_sha256); }
  bool has_nonce(const std::string& nonce) const { return nonces_.contains(nonce); }
  std::size_t size() const { return devices_.size(); }

  // Appends and fsyncs (with a path), then remembers. On failure nothing is remembered.
  core::Result<void> append(const LedgerEntry& entry);

 private:
  void remember(const LedgerEntry& entry);

  std::optional<std::filesystem::path> path_;
  std::set<std::string> devices_;
  std::set<std::string> keys_;
  std::set<std::string> nonces_;
};

}  // namespace pickupbox::console
