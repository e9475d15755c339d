#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::core {

// To E.164: "+" and 8..15 digits, no leading zero after the "+". Spaces and dashes are
// ignored; "00" is read as "+"; a bare 8-digit number is Danish (+45), and a +45 number
// must have exactly 8 digits after the country code. The error message never repeats
// the number: it is personal data.
Result<std::string> normalise_phone(std::string_view typed);

}  // namespace pickupbox::core
