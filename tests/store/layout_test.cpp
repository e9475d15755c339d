#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

using LayoutTest = StoreTest;

std::vector<core::Locker> layout(int doors) {
  std::vector<core::Locker> out;
  for (int i = 1; i <= doors; ++i) out.push_back(locker("A0" + std::to_string(i), 0, i));
  return out;
}

TEST_F(LayoutTest, FirstStartAddsEveryDoorAndAudits) {
  auto store = open_store();
  auto report = store.seed_lockers(layout(3));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(*report, (SeedReport{3, 0, 0}));
  EXPECT_EQ(store.lockers().value(), layout(3));
  const auto audit = store.audit_entries().value();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].entry.action, "layout");
}

TEST_F(LayoutTest, ReseedingTheSameLayoutChangesNothing) {
  auto store = open_store();
  ASSERT_TRUE(store.seed_lockers(layout(3)));
  EXPECT_EQ(store.seed_lockers(layout(3)).value(), (SeedReport{0, 0, 0}));
  EXPECT_EQ(store.audit_entries().value().size(), 1u);
}

TEST_F(LayoutTest, RewiringKeepsWhatADoorHoldsAndDoorsMaySwapChannels) {
  auto store = open_store();
  ASSERT_TRUE(store.seed_lockers(layout(2)));
  core::Order o = order("o1");
  core::Locker a01 = locker("A01", 0, 1);
  load_into(o, a01, 0x01);
  ASSERT_TRUE(store.commit(Change{.orders = {o}, .lockers = {a01}}));

  auto swapped = layout(2);
  std::swap(swapped[0].channel, swapped[1].channel);
  swapped[0].size = core::SizeClass::L;
  auto report = store.seed_lockers(swapped);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(*report, (SeedReport{0, 2, 0}));
  const auto moved = store.locker("A01").value().value();
  EXPECT_EQ(moved.channel, 2);
  EXPECT_EQ(moved.size, core::SizeClass::L);
  EXPECT_EQ(moved.order_id, "o1");
  EXPECT_EQ(moved.occupancy, core::Occupancy::occupied);
  EXPECT_EQ(store.locker("A02").value()->channel, 1);
}

TEST_F(LayoutTest, RefusesToDropADoorThatHoldsAnOrder) {
  auto store = open_store();
  ASSERT_TRUE(store.seed_lockers(layout(3)));
  core::Order o = order("o1");
  core::Locker a03 = locker("A03", 0, 3);
  load_into(o, a03, 0x01);
  ASSERT_TRUE(store.commit(Change{.orders = {o}, .lockers = {a03}}));

  auto smaller = layout(1);
  smaller.push_back(locker("B01", 1, 1));
  auto refused = store.seed_lockers(smaller);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_argument);
  EXPECT_NE(refused.error().message.find("A03"), std::string::npos) << refused.error().message;
  EXPECT_EQ(store.lockers().value().size(), 3u);  // nothing changed, B01 not added either

  auto without_a02 = layout(1);
  without_a02.push_back(locker("A03", 0, 3));
  EXPECT_EQ(store.seed_lockers(without_a02).value(), (SeedReport{0, 0, 1}));
  EXPECT_FALSE(store.locker("A02").value());
}

TEST_F(LayoutTest, DuplicateIdsAndSharedChannelsAreRefused) {
  auto store = open_store();
  auto twice = layout(2);
  twice.push_back(locker("A01", 0, 9));
  auto refused = store.seed_lockers(twice);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("A01 twice"), std::string::npos) << refused.error().message;

  auto shared = layout(2);
  shared[1].channel = 1;
  auto clash = store.seed_lockers(shared);
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().message.find("board channel"), std::string::npos) << clash.error().message;
  EXPECT_TRUE(store.lockers().value().empty());
}

}  // namespace
}  // namespace pickupbox::store::testing
