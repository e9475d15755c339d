#include <gtest/gtest.h>

#include "core/locker_service.hpp"

namespace pickupbox::core {
namespace {

Locker locker(std::string id, SizeClass size, Occupancy occupancy = Occupancy::free,
              ServiceBlock block = ServiceBlock::none) {
  Locker l;
  l.id = std::move(id);
  l.size = size;
  l.occupancy = occupancy;
  l.block = block;
  if (occupancy != Occupancy::free) l.order_id = "order-of-" + l.id;
  return l;
}

TEST(ChooseLocker, PrefersExactSizeThenLowestId) {
  const std::vector<Locker> bank{locker("A05", SizeClass::M), locker("A02", SizeClass::L),
                                 locker("A03", SizeClass::M), locker("A01", SizeClass::S)};
  EXPECT_EQ(choose_locker(bank, SizeClass::M).value().id, "A03");
  EXPECT_EQ(choose_locker(bank, SizeClass::S).value().id, "A01");
  EXPECT_EQ(choose_locker(bank, SizeClass::L).value().id, "A02");
}

TEST(ChooseLocker, FallsBackToTheSmallestLargerSize) {
  const std::vector<Locker> bank{locker("A01", SizeClass::S, Occupancy::occupied), locker("A04", SizeClass::L),
                                 locker("A03", SizeClass::M), locker("A02", SizeClass::M, Occupancy::reserved)};
  EXPECT_EQ(choose_locker(bank, SizeClass::S).value().id, "A03");
}

TEST(ChooseLocker, SkipsBlockedAndBusyLockers) {
  const std::vector<Locker> bank{
      locker("A01", SizeClass::M, Occupancy::free, ServiceBlock::staff),
      locker("A02", SizeClass::M, Occupancy::free, ServiceBlock::board_offline),
      locker("A03", SizeClass::M, Occupancy::occupied),
      locker("A04", SizeClass::M, Occupancy::free, ServiceBlock::unlock_failed),
      locker("A09", SizeClass::M),
  };
  EXPECT_EQ(choose_locker(bank, SizeClass::M).value().id, "A09");
}

TEST(ChooseLocker, NoFreeLockerNamesTheSize) {
  const std::vector<Locker> bank{locker("A01", SizeClass::S), locker("A02", SizeClass::M, Occupancy::occupied)};
  auto chosen = choose_locker(bank, SizeClass::M);
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().code, ErrorCode::no_free_locker);
  EXPECT_NE(chosen.error().message.find("size M"), std::string::npos) << chosen.error().message;
  EXPECT_FALSE(choose_locker({}, SizeClass::S));
}

TEST(LockerService, StaffBlockAndClear) {
  auto blocked = set_out_of_service(locker("A01", SizeClass::M, Occupancy::occupied), ServiceBlock::staff,
                                    "staff:desk1");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->locker.block, ServiceBlock::staff);
  EXPECT_EQ(blocked->locker.occupancy, Occupancy::occupied);  // the document stays recorded
  EXPECT_EQ(blocked->locker.state(), LockerState::out_of_service);
  ASSERT_EQ(blocked->events.size(), 1u);
  EXPECT_EQ(blocked->events[0], (Event{"locker.out_of_service",
                                       {{"locker_id", "A01"}, {"reason", "staff"}, {"actor", "staff:desk1"}}}));
  ASSERT_EQ(blocked->audit.size(), 1u);
  EXPECT_EQ(blocked->audit[0], (AuditEntry{"staff:desk1", "out_of_service", "A01", "order-of-A01", "staff"}));

  auto cleared = clear_block(blocked->locker, ServiceBlock::staff, "staff:desk2");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->locker.block, ServiceBlock::none);
  EXPECT_EQ(cleared->locker.state(), LockerState::occupied);
  ASSERT_EQ(cleared->events.size(), 1u);
  EXPECT_EQ(cleared->events[0],
            (Event{"locker.in_service", {{"locker_id", "A01"}, {"reason", "staff"}, {"actor", "staff:desk2"}}}));
  EXPECT_EQ(cleared->audit.at(0).action, "in_service");
}

TEST(LockerService, BoardFaultClearsOnlyItself) {
  auto offline = set_out_of_service(locker("B03", SizeClass::S), ServiceBlock::board_offline).value();
  EXPECT_EQ(offline.locker.block, ServiceBlock::board_offline);
  EXPECT_EQ(offline.events.at(0).fields.at("actor"), "system");

  auto wrong_fault = clear_block(offline.locker, ServiceBlock::unlock_failed);
  ASSERT_FALSE(wrong_fault);
  EXPECT_EQ(wrong_fault.error().code, ErrorCode::invalid_transition);

  auto back = clear_block(offline.locker, ServiceBlock::board_offline).value();
  EXPECT_EQ(back.locker.block, ServiceBlock::none);
  EXPECT_EQ(back.events.at(0).fields.at("reason"), "board_offline");
}

TEST(LockerService, BoardCannotClearOrReplaceAStaffBlock) {
  auto staff = set_out_of_service(locker("A01", SizeClass::M), ServiceBlock::staff, "staff:desk1").value().locker;

  auto board_down = set_out_of_service(staff, ServiceBlock::board_offline).value();
  EXPECT_EQ(board_down.locker.block, ServiceBlock::staff);
  EXPECT_TRUE(board_down.events.empty());

  auto board_back = clear_block(staff, ServiceBlock::board_offline);
  ASSERT_FALSE(board_back);
  EXPECT_EQ(board_back.error().code, ErrorCode::invalid_transition);
  EXPECT_NE(board_back.error().message.find("staff"), std::string::npos);
}

TEST(LockerService, StaffMayClearABoardFault) {
  auto jammed = set_out_of_service(locker("A01", SizeClass::M), ServiceBlock::unlock_failed).value().locker;
  auto cleared = clear_block(jammed, ServiceBlock::staff, "staff:desk1").value();
  EXPECT_EQ(cleared.locker.block, ServiceBlock::none);
  EXPECT_EQ(cleared.events.at(0).fields.at("reason"), "unlock_failed");

  // A staff block replaces a board fault, so the door stays out until staff says so.
  auto staff = set_out_of_service(jammed, ServiceBlock::staff, "staff:desk1").value();
  EXPECT_EQ(staff.locker.block, ServiceBlock::staff);
  EXPECT_EQ(staff.events.size(), 1u);
}

TEST(LockerService, RepeatsChangeNothing) {
  auto blocked = set_out_of_service(locker("A01", SizeClass::M), ServiceBlock::staff, "staff:desk1").value();
  auto again = set_out_of_service(blocked.locker, ServiceBlock::staff, "staff:desk1").value();
  EXPECT_EQ(again.locker, blocked.locker);
  EXPECT_TRUE(again.events.empty());
  EXPECT_TRUE(again.audit.empty());

  auto usable = clear_block(locker("A02", SizeClass::M), ServiceBlock::board_offline).value();
  EXPECT_EQ(usable.locker.block, ServiceBlock::none);
  EXPECT_TRUE(usable.events.empty());
}

TEST(LockerService, ReasonNoneIsInvalid) {
  EXPECT_EQ(set_out_of_service(locker("A01", SizeClass::M), ServiceBlock::none).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(clear_block(locker("A01", SizeClass::M), ServiceBlock::none).error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace pickupbox::core
