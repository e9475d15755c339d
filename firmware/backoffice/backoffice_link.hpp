#pragma once
// boxd's link to the back office: keeps one MQTT connection up (reconnecting with
// back-off and jitter), publishes status (retained, with the last will "offline"), drains
// the outbox, sends a heartbeat, and takes commands: validated, done once per request id
// and answered on cmd-result/<request-id>. Runs on boxd's loop.
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "backoffice/command.hpp"
#include "backoffice/link_payloads.hpp"
#include "backoffice/mqtt_connection.hpp"
#include "backoffice/outbox_drain.hpp"
#include "backoffice/reconnect_backoff.hpp"
#include "backoffice/topics.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "store/store.hpp"

namespace pickupbox::backoffice {

struct LinkSettings {
  std::string device_id;          // the topic level; also the client id and the certificate's CN
  ConnectionSettings connection;  // client_id and will are filled in from device_id
  BackoffPolicy backoff;
  DrainSettings drain;
  std::chrono::seconds heartbeat{60};
  std::string version;  // boxd's, reported in status
};

// Does one validated command; calls `done` exactly once (possibly later, on the loop).
using CommandExecutor = std::function<void(const Command&, std::function<void(core::Result<Json>)> done)>;
// What boxd reports as its health in status (lockers, boards, ...).
using HealthReport = std::function<Json()>;

class BackofficeLink {
 public:
  BackofficeLink(asio::io_context& loop, store::Store& store, core::Clock& clock, core::Random& random,
                 LinkSettings settings, HealthReport health, CommandExecutor execute);
  ~BackofficeLink();

  void start();
  // Publishes status offline, writes acknowledged deletions, disconnects cleanly.
  void stop();
  // New outbox rows were committed.
  void wake() { drain_.wake(); }

  bool connected() const { return mqtt_.connected(); }
  // For the local API's status and boxctl: connection, broker, outbox, last error.
  Json describe();
  const DrainStats& drain_stats() const { return drain_.stats(); }

 private:
  void attempt();
  void on_connected(bool session_present);
  void on_disconnected(const core::Error& why);
  void on_message(const std::string& topic, const std::string& payload);
  void answer(const std::string& request_id, const std::string& command, const core::Result<Json>& outcome);
  void publish_status(const Json& health);
  void beat();
  Json health();

  asio::io_context& loop_;
  store::Store& store_;
  core::Clock& clock_;
  core::Random& random_;
  LinkSettings settings_;
  Topics topics_;
  HealthReport health_;
  CommandExecutor execute_;
  MqttConnection mqtt_;
  OutboxDrain drain_;
  ReconnectBackoff backoff_;
  asio::steady_timer retry_timer_;
  asio::steady_timer heartbeat_timer_;
  std::set<std::string> in_progress_;  // request ids being executed now
  std::string last_error_;
  std::optional<std::chrono::steady_clock::time_point> connected_since_;
  core::TimePoint started_at_{};
  bool stopping_ = false;
  bool high_water_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace pickupbox::backoffice
