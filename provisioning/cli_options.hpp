#pragma once
// The options every boxctl command shares, and the staff credentials the staff commands take.
#include <CLI/CLI.hpp>
#include <chrono>
#include <string>

namespace pickupbox::provisioning {

inline constexpr const char* default_socket = "/run/pickupbox/api.sock";

struct GlobalOptions {
  std::string socket = default_socket;
  bool json = false;  // print boxd's raw JSON results instead of words
  int timeout_ms = 10'000;

  std::chrono::milliseconds timeout() const { return std::chrono::milliseconds{timeout_ms}; }
};

struct StaffCredentials {
  std::string staff_id;
  std::string pin;
};

// --socket (or $PICKUPBOX_SOCKET), --json, --timeout-ms on the top-level app.
void add_global_options(CLI::App& app, GlobalOptions& options);

// --staff / --pin on one command, falling back to $PICKUPBOX_STAFF / $PICKUPBOX_PIN.
void add_credentials(CLI::App& command, StaffCredentials& credentials);

}  // namespace pickupbox::provisioning
