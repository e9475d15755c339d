#include "core/locker.hpp"

#include <array>

#include "core/enum_text.hpp"

namespace pickupbox::core {

std::string_view to_string(SizeClass size) {
  switch (size) {
    case SizeClass::S: return "S";
    case SizeClass::M: return "M";
    case SizeClass::L: return "L";
  }
  return "?";
}

Result<SizeClass> parse_size_class(std::string_view text) {
  constexpr std::array all{SizeClass::S, SizeClass::M, SizeClass::L};
  return parse_enum(all, text, "size class", "S, M, L");
}

std::string_view to_string(Occupancy occupancy) {
  switch (occupancy) {
    case Occupancy::free: return "free";
    case Occupancy::reserved: return "reserved";
    case Occupancy::occupied: return "occupied";
  }
  return "?";
}

Result<Occupancy> parse_occupancy(std::string_view text) {
  constexpr std::array all{Occupancy::free, Occupancy::reserved, Occupancy::occupied};
  return parse_enum(all, text, "occupancy", "free, reserved, occupied");
}

std::string_view to_string(ServiceBlock block) {
  switch (block) {
    case ServiceBlock::none: return "none";
    case ServiceBlock::staff: return "staff";
    case ServiceBlock::board_offline: return "board_offline";
    case ServiceBlock::unlock_failed: return "unlock_failed";
  }
  return "?";
}

Result<ServiceBlock> parse_service_block(std::string_view text) {
  constexpr std::array all{ServiceBlock::none, ServiceBlock::staff, ServiceBlock::board_offline,
                           ServiceBlock::unlock_failed};
  return parse_enum(all, text, "service block", "none, staff, board_offline, unlock_failed");
}

std::string_view to_string(LockerState state) {
  switch (state) {
    case LockerState::free: return "free";
    case LockerState::reserved: return "reserved";
    case LockerState::occupied: return "occupied";
    case LockerState::out_of_service: return "out_of_service";
  }
  return "?";
}

Result<LockerState> parse_locker_state(std::string_view text) {
  constexpr std::array all{LockerState::free, LockerState::reserved, LockerState::occupied,
                           LockerState::out_of_service};
  return parse_enum(all, text, "locker state", "free, reserved, occupied, out_of_service");
}

std::string_view to_string(SensorReading reading) {
  switch (reading) {
    case SensorReading::unknown: return "unknown";
    case SensorReading::closed: return "closed";
    case SensorReading::open: return "open";
  }
  return "?";
}

Result<SensorReading> parse_sensor_reading(std::string_view text) {
  constexpr std::array all{SensorReading::unknown, SensorReading::closed, SensorReading::open};
  return parse_enum(all, text, "sensor reading", "unknown, closed, open");
}

LockerState Locker::state() const {
  if (block != ServiceBlock::none) return LockerState::out_of_service;
  switch (occupancy) {
    case Occupancy::free: return LockerState::free;
    case Occupancy::reserved: return LockerState::reserved;
    case Occupancy::occupied: return LockerState::occupied;
  }
  return LockerState::out_of_service;
}

}  // namespace pickupbox::core
