#pragma once
#include <optional>
#include <string>

#include "core/error.hpp"

namespace pickupbox::core {

enum class SizeClass { S, M, L };
std::string_view to_string(SizeClass size);
Result<SizeClass> parse_size_class(std::string_view text);  // "S" | "M" | "L"

// What the door holds. Kept separate from the service block so that taking a door
// out of service (or losing its board) never forgets a document inside it.
enum class Occupancy { free, reserved, occupied };
std::string_view to_string(Occupancy occupancy);
Result<Occupancy> parse_occupancy(std::string_view text);

// Why a door may not be used. Board faults clear themselves when the board answers
// again; a staff block only clears when staff says so.
enum class ServiceBlock { none, staff, board_offline, unlock_failed };
std::string_view to_string(ServiceBlock block);
Result<ServiceBlock> parse_service_block(std::string_view text);

// Display state as in ARCHITECTURE.md: free | reserved | occupied | out_of_service.
enum class LockerState { free, reserved, occupied, out_of_service };
std::string_view to_string(LockerState state);
Result<LockerState> parse_locker_state(std::string_view text);

enum class SensorReading { unknown, closed, open };
std::string_view to_string(SensorReading reading);
Result<SensorReading> parse_sensor_reading(std::string_view text);

struct Locker {
  std::string id;   // printed on the door: "A01"
  int board = 0;    // board address on the bus (0-15)
  int channel = 0;  // lock channel on the board (1-16)
  SizeClass size = SizeClass::M;
  Occupancy occupancy = Occupancy::free;
  ServiceBlock block = ServiceBlock::none;
  std::optional<std::string> order_id;  // set while reserved or occupied
  SensorReading door = SensorReading::unknown;
  SensorReading lock = SensorReading::unknown;

  LockerState state() const;
  bool usable() const { return block == ServiceBlock::none; }

  bool operator==(const Locker&) const = default;
};

}  // namespace pickupbox::core
