#include "provisioning/sim_commands.hpp"

#include <iostream>
#include <memory>

#include "provisioning/box_session.hpp"

namespace pickupbox::provisioning {
namespace {

struct SimArgs {
  std::string door;
  int board = 0;
  std::string action;
};

Outcome<void> sim_call(const GlobalOptions& options, const std::string& what, std::string_view method,
                       const Json& params) {
  auto box = BoxSession::open(options);
  if (!box) return std::unexpected(box.error());
  auto result = box->call(what, method, params);
  if (!result) return std::unexpected(result.error());
  if (!printed_as_json(options, *result)) std::cout << "Simulated: " << what << ".\n";
  return {};
}

}  // namespace

void add_sim_commands(CLI::App& app, CommandContext& context) {
  auto* sim = app.add_subcommand("sim", "drive the simulated lock boards (boxd --sim only)");
  sim->require_subcommand(1);

  auto door_args = std::make_shared<SimArgs>();
  auto* door = sim->add_subcommand("door", "open, close, jam or unjam a simulated door");
  door->add_option("door", door_args->door, "the door, e.g. A01")->required();
  door->add_option("action", door_args->action, "open | close | jam | unjam")
      ->required()
      ->check(CLI::IsMember({"open", "close", "jam", "unjam"}));
  door->callback([&context, door_args] {
    context.action = [&context, door_args] {
      return sim_call(context.global, door_args->action + " door " + door_args->door, "sim.door",
                      Json{{"locker_id", door_args->door}, {"action", door_args->action}});
    };
  });

  auto board_args = std::make_shared<SimArgs>();
  auto* board = sim->add_subcommand("board", "unplug or plug back a simulated lock board");
  board->add_option("board", board_args->board, "the board address, 0-15")->required()->check(CLI::Range(0, 15));
  board->add_option("action", board_args->action, "disconnect | reconnect")
      ->required()
      ->check(CLI::IsMember({"disconnect", "reconnect"}));
  board->callback([&context, board_args] {
    context.action = [&context, board_args] {
      return sim_call(context.global, board_args->action + " board " + std::to_string(board_args->board), "sim.board",
                      Json{{"board", board_args->board}, {"action", board_args->action}});
    };
  });
}

}  // namespace pickupbox::provisioning
