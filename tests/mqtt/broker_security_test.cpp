// A real mosquitto with the project's TLS settings and ACL (packaging/mosquitto/pickupbox.acl),
// driven by raw libmosquitto clients. What it proves: who may connect (client certificates
// from our CA only, in their validity window, with the matching key; the client checks the
// broker too), and what each identity may publish and receive on pickupbox/v1/...
//
// All waits are bounded (condition variables with timeouts); a denied delivery is proved with
// a marker message sent after it on the same path, never with a sleep.
#include <mosquitto.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "mosquitto_broker.hpp"
#include "temp_dir.hpp"
#include "test_pki.hpp"

namespace {

using namespace std::chrono_literals;
using pickupbox::testing::IssuedCert;
using pickupbox::testing::MosquittoBroker;
using pickupbox::testing::PemFiles;
using pickupbox::testing::ServerNames;
using pickupbox::testing::TempDir;
using pickupbox::testing::TestCa;
using pickupbox::testing::Validity;

constexpr auto wait_timeout = 5s;
constexpr int keepalive_s = 30;

class MosquittoLibrary : public ::testing::Environment {
 public:
  void SetUp() override { mosquitto_lib_init(); }
  void TearDown() override { mosquitto_lib_cleanup(); }
};
[[maybe_unused]] ::testing::Environment* const mosquitto_library =
    ::testing::AddGlobalTestEnvironment(new MosquittoLibrary);

struct Message {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
};

struct ClientOptions {
  std::string client_id{};  // empty: libmosquitto makes one (clean sessions only)
  bool clean_session = true;
  int protocol = MQTT_PROTOCOL_V311;
  bool reconnect = true;  // false: the first lost connection ends the network loop
};

// A raw libmosquitto client with its network thread (mosquitto_loop_start), recording every
// callback so the test thread can wait on them.
class Client {
 public:
  explicit Client(ClientOptions options = {}) : options_(std::move(options)) {
    mosq_ = mosquitto_new(options_.client_id.empty() ? nullptr : options_.client_id.c_str(), options_.clean_session,
                          this);
    if (mosq_ == nullptr) throw std::runtime_error("mosquitto_new failed");
    mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, options_.protocol);
    mosquitto_reconnect_delay_set(mosq_, 1, 1, false);
    mosquitto_connect_v5_callback_set(mosq_, &Client::on_connect);
    mosquitto_disconnect_v5_callback_set(mosq_, &Client::on_disconnect);
    mosquitto_publish_v5_callback_set(mosq_, &Client::on_publish);
    mosquitto_subscribe_v5_callback_set(mosq_, &Client::on_subscribe);
    mosquitto_message_v5_callback_set(mosq_, &Client::on_message);
    mosquitto_log_callback_set(mosq_, &Client::on_log);
  }

