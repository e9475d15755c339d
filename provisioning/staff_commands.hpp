#pragma once
// `staff login|load|retrieve|open|out-of-service|reset-attempts`: each logs in on its own
// connection first, with --staff/--pin or $PICKUPBOX_STAFF/$PICKUPBOX_PIN.
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

void add_staff_commands(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
