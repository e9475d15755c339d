#pragma once
// A real mosquitto broker for a test: its own temp dir (config, log, persistence), a free
// loopback port, started as a child process and stopped when the object goes away. Safe to use
// from parallel ctest processes: nothing is shared but the mosquitto binary.
//
//   MosquittoBroker broker({.tls = MosquittoBroker::Tls{ca, broker_files.cert, broker_files.key},
//                           .use_project_acl = true});
//   broker.start();                 // returns once it accepts connections (or throws, with its log)
//   connect to MosquittoBroker::host : broker.port()
//
// Call start/stop/restart from the test's own thread: the broker is sent SIGTERM when the
// thread that started it exits (so a crashed or timed-out test leaves no broker behind).
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace pickupbox::testing {

struct MosquittoBrokerTls {
  std::filesystem::path ca_file{};
  std::filesystem::path cert_file{};
  std::filesystem::path key_file{};
  bool require_certificate = true;
  bool use_identity_as_username = true;  // the client certificate's CN is the username
};

struct MosquittoBrokerOptions {
  std::optional<MosquittoBrokerTls> tls{};  // nullopt: plain MQTT
  // Default: anonymous clients allowed on plain listeners, refused with TLS.
  std::optional<bool> allow_anonymous{};
  std::optional<std::filesystem::path> acl_file{};  // default: no ACL (everything allowed)
  bool use_project_acl = false;                     // packaging/mosquitto/pickupbox.acl; wins over acl_file
  bool persistence = false;                         // database in the broker's own dir; survives restart()
  std::vector<std::string> extra_config{};          // appended verbatim, one line each
};

class MosquittoBroker {
 public:
  using Tls = MosquittoBrokerTls;
  using Options = MosquittoBrokerOptions;

  static constexpr const char* host = "127.0.0.1";
  static constexpr std::chrono::seconds start_timeout{10};

  explicit MosquittoBroker(Options options = {});
  ~MosquittoBroker();  // stop()
  MosquittoBroker(const MosquittoBroker&) = delete;
  MosquittoBroker& operator=(const MosquittoBroker&) = delete;

  // First start: picks a free loopback port. Later starts reuse it. Throws std::runtime_error
  // with the tail of the log when mosquitto exits or does not listen within start_timeout.
  void start();
  // SIGTERM and wait (mosquitto saves its persistence database); SIGKILL after 10 s. No-op when stopped.
  void stop();
  // SIGKILL and wait: a crash, nothing saved since the last autosave.
  void kill_hard();
  // stop() if running, then start() on the same port with the same persistence directory.
  void restart();

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return port_; }  // 0 before the first start()
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path config_path() const { return dir_.path() / "mosquitto.conf"; }
  std::filesystem::path log_path() const { return dir_.path() / "mosquitto.log"; }
  std::string config_text() const;
  std::string log_text() const;  // everything mosquitto logged, over every start
  std::string log_tail(std::size_t lines = 40) const;

  // packaging/mosquitto/pickupbox.acl in the source tree.
  static std::filesystem::path project_acl_path();
  // mosquitto in PATH, else /usr/sbin/mosquitto; throws when neither exists.
  static std::filesystem::path mosquitto_binary();

 private:
  void write_config() const;
  // Spawns mosquitto and waits until it listens; false if it exited because the port was taken.
  bool spawn_and_wait();
  void reap(int signal, std::chrono::milliseconds grace);

  Options options_;
  TempDir dir_;
  std::filesystem::path binary_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace pickupbox::testing