  ~Client() {
    if (loop_started_) {
      mosquitto_disconnect(mosq_);
      mosquitto_loop_stop(mosq_, false);
    }
    mosquitto_destroy(mosq_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // CA to check the broker against; client certificate and key unless nullopt.
  int use_tls(const std::filesystem::path& ca_file, const std::optional<PemFiles>& identity) {
    return mosquitto_tls_set(mosq_, ca_file.c_str(), nullptr, identity ? identity->cert.c_str() : nullptr,
                             identity ? identity->key.c_str() : nullptr, nullptr);
  }

  int set_will(const std::string& topic, const std::string& payload, int qos, bool retain) {
    return mosquitto_will_set(mosq_, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos, retain);
  }

  // mosquitto_connect (TCP and, with TLS, the handshake, blocking), then the network thread.
  int connect(std::uint16_t port) {
    int rc = mosquitto_connect(mosq_, MosquittoBroker::host, port, keepalive_s);
    if (rc == MOSQ_ERR_SUCCESS && !loop_started_) {
      int loop_rc = mosquitto_loop_start(mosq_);
      if (loop_rc != MOSQ_ERR_SUCCESS) return loop_rc;
      loop_started_ = true;
    }
    return rc;
  }

  // The reason code of the n-th CONNACK (0 = accepted), or nullopt when none came in time.
  std::optional<int> wait_connack(std::size_t n = 1, std::chrono::milliseconds timeout = wait_timeout) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return connacks_.size() >= n; })) return std::nullopt;
    return connacks_[n - 1];
  }
  // Session present flag of the n-th CONNACK.
  bool session_present(std::size_t n = 1) {
    std::lock_guard lock(mutex_);
    return n <= connack_flags_.size() && (connack_flags_[n - 1] & 1) != 0;
  }
  // The rc of the n-th disconnect callback (0 = we asked for it), or nullopt.
  std::optional<int> wait_disconnect(std::size_t n = 1, std::chrono::milliseconds timeout = wait_timeout) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return disconnects_.size() >= n; })) return std::nullopt;
    return disconnects_[n - 1];
  }
  // Connects and waits for an accepting CONNACK; "" on success, else what went wrong.
  std::string connect_and_wait(std::uint16_t port) {
    std::size_t before = connack_count();
    int rc = connect(port);
    if (rc != MOSQ_ERR_SUCCESS) return std::string("mosquitto_connect: ") + mosquitto_strerror(rc) + "\n" + log();
    auto connack = wait_connack(before + 1);
    if (!connack) return "no CONNACK within the timeout\n" + log();
    if (*connack != 0) return "CONNACK refused: " + std::string(mosquitto_reason_string(*connack)) + "\n" + log();
    return {};
  }
  std::size_t connack_count() {
    std::lock_guard lock(mutex_);
    return connacks_.size();
  }

  // Clean DISCONNECT; waits for the disconnect callback.
  bool disconnect() {
    std::size_t before;
    {
      std::lock_guard lock(mutex_);
      before = disconnects_.size();
    }
    if (mosquitto_disconnect(mosq_) != MOSQ_ERR_SUCCESS) return false;
    return wait_disconnect(before + 1).has_value();
  }

  // Ends the TCP connection under libmosquitto's feet: the broker sees no DISCONNECT and sends the will.
  void drop_connection() { ::shutdown(mosquitto_socket(mosq_), SHUT_RDWR); }

  // SUBSCRIBE and wait for the SUBACK: the granted QoS (128 = refused), or nullopt.
  std::optional<int> subscribe(const std::string& filter, int qos) {
    int mid = 0;
    if (mosquitto_subscribe(mosq_, &mid, filter.c_str(), qos) != MOSQ_ERR_SUCCESS) return std::nullopt;
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, wait_timeout, [&] { return subacks_.contains(mid); })) return std::nullopt;
    return subacks_[mid];
  }

  // PUBLISH; for QoS 1 waits for the PUBACK. The PUBACK reason code (MQTT 5; 0 with 3.1.1), or nullopt.
  std::optional<int> publish(const std::string& topic, const std::string& payload, int qos = 1, bool retain = false) {
    int mid = 0;
    int rc = mosquitto_publish(mosq_, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos,
                               retain);
    if (rc != MOSQ_ERR_SUCCESS) return std::nullopt;
    if (qos == 0) return 0;
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, wait_timeout, [&] { return pubacks_.contains(mid); })) return std::nullopt;
    return pubacks_[mid];
  }

  // The first message received on topic (including earlier ones), or nullopt.
  std::optional<Message> wait_message(const std::string& topic, std::chrono::milliseconds timeout = wait_timeout) {
    std::unique_lock lock(mutex_);
    std::optional<Message> found;
    cv_.wait_for(lock, timeout, [&] {
      for (const auto& m : messages_) {
        if (m.topic == topic) {
          found = m;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::vector<Message> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  bool received(const std::string& topic) {
    std::lock_guard lock(mutex_);
    return std::ranges::any_of(messages_, [&](const Message& m) { return m.topic == topic; });
  }
  std::string log() {
    std::lock_guard lock(mutex_);
    return log_;
  }
  // Waits until the connection attempt has ended one way or another: a CONNACK, a disconnect
  // callback, or a TLS failure in the log. The last matters: when the TLS handshake fails inside
  // the network thread, libmosquitto 2.0.11's loop_forever returns MOSQ_ERR_TLS and the thread
  // ends WITHOUT calling on_disconnect.
  bool wait_outcome(std::chrono::milliseconds timeout = wait_timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] {
      return !connacks_.empty() || !disconnects_.empty() || log_.find("OpenSSL Error") != std::string::npos ||
             log_.find("Error: ") != std::string::npos;
    });
  }

 private:
  static Client& self(void* obj) { return *static_cast<Client*>(obj); }

  static void on_connect(mosquitto*, void* obj, int rc, int flags, const mosquitto_property*) {
    auto& c = self(obj);
    std::lock_guard lock(c.mutex_);
    c.connacks_.push_back(rc);
    c.connack_flags_.push_back(flags);
    c.cv_.notify_all();
  }
  static void on_disconnect(mosquitto* mosq, void* obj, int rc, const mosquitto_property*) {
    auto& c = self(obj);
    {
      std::lock_guard lock(c.mutex_);
      c.disconnects_.push_back(rc);
      c.cv_.notify_all();
    }
    // Ends loop_forever in the network thread instead of reconnecting.
    if (!c.options_.reconnect) mosquitto_disconnect(mosq);
  }
  static void on_publish(mosquitto*, void* obj, int mid, int reason_code, const mosquitto_property*) {
    auto& c = self(obj);
    std::lock_guard lock(c.mutex_);
    c.pubacks_[mid] = reason_code;
    c.cv_.notify_all();
  }
  static void on_subscribe(mosquitto*, void* obj, int mid, int qos_count, const int* granted,
                           const mosquitto_property*) {
    auto& c = self(obj);
    std::lock_guard lock(c.mutex_);
    c.subacks_[mid] = qos_count > 0 ? granted[0] : -1;
    c.cv_.notify_all();
  }
  static void on_message(mosquitto*, void* obj, const mosquitto_message* msg, const mosquitto_property*) {
    auto& c = self(obj);
    std::lock_guard lock(c.mutex_);
    c.messages_.push_back(Message{msg->topic,
                                  std::string(static_cast<const char*>(msg->payload),
                                              static_cast<std::size_t>(msg->payloadlen)),
                                  msg->qos, msg->retain});
    c.cv_.notify_all();
  }
  static void on_log(mosquitto*, void* obj, int, const char* text) {
    auto& c = self(obj);
    std::lock_guard lock(c.mutex_);
    c.log_ += text;
    c.log_ += '\n';
    c.cv_.notify_all();
  }

  ClientOptions options_;
  mosquitto* mosq_ = nullptr;
  bool loop_started_ = false;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int> connacks_;
  std::vector<int> connack_flags_;
  std::vector<int> disconnects_;
  std::map<int, int> pubacks_;
  std::map<int, int> subacks_;
  std::vector<Message> messages_;
  std::string log_;
};

// Polls the broker's log (bounded) until it contains text: used to know the broker has
// processed an event before a marker is sent after it.
bool wait_for_log(const MosquittoBroker& broker, const std::string& text, std::chrono::milliseconds timeout = wait_timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (broker.log_text().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

std::string topic(const std::string& device, const std::string& leaf) { return "pickupbox/v1/" + device + "/" + leaf; }

// The PKI of one test: our CA, the broker, the back office and two boxes.
class BrokerSecurity : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_file = ca.write_cert(dir.path());
    broker_files = ca.issue_server().write(dir.path(), "broker");
    backoffice_files = ca.issue_client("backoffice").write(dir.path(), "backoffice");
    box_a_files = ca.issue_client(box_a).write(dir.path(), box_a);
    box_b_files = ca.issue_client(box_b).write(dir.path(), box_b);
    claim_files = ca.issue_client("claim").write(dir.path(), "claim");
  }

  // The production shape (as scripts/dev-broker.sh writes it): TLS >= 1.2, client certificates
  // required, CN as username, the project ACL, no anonymous clients.
  MosquittoBroker::Options production_options() const {
    return {.tls = MosquittoBroker::Tls{ca_file, broker_files.cert, broker_files.key},
            .allow_anonymous = false,
            .use_project_acl = true,
            .extra_config = {"tls_version tlsv1.2"}};
  }

  std::unique_ptr<MosquittoBroker> start_broker(MosquittoBroker::Options options) {
    auto broker = std::make_unique<MosquittoBroker>(std::move(options));
    broker->start();
    return broker;
  }

  std::unique_ptr<Client> connected_client(const MosquittoBroker& broker, const PemFiles& identity,
                                           ClientOptions options = {}) {
    auto client = std::make_unique<Client>(std::move(options));
    EXPECT_EQ(client->use_tls(ca_file, identity), MOSQ_ERR_SUCCESS);
    std::string error = client->connect_and_wait(broker.port());
    EXPECT_EQ(error, "") << "broker log:\n" << broker.log_tail();
    return client;
  }

  struct Refusal {
    int connect_rc = MOSQ_ERR_SUCCESS;
    bool ended = false;  // CONNACK, disconnect or a logged TLS error came in time
    std::optional<int> connack;
    std::optional<int> disconnect_rc;
  };
  // Tries to connect with identity and reports how it ended; never waits longer than the timeout.
  Refusal try_connect(const MosquittoBroker& broker, const std::optional<PemFiles>& identity,
                      const std::filesystem::path& trusted_ca) {
    Client client({.reconnect = false});
    Refusal r;
    r.connect_rc = client.use_tls(trusted_ca, identity);
    if (r.connect_rc == MOSQ_ERR_SUCCESS) r.connect_rc = client.connect(broker.port());
    if (r.connect_rc == MOSQ_ERR_SUCCESS) {
      // mosquitto_connect returns once the handshake has started (the socket is non-blocking),
      // and with TLS 1.3 the broker checks our certificate only after the client has finished:
      // a refusal shows up later, in the network thread.
      r.ended = client.wait_outcome();
      r.connack = client.wait_connack(1, 0ms);
      r.disconnect_rc = client.wait_disconnect(1, 0ms);
    }
    last_client_log = client.log();
    return r;
  }

  void expect_refused(const Refusal& r, const std::string& what) {
    EXPECT_FALSE(r.connack.has_value() && *r.connack == 0) << what << ": the broker accepted the client";
    if (r.connect_rc == MOSQ_ERR_SUCCESS) {
      EXPECT_TRUE(r.ended) << what << ": connected, and neither a CONNACK nor a refusal came";
      if (r.disconnect_rc) {
        EXPECT_NE(*r.disconnect_rc, 0) << what;
      }
    }
    ::testing::Test::RecordProperty(what + ".connect_rc", r.connect_rc);
    ::testing::Test::RecordProperty(what + ".disconnect_rc", r.disconnect_rc.value_or(-1));
    std::printf("%s: mosquitto_connect=%d (%s), CONNACK=%s, disconnect rc=%s\n", what.c_str(), r.connect_rc,
                mosquitto_strerror(r.connect_rc), r.connack ? std::to_string(*r.connack).c_str() : "none",
                r.disconnect_rc ? std::to_string(*r.disconnect_rc).c_str() : "none");
    std::printf("%s: client log:\n%s", what.c_str(), last_client_log.c_str());
  }

  TempDir dir{"mqsec"};
  TestCa ca;
  std::filesystem::path ca_file;
  PemFiles broker_files, backoffice_files, box_a_files, box_b_files, claim_files;
  const std::string box_a = "box-a";
  const std::string box_b = "box-b";
  std::string last_client_log;
};

// --- connecting -------------------------------------------------------------------------------

TEST_F(BrokerSecurity, PlainConnectPublishSubscribeRoundTrip) {
  auto broker = start_broker({});
  Client sub, pub;
  ASSERT_EQ(sub.connect_and_wait(broker->port()), "");
  ASSERT_EQ(pub.connect_and_wait(broker->port()), "");
  ASSERT_EQ(sub.subscribe("plain/t", 1), 1);
  ASSERT_EQ(pub.publish("plain/t", "hello", 1), 0);
  auto msg = sub.wait_message("plain/t");
  ASSERT_TRUE(msg.has_value());
  EXPECT_EQ(msg->payload, "hello");
  EXPECT_EQ(msg->qos, 1);
}

TEST_F(BrokerSecurity, TlsMutualAuthenticationWithDeviceCertificate) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  auto box = connected_client(*broker, box_a_files);
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);
  ASSERT_EQ(box->publish(topic(box_a, "events"), "{\"schema\":1}"), 0);
  auto msg = office->wait_message(topic(box_a, "events"));
  ASSERT_TRUE(msg.has_value()) << broker->log_tail();
  EXPECT_EQ(msg->payload, "{\"schema\":1}");
  // The username is the certificate's CN.
  EXPECT_NE(broker->log_text().find("u'box-a'"), std::string::npos) << broker->log_tail();
}

