#include "provisioning/commissioning_commands.hpp"

#include <filesystem>
#include <iostream>
#include <thread>

#include "provisioning/box_session.hpp"
#include "provisioning/text_table.hpp"

namespace pickupbox::provisioning {
namespace {

using namespace std::chrono_literals;

// A self-test fires the doors one after another, about a second each on real locks.
constexpr std::chrono::milliseconds selftest_timeout = 10min;
// boxd waits up to 20 s for the back office to acknowledge the reset notice.
constexpr std::chrono::milliseconds reset_timeout = 60s;
constexpr std::chrono::milliseconds stop_wait = 15s;

GlobalOptions with_timeout(GlobalOptions options, std::chrono::milliseconds at_least) {
  options.timeout_ms = std::max(options.timeout_ms, static_cast<int>(at_least.count()));
  return options;
}

Outcome<void> selftest(const GlobalOptions& options) {
  auto box = BoxSession::open(with_timeout(options, selftest_timeout));
  if (!box) return std::unexpected(box.error());
  auto report = box->call("run the self-test", "hardware.selftest");
  if (!report) return std::unexpected(report.error());
  if (!printed_as_json(options, *report)) {
    TextTable table({"DOOR", "RESULT", "DETAIL"});
    for (const auto& d : report->at("doors")) {
      table.add_row({d.value("locker_id", "?"), d.value("result", "?"), d.value("detail", "")});
    }
    std::cout << table.render() << report->value("passed", 0) << " passed, " << report->value("failed", 0)
              << " failed, " << report->value("skipped", 0) << " skipped (doors holding documents are not opened)\n";
  }
  if (const int failed = report->value("failed", 0); failed > 0) {
    return std::unexpected(Failure{ExitCode::failed, "run the self-test", std::to_string(failed) + " door(s) failed",
                                   "selftest_failed", "fix the doors listed as fail, then run boxctl selftest again"});
  }
  return {};
}

// boxd stops itself after a reset and erases its state on the way out: wait for its socket
// to stop answering, so the caller knows the erase has happened.
bool wait_until_stopped(const GlobalOptions& options) {
  const auto deadline = std::chrono::steady_clock::now() + stop_wait;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!BoxSession::open(options)) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

struct ResetOptions {
  bool confirmed = false;
  bool force = false;
  std::filesystem::path config = "/etc/pickupbox/boxd.conf";
};

Outcome<void> factory_reset(const GlobalOptions& options, const ResetOptions& reset) {
  if (!reset.confirmed) {
    return usage_error("factory reset", "it erases the device key, the database and the configuration; "
                                        "pass --yes-erase-everything to confirm");
  }
  auto box = BoxSession::open(with_timeout(options, reset_timeout));
  if (!box) {
    Failure failure = box.error();
    failure.hint = "start boxd first: the reset needs it to check the doors and to tell the back office";
    return std::unexpected(failure);
  }
  auto result = box->call("reset the box to factory state", "factory.reset",
                          Json{{"confirm", "erase-everything"}, {"force", reset.force}});
  if (!result) return std::unexpected(result.error());
  const auto doors = result->value("doors_with_documents", Json::array());
  if (!doors.empty()) std::cout << "Doors that still hold documents (the back office was told): " << doors.dump() << '\n';
  if (!result->value("notice_delivered", false)) {
    std::cout << "warning: the back office did not acknowledge the reset notice in time; tell it yourself"
              << (doors.empty() ? "" : ", with the doors above") << '\n';
  }
  if (!wait_until_stopped(options)) {
    return std::unexpected(Failure{ExitCode::failed, "wait for boxd to stop", "boxd still answers after the reset",
                                   "failed", "check its log; the state directory may not be erased"});
  }
  std::error_code error;
  if (std::filesystem::remove(reset.config, error)) std::cout << "Removed " << reset.config.string() << '\n';
  if (error) {
    return std::unexpected(Failure{ExitCode::failed, "remove the configuration " + reset.config.string(),
                                   error.message(), "failed", "remove it by hand (as root)"});
  }
  std::cout << "boxd erased its state and stopped. Provision the box again before starting it.\n";
  return {};
}

}  // namespace

void add_commissioning_commands(CLI::App& app, CommandContext& context) {
  app.add_subcommand("selftest", "fire every empty door's lock one at a time and read back its sensor")
      ->callback([&context] { context.action = [&context] { return selftest(context.global); }; });

  auto reset = std::make_shared<ResetOptions>();
  auto* command = app.add_subcommand("factory-reset", "erase keys, database and configuration (boxd stops)");
  command->add_flag("--yes-erase-everything", reset->confirmed, "confirm: this cannot be undone");
  command->add_flag("--force", reset->force,
                    "reset even while doors hold documents; the back office is told which doors they are");
  command->add_option("--config", reset->config, "boxd's configuration file to remove")
      ->capture_default_str();
  command->callback([&context, reset] { context.action = [&context, reset] { return factory_reset(context.global, *reset); }; });
}

}  // namespace pickupbox::provisioning
