#pragma once
// backoffice-console listen [--device ID|+] [--log FILE] [--count N] [--timeout-s S]
// Subscribes to pickupbox/v1/<ID>/# at QoS 1 and prints one line per message
// (message_format.hpp); with --log also appends each as a JSON line (message_log.hpp).
// Meanwhile reads commands from stdin, one per line (console_line.hpp), and publishes them;
// the answers arrive as `result` lines.
#include <optional>
#include <string>

#include "connection_options.hpp"

namespace pickupbox::console {

struct ListenOptions {
  std::string device = "+";
  std::string log_path;          // empty: no log
  std::optional<int> count;      // exit ok after this many messages
  std::optional<int> timeout_s;  // exit unreachable when reached first
};

// exit_status.hpp: ok (count reached, quit, SIGINT/SIGTERM), unreachable (connection
// failure or timeout), usage (bad options).
int run_listen(const ConnectionOptions& connection, const ListenOptions& options);

}  // namespace pickupbox::console