TEST_F(BrokerSecurity, ClientCertificateFromAnotherCaIsRefused) {
  auto broker = start_broker(production_options());
  TestCa rogue;  // the same name as ours, but its own key
  auto files = rogue.issue_client(box_a).write(dir.path(), "rogue-box-a");
  auto r = try_connect(*broker, files, ca_file);
  expect_refused(r, "foreign CA");
  EXPECT_EQ(broker->log_text().find("u'box-a'"), std::string::npos) << broker->log_tail();
}

TEST_F(BrokerSecurity, ExpiredClientCertificateIsRefused) {
  auto broker = start_broker(production_options());
  auto files = ca.issue_client(box_a, Validity::expired()).write(dir.path(), "expired");
  expect_refused(try_connect(*broker, files, ca_file), "expired");
  EXPECT_EQ(broker->log_text().find("u'box-a'"), std::string::npos) << broker->log_tail();
}

TEST_F(BrokerSecurity, NotYetValidClientCertificateIsRefused) {
  auto broker = start_broker(production_options());
  auto files = ca.issue_client(box_a, Validity::not_yet_valid()).write(dir.path(), "future");
  expect_refused(try_connect(*broker, files, ca_file), "not yet valid");
  EXPECT_EQ(broker->log_text().find("u'box-a'"), std::string::npos) << broker->log_tail();
}

