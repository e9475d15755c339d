#include "store/store.hpp"

#include <algorithm>
#include <numeric>

#include "core/uuid.hpp"
#include "log/log.hpp"
#include "store/audit_table.hpp"
#include "store/invariants.hpp"
#include "store/kv_table.hpp"
#include "store/locker_layout.hpp"
#include "store/locker_table.hpp"
#include "store/order_table.hpp"
#include "store/outbox_payload.hpp"
#include "store/privacy.hpp"
#include "store/request_table.hpp"
#include "store/schema.hpp"
#include "store/staff_table.hpp"

namespace pickupbox::store {
namespace {

std::string joined(const std::vector<std::string>& ids) {
  return std::accumulate(ids.begin(), ids.end(), std::string(),
                         [](std::string out, const std::string& id) { return out.empty() ? id : out + ", " + id; });
}

core::Result<void> upsert_lockers(Database& db, const std::vector<core::Locker>& lockers) {
  for (const auto& locker : lockers) {
    if (auto done = upsert_locker(db, locker); !done) return done;
  }
  return {};
}

core::Result<void> apply_plan(Database& db, const LayoutPlan& plan) {
  for (const auto& id : plan.removed) {
    if (auto done = delete_locker(db, id); !done) return done;
  }
  // Park moved lockers on unused channels first, so that two doors may swap channels.
  auto parked = plan.updated;
  for (std::size_t i = 0; i < parked.size(); ++i) parked[i].channel = -1 - static_cast<int>(i);
  auto written = upsert_lockers(db, parked);
  if (written) written = upsert_lockers(db, plan.updated);
  if (written) written = upsert_lockers(db, plan.added);
  return written;
}

core::Result<void> check_plan(const LayoutPlan& plan) {
  if (!plan.duplicates.empty()) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "seed lockers: the layout lists " + joined(plan.duplicates) + " twice: fix the layout");
  }
  if (!plan.still_in_use.empty()) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "seed lockers: the layout drops " + joined(plan.still_in_use) +
                          ", which still hold an order: empty them first or keep them in the layout");
  }
  return {};
}

}  // namespace

Store::Store(Database db, core::Clock& clock, core::Random& random)
    : db_(std::move(db)), clock_(&clock), random_(&random) {}

core::Result<Store> Store::open(const std::filesystem::path& file, core::Clock& clock, core::Random& random) {
  auto db = Database::open(file);
  if (!db) return std::unexpected(db.error());
  if (auto migrated = migrate(*db); !migrated) return std::unexpected(migrated.error());
  return Store(std::move(*db), clock, random);
}

core::Result<std::vector<core::Locker>> Store::lockers() { return list_lockers(db_); }
core::Result<std::optional<core::Locker>> Store::locker(std::string_view id) { return find_locker(db_, id); }
core::Result<std::optional<core::Order>> Store::order(std::string_view id) { return find_order(db_, id); }

core::Result<std::optional<core::Order>> Store::order_by_reference(std::string_view reference) {
  return find_order_by_reference(db_, reference);
}

core::Result<std::optional<core::Order>> Store::live_order_by_code_hash(const core::Digest& code_hash) {
  return find_live_order_by_code_hash(db_, code_hash);
}

core::Result<std::vector<core::Order>> Store::orders(std::optional<core::OrderState> state, std::int64_t limit) {
  return list_orders(db_, state, limit);
}

core::Result<std::optional<core::StaffMember>> Store::staff_member(std::string_view id) { return find_staff(db_, id); }
core::Result<std::vector<core::StaffMember>> Store::staff() { return list_staff(db_); }
core::Result<core::KioskThrottle> Store::kiosk_throttle() { return read_throttle(db_); }
core::Result<std::vector<OutboxRow>> Store::outbox_pending(std::int64_t limit, std::int64_t after_seq) {
  return read_outbox(db_, limit, after_seq);
}
core::Result<std::int64_t> Store::outbox_size() { return count_outbox(db_); }
core::Result<std::vector<AuditRecord>> Store::audit_entries() { return read_audit(db_); }
core::Result<std::optional<std::string>> Store::kv_get(std::string_view key) { return kv_read(db_, key); }
core::Result<std::optional<std::string>> Store::processed_request(std::string_view request_id) {
  return find_processed_request(db_, request_id);
}
core::Result<void> Store::record_processed_request(std::string_view request_id, std::string_view result) {
  return insert_processed_request(db_, request_id, result, clock_->now());
}
core::Result<void> Store::compact() {
  return db_.exec("PRAGMA wal_checkpoint(TRUNCATE)", "compact the state file");
}
core::Result<void> Store::kv_set(std::string_view key, std::string_view value) { return kv_write(db_, key, value); }

core::Result<void> Store::write_rows(const Change& change) {
  for (const auto& id : change.staff_removed) {
    if (auto done = delete_staff(db_, id); !done) return done;
  }
  for (const auto& member : change.staff) {
    if (auto done = upsert_staff(db_, member); !done) return done;
  }
  for (const auto& order : change.orders) {
    if (auto done = upsert_order(db_, order); !done) return done;
  }
  if (auto done = upsert_lockers(db_, change.lockers); !done) return done;
  if (change.throttle) return write_throttle(db_, *change.throttle);
  return {};
}

