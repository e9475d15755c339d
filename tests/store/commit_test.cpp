#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/uuid.hpp"
#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

using CommitTest = StoreTest;
using nlohmann::json;

struct Counts {
  std::size_t orders, lockers_held, outbox, audit;
  bool operator==(const Counts&) const = default;
};

Counts counts(Store& store) {
  std::size_t held = 0;
  const auto lockers = store.lockers().value();  // a named copy: ranging over value() of a temporary dangles
  for (const auto& l : lockers) held += l.order_id ? 1 : 0;
  return Counts{store.orders(std::nullopt, 1000).value().size(), held,
                static_cast<std::size_t>(store.outbox_size().value()), store.audit_entries().value().size()};
}

core::Event loaded_event(const std::string& order_id) {
  return core::Event{"order.loaded", {{"order_id", order_id}, {"locker_id", "A01"}, {"size", "M"}}};
}

TEST_F(CommitTest, EventsGetIncreasingSeqsUuidsAndTheDocumentedPayload) {
  auto store = open_store();
  clock_.advance(core::Duration{1'234});
  auto first = store.commit(Change{.orders = {order("o1")},
                                   .events = {loaded_event("o1"), core::Event{"door.alarm", {{"locker_id", "A02"}}}}});
  ASSERT_TRUE(first) << first.error().message;
  clock_.advance(core::Duration{60'000});
  auto second = store.commit(Change{.events = {core::Event{"order.collected", {{"order_id", "o1"}}}}});
  ASSERT_TRUE(second) << second.error().message;

  ASSERT_EQ(first->outbox.size(), 2u);
  ASSERT_EQ(second->outbox.size(), 1u);
  EXPECT_EQ(first->outbox[0].seq, 1);
  EXPECT_EQ(first->outbox[1].seq, 2);
  EXPECT_EQ(second->outbox[0].seq, 3);
  EXPECT_EQ(first->at, clock_.now() - core::Duration{60'000});

  std::set<std::string> ids;
  for (const auto* receipt : {&*first, &*second}) {
    for (const auto& row : receipt->outbox) {
      EXPECT_TRUE(core::is_uuid(row.id)) << row.id;
      ids.insert(row.id);
      EXPECT_EQ(row.kind, OutboxKind::event);
      EXPECT_EQ(row.created_at, receipt->at);
    }
  }
  EXPECT_EQ(ids.size(), 3u);

  const auto payload = json::parse(first->outbox[0].payload);
  EXPECT_EQ(payload["schema"], 1);
  EXPECT_EQ(payload["id"], first->outbox[0].id);
  EXPECT_EQ(payload["seq"], 1);
  EXPECT_EQ(payload["at"], "2026-01-01T00:00:01.234Z");
  EXPECT_EQ(payload["type"], "order.loaded");
  EXPECT_EQ(payload["order_id"], "o1");
  EXPECT_EQ(payload["locker_id"], "A01");
  EXPECT_EQ(payload["size"], "M");
  EXPECT_EQ(payload.size(), 8u);
  EXPECT_EQ(first->outbox[0].type, "order.loaded");
  EXPECT_EQ(json::parse(second->outbox[0].payload)["at"], "2026-01-01T00:01:01.234Z");

  // What the receipt says is what is stored, in seq order.
  auto pending = store.outbox_pending(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_EQ((*pending)[0], first->outbox[0]);
  EXPECT_EQ((*pending)[1], first->outbox[1]);
  EXPECT_EQ((*pending)[2], second->outbox[0]);
}

TEST_F(CommitTest, SmsRequestsShareTheSequenceAndCarryTheirPayload) {
  auto store = open_store();
  const core::SmsRequest sms{"o1", "+4511223344", "en", "Your code is 123456"};
  auto receipt = store.commit(Change{.orders = {order("o1")}, .events = {loaded_event("o1")}, .sms = {sms}});
  ASSERT_TRUE(receipt) << receipt.error().message;
  ASSERT_EQ(receipt->outbox.size(), 2u);
  const auto& row = receipt->outbox[1];
  EXPECT_EQ(row.kind, OutboxKind::sms);
  EXPECT_EQ(row.seq, 2);
  const auto payload = json::parse(row.payload);
  EXPECT_EQ(payload["schema"], 1);
  EXPECT_EQ(payload["id"], row.id);
  EXPECT_EQ(payload["seq"], 2);
  EXPECT_EQ(payload["at"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(payload["order_id"], "o1");
  EXPECT_EQ(payload["to"], "+4511223344");
  EXPECT_EQ(payload["language"], "en");
  EXPECT_EQ(payload["text"], "Your code is 123456");
}

TEST_F(CommitTest, OrderInTwoLockersRollsEverythingBack) {
  auto store = open_store();
  core::Order o1 = order("o1");
  core::Locker a01 = locker("A01", 0, 1);
  load_into(o1, a01, 0x01);
  ASSERT_TRUE(store.commit(Change{.orders = {o1}, .lockers = {a01, locker("A02", 0, 2)}, .events = {loaded_event("o1")},
                                  .audit = {{"staff:desk1", "load", "A01", "o1", ""}}}));
  const auto before = counts(store);

  core::Locker a02 = locker("A02", 0, 2);
  a02.order_id = "o1";  // the same order again
  a02.occupancy = core::Occupancy::occupied;
  auto failed = store.commit(Change{.orders = {order("o2")}, .lockers = {a02}, .events = {loaded_event("o2")},
                                    .sms = {{"o2", "+4500000000", "da", "x"}},
                                    .audit = {{"staff:desk1", "load", "A02", "o2", ""}},
                                    .throttle = core::KioskThrottle{9, {}}});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, core::ErrorCode::storage);
  EXPECT_NE(failed.error().message.find("two lockers"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("nothing was written"), std::string::npos);

  EXPECT_EQ(counts(store), before);
  EXPECT_FALSE(store.order("o2").value());
  EXPECT_FALSE(store.locker("A02").value()->order_id);
  EXPECT_EQ(store.kiosk_throttle().value(), core::KioskThrottle{});
  EXPECT_TRUE(store.verify_audit_chain().value().ok());

  // The sequence did not advance for the rolled-back rows.
  auto next = store.commit(Change{.events = {loaded_event("o1")}});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->outbox[0].seq, 2);
}

TEST_F(CommitTest, LiveCodeCollisionRollsBackAndFinalOrdersFreeTheirCode) {
  auto store = open_store();
  core::Order o1 = order("o1");
  core::Locker a01 = locker("A01", 0, 1);
  load_into(o1, a01, 0x07);
  ASSERT_TRUE(store.commit(Change{.orders = {o1}, .lockers = {a01, locker("A02", 0, 2)}}));
  const auto before = counts(store);

  core::Order o2 = order("o2");
  core::Locker a02 = locker("A02", 0, 2);
  load_into(o2, a02, 0x07);
  auto failed = store.commit(Change{.orders = {o2}, .lockers = {a02}, .events = {loaded_event("o2")}});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("generate a new code"), std::string::npos) << failed.error().message;
  EXPECT_EQ(counts(store), before);

  // Once o1 is collected its code no longer counts; the same hash may be reused.
  o1.state = core::OrderState::collected;
  a01.order_id.reset();
  a01.occupancy = core::Occupancy::free;
  auto ok = store.commit(Change{.orders = {o1, o2}, .lockers = {a01, a02}});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(store.live_order_by_code_hash(digest(0x07)).value()->id, "o2");
}

TEST_F(CommitTest, ALockerMayNotPointAtAMissingOrder) {
  auto store = open_store();
  core::Locker ghost = locker("A01", 0, 1);
  ghost.order_id = "missing";
  auto failed = store.commit(Change{.lockers = {ghost}, .events = {loaded_event("missing")}});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("does not exist"), std::string::npos) << failed.error().message;
  EXPECT_TRUE(store.lockers().value().empty());
  EXPECT_EQ(store.outbox_size().value(), 0);
}

TEST_F(CommitTest, FinalOrdersLosePersonalDataEvenIfTheCallerForgot) {
  auto store = open_store();
  core::Order o = order("o1");
  o.identity_hash = digest(0x10);
  ASSERT_TRUE(store.commit(Change{.orders = {o}}));
  EXPECT_TRUE(store.order("o1").value()->phone);  // an open order keeps them

  o.state = core::OrderState::cancelled;
  o.code_hash = digest(0x20);
  ASSERT_TRUE(store.commit(Change{.orders = {o}}));
  const auto stored = store.order("o1").value().value();
  EXPECT_FALSE(stored.phone);
  EXPECT_FALSE(stored.identity_hash);
  EXPECT_FALSE(stored.code_hash);
  EXPECT_EQ(stored.state, core::OrderState::cancelled);
  EXPECT_EQ(store.check_invariants().value(), std::vector<std::string>{});
}

TEST_F(CommitTest, EventsAndAuditNeverCarryPersonalData) {
  auto store = open_store();
  const core::Order o = order("o1");  // phone +4512345678
  const core::Event leaky{"order.created",
                          {{"order_id", "o1"}, {"phone", "+4512345678"}, {"code", "123456"},
                           {"note", "call +4512345678"}, {"size", "M"}}};
  const core::AuditEntry audit{"staff:desk1", "create", "", "o1", "phoned +4512345678 today"};
  auto receipt = store.commit(Change{.orders = {o}, .events = {leaky}, .audit = {audit}});
  ASSERT_TRUE(receipt) << receipt.error().message;
  const auto& payload = receipt->outbox.at(0).payload;
  EXPECT_EQ(payload.find("4512345678"), std::string::npos) << payload;
  EXPECT_EQ(payload.find("123456"), std::string::npos) << payload;
  const auto parsed = json::parse(payload);
  EXPECT_EQ(parsed["order_id"], "o1");
  EXPECT_EQ(parsed["size"], "M");
  const auto records = store.audit_entries().value();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].entry.detail.find("4512345678"), std::string::npos) << records[0].entry.detail;
  EXPECT_TRUE(store.verify_audit_chain().value().ok());
}

TEST_F(CommitTest, AnEventFieldThatClashesWithTheHeaderFailsTheCommit) {
  auto store = open_store();
  auto failed = store.commit(Change{.orders = {order("o1")}, .events = {core::Event{"order.x", {{"seq", "5"}}}}});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, core::ErrorCode::invalid_argument);
  EXPECT_FALSE(store.order("o1").value());
  EXPECT_EQ(store.outbox_size().value(), 0);
}

TEST_F(CommitTest, AnEmptyChangeCommitsNothing) {
  auto store = open_store();
  auto receipt = store.commit(Change{});
  ASSERT_TRUE(receipt);
  EXPECT_TRUE(receipt->outbox.empty());
  EXPECT_EQ(receipt->at, clock_.now());
}

}  // namespace
}  // namespace pickupbox::store::testing
