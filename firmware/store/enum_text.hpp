#pragma once
// Reading the domain enums back from the state file. They are written with
// core::to_string; an unknown word read back means a damaged row or a newer writer, so
// the error is ErrorCode::storage rather than core's invalid_argument.
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::store {

// Instantiated for SizeClass, Occupancy, ServiceBlock, SensorReading and OrderState.
template <class E>
core::Result<E> parse_text(std::string_view text);

}  // namespace pickupbox::store
