#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

using RoundTripTest = StoreTest;

core::Order full_order() {
  core::Order o = order("full", core::OrderState::loaded);
  o.document_kind = "driving_licence";
  o.size = core::SizeClass::L;
  o.language = "en";
  o.identity_hash = digest(0x11);
  o.code_hash = digest(0x22);
  o.locker_id = "A01";
  o.failed_attempts = 3;
  o.blocked = true;
  o.created_at = core::from_unix_ms(1'000);
  o.loaded_at = core::from_unix_ms(2'000);
  o.code_expires_at = core::from_unix_ms(3'000);
  o.expires_at = core::from_unix_ms(4'000);
  o.pickup_opened_at = core::from_unix_ms(5'000);
  o.closed_at = core::from_unix_ms(6'000);
  o.reminded_at = core::from_unix_ms(7'000);
  return o;
}

TEST_F(RoundTripTest, OrderWithEveryFieldSet) {
  auto store = open_store();
  const auto o = full_order();
  core::Locker l = locker("A01", 0, 1);
  l.order_id = o.id;
  l.occupancy = core::Occupancy::occupied;
  ASSERT_TRUE(store.commit(Change{.orders = {o}, .lockers = {l}}));
  auto read = store.order("full");
  ASSERT_TRUE(read && *read);
  EXPECT_EQ(**read, o);
}

TEST_F(RoundTripTest, OrderWithEveryOptionalFieldEmpty) {
  auto store = open_store();
  core::Order o = order("bare");
  o.phone.reset();
  ASSERT_TRUE(store.commit(Change{.orders = {o}}));
  auto read = store.order("bare");
  ASSERT_TRUE(read && *read);
  EXPECT_EQ(**read, o);
  EXPECT_FALSE((*read)->identity_hash);
  EXPECT_FALSE((*read)->loaded_at);
}

TEST_F(RoundTripTest, UpsertReplacesTheWholeOrder) {
  auto store = open_store();
  ASSERT_TRUE(store.commit(Change{.orders = {full_order()}}));
  core::Order changed = full_order();
  changed.failed_attempts = 0;
  changed.blocked = false;
  changed.reminded_at.reset();
  changed.locker_id.reset();
  ASSERT_TRUE(store.commit(Change{.orders = {changed}}));
  EXPECT_EQ(store.order("full").value(), changed);
  auto all = store.orders(std::nullopt, 10);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(RoundTripTest, EveryLockerEnumValueSurvives) {
  auto store = open_store();
  std::vector<core::Locker> lockers;
  const core::SizeClass sizes[] = {core::SizeClass::S, core::SizeClass::M, core::SizeClass::L};
  const core::ServiceBlock blocks[] = {core::ServiceBlock::none, core::ServiceBlock::staff,
                                       core::ServiceBlock::board_offline, core::ServiceBlock::unlock_failed};
  const core::SensorReading readings[] = {core::SensorReading::unknown, core::SensorReading::closed,
                                          core::SensorReading::open};
  for (int i = 0; i < 12; ++i) {
    core::Locker l = locker("B" + std::to_string(10 + i), 1, i + 1);
    l.size = sizes[i % 3];
    l.block = blocks[i % 4];
    l.door = readings[i % 3];
    l.lock = readings[(i + 1) % 3];
    lockers.push_back(l);
  }
  core::Order reserved = order("r1");
  reserved.locker_id = "B10";
  lockers[0].occupancy = core::Occupancy::reserved;
  lockers[0].order_id = "r1";
  ASSERT_TRUE(store.commit(Change{.orders = {reserved}, .lockers = lockers}));
  auto read = store.lockers();
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, lockers);  // ordered by id, as written
  auto one = store.locker("B13");
  ASSERT_TRUE(one && *one);
  EXPECT_EQ(**one, lockers[3]);
  EXPECT_FALSE(store.locker("Z99").value());
}

TEST_F(RoundTripTest, EveryOrderStateSurvivesAndFilters) {
  auto store = open_store();
  const core::OrderState states[] = {core::OrderState::awaiting_load, core::OrderState::loaded,
                                     core::OrderState::collected,     core::OrderState::expired,
                                     core::OrderState::returned,      core::OrderState::cancelled};
  Change change;
  for (int i = 0; i < 6; ++i) {
    core::Order o = order("s" + std::to_string(i), states[i]);
    o.created_at = core::from_unix_ms(1'000 + i);
    o.phone.reset();
    change.orders.push_back(o);
  }
  ASSERT_TRUE(store.commit(change));
  for (const auto& expected : change.orders) {
    auto filtered = store.orders(expected.state, 10);
    ASSERT_TRUE(filtered);
    ASSERT_EQ(filtered->size(), 1u);
    EXPECT_EQ(filtered->front(), expected);
  }
  // The limit keeps the newest (a long history must not hide today's orders), oldest first.
  auto limited = store.orders(std::nullopt, 4);
  ASSERT_TRUE(limited);
  ASSERT_EQ(limited->size(), 4u);
  EXPECT_EQ(limited->front().id, "s2");
  EXPECT_EQ(limited->back().id, "s5");
}

TEST_F(RoundTripTest, AFilteredListKeepsTheNewestOrdersOfThatState) {
  auto store = open_store();
  Change change;
  for (int i = 0; i < 5; ++i) {
    core::Order o = order("c" + std::to_string(i), core::OrderState::collected);
    o.created_at = core::from_unix_ms(1'000 + i);
    o.phone.reset();
    change.orders.push_back(o);
  }
  ASSERT_TRUE(store.commit(change));
  const auto listed = store.orders(core::OrderState::collected, 2).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, "c3");
  EXPECT_EQ(listed[1].id, "c4");
}

TEST_F(RoundTripTest, FindsByReference) {
  auto store = open_store();
  ASSERT_TRUE(store.commit(Change{.orders = {order("o1"), order("o2")}}));
  auto found = store.order_by_reference("REF-o2");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, "o2");
  EXPECT_FALSE(store.order_by_reference("REF-none").value());
}

TEST_F(RoundTripTest, CodeHashFindsOnlyLiveOrders) {
  auto store = open_store();
  core::Order live = order("live");
  core::Locker l = locker("A01", 0, 1);
  load_into(live, l, 0x33);
  core::Order expired = order("old", core::OrderState::expired);
  expired.code_hash = digest(0x44);
  expired.locker_id = "A02";
  core::Locker l2 = locker("A02", 0, 2);
  l2.occupancy = core::Occupancy::occupied;
  l2.order_id = "old";
  ASSERT_TRUE(store.commit(Change{.orders = {live, expired}, .lockers = {l, l2}}));

  auto hit = store.live_order_by_code_hash(digest(0x33));
  ASSERT_TRUE(hit && *hit);
  EXPECT_EQ((*hit)->id, "live");
  EXPECT_FALSE(store.live_order_by_code_hash(digest(0x44)).value());
  EXPECT_FALSE(store.live_order_by_code_hash(digest(0x55)).value());
}

TEST_F(RoundTripTest, StaffUpsertAndRemoval) {
  auto store = open_store();
  const core::StaffMember desk1{"desk1", "Desk One", {{1, 2, 3}, {9, 8, 7, 6}, 600'000}, true};
  const core::StaffMember desk2{"desk2", "Desk Two", {{4}, {5}, 1}, false};
  ASSERT_TRUE(store.commit(Change{.staff = {desk1, desk2}}));
  EXPECT_EQ(store.staff().value(), (std::vector{desk1, desk2}));
  EXPECT_EQ(store.staff_member("desk2").value(), desk2);

  core::StaffMember renamed = desk1;
  renamed.display_name = "Front desk";
  renamed.active = false;
  ASSERT_TRUE(store.commit(Change{.staff = {renamed}, .staff_removed = {"desk2", "nobody"}}));
  EXPECT_EQ(store.staff().value(), (std::vector{renamed}));
  EXPECT_FALSE(store.staff_member("desk2").value());
}

TEST_F(RoundTripTest, ThrottlePersistsAcrossReopen) {
  const core::KioskThrottle throttle{6, core::from_unix_ms(1'767'225'660'000)};
  {
    auto store = open_store();
    EXPECT_EQ(store.kiosk_throttle().value(), core::KioskThrottle{});
    ASSERT_TRUE(store.commit(Change{.throttle = throttle}));
  }
  auto store = open_store();
  EXPECT_EQ(store.kiosk_throttle().value(), throttle);
}

TEST_F(RoundTripTest, KeyValueSettings) {
  auto store = open_store();
  EXPECT_FALSE(store.kv_get("device.name").value());
  ASSERT_TRUE(store.kv_set("device.name", "town hall"));
  ASSERT_TRUE(store.kv_set("device.name", "library"));
  EXPECT_EQ(store.kv_get("device.name").value(), "library");
}

TEST_F(RoundTripTest, DamagedEnumInTheFileIsAStorageError) {
  auto store = open_store();
  ASSERT_TRUE(store.commit(Change{.lockers = {locker("A01", 0, 1)}}));
  sql(store, "UPDATE lockers SET occupancy = 'haunted' WHERE id = 'A01'");
  auto read = store.locker("A01");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, core::ErrorCode::storage);
  EXPECT_NE(read.error().message.find("haunted"), std::string::npos) << read.error().message;
}

}  // namespace
}  // namespace pickupbox::store::testing