TEST_F(BrokerSecurity, ClientWithoutCertificateIsRefused) {
  auto broker = start_broker(production_options());
  expect_refused(try_connect(*broker, std::nullopt, ca_file), "no client certificate");
}

TEST_F(BrokerSecurity, KeyNotMatchingCertificateFailsLocally) {
  auto broker = start_broker(production_options());
  auto files = ca.issue_client(box_a).write_mismatched(dir.path(), "mismatched");
  Client client({.reconnect = false});
  ASSERT_EQ(client.use_tls(ca_file, files), MOSQ_ERR_SUCCESS);  // only checks the files are readable
  EXPECT_EQ(client.connect(broker->port()), MOSQ_ERR_TLS);
  // libmosquitto 2.0.11 logs: Error: Unable to load client key file "...".
  //                           OpenSSL Error[0]: error:05800074:x509 certificate routines::key values mismatch
  EXPECT_NE(client.log().find("Unable to load client key file"), std::string::npos) << client.log();
  EXPECT_NE(client.log().find("key values mismatch"), std::string::npos) << client.log();
  EXPECT_EQ(broker->log_text().find("u'box-a'"), std::string::npos) << broker->log_tail();
  std::printf("mismatched key: libmosquitto log:\n%s", client.log().c_str());
}

TEST_F(BrokerSecurity, ClientRefusesBrokerFromUnknownCa) {
  TestCa rogue;
  auto rogue_broker_files = rogue.issue_server().write(dir.path(), "rogue-broker");
  auto broker = start_broker({.tls = MosquittoBroker::Tls{ca_file, rogue_broker_files.cert, rogue_broker_files.key},
                              .use_project_acl = true});
  // libmosquitto's socket is non-blocking: mosquitto_connect returns once the handshake has
  // started, and the client's own verification of the broker fails later, in the network loop.
  expect_refused(try_connect(*broker, box_a_files, ca_file), "broker from unknown CA");
  EXPECT_NE(last_client_log.find("certificate verify failed"), std::string::npos) << last_client_log;
  EXPECT_EQ(broker->log_text().find("u'box-a'"), std::string::npos) << broker->log_tail();
}

