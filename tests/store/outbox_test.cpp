#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

using OutboxTest = StoreTest;

Change events(int n) {
  Change change;
  for (int i = 0; i < n; ++i) change.events.push_back(core::Event{"door.closed", {{"locker_id", "A01"}}});
  return change;
}

std::vector<std::int64_t> seqs(const std::vector<OutboxRow>& rows) {
  std::vector<std::int64_t> out;
  for (const auto& row : rows) out.push_back(row.seq);
  return out;
}

TEST_F(OutboxTest, AckDeletesOnlyTheAcknowledgedRows) {
  auto store = open_store();
  ASSERT_TRUE(store.commit(events(5)));
  auto deleted = store.outbox_ack({2, 4, 99});
  ASSERT_TRUE(deleted);
  EXPECT_EQ(*deleted, 2);
  EXPECT_EQ(store.outbox_size().value(), 3);
  EXPECT_EQ(seqs(store.outbox_pending(10).value()), (std::vector<std::int64_t>{1, 3, 5}));
  EXPECT_EQ(store.outbox_ack({2}).value(), 0);  // a repeated ack is harmless
}

TEST_F(OutboxTest, PendingRespectsTheLimitOldestFirst) {
  auto store = open_store();
  ASSERT_TRUE(store.commit(events(4)));
  EXPECT_EQ(seqs(store.outbox_pending(2).value()), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(OutboxTest, SequenceNeverGoesBackAfterAckAndReopen) {
  {
    auto store = open_store();
    ASSERT_TRUE(store.commit(events(3)));
    ASSERT_EQ(store.outbox_ack({1, 2, 3}).value(), 3);
    EXPECT_EQ(store.outbox_size().value(), 0);
  }
  auto store = open_store();
  auto receipt = store.commit(events(1));
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->outbox.at(0).seq, 4);
}

}  // namespace
}  // namespace pickupbox::store::testing
