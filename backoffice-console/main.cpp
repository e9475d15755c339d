// backoffice-console: the reference back office for development and the demo. It listens to
// every box (events, SMS requests, which it "delivers" by printing them, status, command
// results) and sends commands. See listen_command.hpp and send_command.hpp.
#include <CLI/CLI.hpp>

#include "command_builder.hpp"
#include "connection_options.hpp"
#include "exit_status.hpp"
#include "listen_command.hpp"
#include "send_command.hpp"
#include "sign_command.hpp"

int main(int argc, char** argv) {
  using namespace pickupbox::console;

  CLI::App app{"Pickup Box reference back-office console (MQTT): listen to boxes, send them commands"};
  app.require_subcommand(1, 1);
  app.fallthrough();
  ConnectionOptions connection;
  add_connection_options(app, connection);

  ListenOptions listen;
  int count = 0;
  int listen_timeout_s = 0;
  auto* listen_command = app.add_subcommand(
      "listen", "print every message from the boxes (one line each; SMS requests are 'delivered' by printing) "
                "and send commands typed on stdin (type help)");
  listen_command->add_option("--device", listen.device, "device id, or + for all boxes")->capture_default_str();
  listen_command->add_option("--log", listen.log_path, "append every message as a JSON line to FILE");
  listen_command->add_option("--count", count, "exit 0 after N messages")->check(CLI::Range(1, 100000000));
  listen_command->add_option("--timeout-s", listen_timeout_s, "exit 2 after S seconds")->check(CLI::Range(1, 31536000));

  SendOptions send;
  std::string raw_json;
  std::string request_id;
  auto* send_command = app.add_subcommand("send", "send one command to a box and print its answer as JSON; exit 0 "
                                                  "ok:true, 1 ok:false, 2 no answer or no connection, 64 bad input");
  send_command->add_option("device", send.request.device, "device id, e.g. box-dev-001")->required();
  send_command->add_option("command", send.request.command, "command name (below)")->required();
  send_command->add_option("fields", send.request.fields, "key=value ...");
  auto* json_option = send_command->add_option("--json", raw_json, "raw payload object; key=value pairs are added");
  auto* id_option = send_command->add_option("--request-id", request_id, "default console-<time>-<random>");
  send_command->add_option("--timeout-s", send.timeout_s, "seconds to wait for the answer")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  send_command->footer("Commands:\n" + command_help() +
                       "Example: send box-dev-001 create-order reference=PAS-1 kind=passport size=M "
                       "phone=+4512345678 dob=1990-05-17");

  SignOptions sign;
  auto* sign_command = add_sign_command(app, sign);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    return status == 0 ? exit_status::ok : exit_status::usage;
  }

  if (listen_command->parsed()) {
    if (listen_command->count("--count") > 0) listen.count = count;
    if (listen_command->count("--timeout-s") > 0) listen.timeout_s = listen_timeout_s;
    return run_listen(connection, listen);
  }
  if (sign_command->parsed()) return run_sign(connection, sign);
  if (json_option->count() > 0) send.request.raw_json = raw_json;
  if (id_option->count() > 0) send.request.request_id = request_id;
  return run_send(connection, send);
}
