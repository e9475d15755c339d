#include "app/daemon.hpp"

#include <systemd/sd-daemon.h>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <csignal>
#include <iostream>
#include <memory>

#include "api/server.hpp"
#include "app/api_bindings.hpp"
#include "app/box_service.hpp"
#include "app/device_secret.hpp"
#include "app/lock_hardware.hpp"
#include "app/system_clock.hpp"
#include "core/keyed_hash.hpp"
#include "core/secure_random.hpp"
#include "log/log.hpp"
#include "store/store.hpp"

namespace pickupbox::app {
namespace {

template <class T>
T or_throw(core::Result<T> result, const std::string& what) {
  if (!result) throw std::runtime_error(what + ": " + result.error().message);
  return std::move(*result);
}

void or_throw(core::Result<void> result, const std::string& what) {
  if (!result) throw std::runtime_error(what + ": " + result.error().message);
}

// Repeats `tick` every `period` on the loop until the loop stops.
void every(asio::steady_timer& timer, std::chrono::milliseconds period, std::function<void()> tick) {
  timer.expires_after(period);
  timer.async_wait([&timer, period, tick = std::move(tick)](const std::error_code& ec) {
    if (ec) return;
    tick();
    every(timer, period, tick);
  });
}

}  // namespace

void add_daemon_options(CLI::App& cli, DaemonOptions& options) {
  cli.add_option("--config", options.config_file, "configuration file (default: built-in simulated box)")
      ->check(CLI::ExistingFile);
  cli.add_option("--state-dir", options.state_dir, "state directory: database and device secret")
      ->capture_default_str();
  cli.add_option("--socket", options.socket, "local API Unix socket")->capture_default_str();
  cli.add_option("--log-level", options.log_level, "debug | info | warn | error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cli.add_flag("--sim", options.sim, "simulated lock boards: enable the sim.* API methods and [dev] staff");
}

Config load_config(const DaemonOptions& options) {
  if (!options.config_file.empty()) return or_throw(load_config_file(options.config_file), "configuration");
  return or_throw(parse_config(options.builtin_config, "<built-in>"), "built-in configuration");
}

std::unique_ptr<sim::SimBank> make_sim_bank(const Config& config) {
  std::vector<sim::SimBoardOptions> boards;
  for (const auto& b : config.boards) {
    sim::SimBoardOptions options;
    options.address = b.address;
    options.lock_bit_set_means_open = b.lock_bit_set_means_open;
    boards.push_back(options);
  }
  return std::make_unique<sim::SimBank>(boards);
}

int run_daemon(const DaemonOptions& options, sim::SimBank* simulated) {
  Config config = load_config(options);
  if (!options.log_level.empty()) config.log_level = options.log_level;
  config.simulated_hardware = options.sim;
  log::set_level(config.log_level);

  or_throw(prepare_state_dir(options.state_dir), "state directory");
  core::OpenSslRandom random;
  SystemClock clock;
  const core::KeyedHasher hasher(or_throw(load_or_create_device_secret(options.state_dir, random), "device secret"));
  auto store = or_throw(store::Store::open(options.state_dir / "pickupbox.db", clock, random), "database");

  std::unique_ptr<sim::SimBank> own_bank;
  if (config.backend == BusBackend::sim && !simulated) {
    own_bank = make_sim_bank(config);
    simulated = own_bank.get();
  }

  asio::io_context loop;
  api::Server server(loop, api::ServerOptions{.socket_path = options.socket});
  BoxService* service_ptr = nullptr;
  LockHardware hardware(
      loop, config, simulated,
      [&service_ptr](int board, const core::Result<kerong::BoardStatus>& status) {
        if (service_ptr) service_ptr->on_board_status(board, status);
      },
      [&service_ptr](bool connected, const std::string& detail) {
        if (service_ptr) service_ptr->bus_link(connected, detail);
      });
  BoxService service(store, hasher, config, clock, random, hardware,
                     [&server](const Json& event) { server.broadcast(event); });
  service_ptr = &service;
  service.start();

  bind_box_api(server, service);
  bind_hardware_api(server, hardware, config);
  if (options.sim && simulated) bind_sim_api(server, *simulated, config, store);
  or_throw(server.start(), "local API socket " + options.socket.string());
  hardware.start();

  asio::steady_timer housekeeping(loop);
  every(housekeeping, config.housekeeping_interval, [&service] { service.housekeeping(); });
  service.housekeeping();

  // systemd: READY once serving; the watchdog is fed from the loop, so a hung loop is restarted.
  asio::steady_timer watchdog(loop);
  std::uint64_t watchdog_usec = 0;
  if (sd_watchdog_enabled(0, &watchdog_usec) > 0) {
    every(watchdog, std::chrono::milliseconds(watchdog_usec / 2000), [] { sd_notify(0, "WATCHDOG=1"); });
  }

  asio::signal_set signals(loop, SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code&, int signal) {
    log::info("boxd.stopping", {{"signal", signal}});
    sd_notify(0, "STOPPING=1");
    housekeeping.cancel();
    watchdog.cancel();
    server.stop();
    loop.stop();
  });

  sd_notify(0, "READY=1");
  log::info("boxd.ready", {{"device", config.device_id},
                           {"version", PICKUPBOX_VERSION},
                           {"socket", options.socket.string()},
                           {"doors", config.doors.size()},
                           {"bus", config.backend == BusBackend::usb ? "usb" : "sim"},
                           {"relay_boards", config.relay_boards.size()}});
  loop.run();
  hardware.stop();
  log::info("boxd.stopped", {});
  return 0;
}

int daemon_main(CLI::App& cli, DaemonOptions& options, int argc, char** argv,
                const std::function<int(const DaemonOptions&)>& run) {
  add_daemon_options(cli, options);
  CLI11_PARSE(cli, argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(options);
  } catch (const std::exception& e) {
    log::error("boxd.start_failed", {{"message", e.what()}});
    std::cerr << "boxd: cannot start: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace pickupbox::app
