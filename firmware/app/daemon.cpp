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
#include "app/command_executor.hpp"
#include "app/device_secret.hpp"
#include "app/lock_hardware.hpp"
#include "app/system_clock.hpp"
#include "backoffice/backoffice_link.hpp"
#include "backoffice/tls_identity.hpp"
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

// Held back on the state filesystem so that a full disk stops new loads but not pickups,
// door records and alarms (store::SpaceReserve): hundreds of such commits, as the WAL is
// reused in place once it has grown.
constexpr std::uint64_t space_reserve_bytes = 2 * 1024 * 1024;
// How long a factory reset waits for the back office to acknowledge its notice.
constexpr std::chrono::seconds factory_reset_notice_wait{20};

// Erases the state directory's contents (database, device secret, keys, certificates) when
// armed, after everything that used them is gone; the directory itself stays, with its mode.
struct StateEraser {
  std::filesystem::path dir;
  bool armed = false;
  explicit StateEraser(std::filesystem::path state_dir) : dir(std::move(state_dir)) {}
  StateEraser(const StateEraser&) = delete;
  StateEraser& operator=(const StateEraser&) = delete;
  ~StateEraser() {
    if (!armed) return;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      std::error_code removed;
      std::filesystem::remove_all(entry.path(), removed);
      if (removed) log::error("boxd.erase_failed", {{"path", entry.path().string()}, {"message", removed.message()}});
    }
    if (error) log::error("boxd.erase_failed", {{"path", dir.string()}, {"message", error.message()}});
    log::warn("boxd.state_erased", {{"dir", dir.string()}});
  }
};

// Calls `done(delivered)` once the outbox is empty (the back office has every event,
// the factory-reset notice last), or after `limit`; at once when there is no link.
void wait_for_notice(asio::steady_timer& timer, store::Store& store, backoffice::BackofficeLink* link,
                     std::chrono::milliseconds limit, std::function<void(bool)> done) {
  const auto pending = store.outbox_size();
  const bool empty = pending && *pending == 0;
  if (empty || !link || limit.count() <= 0) return done(empty);
  constexpr std::chrono::milliseconds poll{100};
  timer.expires_after(poll);
  timer.async_wait([&timer, &store, link, limit, done = std::move(done), poll](const std::error_code& ec) mutable {
    if (ec) return done(false);
    wait_for_notice(timer, store, link, limit - poll, std::move(done));
  });
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

std::filesystem::path in_state_dir(const std::filesystem::path& configured, const std::filesystem::path& state_dir,
                                   const char* default_name) {
  return configured.empty() ? state_dir / default_name : configured;
}

backoffice::LinkSettings link_settings(const Config& config, const std::filesystem::path& state_dir) {
  const auto& b = config.backoffice;
  backoffice::LinkSettings s;
  s.device_id = config.device_id;
  s.version = PICKUPBOX_VERSION;
  s.connection.host = b.host;
  s.connection.port = b.port;
  s.connection.keepalive = b.keepalive;
  s.connection.version = b.mqtt_v5 ? backoffice::MqttVersion::v5 : backoffice::MqttVersion::v311;
  s.connection.session_expiry = b.session_expiry;
  if (b.tls) {
    s.connection.tls = backoffice::TlsFiles{in_state_dir(b.ca_file, state_dir, "backoffice-ca.crt"),
                                            in_state_dir(b.cert_file, state_dir, "device.crt"),
                                            in_state_dir(b.key_file, state_dir, "device.key")};
  }
  s.backoff = {b.reconnect_initial, b.reconnect_max};
  s.drain.window = static_cast<std::size_t>(b.outbox_window);
  s.drain.high_water = b.outbox_high_water;
  s.heartbeat = b.heartbeat;
  return s;
}

// The link, or nullptr when no broker is configured or its TLS files are unusable: the box
// then works offline (the outbox keeps everything) and status says why.
std::unique_ptr<backoffice::BackofficeLink> make_link(asio::io_context& loop, store::Store& store, core::Clock& clock,
                                                      core::Random& random, const Config& config,
                                                      const std::filesystem::path& state_dir, BoxService& service,
                                                      CommandExecutor& executor, std::string& refusal) {
  if (config.backoffice.host.empty()) return nullptr;
  auto settings = link_settings(config, state_dir);
  if (settings.connection.tls) {
    if (auto usable = backoffice::check_tls_identity(*settings.connection.tls, clock.now()); !usable) {
      refusal = usable.error().message;
      log::error("backoffice.tls_refused", {{"message", refusal}});
      return nullptr;
    }
  }
  return std::make_unique<backoffice::BackofficeLink>(
      loop, store, clock, random, std::move(settings),
      [&service] {
        auto health = service.health();
        return health ? *health : Json::object();
      },
      [&executor](const backoffice::Command& c, std::function<void(core::Result<Json>)> done) {
        executor.execute(c, std::move(done));
      });
}

}  // namespace

