#include "api/params.hpp"

#include <algorithm>

namespace pickupbox::api::params {
namespace {

using nlohmann::json;

std::unexpected<core::Error> field_error(std::string_view name, std::string_view what) {
  return core::fail(core::ErrorCode::invalid_argument, "field '" + std::string(name) + "' " + std::string(what));
}

// nullptr when the field is absent or null, so optional getters share one rule.
const json* find(const json& params, std::string_view name) {
  if (!params.is_object()) return nullptr;
  auto it = params.find(name);
  if (it == params.end() || it->is_null()) return nullptr;
  return &*it;
}

core::Result<std::string> as_string(const json& value, std::string_view name) {
  if (!value.is_string()) return field_error(name, "must be a string");
  return value.get<std::string>();
}

std::string range_text(std::int64_t min, std::int64_t max) {
  if (min == int_min && max == int_max) return "must be an integer";
  if (max == int_max) return "must be an integer of at least " + std::to_string(min);
  if (min == int_min) return "must be an integer of at most " + std::to_string(max);
  return "must be an integer between " + std::to_string(min) + " and " + std::to_string(max);
}

core::Result<std::int64_t> as_integer(const json& value, std::string_view name, std::int64_t min, std::int64_t max) {
  std::int64_t number = 0;
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(int_max)) return field_error(name, range_text(min, max));
    number = static_cast<std::int64_t>(u);
  } else if (value.is_number_integer()) {
    number = value.get<std::int64_t>();
  } else {
    return field_error(name, range_text(min, max));
  }
  if (number < min || number > max) return field_error(name, range_text(min, max));
  return number;
}

core::Result<bool> as_bool(const json& value, std::string_view name) {
  if (!value.is_boolean()) return field_error(name, "must be a boolean");
  return value.get<bool>();
}

core::Result<json> as_object(const json& value, std::string_view name) {
  if (!value.is_object()) return field_error(name, "must be an object");
  return value;
}

// Lifts a required getter to its optional form.
template <class T, class Convert>
core::Result<std::optional<T>> optional_of(const json& params, std::string_view name, Convert convert) {
  const json* value = find(params, name);
  if (value == nullptr) return std::optional<T>{};
  auto converted = convert(*value);
  if (!converted) return std::unexpected(std::move(converted.error()));
  return std::optional<T>{std::move(*converted)};
}

}  // namespace

core::Result<std::string> required_string(const json& params, std::string_view name) {
  const json* value = find(params, name);
  if (value == nullptr) return field_error(name, "is required");
  return as_string(*value, name);
}

core::Result<std::optional<std::string>> optional_string(const json& params, std::string_view name) {
  return optional_of<std::string>(params, name, [name](const json& v) { return as_string(v, name); });
}

core::Result<std::string> required_digits(const json& params, std::string_view name, std::size_t min_digits,
                                          std::size_t max_digits) {
  const std::string shape = min_digits == max_digits
                                ? "must be a string of " + std::to_string(min_digits) + " digits"
                                : "must be a string of " + std::to_string(min_digits) + "-" +
                                      std::to_string(max_digits) + " digits";
  const json* value = find(params, name);
  if (value == nullptr) return field_error(name, "is required");
  if (!value->is_string()) return field_error(name, shape);
  const auto& text = value->get_ref<const std::string&>();
  const bool digits_only = std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
  if (!digits_only || text.size() < min_digits || text.size() > max_digits) return field_error(name, shape);
  return text;
}

core::Result<std::int64_t> required_integer(const json& params, std::string_view name, std::int64_t min,
                                            std::int64_t max) {
  const json* value = find(params, name);
  if (value == nullptr) return field_error(name, "is required");
  return as_integer(*value, name, min, max);
}

core::Result<std::optional<std::int64_t>> optional_integer(const json& params, std::string_view name,
                                                           std::int64_t min, std::int64_t max) {
  return optional_of<std::int64_t>(params, name, [&](const json& v) { return as_integer(v, name, min, max); });
}

core::Result<bool> required_bool(const json& params, std::string_view name) {
  const json* value = find(params, name);
  if (value == nullptr) return field_error(name, "is required");
  return as_bool(*value, name);
}

core::Result<std::optional<bool>> optional_bool(const json& params, std::string_view name) {
  return optional_of<bool>(params, name, [name](const json& v) { return as_bool(v, name); });
}

core::Result<json> required_object(const json& params, std::string_view name) {
  const json* value = find(params, name);
  if (value == nullptr) return field_error(name, "is required");
  return as_object(*value, name);
}

core::Result<std::optional<json>> optional_object(const json& params, std::string_view name) {
  return optional_of<json>(params, name, [name](const json& v) { return as_object(v, name); });
}

}  // namespace pickupbox::api::params
