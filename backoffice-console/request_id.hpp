#pragma once
// Request ids the console puts on commands; the box answers on cmd-result/<request-id>.
#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/random.hpp"

namespace pickupbox::console {

// "console-<unix milliseconds>-<8 hex digits>": fresh per command, sortable by time.
std::string new_request_id(std::chrono::system_clock::time_point now, core::Random& random);

// 1..64 of [A-Za-z0-9._:-] (it becomes a topic level); the error says what to change.
core::Result<void> check_request_id(std::string_view id);

}  // namespace pickupbox::console
