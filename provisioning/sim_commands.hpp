#pragma once
// `sim door ID open|close|jam|unjam` and `sim board N disconnect|reconnect`: drive the
// simulated lock boards of a boxd started with --sim.
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

void add_sim_commands(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
