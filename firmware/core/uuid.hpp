#pragma once
#include <string>
#include <string_view>

#include "core/random.hpp"

namespace pickupbox::core {

// RFC 4122 version 4 (random) in the lower-case text form "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string new_uuid(Random& random);

// True for the 8-4-4-4-12 hex text form of any UUID (either case); ids from the back
// office need not be version 4.
bool is_uuid(std::string_view text);

}  // namespace pickupbox::core
