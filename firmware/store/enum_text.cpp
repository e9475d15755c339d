#include "store/enum_text.hpp"

#include "core/locker.hpp"
#include "core/order.hpp"

namespace pickupbox::store {
namespace {

template <class E>
core::Result<E> as_stored(core::Result<E> parsed) {
  if (parsed) return parsed;
  return core::fail(core::ErrorCode::storage, "read state file: " + parsed.error().message +
                                                  ": the file is damaged or was written by newer firmware");
}

core::Result<core::SizeClass> parse(std::string_view text, core::SizeClass*) { return core::parse_size_class(text); }
core::Result<core::Occupancy> parse(std::string_view text, core::Occupancy*) { return core::parse_occupancy(text); }
core::Result<core::ServiceBlock> parse(std::string_view text, core::ServiceBlock*) {
  return core::parse_service_block(text);
}
core::Result<core::SensorReading> parse(std::string_view text, core::SensorReading*) {
  return core::parse_sensor_reading(text);
}
core::Result<core::OrderState> parse(std::string_view text, core::OrderState*) { return core::parse_order_state(text); }

}  // namespace

template <class E>
core::Result<E> parse_text(std::string_view text) {
  return as_stored(parse(text, static_cast<E*>(nullptr)));
}

template core::Result<core::SizeClass> parse_text<core::SizeClass>(std::string_view);
template core::Result<core::Occupancy> parse_text<core::Occupancy>(std::string_view);
template core::Result<core::ServiceBlock> parse_text<core::ServiceBlock>(std::string_view);
template core::Result<core::SensorReading> parse_text<core::SensorReading>(std::string_view);
template core::Result<core::OrderState> parse_text<core::OrderState>(std::string_view);

}  // namespace pickupbox::store
