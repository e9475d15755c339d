#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/locker.hpp"
#include "core/order.hpp"

namespace pickupbox::core {
namespace {

TEST(EnumText, ErrorCodesRoundTripAsSnakeCase) {
  for (ErrorCode code : {ErrorCode::invalid_argument, ErrorCode::not_found, ErrorCode::invalid_transition,
                         ErrorCode::wrong_code, ErrorCode::wrong_identity, ErrorCode::identity_required, ErrorCode::order_blocked,
                         ErrorCode::kiosk_throttled, ErrorCode::code_expired, ErrorCode::no_free_locker,
                         ErrorCode::unauthorized, ErrorCode::hardware, ErrorCode::storage, ErrorCode::busy,
                         ErrorCode::internal}) {
    auto parsed = parse_error_code(to_string(code));
    ASSERT_TRUE(parsed) << to_string(code);
    EXPECT_EQ(*parsed, code);
  }
  EXPECT_EQ(to_string(ErrorCode::kiosk_throttled), "kiosk_throttled");
  EXPECT_EQ(parse_error_code("Kiosk_Throttled").error().code, ErrorCode::invalid_argument);
}

TEST(EnumText, SizeClassesAreSingleLetters) {
  EXPECT_EQ(to_string(SizeClass::S), "S");
  EXPECT_EQ(to_string(SizeClass::M), "M");
  EXPECT_EQ(to_string(SizeClass::L), "L");
  EXPECT_EQ(parse_size_class("L").value(), SizeClass::L);
  EXPECT_EQ(parse_size_class("S").value(), SizeClass::S);
  auto bad = parse_size_class("XL");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(bad.error().message.find("XL"), std::string::npos);
  EXPECT_FALSE(parse_size_class("m"));
  EXPECT_FALSE(parse_size_class(""));
}

TEST(EnumText, OrderStatesRoundTrip) {
  for (OrderState state : {OrderState::awaiting_load, OrderState::loaded, OrderState::collected,
                           OrderState::expired, OrderState::returned, OrderState::cancelled}) {
    EXPECT_EQ(parse_order_state(to_string(state)).value(), state);
  }
  EXPECT_EQ(to_string(OrderState::awaiting_load), "awaiting_load");
  EXPECT_FALSE(parse_order_state("awaiting load"));
}

TEST(EnumText, LockerEnumsRoundTrip) {
  for (Occupancy o : {Occupancy::free, Occupancy::reserved, Occupancy::occupied}) {
    EXPECT_EQ(parse_occupancy(to_string(o)).value(), o);
  }
  for (ServiceBlock b :
       {ServiceBlock::none, ServiceBlock::staff, ServiceBlock::board_offline, ServiceBlock::unlock_failed}) {
    EXPECT_EQ(parse_service_block(to_string(b)).value(), b);
  }
  for (LockerState s : {LockerState::free, LockerState::reserved, LockerState::occupied, LockerState::out_of_service}) {
    EXPECT_EQ(parse_locker_state(to_string(s)).value(), s);
  }
  for (SensorReading r : {SensorReading::unknown, SensorReading::closed, SensorReading::open}) {
    EXPECT_EQ(parse_sensor_reading(to_string(r)).value(), r);
  }
  EXPECT_EQ(to_string(ServiceBlock::board_offline), "board_offline");
  EXPECT_EQ(to_string(LockerState::out_of_service), "out_of_service");
  EXPECT_FALSE(parse_occupancy("busy"));
  EXPECT_FALSE(parse_service_block(""));
  EXPECT_FALSE(parse_locker_state("broken"));
  EXPECT_FALSE(parse_sensor_reading("ajar"));
}

TEST(EnumText, FinalStatesAreCollectedReturnedCancelled) {
  EXPECT_FALSE(is_final(OrderState::awaiting_load));
  EXPECT_FALSE(is_final(OrderState::loaded));
  EXPECT_FALSE(is_final(OrderState::expired));
  EXPECT_TRUE(is_final(OrderState::collected));
  EXPECT_TRUE(is_final(OrderState::returned));
  EXPECT_TRUE(is_final(OrderState::cancelled));
}

TEST(LockerState, FollowsOccupancyUnlessBlocked) {
  Locker locker;
  EXPECT_EQ(locker.state(), LockerState::free);
  locker.occupancy = Occupancy::reserved;
  EXPECT_EQ(locker.state(), LockerState::reserved);
  locker.occupancy = Occupancy::occupied;
  EXPECT_EQ(locker.state(), LockerState::occupied);
  EXPECT_TRUE(locker.usable());
  for (ServiceBlock block : {ServiceBlock::staff, ServiceBlock::board_offline, ServiceBlock::unlock_failed}) {
    locker.block = block;
    EXPECT_EQ(locker.state(), LockerState::out_of_service);
    EXPECT_FALSE(locker.usable());
  }
  // The document is not forgotten behind the block.
  EXPECT_EQ(locker.occupancy, Occupancy::occupied);
}

}  // namespace
}  // namespace pickupbox::core
