#pragma once
// backoffice-console send DEVICE COMMAND [key=value ...] [--json '{...}'] [--request-id ID] [--timeout-s 10]
// Subscribes to cmd-result/<request-id> (waits for SUBACK), publishes the command at QoS 1
// (waits for PUBACK), waits for the box's answer and prints it as JSON on stdout.
#include "command_builder.hpp"
#include "connection_options.hpp"

namespace pickupbox::console {

struct SendOptions {
  CommandRequest request;
  int timeout_s = 10;  // for everything: connect, subscribe, publish and the answer
};

// exit_status.hpp: ok (ok:true), command_failed (ok:false), unreachable (connection or
// timeout), usage (bad fields).
int run_send(const ConnectionOptions& connection, const SendOptions& options);

}  // namespace pickupbox::console
