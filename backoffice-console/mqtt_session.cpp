#include "mqtt_session.hpp"

#include <mosquitto.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "broker_probe.hpp"

namespace pickupbox::console {

namespace {

using namespace std::chrono_literals;

constexpr int keepalive_s = 30;
constexpr int qos = 1;
constexpr auto max_backoff = 30s;
constexpr auto probe_cap = 10s;
constexpr auto reconnect_probe_timeout = 3s;

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

// libmosquitto's sentences end in '.', which reads badly inside ours.
std::string describe(int rc, int err) {
  std::string text = rc == MOSQ_ERR_ERRNO ? (err != 0 ? std::strerror(err) : "system error") : mosquitto_strerror(rc);
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string connack_hint(int rc) {
  switch (rc) {
    case 1: return "the broker does not speak MQTT 3.1.1";
    case 2: return "check --client-id (the broker rejected it)";
    case 3: return "the broker is not accepting connections now; try again later";
    case 4: return "the console sends no user name or password; let the broker authenticate back-office "
                   "clients by certificate (use_identity_as_username) or allow anonymous clients";
    case 5: return "the broker does not allow this client: without TLS check allow_anonymous; with TLS use a "
                   "back-office certificate (--cert/--key) the broker and its ACL accept";
    default: return "see the broker's log";
  }
}

bool mentions(std::string_view text, std::initializer_list<std::string_view> words) {
  return std::ranges::any_of(words, [&](std::string_view word) { return text.find(word) != std::string_view::npos; });
}

// OpenSSL's reason, and what to check for it.
std::string tls_failure(const std::string& endpoint, const std::string& host, const std::string& reason) {
  std::string hint;
  if (mentions(reason, {"Unable to load CA"})) {
    hint = "--cafile must be the PEM certificate of the CA that signed the broker's certificate";
  } else if (mentions(reason, {"certificate verify failed", "hostname mismatch", "IP address mismatch"})) {
    hint = "the broker's certificate is not signed by --cafile, has expired, or does not name --host '" + host + "'";
  } else if (mentions(reason, {"alert certificate required", "peer did not return a certificate"})) {
    hint = "the broker requires a client certificate: give --cert and --key";
  } else if (mentions(reason, {"alert unknown ca", "alert bad certificate", "alert certificate expired",
                               "alert certificate unknown", "alert decrypt error"})) {
    hint = "the broker does not accept --cert: it must be valid and signed by a CA in the broker's cafile";
  } else if (mentions(reason, {"key values mismatch", "PEM", "Unable to load", "no start line", "bad decrypt"})) {
    hint = "--cert and --key must be PEM files and --key must be the key of --cert";
  } else if (mentions(reason, {"unexpected eof", "wrong version number", "packet length too long", "record layer"})) {
    hint = "that port may not speak TLS: use the broker's TLS listener, or drop --cafile for a plain one";
  } else {
    hint = "check --cafile (the CA of the broker's certificate), --host (the name in it) and --cert/--key "
           "(a pair signed by a CA the broker trusts)";
  }
  return "TLS connection to " + endpoint + " failed: " + reason + "; " + hint;
}

}  // namespace

MqttSession::MqttSession(const ConnectionOptions& options, MessageHandler on_message, NoticeHandler on_notice)
    : endpoint_(options.endpoint()),
      host_(options.host),
      port_(options.port),
      tls_(options.tls()),
      on_message_(std::move(on_message)),
      on_notice_(std::move(on_notice)) {}

ConnectionResult<std::unique_ptr<MqttSession>> MqttSession::open(const ConnectionOptions& options, Deadline deadline,
                                                                 MessageHandler on_message, NoticeHandler on_notice) {
  init_library();
  std::unique_ptr<MqttSession> session(new MqttSession(options, std::move(on_message), std::move(on_notice)));
  if (auto configured = session->configure(options); !configured) return std::unexpected(configured.error());

  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  const auto probe_timeout = std::clamp<std::chrono::milliseconds>(left, 100ms, probe_cap);
  if (auto reachable = probe_tcp(options.host, options.port, probe_timeout); !reachable) {
    return std::unexpected(reachable.error());
  }

  // Blocking connect (TCP, TLS handshake, CONNECT sent): the probe above bounded the TCP part,
  // and libmosquitto 2.0's asynchronous TLS connect spins when the TCP connect fails.
  const int rc = mosquitto_connect(session->mosq_, options.host.c_str(), options.port, keepalive_s);
  if (rc != MOSQ_ERR_SUCCESS) {
    const int err = errno;
    std::lock_guard lock(session->mutex_);
    if (rc == MOSQ_ERR_TLS) {
      return connection_failure(tls_failure(session->endpoint_, options.host, session->last_log_locked()));
    }
    std::string reason = describe(rc, err);
    if (!session->last_log_.empty()) reason += " (" + session->last_log_ + ")";
    if (session->tls_) return connection_failure(tls_failure(session->endpoint_, options.host, reason));
    return connection_failure("cannot connect to the MQTT broker at " + session->endpoint_ + ": " + reason +
                              "; check --host/--port");
  }
  session->loop_ = std::thread([raw = session.get()] { raw->run_loop(); });
  if (auto accepted = session->wait_for_connack(deadline); !accepted) return std::unexpected(accepted.error());
  return session;
}

ConnectionResult<void> MqttSession::configure(const ConnectionOptions& options) {
  mosq_ = mosquitto_new(options.client_id.c_str(), options.clean, this);
  if (mosq_ == nullptr) {
    return connection_failure("cannot create an MQTT client with id '" + options.client_id +
                              "': " + std::strerror(errno));
  }
  mosquitto_threaded_set(mosq_, true);
  mosquitto_connect_with_flags_callback_set(mosq_, &MqttSession::on_connect);
  mosquitto_disconnect_callback_set(mosq_, &MqttSession::on_disconnect);
  mosquitto_subscribe_callback_set(mosq_, &MqttSession::on_subscribe);
  mosquitto_unsubscribe_callback_set(mosq_, &MqttSession::on_unsubscribe);
  mosquitto_publish_callback_set(mosq_, &MqttSession::on_publish);
  mosquitto_message_callback_set(mosq_, &MqttSession::on_message);
  mosquitto_log_callback_set(mosq_, &MqttSession::on_log);
  if (!options.tls()) return {};

  const char* cert = options.cert.empty() ? nullptr : options.cert.c_str();
  const char* key = options.key.empty() ? nullptr : options.key.c_str();
  if (const int rc = mosquitto_tls_set(mosq_, options.cafile.c_str(), nullptr, cert, key, nullptr);
      rc != MOSQ_ERR_SUCCESS) {
    return connection_failure("cannot use the TLS files (--cafile '" + options.cafile + "', --cert '" + options.cert +
                              "', --key '" + options.key + "'): " + describe(rc, errno));
  }
  // 1 = SSL_VERIFY_PEER; "tlsv1.2" is the minimum (1.3 still negotiated when both offer it).
  if (const int rc = mosquitto_tls_opts_set(mosq_, 1, "tlsv1.2", nullptr); rc != MOSQ_ERR_SUCCESS) {
    return connection_failure(std::string("cannot require TLS >= 1.2 with peer verification: ") +
                              describe(rc, errno));
  }
  if (const int rc = mosquitto_tls_insecure_set(mosq_, false); rc != MOSQ_ERR_SUCCESS) {
    return connection_failure(std::string("cannot enable TLS host name verification: ") + describe(rc, errno));
  }
  return {};
}

ConnectionResult<void> MqttSession::wait_for_connack(Deadline deadline) {
  std::unique_lock lock(mutex_);
  const bool decided = changed_.wait_until(lock, deadline, [&] {
    return connected_ || connack_rc_ > 0 || last_failure_rc_ != MOSQ_ERR_SUCCESS;
  });
  if (connected_) return {};
  if (connack_rc_ > 0) {
    std::string refusal = mosquitto_connack_string(connack_rc_);
    while (!refusal.empty() && refusal.back() == '.') refusal.pop_back();
    return connection_failure("the MQTT broker at " + endpoint_ + " refused the connection: " + refusal + " (CONNACK " + std::to_string(connack_rc_) +
                              "); " + connack_hint(connack_rc_));
  }
  if (!decided) {
    return connection_failure("no CONNACK from " + endpoint_ + " in time: is that port an MQTT broker" +
                              (tls_ ? " speaking TLS?" : "? If it expects TLS, give --cafile (and --cert/--key)"));
  }
  const std::string reason = lost_connection_text_locked();
  if (tls_) return connection_failure(tls_failure(endpoint_, host_, reason));
  return connection_failure("the MQTT broker at " + endpoint_ + " closed the connection before accepting it: " +
                            reason + ". If that listener expects TLS, give --cafile (and --cert/--key); "
                            "otherwise see the broker's log");
}

std::string MqttSession::last_log_locked() const { return last_log_.empty() ? "no details" : last_log_; }

std::string MqttSession::lost_connection_text_locked() const {
  if (!failure_text_.empty()) return failure_text_;
  std::string text = describe(last_failure_rc_, last_errno_);
  if (!last_log_.empty()) text += " (" + last_log_ + ")";
  return text;
}

void MqttSession::run_loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) return;
    }
    const int rc = mosquitto_loop(mosq_, 100, 1);
    if (rc == MOSQ_ERR_SUCCESS) continue;
    const int err = errno;

    std::unique_lock lock(mutex_);
    if (rc != MOSQ_ERR_NO_CONN) {
      last_failure_rc_ = rc;
      last_errno_ = err;
      failure_text_.clear();
    }
    connected_ = false;
    changed_.notify_all();
    if (stop_requested_) {
      changed_.wait(lock, [&] { return stop_; });
      return;
    }
    const auto delay = backoff_;
    backoff_ = std::min<std::chrono::seconds>(backoff_ * 2, max_backoff);
    if (ever_connected_ && on_notice_) {
      const std::string text = "connection to " + endpoint_ + " lost: " + lost_connection_text_locked() +
                               "; reconnecting in " + std::to_string(delay.count()) + " s";
      lock.unlock();
      on_notice_(text);
      lock.lock();
    }
    if (changed_.wait_for(lock, delay, [&] { return stop_ || stop_requested_; })) continue;
    last_log_.clear();
    failure_text_.clear();
    lock.unlock();
    reconnect_once();
  }
}

