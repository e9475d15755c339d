#pragma once
// boxd's whole life: configuration, state directory, lock hardware, local API, the event
// loop and systemd notification. boxd's main() and development variants (boxd-usbsim)
// share it, so they differ only in what sits at the far end of the hardware.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "app/config.hpp"
#include "sim/sim_bank.hpp"

namespace pickupbox::app {

struct DaemonOptions {
  std::filesystem::path config_file;
  std::filesystem::path state_dir = "/var/lib/pickupbox";
  std::filesystem::path socket = "/run/pickupbox/api.sock";
  std::string log_level;
  bool sim = false;
  bool print_config = false;  // print the built-in configuration and exit
  std::string_view builtin_config = default_config_text();  // used when no --config is given
};

void add_daemon_options(CLI::App& cli, DaemonOptions& options);

// The configuration file, or the built-in simulated box; throws with the file's error.
Config load_config(const DaemonOptions& options);

// Simulated boards at the configuration's addresses and polarities.
std::unique_ptr<sim::SimBank> make_sim_bank(const Config& config);

// Runs until SIGINT/SIGTERM; returns the exit status. Start-up failures throw.
// `simulated` is the bank the sim.* API drives: for backend=sim boxd makes its own;
// boxd-usbsim passes the bank that sits behind its simulated USB bridge.
int run_daemon(const DaemonOptions& options, sim::SimBank* simulated = nullptr);

// main() for boxd and its variants: parses options, runs, reports start-up failures.
int daemon_main(CLI::App& cli, DaemonOptions& options, int argc, char** argv,
                const std::function<int(const DaemonOptions&)>& run);

}  // namespace pickupbox::app
