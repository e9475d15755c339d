#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

using InvariantsTest = StoreTest;

bool mentions(const std::vector<std::string>& violations, const std::string& text) {
  for (const auto& v : violations) {
    if (v.find(text) != std::string::npos) return true;
  }
  return false;
}

// A01 holds loaded o1, A02 holds cancelled o2 (document still inside), A03 free.
void healthy_box(Store& store) {
  core::Order o1 = order("o1");
  core::Locker a01 = locker("A01", 0, 1);
  load_into(o1, a01, 0x01);
  core::Order o2 = order("o2");
  core::Locker a02 = locker("A02", 0, 2);
  load_into(o2, a02, 0x02);
  o2.state = core::OrderState::cancelled;
  core::Order o3 = order("o3", core::OrderState::collected);
  o3.locker_id = "A03";  // history: it was in A03
  ASSERT_TRUE(store.commit(Change{.orders = {o1, o2, o3}, .lockers = {a01, a02, locker("A03", 0, 3)},
                                  .events = {{"order.loaded", {{"order_id", "o1"}}}},
                                  .audit = {{"staff:desk1", "cancel", "A02", "o2", ""}}}));
}

TEST_F(InvariantsTest, AHealthyBoxHasNoViolations) {
  auto store = open_store();
  healthy_box(store);
  auto violations = store.check_invariants();
  ASSERT_TRUE(violations) << violations.error().message;
  EXPECT_EQ(*violations, std::vector<std::string>{});
}

TEST_F(InvariantsTest, FinalOrderWithPersonalDataIsReported) {
  auto store = open_store();
  healthy_box(store);
  sql(store, "UPDATE orders SET phone = '+4599999999' WHERE id = 'o3'");
  const auto violations = store.check_invariants().value();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_TRUE(mentions(violations, "order o3 is collected but keeps personal data"));
}

TEST_F(InvariantsTest, LoadedOrderWithoutLockerIsReported) {
  auto store = open_store();
  healthy_box(store);
  sql(store, "UPDATE lockers SET order_id = NULL, occupancy = 'free' WHERE id = 'A01'");
  const auto violations = store.check_invariants().value();
  EXPECT_TRUE(mentions(violations, "order o1 names locker A01, which does not hold it"));
  sql(store, "UPDATE orders SET locker_id = NULL WHERE id = 'o1'");
  EXPECT_TRUE(mentions(store.check_invariants().value(), "order o1 is loaded but has no locker"));
}

TEST_F(InvariantsTest, LockerHoldingAnOrderThatDoesNotNameItIsReported) {
  auto store = open_store();
  healthy_box(store);
  sql(store, "UPDATE orders SET locker_id = 'A03' WHERE id = 'o1'");
  const auto violations = store.check_invariants().value();
  EXPECT_TRUE(mentions(violations, "locker A01 holds order o1, but the order names locker A03"));
}

TEST_F(InvariantsTest, LockerStillHoldingACollectedOrderIsReported) {
  auto store = open_store();
  healthy_box(store);
  sql(store, "UPDATE lockers SET order_id = 'o3', occupancy = 'occupied' WHERE id = 'A03'");
  EXPECT_TRUE(mentions(store.check_invariants().value(), "locker A03 still holds order o3, which is collected"));
}

TEST_F(InvariantsTest, OrderInTwoLockersIsReportedEvenWithoutTheIndex) {
  auto store = open_store();
  healthy_box(store);
  sql(store, "DROP INDEX lockers_one_per_order");
  sql(store, "UPDATE lockers SET order_id = 'o1', occupancy = 'occupied' WHERE id = 'A03'");
  EXPECT_TRUE(mentions(store.check_invariants().value(), "order o1 is in 2 lockers"));
}

TEST_F(InvariantsTest, OutboxPayloadThatDisagreesWithItsRowIsReported) {
  auto store = open_store();
  healthy_box(store);
  sql(store, "UPDATE outbox SET payload = json_set(payload, '$.seq', 7) WHERE seq = 1");
  EXPECT_TRUE(mentions(store.check_invariants().value(), "outbox seq 1: payload does not carry its own seq"));
}

TEST_F(InvariantsTest, MalformedOutboxPayloadIsAViolationNotAnError) {
  auto store = open_store();
  healthy_box(store);
  sql(store, "UPDATE outbox SET payload = '{not json' WHERE seq = 1");
  auto violations = store.check_invariants();
  ASSERT_TRUE(violations) << violations.error().message;
  EXPECT_TRUE(mentions(*violations, "outbox seq 1: payload does not carry its own seq"));
}

}  // namespace
}  // namespace pickupbox::store::testing