void MqttSession::reconnect_once() {
  // As in open(): probe first so that the blocking reconnect cannot hang on a dead host.
  if (auto reachable = probe_tcp(host_, port_, reconnect_probe_timeout); !reachable) {
    std::lock_guard lock(mutex_);
    last_failure_rc_ = MOSQ_ERR_NO_CONN;
    failure_text_ = reachable.error().message;
    return;
  }
  if (const int rc = mosquitto_reconnect(mosq_); rc != MOSQ_ERR_SUCCESS) {
    const int err = errno;
    std::lock_guard lock(mutex_);
    last_failure_rc_ = rc;
    last_errno_ = err;
  }
}

MqttSession::~MqttSession() {
  if (mosq_ == nullptr) return;
  if (loop_.joinable()) {
    std::unique_lock lock(mutex_);
    stop_requested_ = true;
    if (connected_) {
      lock.unlock();
      mosquitto_disconnect(mosq_);
      lock.lock();
      changed_.wait_for(lock, 2s, [&] { return !connected_; });
    }
    stop_ = true;
    changed_.notify_all();
    lock.unlock();
    loop_.join();
  }
  mosquitto_destroy(mosq_);
}

ConnectionResult<void> MqttSession::subscribe(const std::string& filter, Deadline deadline) {
  int mid = 0;
  if (const int rc = mosquitto_subscribe(mosq_, &mid, filter.c_str(), qos); rc != MOSQ_ERR_SUCCESS) {
    return connection_failure("cannot subscribe to '" + filter + "' at " + endpoint_ + ": " +
                              describe(rc, errno) + (rc == MOSQ_ERR_NO_CONN ? " (reconnecting; try again)" : ""));
  }
  std::unique_lock lock(mutex_);
  if (std::find(filters_.begin(), filters_.end(), filter) == filters_.end()) filters_.push_back(filter);
  if (!changed_.wait_until(lock, deadline, [&] { return subacks_.contains(mid); })) {
    return connection_failure("no SUBACK from " + endpoint_ + " for '" + filter +
                              "' in time; the connection may have dropped: " + lost_connection_text_locked());
  }
  const int granted = subacks_[mid];
  subacks_.erase(mid);
  if (granted < 0 || granted > 2) {
    std::erase(filters_, filter);
    return connection_failure("the broker at " + endpoint_ + " refused the subscription to '" + filter +
                              "' (SUBACK 0x80): check that its ACL lets this client read that topic");
  }
  return {};
}

