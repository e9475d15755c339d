#include "provisioning/staff_commands.hpp"

#include <iostream>
#include <memory>

#include "provisioning/box_session.hpp"

namespace pickupbox::provisioning {
namespace {

struct StaffArgs {
  StaffCredentials credentials;
  std::string order_id;
  std::string phone;
  std::string kind;
  std::string size;
  std::string date_of_birth;
  std::string language;
  std::string reference;
  std::string door;
  std::string reason;
  bool on = false;
  bool off = false;
};

using Words = void (*)(const Json& result, const StaffArgs& args);

// Logs in, makes one staff call, logs out; prints the result as words or JSON.
Outcome<void> run_staff_call(const GlobalOptions& options, const StaffArgs& args, std::string_view what,
                             std::string_view method, Json params, Words words) {
  auto result = one_staff_call(options, args.credentials, what, method, std::move(params));
  if (!result) return std::unexpected(result.error());
  if (!printed_as_json(options, *result)) words(*result, args);
  return {};
}

std::string field(const Json& result, const char* name) { return result.value(name, std::string{"?"}); }

Outcome<void> login(const GlobalOptions& options, const StaffArgs& args) {
  auto box = BoxSession::open(options);
  if (!box) return std::unexpected(box.error());
  auto result = box->login(args.credentials);
  if (!result) return std::unexpected(result.error());
  if (!printed_as_json(options, *result)) {
    std::cout << "Logged in as " << field(*result, "staff_id") << ".\nSession: " << field(*result, "session")
              << " (ends after " << result->value("timeout_s", 0) << " s without use)\n";
  }
  return {};
}

Outcome<Json> load_params(const StaffArgs& args) {
  if (!args.order_id.empty()) return Json{{"order_id", args.order_id}};
  if (args.phone.empty() || args.kind.empty() || args.size.empty()) {
    return usage_error("load a document", "give --order ID, or --phone, --kind and --size for an ad hoc load");
  }
  Json params{{"phone", args.phone}, {"document_kind", args.kind}, {"size", args.size}};
  if (!args.date_of_birth.empty()) params["date_of_birth"] = args.date_of_birth;
  if (!args.language.empty()) params["language"] = args.language;
  if (!args.reference.empty()) params["reference"] = args.reference;
  return params;
}

Outcome<void> load(const GlobalOptions& options, const StaffArgs& args) {
  auto params = load_params(args);
  if (!params) return std::unexpected(params.error());
  return run_staff_call(options, args, "load a document", "staff.load", *params, [](const Json& r, const StaffArgs&) {
    std::cout << "Door " << field(r, "locker_id") << " is open: put the document in and close the door.\n"
              << "Order: " << field(r, "order_id") << '\n';
  });
}

Outcome<void> retrieve(const GlobalOptions& options, const StaffArgs& args) {
  return run_staff_call(options, args, "retrieve order " + args.order_id, "staff.retrieve",
                        Json{{"order_id", args.order_id}}, [](const Json& r, const StaffArgs&) {
                          std::cout << "Door " << field(r, "locker_id") << " is open: take out the document of order "
                                    << field(r, "order_id") << " and close the door.\n";
                        });
}

Outcome<void> open_door(const GlobalOptions& options, const StaffArgs& args) {
  Json params{{"locker_id", args.door}};
  if (!args.reason.empty()) params["reason"] = args.reason;
  return run_staff_call(
      options, args, "open door " + args.door, "staff.open", params,
      [](const Json& r, const StaffArgs&) { std::cout << "Door " << field(r, "locker_id") << " is open.\n"; });
}

Outcome<void> out_of_service(const GlobalOptions& options, const StaffArgs& args) {
  if (args.on == args.off) return usage_error("set out of service", "give exactly one of --on and --off");
  const std::string what =
      std::string(args.on ? "take door " : "return door ") + args.door + (args.on ? " out of service" : " to service");
  return run_staff_call(options, args, what, "staff.out_of_service", Json{{"locker_id", args.door}, {"on", args.on}},
                        [](const Json& r, const StaffArgs&) {
                          std::cout << "Door " << field(r, "locker_id") << " is now " << field(r, "state") << ".\n";
                        });
}

Outcome<void> reset_attempts(const GlobalOptions& options, const StaffArgs& args) {
  return run_staff_call(options, args, "reset the attempts of order " + args.order_id, "staff.reset_attempts",
                        Json{{"order_id", args.order_id}}, [](const Json& r, const StaffArgs&) {
                          std::cout << "Order " << field(r, "order_id")
                                    << " is unblocked: the citizen may try the code again.\n";
                        });
}

using Runner = Outcome<void> (*)(const GlobalOptions&, const StaffArgs&);

CLI::App* add_staff_command(CLI::App& staff, CommandContext& context, const char* name, const char* help,
                            const std::shared_ptr<StaffArgs>& args, Runner run) {
  auto* command = staff.add_subcommand(name, help);
  add_credentials(*command, args->credentials);
  command->callback(
      [&context, args, run] { context.action = [&context, args, run] { return run(context.global, *args); }; });
  return command;
}

void add_load(CLI::App& staff, CommandContext& context) {
  auto args = std::make_shared<StaffArgs>();
  auto* load_cmd = add_staff_command(staff, context, "load", "open a free door and load a document", args, load);
  auto* order = load_cmd->add_option("--order", args->order_id, "an order awaiting loading");
  auto* phone = load_cmd->add_option("--phone", args->phone, "ad hoc: the citizen's mobile number");
  auto* kind = load_cmd->add_option("--kind", args->kind, "ad hoc: the document kind")
                   ->check(CLI::IsMember({"passport", "driving_licence", "id_card", "other"}));
  auto* size =
      load_cmd->add_option("--size", args->size, "ad hoc: the door size")->check(CLI::IsMember({"S", "M", "L"}));
  auto* dob = load_cmd->add_option("--dob", args->date_of_birth, "ad hoc: date of birth the citizen must enter");
  auto* lang =
      load_cmd->add_option("--lang", args->language, "ad hoc: SMS language")->check(CLI::IsMember({"da", "en"}));
  auto* reference = load_cmd->add_option("--reference", args->reference, "ad hoc: back-office reference");
  for (auto* adhoc : {phone, kind, size, dob, lang, reference}) order->excludes(adhoc);
}

void add_door_commands(CLI::App& staff, CommandContext& context) {
  auto open_args = std::make_shared<StaffArgs>();
  auto* open_cmd = add_staff_command(staff, context, "open", "open a door for service", open_args, open_door);
  open_cmd->add_option("--door", open_args->door, "the door, e.g. A01")->required();
  open_cmd->add_option("--reason", open_args->reason, "why, for the audit log");

  auto oos_args = std::make_shared<StaffArgs>();
  auto* oos = add_staff_command(staff, context, "out-of-service", "take a door out of service or back", oos_args,
                                out_of_service);
  oos->add_option("--door", oos_args->door, "the door, e.g. A01")->required();
  auto* on = oos->add_flag("--on", oos_args->on, "take the door out of service");
  auto* off = oos->add_flag("--off", oos_args->off, "return the door to service");
  on->excludes(off);
}

void add_order_commands(CLI::App& staff, CommandContext& context) {
  auto retrieve_args = std::make_shared<StaffArgs>();
  auto* retrieve_cmd = add_staff_command(staff, context, "retrieve", "open the door of an expired or cancelled order",
                                         retrieve_args, retrieve);
  retrieve_cmd->add_option("--order", retrieve_args->order_id, "the order")->required();

  auto reset_args = std::make_shared<StaffArgs>();
  auto* reset = add_staff_command(staff, context, "reset-attempts", "unblock an order after wrong dates of birth",
                                  reset_args, reset_attempts);
  reset->add_option("--order", reset_args->order_id, "the order")->required();
}

}  // namespace

void add_staff_commands(CLI::App& app, CommandContext& context) {
  auto* staff = app.add_subcommand("staff", "front-desk operations (need a staff id and PIN)");
  staff->require_subcommand(1);

  auto login_args = std::make_shared<StaffArgs>();
  add_staff_command(*staff, context, "login", "log in and print the session", login_args, login);
  add_load(*staff, context);
  add_order_commands(*staff, context);
  add_door_commands(*staff, context);
}

}  // namespace pickupbox::provisioning
