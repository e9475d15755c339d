#pragma once
// The second factor at pickup is the citizen's date of birth. The back office and the
// kiosk must produce the same text before hashing, whatever way it was typed.
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/keyed_hash.hpp"

namespace pickupbox::core {

// Accepts "YYYY-MM-DD", "DDMMYYYY", "DD-MM-YYYY" and "DD.MM.YYYY" (surrounding spaces
// ignored), checks it is a real calendar date in 1900..2099 and returns "YYYY-MM-DD".
// The error message never repeats the input: a date of birth is personal data.
Result<std::string> normalise_date_of_birth(std::string_view typed);

// normalise_date_of_birth, then KeyedHasher::identity.
Result<Digest> hash_date_of_birth(const KeyedHasher& hasher, std::string_view typed);

}  // namespace pickupbox::core
