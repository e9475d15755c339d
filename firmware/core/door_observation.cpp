#include "core/door_observation.hpp"

namespace pickupbox::core {

std::vector<Event> observe_door(const Locker& before, SensorReading door_now, bool opening_expected) {
  std::vector<Event> events;
  if (door_now == before.door) return events;
  if (door_now == SensorReading::open) {
    events.push_back(Event{"door.opened", {{"locker_id", before.id}}});
    if (!opening_expected) {
      events.push_back(Event{"door.alarm", {{"locker_id", before.id}, {"reason", "opened_without_command"}}});
    }
  } else if (door_now == SensorReading::closed && before.door == SensorReading::open) {
    events.push_back(Event{"door.closed", {{"locker_id", before.id}}});
  }
  return events;
}

}  // namespace pickupbox::core
