#pragma once
// Lock-board diagnostics for commissioning: `boards scan`.
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

void add_board_commands(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