TEST_F(BrokerSecurity, ClientRefusesBrokerCertificateForAnotherHost) {
  auto wrong_name = ca.issue_server({}, ServerNames{"broker.example", {"broker.example"}, {}})
                        .write(dir.path(), "wrong-name");
  auto broker = start_broker(
      {.tls = MosquittoBroker::Tls{ca_file, wrong_name.cert, wrong_name.key}, .use_project_acl = true});
  expect_refused(try_connect(*broker, box_a_files, ca_file), "broker certificate for another host");
  EXPECT_NE(last_client_log.find("host name verification failed"), std::string::npos) << last_client_log;
  EXPECT_EQ(broker->log_text().find("u'box-a'"), std::string::npos) << broker->log_tail();
}

// --- the ACL ----------------------------------------------------------------------------------

TEST_F(BrokerSecurity, AclDevicePublishesOwnTopicsAndReceivesOwnCommands) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  auto box = connected_client(*broker, box_a_files);
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);
  ASSERT_EQ(box->subscribe(topic(box_a, "cmd/#"), 1), 1);

  ASSERT_EQ(office->publish(topic(box_a, "cmd/open"), "{\"locker\":\"A01\"}"), 0);
  auto cmd = box->wait_message(topic(box_a, "cmd/open"));
  ASSERT_TRUE(cmd.has_value()) << broker->log_tail();
  EXPECT_EQ(cmd->payload, "{\"locker\":\"A01\"}");

  for (const std::string leaf : {"events", "sms", "cmd-result/r-1"}) {
    ASSERT_EQ(box->publish(topic(box_a, leaf), leaf), 0);
    EXPECT_TRUE(office->wait_message(topic(box_a, leaf)).has_value()) << leaf << "\n" << broker->log_tail();
  }
  ASSERT_EQ(box->publish(topic(box_a, "status"), "online", 1, true), 0);
  auto status = office->wait_message(topic(box_a, "status"));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->payload, "online");
}

