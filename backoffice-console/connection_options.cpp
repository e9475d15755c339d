#include "connection_options.hpp"

#include <unistd.h>

#include <fstream>

namespace pickupbox::console {

namespace {

core::Result<void> check_readable(const std::string& path, std::string_view option) {
  std::ifstream file(path);
  if (!file) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "cannot read " + std::string(option) + " '" + path + "': check the path and its permissions");
  }
  return {};
}

}  // namespace

void add_connection_options(CLI::App& app, ConnectionOptions& options) {
  app.add_option("--host", options.host, "MQTT broker host")->capture_default_str();
  app.add_option("--port", options.port, "MQTT broker port")->capture_default_str()->check(CLI::Range(1, 65535));
  app.add_option("--cafile", options.cafile, "CA certificate (PEM): enables TLS >= 1.2 with broker verification");
  app.add_option("--cert", options.cert, "client certificate (PEM) for mutual TLS; needs --key and --cafile");
  app.add_option("--key", options.key, "client private key (PEM) for mutual TLS; needs --cert and --cafile");
  app.add_option("--client-id", options.client_id,
                 "MQTT client id (default backoffice-console-<pid>); a stable id resumes its persistent session");
  app.add_flag("--clean", options.clean, "clean session: the broker forgets subscriptions and queued messages");
}

std::string default_client_id() { return "backoffice-console-" + std::to_string(::getpid()); }

core::Result<ConnectionOptions> resolve(ConnectionOptions options) {
  if (options.host.empty()) {
    return core::fail(core::ErrorCode::invalid_argument, "--host is empty: give the broker's host name or address");
  }
  if (options.client_id.empty()) options.client_id = default_client_id();
  if (options.client_id.size() > 64) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "--client-id '" + options.client_id + "' is longer than 64 characters: choose a shorter id");
  }
  if (options.cert.empty() != options.key.empty()) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "--cert and --key go together: give both for mutual TLS, or neither");
  }
  if (!options.cert.empty() && options.cafile.empty()) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "--cert/--key need --cafile: the console always verifies the broker's certificate");
  }
  for (const auto& [path, option] : {std::pair{options.cafile, "--cafile"}, std::pair{options.cert, "--cert"},
                                     std::pair{options.key, "--key"}}) {
    if (path.empty()) continue;
    if (auto readable = check_readable(path, option); !readable) return std::unexpected(readable.error());
  }
  return options;
}

}  // namespace pickupbox::console
