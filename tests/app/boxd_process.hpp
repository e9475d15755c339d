#pragma once
// The real boxd binary as a child process: a fresh temporary state directory, --sim, its
// stdout and stderr captured to a file (kept across restarts), and a socket to talk to.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "api/client.hpp"

namespace pickupbox::e2e {

struct BoxdOptions {
  std::string config_text;          // empty: boxd's embedded default (24 simulated doors)
  std::string log_level = "debug";  // debug, so the personal-data check sees every line
  std::string binary;               // empty: boxd; boxd-usbsim for the simulated USB path
  // Empty: "state" inside the process's temporary directory. Set it to put the state on a
  // filesystem of the test's choosing (a small tmpfs for a full disk); it is not removed.
  std::filesystem::path state_dir;
};

class BoxdProcess {
 public:
  explicit BoxdProcess(BoxdOptions options = {});
  ~BoxdProcess();  // SIGKILLs a boxd still running and removes the temporary directory
  BoxdProcess(const BoxdProcess&) = delete;
  BoxdProcess& operator=(const BoxdProcess&) = delete;

  // Starts boxd on the same state directory every time and waits until its socket accepts
  // connections. Throws std::runtime_error (with the log's tail) if it does not come up.
  void start();

  // SIGTERM, then waits for the exit. Returns the exit status, 128 + signal when killed by
  // one, or -1 when it did not exit in time (it is then SIGKILLed).
  int stop();

  // SIGKILL, as a power cut would: nothing gets to clean up.
  void kill_hard();

  bool running();
  api::Client connect() const;  // throws std::runtime_error

  const std::filesystem::path& socket() const { return socket_; }
  const std::filesystem::path& state_dir() const { return state_dir_; }
  std::string log_text() const;
  std::string log_tail(std::size_t bytes = 4000) const;

 private:
  std::optional<int> reap(std::chrono::milliseconds timeout);

  BoxdOptions options_;
  std::filesystem::path root_;
  std::filesystem::path state_dir_;
  std::filesystem::path socket_;
  std::filesystem::path log_;
  std::filesystem::path config_;
  pid_t pid_ = -1;
};

}  // namespace pickupbox::e2e