TEST_F(BrokerSecurity, AclDeviceCannotPublishToAnotherDevice) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  auto box_b_client = connected_client(*broker, box_b_files);
  auto box = connected_client(*broker, box_a_files);
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);
  ASSERT_EQ(box_b_client->subscribe(topic(box_b, "cmd/#"), 1), 1);

  // MQTT 3.1.1: a denied QoS 1 publish is still acknowledged with a plain PUBACK, then dropped.
  EXPECT_EQ(box->publish(topic(box_b, "events"), "forged"), 0);
  EXPECT_EQ(box->publish(topic(box_b, "status"), "forged", 1, true), 0);
  EXPECT_EQ(box->publish(topic(box_b, "cmd/open"), "forged"), 0);  // posing as the back office
  EXPECT_EQ(box->publish(topic(box_a, "cmd/open"), "forged"), 0);  // commands to itself, too
  EXPECT_EQ(box->publish("pickupbox/v1/other", "forged"), 0);
  // The marker goes the same way after them: once it is in, the forged ones would be too.
  ASSERT_EQ(box->publish(topic(box_a, "events"), "marker"), 0);
  ASSERT_TRUE(office->wait_message(topic(box_a, "events")).has_value()) << broker->log_tail();
  for (const auto& m : office->messages()) EXPECT_NE(m.payload, "forged") << m.topic;

  ASSERT_EQ(office->publish(topic(box_b, "cmd/marker"), "marker"), 0);
  ASSERT_TRUE(box_b_client->wait_message(topic(box_b, "cmd/marker")).has_value());
  EXPECT_FALSE(box_b_client->received(topic(box_b, "cmd/open")));
  EXPECT_NE(broker->log_text().find("Denied PUBLISH"), std::string::npos) << broker->log_tail();
}

TEST_F(BrokerSecurity, AclDeniedPublishIsVisibleInMqtt5Puback) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);  // else MQTT 5 answers 0x10 "no matching subscribers"
  auto box = connected_client(*broker, box_a_files, {.protocol = MQTT_PROTOCOL_V5});
  EXPECT_EQ(box->publish(topic(box_a, "events"), "ok"), 0);
  // 0x87 Not authorized: with MQTT 5 the device can tell a refused event from a delivered one.
  EXPECT_EQ(box->publish(topic(box_b, "events"), "forged"), 0x87);
}

TEST_F(BrokerSecurity, AclDeviceCannotSubscribeToAnotherDevice) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  auto box = connected_client(*broker, box_a_files);

  // mosquitto 2.0.11's acl_file grants these subscriptions (SUBACK with the requested QoS, not
  // 0x80) and checks read access on every delivery instead; accept either, insist on no delivery.
  std::vector<std::string> filters = {topic(box_b, "cmd/#"), topic(box_b, "events"), "pickupbox/v1/+/cmd/#",
                                      "pickupbox/v1/#", "#"};
  for (const auto& filter : filters) {
    auto granted = box->subscribe(filter, 1);
    ASSERT_TRUE(granted.has_value()) << filter;
    EXPECT_TRUE(*granted == 1 || *granted == 0x80) << filter << " granted " << *granted;
    std::printf("box-a SUBSCRIBE %s -> SUBACK %d\n", filter.c_str(), *granted);
  }
  ASSERT_EQ(box->subscribe(topic(box_a, "cmd/#"), 1), 1);

  ASSERT_EQ(office->publish(topic(box_b, "cmd/open"), "secret"), 0);
  ASSERT_EQ(office->publish(topic(box_b, "events"), "secret"), 0);
  ASSERT_EQ(office->publish(topic(box_b, "sms"), "secret"), 0);
  ASSERT_EQ(office->publish(topic(box_a, "cmd/marker"), "marker"), 0);
  ASSERT_TRUE(box->wait_message(topic(box_a, "cmd/marker")).has_value()) << broker->log_tail();
  for (const auto& m : box->messages()) EXPECT_NE(m.payload, "secret") << m.topic;
  // Only its own command, once per matching subscription.
  for (const auto& m : box->messages()) EXPECT_EQ(m.topic, topic(box_a, "cmd/marker"));
}

TEST_F(BrokerSecurity, AclBackofficeSeesAndCommandsEveryDevice) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  auto a = connected_client(*broker, box_a_files);
  auto b = connected_client(*broker, box_b_files);
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);
  ASSERT_EQ(a->subscribe(topic(box_a, "cmd/+"), 1), 1);
  ASSERT_EQ(b->subscribe(topic(box_b, "cmd/+"), 1), 1);

  ASSERT_EQ(a->publish(topic(box_a, "events"), "from a"), 0);
  ASSERT_EQ(b->publish(topic(box_b, "sms"), "from b"), 0);
  ASSERT_EQ(b->publish(topic(box_b, "cmd-result/r-9"), "done"), 0);
  EXPECT_TRUE(office->wait_message(topic(box_a, "events")).has_value());
  EXPECT_TRUE(office->wait_message(topic(box_b, "sms")).has_value());
  EXPECT_TRUE(office->wait_message(topic(box_b, "cmd-result/r-9")).has_value());

  ASSERT_EQ(office->publish(topic(box_a, "cmd/open"), "a"), 0);
  ASSERT_EQ(office->publish(topic(box_b, "cmd/open"), "b"), 0);
  EXPECT_TRUE(a->wait_message(topic(box_a, "cmd/open")).has_value());
  EXPECT_TRUE(b->wait_message(topic(box_b, "cmd/open")).has_value());
}

