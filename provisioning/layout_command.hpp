#pragma once
// `boxctl provision layout`: the door map from the lock boards that answer on the bus and a
// layout template (which door id and size each channel gets), written into boxd.conf.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "provisioning/command_context.hpp"
#include "provisioning/config_file.hpp"

namespace pickupbox::provisioning {

// A layout template (INI, section [layout]):
//   columns = A B C     one door-id letter per board, boards in address order
//   sizes = S S M L     the size of each channel's door, channel 1 first
struct LayoutTemplate {
  std::vector<std::string> columns;
  std::vector<std::string> sizes;
};

core::Result<LayoutTemplate> parse_layout_template(const ConfigFile& file, std::string_view origin);

// [bus] boards and the whole [doors] section for the boards that answered (ascending
// addresses): door "<column><channel, two digits>" = board channel size.
core::Result<void> apply_layout(ConfigFile& config, const LayoutTemplate& layout, const std::vector<int>& boards);

void add_layout_command(CLI::App& provision, CommandContext& context);

}  // namespace pickupbox::provisioning
