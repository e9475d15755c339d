#include "core/device_id.hpp"

#include <algorithm>

namespace pickupbox::core {

bool is_reserved_device_id(std::string_view id) { return id == "enroll" || id == "claim" || id == "backoffice"; }

bool is_valid_device_id(std::string_view id) {
  if (id.empty() || id.size() > max_device_id_length || is_reserved_device_id(id)) return false;
  return std::ranges::all_of(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace pickupbox::core