TEST_F(BrokerSecurity, AclLastWillOnlyOnOwnStatus) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  ASSERT_EQ(office->subscribe("pickupbox/v1/+/status", 1), 1);

  // A will on another box's status is accepted at CONNECT by mosquitto 2.0.11 but checked
  // (and dropped) when it would be published.
  Client forger({.client_id = "forger", .reconnect = false});
  ASSERT_EQ(forger.use_tls(ca_file, box_a_files), MOSQ_ERR_SUCCESS);
  ASSERT_EQ(forger.set_will(topic(box_b, "status"), "offline", 1, true), MOSQ_ERR_SUCCESS);
  ASSERT_EQ(forger.connect_and_wait(broker->port()), "");
  forger.drop_connection();
  ASSERT_TRUE(wait_for_log(*broker, "Client forger closed its connection") ||
              wait_for_log(*broker, "Client forger disconnected"))
      << broker->log_tail();

  Client box({.client_id = "box-a-main", .reconnect = false});
  ASSERT_EQ(box.use_tls(ca_file, box_a_files), MOSQ_ERR_SUCCESS);
  ASSERT_EQ(box.set_will(topic(box_a, "status"), "offline", 1, true), MOSQ_ERR_SUCCESS);
  ASSERT_EQ(box.connect_and_wait(broker->port()), "");
  box.drop_connection();
  auto will = office->wait_message(topic(box_a, "status"));
  ASSERT_TRUE(will.has_value()) << broker->log_tail();
  EXPECT_EQ(will->payload, "offline");
  EXPECT_FALSE(office->received(topic(box_b, "status"))) << broker->log_tail();
}

// --- the ACL: the claim identity (claim enrolment) ------------------------------------------------

std::string enroll_topic(const std::string& device, const std::string& leaf) {
  return "pickupbox/v1/enroll/" + device + "/" + leaf;
}

TEST_F(BrokerSecurity, AclClaimMayOnlyRequestAndReceiveCertificates) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files, {.protocol = MQTT_PROTOCOL_V5});
  auto claim = connected_client(*broker, claim_files, {.protocol = MQTT_PROTOCOL_V5});
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);
  ASSERT_EQ(claim->subscribe(enroll_topic(box_a, "cert"), 1), 1);

  // The request goes out, the back office reads it and answers on the cert topic.
  EXPECT_EQ(claim->publish(enroll_topic(box_a, "csr"), "request"), 0);
  auto request = office->wait_message(enroll_topic(box_a, "csr"));
  ASSERT_TRUE(request.has_value()) << broker->log_tail();
  EXPECT_EQ(request->payload, "request");
  ASSERT_EQ(office->publish(enroll_topic(box_a, "cert"), "answer"), 0);
  auto answer = claim->wait_message(enroll_topic(box_a, "cert"));
  ASSERT_TRUE(answer.has_value()) << broker->log_tail();
  EXPECT_EQ(answer->payload, "answer");

  // Nothing else: not a device's events, status, SMS or command results, no forged answers.
  for (const auto& forged : {topic(box_a, "events"), topic(box_a, "status"), topic(box_a, "sms"),
                             topic(box_a, "cmd-result/r-1"), topic(box_a, "cmd/open"), enroll_topic(box_a, "cert"),
                             std::string("pickupbox/v1/enroll/box-a"), std::string("pickupbox/v1/other")}) {
    EXPECT_EQ(claim->publish(forged, "forged"), 0x87) << forged;  // MQTT 5: not authorized
  }
  ASSERT_EQ(claim->publish(enroll_topic(box_a, "csr"), "marker"), 0);
  ASSERT_TRUE(office->wait_message(enroll_topic(box_a, "csr"), wait_timeout).has_value());
  ASSERT_TRUE(wait_for_log(*broker, "Denied PUBLISH")) << broker->log_tail();
  for (const auto& m : office->messages()) EXPECT_NE(m.payload, "forged") << m.topic;
}

