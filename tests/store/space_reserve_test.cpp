// The space reserve on a filesystem that really fills (a small tmpfs): a full disk refuses
// new work and still records what happens to the documents already inside.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "store_fixture.hpp"
#include "tmpfs_mount.hpp"

namespace pickupbox::store::testing {
namespace {

constexpr std::uint64_t reserve_bytes = 1024 * 1024;

class SpaceReserveTest : public StoreTest {
 protected:
  // A loaded order in A01, committed: what a full disk must not keep in the box.
  static Change loaded_in_a01() {
    core::Order o = order("inside");
    core::Locker l = locker("A01", 0, 1);
    load_into(o, l, 0x11);
    return Change{.orders = {o}, .lockers = {l}, .events = {{"order.loaded", {{"order_id", o.id}}}}};
  }
  static Change collected_from_a01() {
    core::Order o = order("inside", core::OrderState::collected);
    o.phone.reset();
    core::Locker l = locker("A01", 0, 1);
    return Change{.orders = {o}, .lockers = {l}, .events = {{"order.collected", {{"order_id", o.id}}}},
                  .audit = {{"citizen", "pickup", "A01", o.id, ""}}};
  }
};

TEST_F(SpaceReserveTest, IsRealBlocksOnlyBoxdMayReadAndComesBackWhenDeleted) {
  auto store = open_store();
  const auto reserve = dir_.path() / "space.reserve";
  store.keep_space_reserve(reserve, reserve_bytes);
  struct stat info{};
  ASSERT_EQ(::stat(reserve.c_str(), &info), 0);
  EXPECT_EQ(static_cast<std::uint64_t>(info.st_size), reserve_bytes);
  EXPECT_GE(static_cast<std::uint64_t>(info.st_blocks) * 512, reserve_bytes) << "a sparse file would free nothing";
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  std::filesystem::remove(reserve);
  ASSERT_TRUE(store.commit(Change{.orders = {order("new")}}));  // new work puts the reserve back first
  EXPECT_TRUE(std::filesystem::exists(reserve));
}

TEST_F(SpaceReserveTest, FullDiskRefusesNewWorkAndStillRecordsAPickup) {
  auto mount = pickupbox::testing::TmpfsMount::create(6 * 1024 * 1024);
  if (!mount) GTEST_SKIP() << mount.error();
  const auto state = (*mount)->path();
  auto opened = Store::open(state / "state.db", clock_, random_);
  ASSERT_TRUE(opened) << opened.error().message;
  Store store = std::move(*opened);
  const auto reserve = state / "space.reserve";
  store.keep_space_reserve(reserve, reserve_bytes);
  ASSERT_TRUE(store.commit(loaded_in_a01()));
  // An empty WAL, so the next commit must find new blocks (boxd's compaction does this too).
  ASSERT_TRUE(store.compact());
  (*mount)->fill();
  ASSERT_EQ((*mount)->free_bytes(), 0u);

  auto refused = store.commit(Change{.orders = {order("new")}, .events = {{"order.created", {{"order_id", "new"}}}}});
  ASSERT_FALSE(refused) << "new work must not take the space kept for pickups";
  EXPECT_EQ(refused.error().code, core::ErrorCode::storage);
  EXPECT_NE(refused.error().message.find("disk full: free space in " + state.string()), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(std::filesystem::exists(reserve));

  auto collected = store.commit(collected_from_a01());
  ASSERT_TRUE(collected) << collected.error().message;
  EXPECT_FALSE(std::filesystem::exists(reserve)) << "the pickup should have needed the reserve";
  EXPECT_EQ(store.order("inside").value()->state, core::OrderState::collected);
  EXPECT_EQ(store.outbox_size().value(), 2);
  EXPECT_EQ(store.check_invariants().value(), std::vector<std::string>{});

  // Still full, reserve used: new work stays refused until there is room for both.
  EXPECT_FALSE(store.commit(Change{.orders = {order("new")}}));
  (*mount)->remove_ballast();
  ASSERT_TRUE(store.commit(Change{.orders = {order("new")}}));
  EXPECT_TRUE(std::filesystem::exists(reserve));
}

}  // namespace
}  // namespace pickupbox::store::testing
