#pragma once
// Outbox message ids. Private stand-in for core/uuid.hpp's new_uuid until that exists.
#include <string>

#include "core/random.hpp"

namespace pickupbox::store {

// RFC 9562 version-4 UUID, lowercase: "3f2b8c1e-....-4...-[89ab]...-............".
std::string new_event_id(core::Random& random);

}  // namespace pickupbox::store
