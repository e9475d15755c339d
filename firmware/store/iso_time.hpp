#pragma once
#include <string>

#include "core/clock.hpp"

namespace pickupbox::store {

// "2026-01-01T09:30:00.125Z": the timestamp form of every outbox payload.
std::string to_iso8601_utc_ms(core::TimePoint t);

}  // namespace pickupbox::store
