#pragma once
// One MQTT connection to the broker, for a console that waits on acknowledgements: open
// waits for CONNACK, subscribe for SUBACK, publish for PUBACK, each with a deadline and an
// error that names host:port and what to check.
//
// A thread of its own runs mosquitto_loop and, after any loss (including the TLS errors that
// end mosquitto_loop_forever for good), reconnects with a back-off of 1, 2, 4 … 30 s and
// subscribes again when the broker did not keep the session. Every TCP connect is preceded
// by a bounded probe (broker_probe.hpp) and then made blocking, because libmosquitto 2.0's
// asynchronous TLS connect spins for ever when the TCP connect fails. Messages and notices
// are delivered on that thread.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "connection_error.hpp"
#include "connection_options.hpp"

struct mosquitto;
struct mosquitto_message;

namespace pickupbox::console {

struct IncomingMessage {
  std::string topic;
  std::string payload;
  bool retained = false;
};

class MqttSession {
 public:
  using Deadline = std::chrono::steady_clock::time_point;
  using MessageHandler = std::function<void(const IncomingMessage&)>;
  using NoticeHandler = std::function<void(const std::string&)>;  // connection lost, reconnected

  // options must be resolved (connection_options.hpp). Returns once the broker accepted the
  // connection, or the reason it did not: unreachable, TLS failure, refused CONNACK, timeout.
  static ConnectionResult<std::unique_ptr<MqttSession>> open(const ConnectionOptions& options, Deadline deadline,
                                                             MessageHandler on_message, NoticeHandler on_notice);
  ~MqttSession();  // sends DISCONNECT (briefly waiting for it to go out) and stops the loop
  MqttSession(const MqttSession&) = delete;
  MqttSession& operator=(const MqttSession&) = delete;

  // QoS 1; waits for SUBACK and fails when the broker refused (0x80, usually its ACL).
  ConnectionResult<void> subscribe(const std::string& filter, Deadline deadline);
  ConnectionResult<void> unsubscribe(const std::string& filter, Deadline deadline);
  // QoS 1, not retained; waits for PUBACK.
  ConnectionResult<void> publish(const std::string& topic, const std::string& payload, Deadline deadline);

  const std::string& endpoint() const { return endpoint_; }

 private:
  MqttSession(const ConnectionOptions& options, MessageHandler on_message, NoticeHandler on_notice);

  ConnectionResult<void> configure(const ConnectionOptions& options);
  ConnectionResult<void> wait_for_connack(Deadline deadline);
  void run_loop();
  void reconnect_once();
  std::string last_log_locked() const;
  std::string lost_connection_text_locked() const;

  static void on_connect(mosquitto*, void* self, int rc, int flags);
  static void on_disconnect(mosquitto*, void* self, int rc);
  static void on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted);
  static void on_unsubscribe(mosquitto*, void* self, int mid);
  static void on_publish(mosquitto*, void* self, int mid);
  static void on_message(mosquitto*, void* self, const mosquitto_message* message);
  static void on_log(mosquitto*, void* self, int level, const char* text);

  mosquitto* mosq_ = nullptr;
  std::string endpoint_;
  std::string host_;
  int port_ = 0;
  bool tls_ = false;
  MessageHandler on_message_;
  NoticeHandler on_notice_;
  std::thread loop_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool connected_ = false;
  bool ever_connected_ = false;
  bool stop_requested_ = false;  // no more reconnects: the destructor is disconnecting
  bool stop_ = false;            // the loop thread ends
  int connack_rc_ = -1;          // last CONNACK return code (0 accepted)
  int last_failure_rc_ = 0;      // MOSQ_ERR_* of the last loss or loop error
  int last_errno_ = 0;           // errno with it, when last_failure_rc_ is MOSQ_ERR_ERRNO
  std::chrono::seconds backoff_{1};
  std::string last_log_;         // first errors libmosquitto logged this attempt (OpenSSL reasons land here)
  std::string failure_text_;     // why the last reconnect attempt failed before libmosquitto (probe)
  std::vector<std::string> filters_;
  std::map<int, int> subacks_;   // mid -> first granted QoS
  std::set<int> unsubacks_;
  std::set<int> pubacks_;
};

}  // namespace pickupbox::console