ConnectionResult<void> MqttSession::unsubscribe(const std::string& filter, Deadline deadline) {
  int mid = 0;
  if (const int rc = mosquitto_unsubscribe(mosq_, &mid, filter.c_str()); rc != MOSQ_ERR_SUCCESS) {
    return connection_failure("cannot unsubscribe from '" + filter + "' at " + endpoint_ + ": " +
                              describe(rc, errno));
  }
  std::unique_lock lock(mutex_);
  std::erase(filters_, filter);
  if (!changed_.wait_until(lock, deadline, [&] { return unsubacks_.contains(mid); })) {
    return connection_failure("no UNSUBACK from " + endpoint_ + " for '" + filter + "' in time");
  }
  unsubacks_.erase(mid);
  return {};
}

ConnectionResult<void> MqttSession::publish(const std::string& topic, const std::string& payload, Deadline deadline) {
  int mid = 0;
  const int rc = mosquitto_publish(mosq_, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos,
                                   false);
  if (rc != MOSQ_ERR_SUCCESS) {
    return connection_failure("cannot publish to '" + topic + "' at " + endpoint_ + ": " + describe(rc, errno) +
                              (rc == MOSQ_ERR_NO_CONN ? " (reconnecting; try again)" : ""));
  }
  std::unique_lock lock(mutex_);
  if (!changed_.wait_until(lock, deadline, [&] { return pubacks_.contains(mid); })) {
    return connection_failure("no PUBACK from " + endpoint_ + " for '" + topic +
                              "' in time; the connection may have dropped: " + lost_connection_text_locked());
  }
  pubacks_.erase(mid);
  return {};
}

