#pragma once
// `boxctl provision init | install-cert | rotate | show`: the box's identity for the back
// office and the [box]/[backoffice] lines of boxd's configuration. These work on the state
// directory directly (boxd need not run); see device_identity.hpp.
#include <CLI/CLI.hpp>

#include "provisioning/command_context.hpp"

namespace pickupbox::provisioning {

// Returns the `provision` subcommand, so that other provisioning commands (enroll, layout)
// can join it: add_provision_commands(app, context)->add_subcommand("enroll", ...).
CLI::App* add_provision_commands(CLI::App& app, CommandContext& context);

// "host:port" with a host name or IPv4/[IPv6] address and a port 1..65535; an empty
// string when it is fine, else what is wrong with it.
std::string broker_address_problem(std::string_view address);

}  // namespace pickupbox::provisioning
