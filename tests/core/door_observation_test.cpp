#include <gtest/gtest.h>

#include "core/door_observation.hpp"

namespace pickupbox::core {
namespace {

Locker with_door(SensorReading door) {
  Locker locker;
  locker.id = "A07";
  locker.door = door;
  return locker;
}

TEST(ObserveDoor, ExpectedOpeningIsJustOpened) {
  EXPECT_EQ(observe_door(with_door(SensorReading::closed), SensorReading::open, true),
            (std::vector<Event>{{"door.opened", {{"locker_id", "A07"}}}}));
}

TEST(ObserveDoor, UncommandedOpeningRaisesAnAlarm) {
  const std::vector<Event> expected{
      {"door.opened", {{"locker_id", "A07"}}},
      {"door.alarm", {{"locker_id", "A07"}, {"reason", "opened_without_command"}}},
  };
  EXPECT_EQ(observe_door(with_door(SensorReading::closed), SensorReading::open, false), expected);
  EXPECT_EQ(observe_door(with_door(SensorReading::unknown), SensorReading::open, false), expected);
}

TEST(ObserveDoor, ClosingAfterOpen) {
  for (bool expected : {true, false}) {
    EXPECT_EQ(observe_door(with_door(SensorReading::open), SensorReading::closed, expected),
              (std::vector<Event>{{"door.closed", {{"locker_id", "A07"}}}}));
  }
}

TEST(ObserveDoor, NoChangeOrFirstClosedReadingIsSilent) {
  EXPECT_TRUE(observe_door(with_door(SensorReading::closed), SensorReading::closed, false).empty());
  EXPECT_TRUE(observe_door(with_door(SensorReading::open), SensorReading::open, false).empty());
  EXPECT_TRUE(observe_door(with_door(SensorReading::unknown), SensorReading::closed, false).empty());
  EXPECT_TRUE(observe_door(with_door(SensorReading::open), SensorReading::unknown, false).empty());
  EXPECT_TRUE(observe_door(with_door(SensorReading::closed), SensorReading::unknown, false).empty());
}

}  // namespace
}  // namespace pickupbox::core
