#include "store/enum_text.hpp"

#include <array>
#include <string>
#include <utility>

namespace pickupbox::store {
namespace {

template <class E>
struct Names;

template <>
struct Names<core::SizeClass> {
  static constexpr std::string_view what = "size class";
  static constexpr std::array<std::pair<core::SizeClass, std::string_view>, 3> all{{
      {core::SizeClass::S, "S"}, {core::SizeClass::M, "M"}, {core::SizeClass::L, "L"}}};
};

template <>
struct Names<core::Occupancy> {
  static constexpr std::string_view what = "occupancy";
  static constexpr std::array<std::pair<core::Occupancy, std::string_view>, 3> all{{
      {core::Occupancy::free, "free"}, {core::Occupancy::reserved, "reserved"},
      {core::Occupancy::occupied, "occupied"}}};
};

template <>
struct Names<core::ServiceBlock> {
  static constexpr std::string_view what = "service block";
  static constexpr std::array<std::pair<core::ServiceBlock, std::string_view>, 4> all{{
      {core::ServiceBlock::none, "none"}, {core::ServiceBlock::staff, "staff"},
      {core::ServiceBlock::board_offline, "board_offline"},
      {core::ServiceBlock::unlock_failed, "unlock_failed"}}};
};

template <>
struct Names<core::SensorReading> {
  static constexpr std::string_view what = "sensor reading";
  static constexpr std::array<std::pair<core::SensorReading, std::string_view>, 3> all{{
      {core::SensorReading::unknown, "unknown"}, {core::SensorReading::closed, "closed"},
      {core::SensorReading::open, "open"}}};
};

template <>
struct Names<core::OrderState> {
  static constexpr std::string_view what = "order state";
  static constexpr std::array<std::pair<core::OrderState, std::string_view>, 6> all{{
      {core::OrderState::awaiting_load, "awaiting_load"}, {core::OrderState::loaded, "loaded"},
      {core::OrderState::collected, "collected"}, {core::OrderState::expired, "expired"},
      {core::OrderState::returned, "returned"}, {core::OrderState::cancelled, "cancelled"}}};
};

template <class E>
std::string_view name_of(E value) {
  for (const auto& [candidate, name] : Names<E>::all) {
    if (candidate == value) return name;
  }
  return "?";  // unreachable for valid enumerators
}

}  // namespace

std::string_view to_text(core::SizeClass value) { return name_of(value); }
std::string_view to_text(core::Occupancy value) { return name_of(value); }
std::string_view to_text(core::ServiceBlock value) { return name_of(value); }
std::string_view to_text(core::SensorReading value) { return name_of(value); }
std::string_view to_text(core::OrderState value) { return name_of(value); }

template <class E>
core::Result<E> parse_text(std::string_view text) {
  for (const auto& [candidate, name] : Names<E>::all) {
    if (name == text) return candidate;
  }
  return core::fail(core::ErrorCode::storage,
                    "read " + std::string(Names<E>::what) + ": unknown value '" + std::string(text) +
                        "' in the state file: it is damaged or was written by newer firmware");
}

template core::Result<core::SizeClass> parse_text<core::SizeClass>(std::string_view);
template core::Result<core::Occupancy> parse_text<core::Occupancy>(std::string_view);
template core::Result<core::ServiceBlock> parse_text<core::ServiceBlock>(std::string_view);
template core::Result<core::SensorReading> parse_text<core::SensorReading>(std::string_view);
template core::Result<core::OrderState> parse_text<core::OrderState>(std::string_view);

}  // namespace pickupbox::store
