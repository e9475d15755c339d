#pragma once
// `demo`: the scripted end-to-end scenario through the local API. Staff loads a passport,
// the citizen gets the SMS, types a wrong code, then the right one, and collects it. Every
// step is printed in plain words and checked; the exit status is 0 only if all worked.
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

void add_demo_command(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
