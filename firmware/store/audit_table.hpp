#pragma once
// Storage of the hash-chained audit log (see audit_chain.hpp for the chain itself).
#include <cstdint>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/event.hpp"
#include "store/audit_chain.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

// Appends one entry at `at`, chained to the current last record. Call inside a transaction.
core::Result<AuditRecord> append_audit(Database& db, const core::AuditEntry& entry, core::TimePoint at);
core::Result<std::vector<AuditRecord>> read_audit(Database& db);
// The highest seq ever written (AUTOINCREMENT high-water mark), 0 for an empty log.
core::Result<std::int64_t> audit_head_seq(Database& db);
// Reads the whole log and verifies its chain against the recorded head.
core::Result<AuditVerification> verify_audit(Database& db);

}  // namespace pickupbox::store
