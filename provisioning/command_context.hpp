#pragma once
// What the command groups share: the global options, and the one action the command line
// chose. Actions run after parsing has finished, so a usage error never half-runs a command.
#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "provisioning/cli_options.hpp"
#include "provisioning/command_outcome.hpp"

namespace pickupbox::provisioning {

struct CommandContext {
  GlobalOptions global;
  std::function<Outcome<void>()> action;
};

// With --json prints boxd's result on one line and returns true; otherwise the caller
// prints words.
bool printed_as_json(const GlobalOptions& options, const nlohmann::json& result);

}  // namespace pickupbox::provisioning
