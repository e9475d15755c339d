#pragma once
// A raw libmosquitto client for tests that play the back office: it connects (plain or TLS),
// subscribes, publishes, and records every message it receives, thread-safely, so the test
// thread can wait on them with a deadline. The network runs on libmosquitto's own thread
// (mosquitto_loop_start), which reconnects by itself after a lost connection (a broker
// restart), so a persistent session (clean_session = false) picks up where it left off.
//
//   MqttSubscriber office({.port = broker.port(), .client_id = "office", .clean_session = false});
//   ASSERT_EQ(office.connect(), "");
//   ASSERT_EQ(office.subscribe("pickupbox/v1/box-1/#"), 1);
//   auto status = office.wait_message("pickupbox/v1/box-1/status", 5s);
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct mosquitto;
struct mosquitto_message;
typedef struct mqtt5__property mosquitto_property;

namespace pickupbox::testing {

struct MqttMessage {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
};

struct MqttClientTls {
  std::filesystem::path ca_file;    // the CA the broker's certificate must chain to
  std::filesystem::path cert_file;  // this client's certificate (its CN is the username)
  std::filesystem::path key_file;
};

struct MqttSubscriberOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string client_id{};  // empty: libmosquitto makes one (clean sessions only)
  bool clean_session = true;
  bool mqtt5 = false;  // 3.1.1 by default: a persistent session then needs no expiry property
  std::optional<MqttClientTls> tls{};
  int keepalive_s = 30;
};

class MqttSubscriber {
 public:
  static constexpr std::chrono::milliseconds default_timeout{10'000};

  explicit MqttSubscriber(MqttSubscriberOptions options);
  ~MqttSubscriber();  // DISCONNECT, stops the network thread
  MqttSubscriber(const MqttSubscriber&) = delete;
  MqttSubscriber& operator=(const MqttSubscriber&) = delete;

  // TCP connect (and TLS handshake start), then the network thread, then waits for the
  // CONNACK. "" when the broker accepted us, else what went wrong (with the client's log).
  std::string connect(std::chrono::milliseconds timeout = default_timeout);
  // SUBSCRIBE, waits for the SUBACK: the granted QoS (128 = refused), or nullopt.
  std::optional<int> subscribe(const std::string& filter, int qos = 1,
                               std::chrono::milliseconds timeout = default_timeout);
  // PUBLISH; QoS 1 waits for the PUBACK. The PUBACK reason (0 with 3.1.1), or nullopt.
  std::optional<int> publish(const std::string& topic, const std::string& payload, int qos = 1, bool retain = false,
                             std::chrono::milliseconds timeout = default_timeout);

  // Everything received so far, in arrival order.
  std::vector<MqttMessage> messages() const;
  // Those from index `first` on (for incremental processing of long streams).
  std::vector<MqttMessage> messages_since(std::size_t first) const;
  std::size_t message_count() const;
  // Waits until `condition(messages)` holds (evaluated under the lock, after every change):
  // true as soon as it does, false at the deadline. Keep the condition cheap.
  bool wait_for(const std::function<bool(const std::vector<MqttMessage>&)>& condition,
                std::chrono::milliseconds timeout = default_timeout);
  // The first message on `topic` (already received or arriving before the deadline) for
  // which `matches` holds (any, without it).
  std::optional<MqttMessage> wait_message(const std::string& topic, std::chrono::milliseconds timeout = default_timeout,
                                          const std::function<bool(const MqttMessage&)>& matches = nullptr);
  // All messages on `topic` received so far.
  std::vector<MqttMessage> messages_on(const std::string& topic) const;

  // Accepted CONNACKs so far (1 after connect(), 2 after one reconnect, ...).
  std::size_t connack_count() const;
  bool wait_connacks(std::size_t count, std::chrono::milliseconds timeout = default_timeout);
  std::string log() const;

 private:
  static void on_connect(mosquitto*, void* self, int rc, int flags, const mosquitto_property*);
  static void on_disconnect(mosquitto*, void* self, int rc, const mosquitto_property*);
  static void on_publish(mosquitto*, void* self, int mid, int reason, const mosquitto_property*);
  static void on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted, const mosquitto_property*);
  static void on_message(mosquitto*, void* self, const mosquitto_message*, const mosquitto_property*);
  static void on_log(mosquitto*, void* self, int level, const char* text);

  MqttSubscriberOptions options_;
  mosquitto* mosq_ = nullptr;
  bool loop_started_ = false;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int> connacks_;  // every CONNACK's reason, accepted or not
  std::size_t accepted_ = 0;
  std::size_t disconnects_ = 0;
  std::map<int, int> pubacks_;
  std::map<int, int> subacks_;
  std::vector<MqttMessage> messages_;
  std::string log_;
};

}  // namespace pickupbox::testing
