#pragma once
#include <vector>

#include "core/event.hpp"
#include "core/locker.hpp"

namespace pickupbox::core {

// Turns a new door-sensor reading into events: "door.opened" / "door.closed", and
// "door.alarm" (reason "opened_without_command") when a door opens that no command
// opened. A first reading after "unknown" that says closed is not a closing and emits
// nothing, so a restart does not look like a pickup finishing.
std::vector<Event> observe_door(const Locker& before, SensorReading door_now, bool opening_expected);

}  // namespace pickupbox::core
