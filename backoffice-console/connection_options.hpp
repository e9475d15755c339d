#pragma once
// How the console reaches the broker: the options every subcommand shares.
#include <string>

#include <CLI/CLI.hpp>

#include "core/error.hpp"

namespace pickupbox::console {

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string cafile;  // TLS with peer verification when set
  std::string cert;    // client certificate and key for mutual TLS (both or neither)
  std::string key;
  std::string client_id;  // empty: backoffice-console-<pid>
  bool clean = false;     // false: persistent session (the broker keeps QoS 1 messages while away)

  bool tls() const { return !cafile.empty(); }
  std::string endpoint() const { return host + ":" + std::to_string(port); }
};

// --host, --port, --cafile, --cert, --key, --client-id, --clean.
void add_connection_options(CLI::App& app, ConnectionOptions& options);

// "backoffice-console-<pid>": unique per process, so not resumable by a later run.
std::string default_client_id();

// Fills client_id when empty and checks the TLS options fit together and the files are readable.
core::Result<ConnectionOptions> resolve(ConnectionOptions options);

}  // namespace pickupbox::console
