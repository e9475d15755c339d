#pragma once
// A bounded TCP reachability check before handing the address to libmosquitto, whose own
// connect can block for minutes on an unreachable host and reports only "errno".
#include <chrono>
#include <string>

#include "connection_error.hpp"

namespace pickupbox::console {

// Resolves host and opens (then closes) one TCP connection within timeout. The error says
// whether the name did not resolve, the port refused, or nothing answered.
ConnectionResult<void> probe_tcp(const std::string& host, int port, std::chrono::milliseconds timeout);

}  // namespace pickupbox::console