void MqttSession::on_connect(mosquitto* mosq, void* self, int rc, int flags) {
  auto& session = *static_cast<MqttSession*>(self);
  std::unique_lock lock(session.mutex_);
  session.connack_rc_ = rc;
  if (rc != 0) {
    session.changed_.notify_all();
    return;
  }
  const bool reconnect = session.ever_connected_;
  const bool session_present = (flags & 1) != 0;
  session.connected_ = true;
  session.ever_connected_ = true;
  session.last_failure_rc_ = MOSQ_ERR_SUCCESS;
  session.last_log_.clear();
  session.failure_text_.clear();
  session.backoff_ = std::chrono::seconds(1);
  const std::vector<std::string> filters = session.filters_;
  session.changed_.notify_all();
  lock.unlock();
  if (!reconnect) return;
  if (!session_present) {
    for (const auto& filter : filters) mosquitto_subscribe(mosq, nullptr, filter.c_str(), qos);
  }
  if (session.on_notice_) {
    session.on_notice_("reconnected to " + session.endpoint_ +
                       (session_present ? " (session kept)" : " (new session; subscribed again)"));
  }
}

void MqttSession::on_disconnect(mosquitto*, void* self, int rc) {
  auto& session = *static_cast<MqttSession*>(self);
  const int err = errno;
  std::lock_guard lock(session.mutex_);
  session.connected_ = false;
  if (rc != 0) {
    session.last_failure_rc_ = rc;
    session.last_errno_ = err;
  }
  session.changed_.notify_all();
}

void MqttSession::on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted) {
  auto& session = *static_cast<MqttSession*>(self);
  std::lock_guard lock(session.mutex_);
  session.subacks_[mid] = count > 0 ? granted[0] : 0x80;
  session.changed_.notify_all();
}

void MqttSession::on_unsubscribe(mosquitto*, void* self, int mid) {
  auto& session = *static_cast<MqttSession*>(self);
  std::lock_guard lock(session.mutex_);
  session.unsubacks_.insert(mid);
  session.changed_.notify_all();
}

void MqttSession::on_publish(mosquitto*, void* self, int mid) {
  auto& session = *static_cast<MqttSession*>(self);
  std::lock_guard lock(session.mutex_);
  session.pubacks_.insert(mid);
  session.changed_.notify_all();
}

void MqttSession::on_message(mosquitto*, void* self, const mosquitto_message* message) {
  auto& session = *static_cast<MqttSession*>(self);
  if (!session.on_message_ || message == nullptr || message->topic == nullptr) return;
  IncomingMessage incoming;
  incoming.topic = message->topic;
  if (message->payloadlen > 0) {
    incoming.payload.assign(static_cast<const char*>(message->payload), static_cast<std::size_t>(message->payloadlen));
  }
  incoming.retained = message->retain;
  session.on_message_(incoming);
}

void MqttSession::on_log(mosquitto*, void* self, int level, const char* text) {
  if ((level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) == 0 || text == nullptr) return;
  std::string_view line = text;
  if (line.starts_with("OpenSSL Error[")) {  // "OpenSSL Error[0]: error:0A000086:SSL routines::…"
    if (const auto colon = line.find("]: "); colon != std::string_view::npos) line.remove_prefix(colon + 3);
  }
  auto& session = *static_cast<MqttSession*>(self);
  std::lock_guard lock(session.mutex_);
  // Keep the first few reasons of the current attempt: OpenSSL's first is the telling one.
  if (std::ranges::count(session.last_log_, ';') >= 2) return;
  if (!session.last_log_.empty()) session.last_log_ += "; ";
  session.last_log_ += line;
}

}  // namespace pickupbox::console
