#include "provisioning/layout_command.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

#include "provisioning/box_session.hpp"
#include "provisioning/text_table.hpp"

namespace pickupbox::provisioning {
namespace {

using core::ErrorCode;
using core::fail;

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool valid_column(const std::string& c) { return c.size() == 1 && c[0] >= 'A' && c[0] <= 'Z'; }
bool valid_size(const std::string& s) { return s == "S" || s == "M" || s == "L"; }

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

core::Result<LayoutTemplate> parse_layout_template(const ConfigFile& file, std::string_view origin) {
  const auto where = "layout template " + std::string(origin) + ": ";
  LayoutTemplate layout{words(file.get("layout", "columns").value_or("")), words(file.get("layout", "sizes").value_or(""))};
  if (layout.columns.empty() || !std::ranges::all_of(layout.columns, valid_column)) {
    return fail(ErrorCode::invalid_argument, where + "[layout] columns must list one capital letter per board, e.g. "
                                                     "'columns = A B'");
  }
  if (layout.sizes.empty() || layout.sizes.size() > 16 || !std::ranges::all_of(layout.sizes, valid_size)) {
    return fail(ErrorCode::invalid_argument, where + "[layout] sizes must list S, M or L for each of a board's "
                                                     "1 to 16 channels, channel 1 first");
  }
  return layout;
}

core::Result<void> apply_layout(ConfigFile& config, const LayoutTemplate& layout, const std::vector<int>& boards) {
  if (boards.empty()) {
    return fail(ErrorCode::hardware, "no lock board answered on the bus: check the USB bridge, the RS-485 wiring and "
                                     "the boards' power, then run boxctl boards scan");
  }
  if (boards.size() > layout.columns.size()) {
    return fail(ErrorCode::invalid_argument, std::to_string(boards.size()) + " boards answered but the template names " +
                                                 std::to_string(layout.columns.size()) +
                                                 " column(s): add a letter per board to [layout] columns");
  }
  std::string addresses;
  for (int b : boards) addresses += (addresses.empty() ? "" : " ") + std::to_string(b);
  config.set("bus", "boards", addresses);
  config.clear("doors");
  for (std::size_t i = 0; i < boards.size(); ++i) {
    for (std::size_t channel = 1; channel <= layout.sizes.size(); ++channel) {
      const auto id = layout.columns[i] + two_digits(static_cast<int>(channel));
      config.set("doors", id, std::to_string(boards[i]) + " " + std::to_string(channel) + " " + layout.sizes[channel - 1]);
    }
  }
  return {};
}

namespace {

struct LayoutOptions {
  std::string template_file;
  std::string config_file = default_config_file;
};

Outcome<void> layout(const GlobalOptions& options, const LayoutOptions& layout_options) {
  const auto failed = [](std::string what, const core::Error& e) {
    return std::unexpected(Failure{ExitCode::failed, std::move(what), e.message, std::string(core::to_string(e.code)), ""});
  };
  auto template_file = ConfigFile::load(layout_options.template_file);
  if (!template_file) return failed("read the layout template", template_file.error());
  auto parsed = parse_layout_template(*template_file, layout_options.template_file);
  if (!parsed) return failed("read the layout template", parsed.error());

  auto box = BoxSession::open(options);
  if (!box) return std::unexpected(box.error());
  auto scan = box->call("scan the lock-board bus", "boards.scan");
  if (!scan) return std::unexpected(scan.error());
  std::vector<int> boards;
  for (const auto& a : scan->value("answered", Json::array())) boards.push_back(a.get<int>());
  std::ranges::sort(boards);

  auto config = ConfigFile::load(layout_options.config_file);
  if (!config) return failed("read the configuration", config.error());
  if (auto applied = apply_layout(*config, *parsed, boards); !applied) return failed("lay out the doors", applied.error());
  if (auto saved = config->save(layout_options.config_file); !saved) return failed("write the configuration", saved.error());

  TextTable table({"BOARD", "DOORS"});
  for (std::size_t i = 0; i < boards.size(); ++i) {
    table.add_row({std::to_string(boards[i]), parsed->columns[i] + "01.." + parsed->columns[i] + two_digits(static_cast<int>(parsed->sizes.size()))});
  }
  std::cout << table.render() << "Wrote [bus] boards and " << boards.size() * parsed->sizes.size() << " doors to "
            << layout_options.config_file << "; restart boxd to use them, then run boxctl selftest\n";
  return {};
}

}  // namespace

void add_layout_command(CLI::App& provision, CommandContext& context) {
  auto options = std::make_shared<LayoutOptions>();
  auto* command = provision.add_subcommand("layout", "write the door map from the boards that answer and a template");
  command->add_option("--template", options->template_file, "layout template: [layout] columns and sizes")->required();
  command->add_option("--config", options->config_file, "boxd's configuration file")->capture_default_str();
  command->callback([&context, options] { context.action = [&context, options] { return layout(context.global, *options); }; });
}

}  // namespace pickupbox::provisioning
