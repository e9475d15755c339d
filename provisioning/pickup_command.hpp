#pragma once
// `pickup --code C [--dob D]`: the citizen's flow from the command line, for service tests.
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

void add_pickup_command(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
