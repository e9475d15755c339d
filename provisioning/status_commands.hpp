#pragma once
// Read-only views of the box: `status`, `lockers`, `orders`.
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

void add_status_commands(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
