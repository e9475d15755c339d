#include "store/invariants.hpp"

#include <limits>
#include <map>

#include "store/audit_table.hpp"
#include "store/locker_table.hpp"
#include "store/order_table.hpp"
#include "store/outbox_table.hpp"

namespace pickupbox::store {
namespace {

using Violations = std::vector<std::string>;
constexpr auto everything = std::numeric_limits<std::int64_t>::max();

core::Result<void> check_orders_in_two_lockers(Database& db, Violations& out) {
  auto stmt = db.prepare(
      "SELECT order_id, count(*) FROM lockers WHERE order_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1",
      "check lockers");
  if (!stmt) return std::unexpected(stmt.error());
  for (;;) {
    auto more = stmt->step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return {};
    out.push_back("order " + stmt->text(0) + " is in " + std::to_string(stmt->int64(1)) + " lockers");
  }
}

void check_locker_refers_back(const core::Locker& locker, const std::map<std::string, core::Order>& orders,
                              Violations& out) {
  const auto& order_id = *locker.order_id;
  const auto it = orders.find(order_id);
  if (it == orders.end()) {
    out.push_back("locker " + locker.id + " holds order " + order_id + ", which does not exist");
    return;
  }
  const auto& order = it->second;
  if (order.locker_id != locker.id) {
    out.push_back("locker " + locker.id + " holds order " + order_id + ", but the order names locker " +
                  order.locker_id.value_or("<none>"));
  }
  if (core::is_final(order.state) && order.state != core::OrderState::cancelled) {
    out.push_back("locker " + locker.id + " still holds order " + order_id + ", which is " +
                  std::string(core::to_string(order.state)));
  }
}

void check_order_has_locker(const core::Order& order, const std::map<std::string, core::Locker>& lockers,
                            Violations& out) {
  if (core::is_final(order.state)) return;
  const bool must_have = order.state == core::OrderState::loaded || order.state == core::OrderState::expired;
  if (!order.locker_id) {
    if (must_have) out.push_back("order " + order.id + " is " + std::string(core::to_string(order.state)) + " but has no locker");
    return;
  }
  const auto it = lockers.find(*order.locker_id);
  if (it == lockers.end() || it->second.order_id != order.id) {
    out.push_back("order " + order.id + " names locker " + *order.locker_id + ", which does not hold it");
  }
}

void check_personal_data(const core::Order& order, Violations& out) {
  if (!core::is_final(order.state)) return;
  if (order.phone || order.identity_hash || order.code_hash) {
    out.push_back("order " + order.id + " is " + std::string(core::to_string(order.state)) + " but keeps personal data");
  }
}

core::Result<void> check_orders_and_lockers(Database& db, Violations& out) {
  auto order_list = list_orders(db, std::nullopt, everything);
  if (!order_list) return std::unexpected(order_list.error());
  auto locker_list = list_lockers(db);
  if (!locker_list) return std::unexpected(locker_list.error());
  std::map<std::string, core::Order> orders;
  for (auto& order : *order_list) orders.emplace(order.id, std::move(order));
  std::map<std::string, core::Locker> lockers;
  for (auto& locker : *locker_list) lockers.emplace(locker.id, std::move(locker));

  for (const auto& [id, locker] : lockers) {
    if (locker.order_id) check_locker_refers_back(locker, orders, out);
  }
  for (const auto& [id, order] : orders) {
    check_order_has_locker(order, lockers, out);
    check_personal_data(order, out);
  }
  return {};
}

core::Result<void> check_outbox(Database& db, Violations& out) {
  // SQLite's own JSON functions: the soak checker runs this over large outboxes.
  auto stmt = db.prepare(
      "SELECT seq, id, CASE WHEN json_valid(payload) THEN json_extract(payload, '$.seq') IS seq "
      "AND json_extract(payload, '$.id') IS id ELSE 0 END FROM outbox ORDER BY seq",
      "check outbox");
  if (!stmt) return std::unexpected(stmt.error());
  auto next = next_outbox_seq(db);
  if (!next) return std::unexpected(next.error());
  std::int64_t previous = 0;
  for (;;) {
    auto more = stmt->step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return {};
    const auto seq = stmt->int64(0);
    const auto text = std::to_string(seq);
    if (seq <= previous) out.push_back("outbox seq " + text + " does not follow " + std::to_string(previous));
    if (seq >= *next) out.push_back("outbox seq " + text + " lies beyond the sequence high-water mark");
    if (stmt->int64(2) != 1) out.push_back("outbox seq " + text + ": payload does not carry its own seq and id");
    previous = seq;
  }
}

core::Result<void> check_audit(Database& db, Violations& out) {
  auto verification = verify_audit(db);
  if (!verification) return std::unexpected(verification.error());
  if (!verification->ok()) {
    out.push_back("audit chain broken at seq " + std::to_string(*verification->first_broken_seq) + ": " +
                  verification->reason);
  }
  return {};
}

}  // namespace

core::Result<std::vector<std::string>> check_invariants(Database& db) {
  // One read transaction: the checks must see a single consistent snapshot.
  if (auto begun = db.exec("BEGIN", "check invariants"); !begun) return std::unexpected(begun.error());
  Violations out;
  core::Result<void> ok = check_orders_in_two_lockers(db, out);
  if (ok) ok = check_orders_and_lockers(db, out);
  if (ok) ok = check_outbox(db, out);
  if (ok) ok = check_audit(db, out);
  (void)db.exec("ROLLBACK", "check invariants");  // read-only: nothing to keep
  if (!ok) return std::unexpected(ok.error());
  return out;
}

}  // namespace pickupbox::store
