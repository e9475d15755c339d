#include "provisioning/pickup_command.hpp"

#include <iostream>
#include <memory>

#include "provisioning/box_session.hpp"

namespace pickupbox::provisioning {
namespace {

struct PickupArgs {
  std::string code;
  std::string date_of_birth;
};

// Neither the code nor the date of birth is ever printed: both are the citizen's secrets.
Outcome<void> pickup(const GlobalOptions& options, const PickupArgs& args) {
  auto box = BoxSession::open(options);
  if (!box) return std::unexpected(box.error());
  Json params{{"code", args.code}};
  if (!args.date_of_birth.empty()) params["identifier"] = args.date_of_birth;
  auto result = box->call("pick up with the code", "pickup.verify", params);
  if (!result) return std::unexpected(result.error());
  if (!printed_as_json(options, *result)) {
    std::cout << "Door " << result->value("locker_id", std::string{"?"}) << " is open: take your "
              << result->value("document_kind", std::string{"document"}) << " and close the door.\n"
              << "Order: " << result->value("order_id", std::string{"?"}) << '\n';
  }
  return {};
}

}  // namespace

void add_pickup_command(CLI::App& app, CommandContext& context) {
  auto args = std::make_shared<PickupArgs>();
  auto* command = app.add_subcommand("pickup", "collect a document with the code from the SMS");
  command->add_option("--code", args->code, "the pickup code")->required();
  command->add_option("--dob", args->date_of_birth, "the date of birth, when the SMS asks for it");
  command->callback([&context, args] { context.action = [&context, args] { return pickup(context.global, *args); }; });
}

}  // namespace pickupbox::provisioning
