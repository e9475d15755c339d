#pragma once
// A device id names the box everywhere: the [box] device_id key, the CN of its certificate
// and one level of its MQTT topics. One rule for all of them, so that boxctl never writes an
// id that boxd or the broker's ACL would refuse.
#include <string_view>

namespace pickupbox::core {

inline constexpr std::size_t max_device_id_length = 64;

// 1..64 of [A-Za-z0-9_-]: no '/', '+' or '#' (MQTT topic syntax), no spaces; and not a
// reserved name.
bool is_valid_device_id(std::string_view id);

// `enroll`, `claim` and `backoffice` name the enrolment topics and the broker's other users:
// a box with such an id would share their topic tree under the ACL's per-device patterns.
bool is_reserved_device_id(std::string_view id);

}  // namespace pickupbox::core
