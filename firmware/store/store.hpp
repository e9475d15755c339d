#pragma once
// The persistence layer of boxd: one SQLite file holding lockers, orders, staff, the event
// outbox, the audit log and small settings. Every state change is one transaction
// (commit); reads see committed state only. Not thread-safe: boxd's event loop owns it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/locker.hpp"
#include "core/order.hpp"
#include "core/policies.hpp"
#include "core/random.hpp"
#include "core/staff.hpp"
#include "store/audit_chain.hpp"
#include "store/change.hpp"
#include "store/database.hpp"
#include "store/outbox_table.hpp"
#include "store/space_reserve.hpp"

namespace pickupbox::store {

struct SeedReport {
  int added = 0;
  int updated = 0;  // board, channel or size changed
  int removed = 0;

  bool operator==(const SeedReport&) const = default;
};

class Store {
 public:
  // Opens (creating with mode 0600 in an existing directory) and migrates the state file.
  // `clock` stamps commits, `random` makes outbox ids; both must outlive the Store.
  static core::Result<Store> open(const std::filesystem::path& file, core::Clock& clock, core::Random& random);

  // --- reads (absent rows are nullopt, not errors) ---
  core::Result<std::vector<core::Locker>> lockers();
  core::Result<std::optional<core::Locker>> locker(std::string_view id);
  core::Result<std::optional<core::Order>> order(std::string_view id);
  core::Result<std::optional<core::Order>> order_by_reference(std::string_view reference);
  core::Result<std::optional<core::Order>> live_order_by_code_hash(const core::Digest& code_hash);
  core::Result<std::vector<core::Order>> orders(std::optional<core::OrderState> state, std::int64_t limit);
  core::Result<std::optional<core::StaffMember>> staff_member(std::string_view id);
  core::Result<std::vector<core::StaffMember>> staff();
  core::Result<core::KioskThrottle> kiosk_throttle();
  // Oldest first; after_seq skips the rows the back-office drain already has in flight.
  core::Result<std::vector<OutboxRow>> outbox_pending(std::int64_t limit, std::int64_t after_seq = 0);
  core::Result<std::int64_t> outbox_size();
  core::Result<std::vector<AuditRecord>> audit_entries();
  core::Result<std::optional<std::string>> kv_get(std::string_view key);
  // The answer given to a back-office command, by its request id (idempotency).
  core::Result<std::optional<std::string>> processed_request(std::string_view request_id);
  core::Result<void> kv_set(std::string_view key, std::string_view value);

  // --- writes ---
  // boxd's rule for a full disk (see SpaceReserve): hold `bytes` at `file` now if there is
  // room; from then on a commit of new work (an order awaiting its load) needs the reserve
  // held, and any other commit that fails gets the reserve freed and one retry. Without
  // this call commits simply use whatever space there is (boxctl, tools, tests).
  void keep_space_reserve(std::filesystem::path file, std::uint64_t bytes);
  // The reserve of keep_space_reserve, for status; nullptr without one.
  const SpaceReserve* space_reserve() const { return reserve_ ? &*reserve_ : nullptr; }
  // Exactly one transaction. Constraint violations (an order in two lockers, a pickup code
  // shared by two live orders, two lockers on one channel) fail it and nothing is written.
  core::Result<CommitReceipt> commit(const Change& change);
  // Deletes acknowledged outbox rows; returns how many existed.
  core::Result<std::int64_t> outbox_ack(const std::vector<std::int64_t>& seqs);
  // Gives the space of deleted outbox rows back: checkpoints the WAL and truncates it, so a
  // drained backlog does not leave a large WAL file behind.
  core::Result<void> compact();
  // Remembers the answer to a back-office command (one transaction).
  core::Result<void> record_processed_request(std::string_view request_id, std::string_view result);
  // Applies the configured door layout: adds new lockers, updates board/channel/size of
  // known ones (keeping what they hold), removes the rest — unless one still holds an
  // order, in which case nothing changes (ErrorCode::invalid_argument).
  core::Result<SeedReport> seed_lockers(const std::vector<core::Locker>& layout);

  // --- checks ---
  core::Result<AuditVerification> verify_audit_chain();
  core::Result<std::vector<std::string>> check_invariants();

  // The connection, for diagnostics (boxctl) and tests; the app writes only via commit.
  Database& database() { return db_; }

 private:
  Store(Database db, core::Clock& clock, core::Random& random);

  core::Result<CommitReceipt> write_change(const Change& change);
  core::Result<void> write_rows(const Change& change);
  core::Result<std::vector<OutboxRow>> append_outbox(const Change& change, core::TimePoint at);
  core::Result<void> append_audit_entries(const Change& change, core::TimePoint at);

  Database db_;
  core::Clock* clock_;
  core::Random* random_;
  std::optional<SpaceReserve> reserve_;
};

}  // namespace pickupbox::store
