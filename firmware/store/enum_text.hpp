#pragma once
// How the domain enums are written in the state file. Parsing fails with
// ErrorCode::storage: an unknown word in the file means a damaged row or a newer writer.
#include <string_view>

#include "core/error.hpp"
#include "core/locker.hpp"
#include "core/order.hpp"

namespace pickupbox::store {

std::string_view to_text(core::SizeClass value);
std::string_view to_text(core::Occupancy value);
std::string_view to_text(core::ServiceBlock value);
std::string_view to_text(core::SensorReading value);
std::string_view to_text(core::OrderState value);

// Instantiated for the five enums above.
template <class E>
core::Result<E> parse_text(std::string_view text);

}  // namespace pickupbox::store
