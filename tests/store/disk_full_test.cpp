#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

using DiskFullTest = StoreTest;

std::int64_t page_count(Store& store) {
  auto stmt = store.database().prepare("PRAGMA page_count", "test");
  EXPECT_TRUE(stmt && stmt->step().value());
  return stmt->int64(0);
}

Change bulky_change(int n) {
  Change change;
  for (int i = 0; i < n; ++i) {
    core::Order o = order("bulk" + std::to_string(i));
    o.reference = std::string(400, 'r') + std::to_string(i);
    change.orders.push_back(o);
    change.events.push_back(core::Event{"order.created", {{"order_id", o.id}, {"filler", std::string(400, 'f')}}});
  }
  return change;
}

TEST_F(DiskFullTest, FullDiskIsNamedAndPreviousDataStaysIntact) {
  auto store = open_store();
  core::Order kept = order("kept");
  core::Locker a01 = locker("A01", 0, 1);
  load_into(kept, a01, 0x01);
  ASSERT_TRUE(store.commit(Change{.orders = {kept}, .lockers = {a01}, .events = {{"order.loaded", {{"order_id", "kept"}}}},
                                  .audit = {{"staff:desk1", "load", "A01", "kept", ""}}}));
  // Simulates a full disk: the file may grow by two pages at most.
  sql(store, "PRAGMA max_page_count = " + std::to_string(page_count(store) + 2));

  auto failed = store.commit(bulky_change(200));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, core::ErrorCode::storage);
  EXPECT_NE(failed.error().message.find("disk full"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("free space in " + dir_.path().string()), std::string::npos)
      << failed.error().message;
  EXPECT_NE(failed.error().message.find(file().string()), std::string::npos);

  EXPECT_EQ(store.order("kept").value(), kept);
  EXPECT_EQ(store.orders(std::nullopt, 1000).value().size(), 1u);
  EXPECT_EQ(store.outbox_size().value(), 1);
  EXPECT_EQ(store.check_invariants().value(), std::vector<std::string>{});

  // Space comes back: the store carries on with the same connection.
  sql(store, "PRAGMA max_page_count = 1073741823");
  auto retried = store.commit(bulky_change(200));
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->outbox.front().seq, 2);
}

}  // namespace
}  // namespace pickupbox::store::testing
