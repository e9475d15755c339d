#pragma once
// `boxctl provision enroll --claim-cert FILE --claim-key FILE --broker HOST:PORT [--ca FILE]
//  [--device-id ID] [--state-dir DIR] [--timeout-s N]`: claim enrolment (enrollment.hpp).
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

// Adds `enroll` under the `provision` subcommand, which add_provision_commands must have
// made already (call this after it).
void add_enroll_command(CLI::App& app, CommandContext& context);

}  // namespace pickupbox::provisioning