TEST_F(BrokerSecurity, AclClaimReceivesNoDeviceTraffic) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  auto box = connected_client(*broker, box_a_files);
  auto claim = connected_client(*broker, claim_files);
  // Subscriptions are granted (mosquitto checks read access per delivery), but nothing comes.
  for (const auto& filter : {topic(box_a, "cmd/#"), topic(box_a, "events"), std::string("pickupbox/v1/#"),
                             std::string("#"), enroll_topic(box_a, "csr")}) {
    ASSERT_TRUE(claim->subscribe(filter, 1).has_value()) << filter;
  }
  ASSERT_EQ(claim->subscribe(enroll_topic(box_a, "cert"), 1), 1);
  ASSERT_EQ(office->publish(topic(box_a, "cmd/open"), "secret"), 0);
  ASSERT_EQ(box->publish(topic(box_a, "events"), "secret"), 0);
  ASSERT_EQ(office->publish(enroll_topic(box_b, "csr"), "secret"), 0);  // another box's request
  ASSERT_EQ(office->publish(enroll_topic(box_a, "cert"), "marker"), 0);
  ASSERT_TRUE(claim->wait_message(enroll_topic(box_a, "cert")).has_value()) << broker->log_tail();
  for (const auto& m : claim->messages()) {
    EXPECT_NE(m.payload, "secret") << m.topic;
    EXPECT_EQ(m.topic, enroll_topic(box_a, "cert"));
  }
}

TEST_F(BrokerSecurity, AclDeviceCannotUseTheEnrolmentTopics) {
  auto broker = start_broker(production_options());
  auto office = connected_client(*broker, backoffice_files);
  auto box = connected_client(*broker, box_a_files, {.protocol = MQTT_PROTOCOL_V5});
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);
  EXPECT_EQ(box->publish(enroll_topic(box_a, "csr"), "forged"), 0x87);
  EXPECT_EQ(box->publish(enroll_topic(box_b, "cert"), "forged"), 0x87);
  EXPECT_EQ(box->publish(topic(box_a, "events"), "ok"), 0);  // its own topics still work
}

// --- the fixture: restarts ----------------------------------------------------------------------

TEST_F(BrokerSecurity, RestartKeepsPersistentSessionAndQueuedMessage) {
  auto broker = start_broker({.persistence = true});
  const std::uint16_t port = broker->port();
  {
    Client sub({.client_id = "persistent-sub", .clean_session = false});
    ASSERT_EQ(sub.connect_and_wait(port), "");
    EXPECT_FALSE(sub.session_present());
    ASSERT_EQ(sub.subscribe("persist/t", 1), 1);
    ASSERT_TRUE(sub.disconnect());
  }
  {
    Client pub;
    ASSERT_EQ(pub.connect_and_wait(port), "");
    ASSERT_EQ(pub.publish("persist/t", "while you were out", 1), 0);  // queued for the offline session
    ASSERT_TRUE(pub.disconnect());
  }
  const pid_t old_pid = broker->pid();
  broker->restart();
  EXPECT_EQ(broker->port(), port);
  EXPECT_NE(broker->pid(), old_pid);
  EXPECT_TRUE(std::filesystem::exists(broker->dir() / "mosquitto.db"));

  Client sub({.client_id = "persistent-sub", .clean_session = false});
  ASSERT_EQ(sub.connect_and_wait(port), "") << broker->log_tail();
  EXPECT_TRUE(sub.session_present());
  auto msg = sub.wait_message("persist/t");  // no new SUBSCRIBE: the session remembered it
  ASSERT_TRUE(msg.has_value()) << broker->log_tail();
  EXPECT_EQ(msg->payload, "while you were out");
}

TEST_F(BrokerSecurity, KillHardThenRestartServesClientsAgain) {
  auto broker = start_broker({.persistence = true});
  const std::uint16_t port = broker->port();
  Client sub;  // reconnects by itself, every second
  ASSERT_EQ(sub.connect_and_wait(port), "");

  broker->kill_hard();
  EXPECT_FALSE(broker->running());
  auto lost = sub.wait_disconnect();
  ASSERT_TRUE(lost.has_value());
  EXPECT_NE(*lost, 0);  // unexpected: the broker went away

  broker->restart();
  EXPECT_EQ(broker->port(), port);
  auto again = sub.wait_connack(2, 10s);
  ASSERT_TRUE(again.has_value()) << sub.log() << broker->log_tail();
  EXPECT_EQ(*again, 0);
  ASSERT_EQ(sub.subscribe("after/crash", 1), 1);

  Client pub;
  ASSERT_EQ(pub.connect_and_wait(port), "");
  ASSERT_EQ(pub.publish("after/crash", "back", 1), 0);
  auto msg = sub.wait_message("after/crash");
  ASSERT_TRUE(msg.has_value());
  EXPECT_EQ(msg->payload, "back");
}

}  // namespace
