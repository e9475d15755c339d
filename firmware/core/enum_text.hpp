#pragma once
// Parsing of enum wire names, shared by the to_string/parse_* pairs in core. Not part of
// core's interface for other layers: call the parse_* functions.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::core {

// Looks a wire name up among all enumerators, so to_string stays the only table.
template <class Enum, std::size_t N>
Result<Enum> parse_enum(const std::array<Enum, N>& all, std::string_view text, std::string_view what,
                        std::string_view expected) {
  for (Enum value : all) {
    if (to_string(value) == text) return value;
  }
  return fail(ErrorCode::invalid_argument, "unknown " + std::string(what) + " '" + std::string(text) +
                                               "'; expected one of " + std::string(expected));
}

}  // namespace pickupbox::core
