#pragma once
// Typed access to a request's params for handlers. Each getter either returns the value or an
// invalid_argument error naming the field and the expected shape, e.g.
//   "field 'locker' is required", "field 'pin' must be a string",
//   "field 'code' must be a string of 6-8 digits".
// Messages never quote the value received: it may be a pickup code or a phone number.
// An optional field that is absent or null yields std::nullopt.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace pickupbox::api::params {

core::Result<std::string> required_string(const nlohmann::json& params, std::string_view name);
core::Result<std::optional<std::string>> optional_string(const nlohmann::json& params, std::string_view name);

// A string of only ASCII digits, min_digits..max_digits long (pickup codes, PINs).
core::Result<std::string> required_digits(const nlohmann::json& params, std::string_view name,
                                          std::size_t min_digits, std::size_t max_digits);

inline constexpr std::int64_t int_min = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t int_max = std::numeric_limits<std::int64_t>::max();

// A JSON integer (2.0 is not one) within [min, max].
core::Result<std::int64_t> required_integer(const nlohmann::json& params, std::string_view name,
                                            std::int64_t min = int_min, std::int64_t max = int_max);
core::Result<std::optional<std::int64_t>> optional_integer(const nlohmann::json& params, std::string_view name,
                                                           std::int64_t min = int_min, std::int64_t max = int_max);

core::Result<bool> required_bool(const nlohmann::json& params, std::string_view name);
core::Result<std::optional<bool>> optional_bool(const nlohmann::json& params, std::string_view name);

core::Result<nlohmann::json> required_object(const nlohmann::json& params, std::string_view name);
core::Result<std::optional<nlohmann::json>> optional_object(const nlohmann::json& params, std::string_view name);

}  // namespace pickupbox::api::params
