#include "provisioning/status_commands.hpp"

#include <iostream>
#include <memory>

#include "core/clock.hpp"
#include "core/time_text.hpp"
#include "provisioning/box_session.hpp"
#include "provisioning/text_table.hpp"

namespace pickupbox::provisioning {
namespace {

std::string text_of(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "-";
  return value.dump();
}

static void print_backoffice(const Json& link) {
  std::cout << "Back office: ";
  if (!link.value("configured", false)) {
    std::cout << "not configured (no [backoffice] broker): working offline\n";
    return;
  }
  if (link.value("connected", false)) {
    std::cout << "connected to " << text_of(link.value("broker", Json{})) << " (MQTT " << text_of(link.value("mqtt", Json{}))
              << (link.value("tls", false) ? ", TLS" : ", no TLS") << ")\n";
    return;
  }
  std::cout << "NOT CONNECTED";
  if (link.contains("broker")) std::cout << " to " << text_of(link["broker"]);
  const auto error = link.value("last_error", std::string{});
  std::cout << (error.empty() ? "" : ": " + error) << '\n';
}

void print_status(const Json& status) {
  std::cout << "Device " << text_of(status.value("device_id", Json{})) << ", firmware "
            << text_of(status.value("version", Json{})) << '\n';
  const Json lockers = status.value("lockers", Json::object());
  std::cout << "Lockers: " << lockers.value("free", 0) << " free, " << lockers.value("reserved", 0) << " reserved, "
            << lockers.value("occupied", 0) << " occupied, " << lockers.value("out_of_service", 0)
            << " out of service\n";
  std::cout << "Boards:";
  const char* separator = " ";
  for (const auto& board : status.value("boards", Json::array())) {
    std::cout << separator << board.value("board", -1) << (board.value("online", false) ? " online" : " OFFLINE");
    separator = ", ";
  }
  std::cout << '\n';
  std::cout << "Outbox: " << status.value("outbox_pending", 0) << " messages waiting for the back office\n";
  const Json storage = status.value("storage", Json::object());
  if (!storage.value("ok", true)) std::cout << "Storage: FAILING: " << text_of(storage.value("error", Json{})) << '\n';
  print_backoffice(status.value("backoffice", Json::object()));
  if (status.contains("kiosk_paused_s")) {
    std::cout << "Kiosk: paused for " << text_of(status["kiosk_paused_s"]) << " s after wrong codes\n";
  }
}

void print_lockers(const Json& result) {
  TextTable table({"DOOR", "BOARD", "CHANNEL", "SIZE", "STATE", "BLOCK", "SENSOR"});
  for (const auto& l : result.value("lockers", Json::array())) {
    const std::string block = text_of(l.value("block", Json{}));
    table.add_row({text_of(l.value("id", Json{})), text_of(l.value("board", Json{})),
                   text_of(l.value("channel", Json{})), text_of(l.value("size", Json{})),
                   text_of(l.value("state", Json{})), block == "none" ? "-" : block, text_of(l.value("door", Json{}))});
  }
  std::cout << table.render();
}

std::string time_of(const Json& unix_ms) {
  if (!unix_ms.is_number_integer()) return "-";
  return core::utc_text(core::from_unix_ms(unix_ms.get<std::int64_t>()));
}

void print_orders(const Json& result) {
  const Json orders = result.value("orders", Json::array());
  if (orders.empty()) {
    std::cout << "No orders.\n";
    return;
  }
  TextTable table({"ORDER", "REFERENCE", "KIND", "SIZE", "STATE", "DOOR", "BLOCKED", "CREATED (UTC)"});
  for (const auto& o : orders) {
    table.add_row({text_of(o.value("order_id", Json{})), text_of(o.value("reference", Json{})),
                   text_of(o.value("document_kind", Json{})), text_of(o.value("size", Json{})),
                   text_of(o.value("state", Json{})), text_of(o.value("locker_id", Json{})),
                   o.value("blocked", false) ? "yes" : "no", time_of(o.value("created_at", Json{}))});
  }
  std::cout << table.render();
}

Outcome<void> show(const GlobalOptions& options, std::string_view what, std::string_view method,
                   void (*print)(const Json&)) {
  auto box = BoxSession::open(options);
  if (!box) return std::unexpected(box.error());
  auto result = box->call(what, method);
  if (!result) return std::unexpected(result.error());
  if (!printed_as_json(options, *result)) print(*result);
  return {};
}

struct OrdersOptions {
  StaffCredentials credentials;
  std::string state;
};

Outcome<void> show_orders(const GlobalOptions& options, const OrdersOptions& args) {
  Json params = Json::object();
  if (!args.state.empty()) params["state"] = args.state;
  auto result = one_staff_call(options, args.credentials, "list the orders", "staff.orders", std::move(params));
  if (!result) return std::unexpected(result.error());
  if (!printed_as_json(options, *result)) print_orders(*result);
  return {};
}

}  // namespace

void add_status_commands(CLI::App& app, CommandContext& context) {
  app.add_subcommand("status", "show the box: doors by state, boards, outbox")->callback([&context] {
    context.action = [&context] { return show(context.global, "read the box status", "status", print_status); };
  });
  app.add_subcommand("lockers", "show every door as a table")->callback([&context] {
    context.action = [&context] { return show(context.global, "list the lockers", "lockers", print_lockers); };
  });

  auto args = std::make_shared<OrdersOptions>();
  auto* orders = app.add_subcommand("orders", "list orders (staff)");
  add_credentials(*orders, args->credentials);
  orders->add_option("--state", args->state, "only orders in this state")
      ->check(CLI::IsMember({"awaiting_load", "loaded", "expired", "collected", "returned", "cancelled"}));
  orders->callback(
      [&context, args] { context.action = [&context, args] { return show_orders(context.global, *args); }; });
}

}  // namespace pickupbox::provisioning
