#pragma once
// One MQTT connection to the broker through libmosquitto, driven from boxd's asio loop:
// the socket is watched with asio and libmosquitto's loop_read/loop_write/loop_misc are
// called from the loop, so there is no second event loop and every callback runs on the
// loop thread. Only the TCP connect (and the name lookup before it), which libmosquitto
// does blocking, runs on a short-lived worker thread, so an unreachable broker never stalls
// the loop.
//
// A fresh libmosquitto client is made for every attempt: libmosquitto's own in-memory
// retry queue then never competes with the durable outbox, which is the one place that
// decides what is sent again after a reconnect.
#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

struct mosquitto;
struct mosquitto_message;
typedef struct mqtt5__property mosquitto_property;

namespace pickupbox::backoffice {

struct TlsFiles {
  std::filesystem::path ca_file;    // the CA that signed the broker's certificate
  std::filesystem::path cert_file;  // this device's certificate (CN = device id)
  std::filesystem::path key_file;   // its private key (0600)
};

enum class MqttVersion { v5, v311 };

struct ConnectionSettings {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string client_id;
  std::optional<TlsFiles> tls;  // nullopt: plain TCP (development only)
  std::chrono::seconds keepalive{30};
  MqttVersion version = MqttVersion::v5;
  // MQTT 5: how long the broker keeps the session (subscriptions, queued commands) while
  // the box is offline. MQTT 3.1.1 sessions last until the broker's own expiry.
  std::chrono::seconds session_expiry{std::chrono::hours(24 * 7)};
  int max_inflight = 20;  // libmosquitto's QoS 1 window; 20 measured fastest here
  struct Will {
    std::string topic;
    std::string payload;
  } will;  // retained, QoS 1; empty topic: no will
};

class MqttConnection {
 public:
  struct Handlers {
    std::function<void(bool session_present)> connected;         // CONNACK accepted
    std::function<void(const core::Error& why)> disconnected;    // refused, failed or lost
    // PUBACK for a QoS 1 message; reason >= 128 (MQTT 5) means the broker refused it.
    std::function<void(int mid, int reason)> published;
    std::function<void(const std::string& topic, const std::string& payload)> message;
    std::function<void(int mid, const std::vector<int>& granted_qos)> subscribed;
  };

  MqttConnection(asio::io_context& loop, ConnectionSettings settings, Handlers handlers);
  ~MqttConnection();
  MqttConnection(const MqttConnection&) = delete;
  MqttConnection& operator=(const MqttConnection&) = delete;

  // Starts one attempt; the outcome arrives through `connected` or `disconnected`.
  // Ignored while an attempt or a connection is already under way.
  void connect();
  // Sends DISCONNECT (so the broker does not publish the will) and closes; no handler runs.
  void disconnect();
  // Gives the connection up as failed: `disconnected` follows (and with it a reconnect).
  // Safe inside the handlers, which run within libmosquitto's callbacks.
  void drop(core::Error why);
  bool connected() const { return state_ == State::connected; }
  bool idle() const { return state_ == State::idle; }

  // QoS 0 or 1. Returns the message id; fails when not connected or the broker
  // connection broke (the `disconnected` handler follows).
  core::Result<int> publish(const std::string& topic, const std::string& payload, int qos, bool retain);
  core::Result<int> subscribe(const std::string& filter, int qos);

  // MQTT protocol in use on the current connection (v5 unless the broker refused it).
  MqttVersion version() const { return settings_.version; }
  const ConnectionSettings& settings() const { return settings_; }

 private:
  enum class State { idle, connecting, handshaking, connected };
  struct Attempt;  // shared with the connect worker thread

  core::Result<mosquitto*> make_client();
  void attach(mosquitto* client);
  void wait_readable();
  void wait_writable();
  void arm_misc_timer();
  void service_io(bool readable);
  void tcp_connected(const std::shared_ptr<Attempt>& attempt, int rc, int err);
  void lost(core::Error why);
  void teardown();

  static void on_connect(mosquitto*, void* self, int rc, int flags, const mosquitto_property*);
  static void on_disconnect(mosquitto*, void* self, int rc, const mosquitto_property*);
  static void on_publish(mosquitto*, void* self, int mid, int reason, const mosquitto_property*);
  static void on_message(mosquitto*, void* self, const mosquitto_message*, const mosquitto_property*);
  static void on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted, const mosquitto_property*);
  static void on_log(mosquitto*, void* self, int level, const char* text);

  asio::io_context& loop_;
  ConnectionSettings settings_;
  Handlers handlers_;
  State state_ = State::idle;
  mosquitto* client_ = nullptr;
  std::shared_ptr<Attempt> attempt_;
  std::optional<asio::posix::stream_descriptor> socket_;
  asio::steady_timer misc_timer_;
  bool reading_ = false;
  bool writing_ = false;
  unsigned generation_ = 0;  // socket waits of an earlier connection must not touch this one
  std::chrono::steady_clock::time_point attached_at_{};
  std::string last_tls_error_;  // libmosquitto reports OpenSSL's reason only in its log
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// "connection refused: not authorised (CONNACK 5)": libmosquitto's text for a CONNACK code.
std::string connack_text(int code);

}  // namespace pickupbox::backoffice
