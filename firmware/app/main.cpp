// boxd: the pickup box daemon. Owns the database, the device secret, the lock-board bus
// and (later) the back-office link; serves the kiosk and boxctl over a Unix socket.
#include <systemd/sd-daemon.h>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <iostream>

#include "api/server.hpp"
#include "app/api_bindings.hpp"
#include "app/board_worker.hpp"
#include "app/box_service.hpp"
#include "app/config.hpp"
#include "app/device_secret.hpp"
#include "app/system_clock.hpp"
#include "core/keyed_hash.hpp"
#include "core/secure_random.hpp"
#include "kerong/bus_master.hpp"
#include "log/log.hpp"
#include "sim/sim_bank.hpp"
#include "store/store.hpp"

namespace pickupbox::app {
namespace {

struct Options {
  std::filesystem::path config_file;
  std::filesystem::path state_dir = "/var/lib/pickupbox";
  std::filesystem::path socket = "/run/pickupbox/api.sock";
  std::string log_level;
  bool sim = false;
};

class WorkerDoorOpener final : public DoorOpener {
 public:
  explicit WorkerDoorOpener(BoardWorker& worker) : worker_(worker) {}
  void open(int board, int channel, std::function<void(core::Result<void>)> done) override {
    worker_.unlock(board, channel, std::move(done));
  }

 private:
  BoardWorker& worker_;
};

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

Config load_config(const Options& options) {
  if (!options.config_file.empty()) return or_throw(load_config_file(options.config_file), "configuration");
  return or_throw(parse_config(default_config_text(), "<built-in>"), "built-in configuration");
}

sim::SimBank make_sim_bank(const Config& config) {
  std::vector<sim::SimBoardOptions> boards;
  for (const auto& b : config.boards) {
    sim::SimBoardOptions options;
    options.address = b.address;
    options.lock_bit_set_means_open = b.lock_bit_set_means_open;
    boards.push_back(options);
  }
  return sim::SimBank(boards);
}

kerong::BusSettings bus_settings(const Config& config) {
  kerong::BusSettings settings;
  settings.reply_timeout = config.reply_timeout;
  for (const auto& b : config.boards) {
    settings.boards.push_back(kerong::BoardConfig{b.address, b.lock_bit_set_means_open, true});
  }
  return settings;
}

int run(const Options& options) {
  Config config = load_config(options);
  if (!options.log_level.empty()) config.log_level = options.log_level;
  log::set_level(config.log_level);

  or_throw(prepare_state_dir(options.state_dir), "state directory");
  core::OpenSslRandom random;
  SystemClock clock;
  const core::KeyedHasher hasher(or_throw(load_or_create_device_secret(options.state_dir, random), "device secret"));
  auto store = or_throw(store::Store::open(options.state_dir / "pickupbox.db", clock, random), "database");

  // Only the simulated bus exists so far; the USB bus arrives with the lock-board driver.
  sim::SimBank bank = make_sim_bank(config);
  kerong::BusMaster bus(bank.transport(), bus_settings(config));

  asio::io_context loop;
  api::Server server(loop, api::ServerOptions{.socket_path = options.socket});
  std::vector<int> addresses;
  for (const auto& b : config.boards) addresses.push_back(b.address);
  BoxService* service_ptr = nullptr;
  BoardWorker worker(loop, bus, addresses, config.poll_interval, config.unlock_confirm,
                     [&service_ptr](int board, core::Result<kerong::BoardStatus> status) {
                       if (service_ptr) service_ptr->on_board_status(board, status);
                     });
  WorkerDoorOpener opener(worker);
  BoxService service(store, hasher, config, clock, random, opener,
                     [&server](const Json& event) { server.broadcast(event); });
  service_ptr = &service;
  service.start();

  bind_box_api(server, service);
  if (options.sim) bind_sim_api(server, bank, config, store);
  or_throw(server.start(), "local API socket " + options.socket.string());
  worker.start();

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
                           {"bus", options.sim ? "sim" : "sim (default)"}});
  loop.run();
  worker.stop();
  log::info("boxd.stopped", {});
  return 0;
}

}  // namespace
}  // namespace pickupbox::app

int main(int argc, char** argv) {
  pickupbox::app::Options options;
  CLI::App cli{"boxd: the Pickup Box daemon (lock boards, state, local API)"};
  cli.add_option("--config", options.config_file, "configuration file (default: built-in simulated box)")
      ->check(CLI::ExistingFile);
  cli.add_option("--state-dir", options.state_dir, "state directory: database and device secret")
      ->capture_default_str();
  cli.add_option("--socket", options.socket, "local API Unix socket")->capture_default_str();
  cli.add_option("--log-level", options.log_level, "debug | info | warn | error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cli.add_flag("--sim", options.sim, "run on simulated lock boards and enable the sim.* API methods");
  CLI11_PARSE(cli, argc, argv);
  signal(SIGPIPE, SIG_IGN);
  try {
    return pickupbox::app::run(options);
  } catch (const std::exception& e) {
    pickupbox::log::error("boxd.start_failed", {{"message", e.what()}});
    std::cerr << "boxd: cannot start: " << e.what() << "\n";
    return 1;
  }
}
