// boxctl: the operator's command line for boxd. Each command group registers itself; main
// only parses, runs the chosen action and turns its outcome into an exit status.
#include <iostream>

#include "provisioning/command_context.hpp"
#include "provisioning/commissioning_commands.hpp"
#include "provisioning/demo.hpp"
#include "provisioning/layout_command.hpp"
#include "provisioning/enroll_command.hpp"
#include "provisioning/pickup_command.hpp"
#include "provisioning/provision_commands.hpp"
#include "provisioning/sim_commands.hpp"
#include "provisioning/staff_commands.hpp"
#include "provisioning/board_commands.hpp"
#include "provisioning/status_commands.hpp"

namespace pb = pickupbox::provisioning;

int main(int argc, char** argv) {
  CLI::App app{"boxctl: inspect and operate a Pickup Box through boxd's local API"};
  app.require_subcommand(1);
  pb::CommandContext context;
  pb::add_global_options(app, context.global);
  pb::add_status_commands(app, context);
  pb::add_board_commands(app, context);
  pb::add_staff_commands(app, context);
  pb::add_pickup_command(app, context);
  pb::add_sim_commands(app, context);
  pb::add_demo_command(app, context);
  pb::add_commissioning_commands(app, context);
  auto* provision = pb::add_provision_commands(app, context);
  pb::add_enroll_command(app, context);  // provision enroll: after add_provision_commands
  pb::add_layout_command(*provision, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);  // prints help, or the error and a usage hint
    return status == 0 ? 0 : static_cast<int>(pb::ExitCode::usage);
  }
  try {
    return pb::exit_status(context.action());
  } catch (const nlohmann::json::exception& e) {
    // boxd answered, but not in the shape METHODS.md promises: a version mismatch or a bug.
    return pb::report(pb::Failure{pb::ExitCode::failed, "read boxd's answer", e.what(), "bad_response",
                                  "boxctl and boxd may be different versions"});
  }
}