core::Result<std::vector<OutboxRow>> Store::append_outbox(const Change& change, core::TimePoint at) {
  auto next = next_outbox_seq(db_);
  if (!next) return std::unexpected(next.error());
  std::vector<OutboxRow> rows;
  auto append = [&](OutboxKind kind, std::string type, const auto& make_payload) -> core::Result<void> {
    const OutboxStamp stamp{(*next)++, core::new_uuid(*random_), at};
    core::Result<std::string> payload = make_payload(stamp);
    if (!payload) return std::unexpected(payload.error());
    OutboxRow row{stamp.seq, stamp.id, kind, std::move(type), std::move(*payload), at};
    if (auto inserted = insert_outbox_row(db_, row); !inserted) return inserted;
    rows.push_back(std::move(row));
    return {};
  };
  for (const auto& event : change.events) {
    const auto clean = scrub(event, change.orders);
    auto done = append(OutboxKind::event, clean.type, [&](const OutboxStamp& s) { return event_payload(clean, s); });
    if (!done) return std::unexpected(done.error());
  }
  for (const auto& sms : change.sms) {
    auto done = append(OutboxKind::sms, std::string(sms_message_type),
                       [&](const OutboxStamp& s) -> core::Result<std::string> { return sms_payload(sms, s); });
    if (!done) return std::unexpected(done.error());
  }
  return rows;
}

core::Result<void> Store::append_audit_entries(const Change& change, core::TimePoint at) {
  for (const auto& entry : change.audit) {
    if (auto appended = append_audit(db_, scrub(entry, change.orders), at); !appended) {
      return std::unexpected(appended.error());
    }
  }
  return {};
}

namespace {

// An order awaiting its load is new work: a back-office order just created, or one whose
// door staff is about to open for a document. Everything else records what already happened.
bool is_new_work(const Change& change) {
  return std::ranges::any_of(change.orders,
                             [](const core::Order& order) { return order.state == core::OrderState::awaiting_load; });
}

}  // namespace

void Store::keep_space_reserve(std::filesystem::path file, std::uint64_t bytes) {
  reserve_.emplace(std::move(file), bytes);
  if (auto kept = reserve_->ensure(); !kept) log::warn("store.space_reserve_missing", {{"error", kept.error().message}});
}

core::Result<CommitReceipt> Store::commit(const Change& change) {
  const bool new_work = is_new_work(change);
  if (reserve_ && new_work) {
    if (auto kept = reserve_->ensure(); !kept) {
      log::warn("store.new_work_refused", {{"error", kept.error().message}});
      return std::unexpected(kept.error());
    }
  }
  auto result = write_change(change);
  if (!result && reserve_ && !new_work && reserve_->release()) {
    log::warn("store.space_reserve_used", {{"file", reserve_->file().string()}, {"error", result.error().message}});
    result = write_change(change);
  }
  if (!result) log::warn("store.commit_failed", {{"error", result.error().message}});
  return result;
}

core::Result<CommitReceipt> Store::write_change(const Change& change) {
  auto tx = Transaction::begin(db_, "commit change");
  if (!tx) return std::unexpected(tx.error());
  CommitReceipt receipt{clock_->now(), {}};
  if (auto written = write_rows(change); !written) return std::unexpected(written.error());
  auto outbox = append_outbox(change, receipt.at);
  if (!outbox) return std::unexpected(outbox.error());
  receipt.outbox = std::move(*outbox);
  if (auto audited = append_audit_entries(change, receipt.at); !audited) return std::unexpected(audited.error());
  if (auto committed = tx->commit(); !committed) return std::unexpected(committed.error());
  return receipt;
}

core::Result<std::int64_t> Store::outbox_ack(const std::vector<std::int64_t>& seqs) {
  auto tx = Transaction::begin(db_, "acknowledge outbox rows");
  if (!tx) return std::unexpected(tx.error());
  auto deleted = delete_outbox_rows(db_, seqs);
  if (!deleted) return deleted;
  if (auto committed = tx->commit(); !committed) return std::unexpected(committed.error());
  return deleted;
}

core::Result<SeedReport> Store::seed_lockers(const std::vector<core::Locker>& layout) {
  auto tx = Transaction::begin(db_, "seed lockers");
  if (!tx) return std::unexpected(tx.error());
  auto existing = list_lockers(db_);
  if (!existing) return std::unexpected(existing.error());
  const auto plan = plan_layout(*existing, layout);
  if (auto valid = check_plan(plan); !valid) return std::unexpected(valid.error());
  if (auto applied = apply_plan(db_, plan); !applied) return std::unexpected(applied.error());
  const SeedReport report{static_cast<int>(plan.added.size()), static_cast<int>(plan.updated.size()),
                          static_cast<int>(plan.removed.size())};
  if (!plan.empty()) {
    const core::AuditEntry entry{"system", "layout", "", "",
                                 "added=" + std::to_string(report.added) + " updated=" +
                                     std::to_string(report.updated) + " removed=" + std::to_string(report.removed)};
    if (auto appended = append_audit(db_, entry, clock_->now()); !appended) return std::unexpected(appended.error());
  }
  if (auto committed = tx->commit(); !committed) return std::unexpected(committed.error());
  return report;
}

core::Result<AuditVerification> Store::verify_audit_chain() { return verify_audit(db_); }

core::Result<std::vector<std::string>> Store::check_invariants() { return store::check_invariants(db_); }

}  // namespace pickupbox::store
