#include "provisioning/cli_options.hpp"

namespace pickupbox::provisioning {

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--socket", options.socket, "boxd's API socket")->envname("PICKUPBOX_SOCKET")->capture_default_str();
  app.add_flag("--json", options.json, "print boxd's raw JSON results");
  app.add_option("--timeout-ms", options.timeout_ms, "how long to wait for each answer from boxd")
      ->check(CLI::Range(1, 600'000))
      ->capture_default_str();
}

void add_credentials(CLI::App& command, StaffCredentials& credentials) {
  command.add_option("--staff", credentials.staff_id, "staff id (or $PICKUPBOX_STAFF)")
      ->envname("PICKUPBOX_STAFF")
      ->required();
  // A PIN on the command line is visible in `ps`; the environment variable is the safer way.
  command.add_option("--pin", credentials.pin, "staff PIN (or $PICKUPBOX_PIN)")->envname("PICKUPBOX_PIN")->required();
}

}  // namespace pickupbox::provisioning