void add_daemon_options(CLI::App& cli, DaemonOptions& options) {
  cli.add_option("--config", options.config_file, "configuration file (default: built-in simulated box)")
      ->check(CLI::ExistingFile);
  // The same variables boxctl reads, so one `export` points both at a development box.
  cli.add_option("--state-dir", options.state_dir, "state directory: database and device secret")
      ->capture_default_str()
      ->envname("PICKUPBOX_STATE_DIR");
  cli.add_option("--socket", options.socket, "local API Unix socket")->capture_default_str()->envname("PICKUPBOX_SOCKET");
  cli.add_option("--log-level", options.log_level, "debug | info | warn | error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cli.add_flag("--sim", options.sim, "simulated lock boards: enable the sim.* API methods and [dev] staff");
  cli.add_flag("--print-config", options.print_config,
               "print the built-in configuration (a starting point for --config) and exit");
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
  // Declared before the database so that it runs after the database is closed.
  StateEraser eraser{options.state_dir};
  core::OpenSslRandom random;
  SystemClock clock;
  const core::KeyedHasher hasher(or_throw(load_or_create_device_secret(options.state_dir, random), "device secret"));
  auto store = or_throw(store::Store::open(options.state_dir / "pickupbox.db", clock, random), "database");
  store.keep_space_reserve(options.state_dir / "space.reserve", space_reserve_bytes);

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
  CommandExecutor executor(service, store, config);
  or_throw(executor.restore_policies(), "back-office policies");
  service.start();

  std::string link_refusal;
  auto link = make_link(loop, store, clock, random, config, options.state_dir, service, executor, link_refusal);
  if (link) {
    service.on_commit([&link] { link->wake(); });
    service.report_link([&link] {
      auto j = link->describe();
      j["configured"] = true;
      return j;
    });
  } else {
    service.report_link([&config, link_refusal] {
      return Json{{"configured", !config.backoffice.host.empty()}, {"connected", false}, {"last_error", link_refusal}};
    });
  }

  asio::steady_timer housekeeping(loop);
  asio::steady_timer watchdog(loop);
  asio::signal_set signals(loop, SIGINT, SIGTERM);
  auto stop = [&] {
    sd_notify(0, "STOPPING=1");
    signals.cancel();
    housekeeping.cancel();
    watchdog.cancel();
    if (link) link->stop();
    server.stop();
    loop.stop();
  };

  bind_box_api(server, service);
  bind_hardware_api(server, hardware, config);
  asio::steady_timer reset_timer(loop);
  bind_commissioning_api(server, service, [&](Json prepared, api::Reply reply) {
    wait_for_notice(reset_timer, store, link.get(), factory_reset_notice_wait, [&, prepared, reply](bool delivered) mutable {
      prepared["notice_delivered"] = delivered;
      prepared["erased"] = true;
      reply(std::move(prepared));
      log::warn("boxd.factory_reset", {{"notice_delivered", delivered}});
      eraser.armed = true;
      // Give the answer a moment to leave the socket before the loop stops.
      reset_timer.expires_after(std::chrono::milliseconds(300));
      reset_timer.async_wait([&](const std::error_code&) { stop(); });
    });
  });
  if (options.sim && simulated) bind_sim_api(server, *simulated, config, store);
  or_throw(server.start(), "local API socket " + options.socket.string());
  hardware.start();
  if (link) link->start();

  every(housekeeping, config.housekeeping_interval, [&service] { service.housekeeping(); });
  service.housekeeping();

  // systemd: READY once serving; the watchdog is fed from the loop, so a hung loop is restarted.
  std::uint64_t watchdog_usec = 0;
  if (sd_watchdog_enabled(0, &watchdog_usec) > 0) {
    every(watchdog, std::chrono::milliseconds(watchdog_usec / 2000), [] { sd_notify(0, "WATCHDOG=1"); });
  }

  signals.async_wait([&](const std::error_code& error, int signal) {
    if (error) return;  // cancelled by a factory reset's stop
    log::info("boxd.stopping", {{"signal", signal}});
    stop();
  });

  if (config.doors.empty()) {
    log::warn("boxd.no_doors", {{"message", "no [doors] in the configuration: the box is out of order until "
                                            "boxctl provision layout writes them; then restart boxd"}});
  }
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
  if (options.print_config) {
    std::cout << options.builtin_config;
    return 0;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    log::error("boxd.start_failed", {{"message", e.what()}});
    std::cerr << "boxd: cannot start: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace pickupbox::app
