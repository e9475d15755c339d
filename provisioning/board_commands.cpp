#include "provisioning/board_commands.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include "provisioning/box_session.hpp"
#include "provisioning/text_table.hpp"

namespace pickupbox::provisioning {
namespace {

std::set<int> numbers(const Json& list) {
  std::set<int> out;
  for (const auto& n : list) {
    if (n.is_number_integer()) out.insert(n.get<int>());
  }
  return out;
}

void print_bus(const Json& bus) {
  std::cout << "Bus: " << bus.value("backend", "?");
  if (bus.value("backend", "") == "usb") {
    std::cout << ", " << bus.value("bridge", "?") << " bridge " << bus.value("device", "?") << ", "
              << bus.value("line", "?");
  }
  std::cout << ", " << (bus.value("connected", false) ? "connected" : "NOT CONNECTED") << '\n';
}

void print_scan(const Json& report) {
  print_bus(report.value("bus", Json::object()));
  const auto answered = numbers(report.value("answered", Json::array()));
  const auto missing = numbers(report.value("missing", Json::array()));
  const auto unexpected = numbers(report.value("unexpected", Json::array()));
  std::set<int> all = answered;
  all.insert(missing.begin(), missing.end());
  TextTable table({"ADDRESS", "ANSWERED", "CONFIGURED", "NOTE"});
  for (int address : all) {
    const bool configured = !unexpected.contains(address);
    std::string note = "-";
    if (missing.contains(address)) note = "configured but silent: check power, address switches, RS-485 wiring";
    if (unexpected.contains(address)) note = "answers but no door uses it: add it to [bus] boards if it should";
    table.add_row({std::to_string(address), answered.contains(address) ? "yes" : "no", configured ? "yes" : "no",
                   note});
  }
  std::cout << table.render();
  std::cout << answered.size() << " board(s) answered, " << missing.size() << " configured board(s) silent\n";
  for (const auto& relay : report.value("relay_boards", Json::array())) {
    std::cout << "Relay board " << relay.value("name", "?") << ": " << relay.value("device", "?") << '\n';
  }
}

Outcome<void> scan(const GlobalOptions& options) {
  auto box = BoxSession::open(options);
  if (!box) return std::unexpected(box.error());
  auto report = box->call("scan the lock-board bus", "boards.scan");
  if (!report) return std::unexpected(report.error());
  if (!printed_as_json(options, *report)) print_scan(*report);
  return {};
}

}  // namespace

void add_board_commands(CLI::App& app, CommandContext& context) {
  auto* boards = app.add_subcommand("boards", "lock-board diagnostics");
  boards->require_subcommand(1);
  boards->add_subcommand("scan", "ask every bus address 0-15 which lock board answers")->callback([&context] {
    context.action = [&context] { return scan(context.global); };
  });
}

}  // namespace pickupbox::provisioning
