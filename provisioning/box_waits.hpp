#pragma once
// Waiting for the box to catch up with the world: door sensors are polled, so a door that
// was just unlocked or closed shows up a moment later. Every wait has a deadline.
#include <chrono>
#include <string>
#include <string_view>

#include "provisioning/box_session.hpp"

namespace pickupbox::provisioning {

inline constexpr std::chrono::milliseconds default_wait{10'000};

// Polls `lockers` until door `locker_id` reads `reading` ("open" | "closed").
Outcome<void> wait_for_door(BoxSession& box, std::string_view locker_id, std::string_view reading,
                            std::chrono::milliseconds timeout = default_wait);

// Takes events from a subscribed connection until one of `type` for `order_id` arrives.
Outcome<Json> wait_for_order_event(BoxSession& box, std::string_view type, std::string_view order_id,
                                   std::chrono::milliseconds timeout = default_wait);

}  // namespace pickupbox::provisioning
