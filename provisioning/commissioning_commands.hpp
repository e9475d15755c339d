#pragma once
// IT's commissioning commands: `boxctl selftest` (fire every empty door's lock, read back its
// sensor) and `boxctl factory-reset` (erase keys, database and configuration).
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

void add_commissioning_commands(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
