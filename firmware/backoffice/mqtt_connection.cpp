#include "backoffice/mqtt_connection.hpp"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/ssl.h>

#include <asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "log/log.hpp"

namespace pickupbox::backoffice {

using core::ErrorCode;
using core::fail;

namespace {

// A broker that never answers CONNECT would otherwise hold the attempt open forever.
constexpr auto connack_timeout = std::chrono::seconds(10);
constexpr auto misc_period = std::chrono::milliseconds(500);

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string endpoint(const ConnectionSettings& s) { return s.host + ":" + std::to_string(s.port); }

core::Error link_error(std::string message) { return core::Error{ErrorCode::hardware, std::move(message)}; }

}  // namespace

std::string connack_text(int code) {
  return std::string(mosquitto_connack_string(code)) + " (CONNACK " + std::to_string(code) + ")";
}

// The client is handed to the worker for the blocking connect and back to the loop after;
// whoever holds the last reference to an attempt nobody took destroys the client.
// During the blocking connect libmosquitto logs (a TLS failure's reason) on the worker
// thread, so its log goes to the attempt, which the worker keeps alive, and never to a
// connection that may be gone meanwhile.
struct MqttConnection::Attempt {
  std::mutex mutex;
  bool abandoned = false;
  mosquitto* client = nullptr;
  bool taken = false;
  std::string tls_error;  // written by the worker only, read on the loop after its post
  ~Attempt() {
    if (client && !taken) mosquitto_destroy(client);
  }
  static void on_log(mosquitto*, void* self, int level, const char* text) {
    if ((level & MOSQ_LOG_ERR) != 0) static_cast<Attempt*>(self)->tls_error = text;
  }
};

MqttConnection::MqttConnection(asio::io_context& loop, ConnectionSettings settings, Handlers handlers)
    : loop_(loop), settings_(std::move(settings)), handlers_(std::move(handlers)), misc_timer_(loop) {
  init_library();
}

MqttConnection::~MqttConnection() {
  alive_.reset();
  if (attempt_) {
    std::lock_guard lock(attempt_->mutex);
    attempt_->abandoned = true;
  }
  teardown();
}

core::Result<mosquitto*> MqttConnection::make_client() {
  mosquitto* client = mosquitto_new(settings_.client_id.c_str(), /*clean_session=*/false, this);
  if (!client) return fail(ErrorCode::internal, "create MQTT client '" + settings_.client_id + "': out of memory");
  auto refuse = [client](std::string what, int rc) -> core::Result<mosquitto*> {
    mosquitto_destroy(client);
    return fail(ErrorCode::invalid_argument, what + ": " + mosquitto_strerror(rc));
  };
  const bool v5 = settings_.version == MqttVersion::v5;
  mosquitto_int_option(client, MOSQ_OPT_PROTOCOL_VERSION, v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
  mosquitto_int_option(client, MOSQ_OPT_TCP_NODELAY, 1);
  mosquitto_max_inflight_messages_set(client, static_cast<unsigned>(settings_.max_inflight));
  mosquitto_connect_v5_callback_set(client, &MqttConnection::on_connect);
  mosquitto_disconnect_v5_callback_set(client, &MqttConnection::on_disconnect);
  mosquitto_publish_v5_callback_set(client, &MqttConnection::on_publish);
  mosquitto_message_v5_callback_set(client, &MqttConnection::on_message);
  mosquitto_subscribe_v5_callback_set(client, &MqttConnection::on_subscribe);
  mosquitto_log_callback_set(client, &MqttConnection::on_log);
  if (settings_.tls) {
    const auto& t = *settings_.tls;
    if (int rc = mosquitto_tls_set(client, t.ca_file.c_str(), nullptr, t.cert_file.c_str(), t.key_file.c_str(), nullptr);
        rc != MOSQ_ERR_SUCCESS) {
      return refuse("TLS files (ca " + t.ca_file.string() + ", cert " + t.cert_file.string() + ", key " +
                        t.key_file.string() + ") not usable",
                    rc);
    }
    // Verify the broker's certificate and host name; TLS 1.2 is the oldest version allowed.
    if (int rc = mosquitto_tls_opts_set(client, SSL_VERIFY_PEER, "tlsv1.2", nullptr); rc != MOSQ_ERR_SUCCESS) {
      return refuse("TLS options", rc);
    }
  }
  if (!settings_.will.topic.empty()) {
    const auto& w = settings_.will;
    int rc = mosquitto_will_set(client, w.topic.c_str(), static_cast<int>(w.payload.size()), w.payload.data(), 1, true);
    if (rc != MOSQ_ERR_SUCCESS) return refuse("last will on " + w.topic, rc);
  }
  return client;
}

void MqttConnection::connect() {
  if (state_ != State::idle) return;
  auto client = make_client();
  if (!client) {
    asio::post(loop_, [this, alive = std::weak_ptr<bool>(alive_), why = client.error()] {
      if (!alive.expired() && handlers_.disconnected) handlers_.disconnected(why);
    });
    return;
  }
  state_ = State::connecting;
  last_tls_error_.clear();
  attempt_ = std::make_shared<Attempt>();
  attempt_->client = *client;
  mosquitto_user_data_set(*client, attempt_.get());
  mosquitto_log_callback_set(*client, &Attempt::on_log);
  std::thread([attempt = attempt_, settings = settings_, &loop = loop_, this, alive = std::weak_ptr<bool>(alive_)] {
    mosquitto_property* props = nullptr;
    int rc = MOSQ_ERR_SUCCESS;
    if (settings.version == MqttVersion::v5) {
      mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL,
                                   static_cast<std::uint32_t>(settings.session_expiry.count()));
      rc = mosquitto_connect_bind_v5(attempt->client, settings.host.c_str(), settings.port,
                                     static_cast<int>(settings.keepalive.count()), nullptr, props);
      mosquitto_property_free_all(&props);
    } else {
      rc = mosquitto_connect(attempt->client, settings.host.c_str(), settings.port,
                             static_cast<int>(settings.keepalive.count()));
    }
    const int err = errno;
    std::lock_guard lock(attempt->mutex);
    if (attempt->abandoned) return;
    asio::post(loop, [this, alive, attempt, rc, err] {
      if (!alive.expired()) tcp_connected(attempt, rc, err);
    });
  }).detach();
}

void MqttConnection::tcp_connected(const std::shared_ptr<Attempt>& attempt, int rc, int err) {
  if (attempt != attempt_) return;  // disconnect() gave this attempt up meanwhile
  attempt_.reset();
  last_tls_error_ = attempt->tls_error;
  if (rc != MOSQ_ERR_SUCCESS) {
    state_ = State::idle;
    std::string reason = rc == MOSQ_ERR_ERRNO ? std::strerror(err) : mosquitto_strerror(rc);
    if (rc == MOSQ_ERR_TLS && !last_tls_error_.empty()) reason += ": " + last_tls_error_;
    if (handlers_.disconnected) {
      handlers_.disconnected(link_error("connect to MQTT broker " + endpoint(settings_) + ": " + reason +
                                        ": check host, port and that the broker runs"));
    }
    return;
  }
  attempt->taken = true;
  mosquitto_user_data_set(attempt->client, this);
  mosquitto_log_callback_set(attempt->client, &MqttConnection::on_log);
  attach(attempt->client);
}

void MqttConnection::attach(mosquitto* client) {
  client_ = client;
  state_ = State::handshaking;
  ++generation_;
  attached_at_ = std::chrono::steady_clock::now();
  socket_.emplace(loop_, mosquitto_socket(client_));
  wait_readable();
  if (mosquitto_want_write(client_)) wait_writable();
  arm_misc_timer();
}

void MqttConnection::wait_readable() {
  if (reading_ || !socket_) return;
  reading_ = true;
  socket_->async_wait(asio::posix::stream_descriptor::wait_read,
                      [this, alive = std::weak_ptr<bool>(alive_), gen = generation_](const std::error_code& ec) {
                        if (alive.expired() || gen != generation_) return;
                        reading_ = false;
                        if (!ec) service_io(true);
                      });
}

void MqttConnection::wait_writable() {
  if (writing_ || !socket_) return;
  writing_ = true;
  socket_->async_wait(asio::posix::stream_descriptor::wait_write,
                      [this, alive = std::weak_ptr<bool>(alive_), gen = generation_](const std::error_code& ec) {
                        if (alive.expired() || gen != generation_) return;
                        writing_ = false;
                        if (!ec) service_io(false);
                      });
}

void MqttConnection::arm_misc_timer() {
  misc_timer_.expires_after(misc_period);
  misc_timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_), gen = generation_](const std::error_code& ec) {
    if (ec || alive.expired() || gen != generation_ || !client_) return;
    if (state_ == State::handshaking && std::chrono::steady_clock::now() - attached_at_ > connack_timeout) {
      return lost(link_error("MQTT broker " + endpoint(settings_) + " sent no CONNACK within 10 s"));
    }
    if (int rc = mosquitto_loop_misc(client_); rc != MOSQ_ERR_SUCCESS) {
      return lost(link_error("MQTT broker " + endpoint(settings_) + " stopped answering: " + mosquitto_strerror(rc)));
    }
    if (mosquitto_want_write(client_)) wait_writable();
    arm_misc_timer();
  });
}

void MqttConnection::service_io(bool readable) {
  if (!client_) return;
  const auto gen = generation_;
  int rc = MOSQ_ERR_SUCCESS;
  if (readable) {
    // TLS may hold whole records already read from the socket, which asio cannot see.
    auto* ssl = static_cast<SSL*>(mosquitto_ssl_get(client_));
    do {
      rc = mosquitto_loop_read(client_, 1);
    } while (rc == MOSQ_ERR_SUCCESS && gen == generation_ && client_ && ssl && SSL_pending(ssl) > 0);
  } else {
    rc = mosquitto_loop_write(client_, 1);
  }
  if (gen != generation_ || !client_) return;
  if (rc != MOSQ_ERR_SUCCESS) {
    std::string reason = mosquitto_strerror(rc);
    if (rc == MOSQ_ERR_TLS && !last_tls_error_.empty()) reason += ": " + last_tls_error_;
    return lost(link_error("connection to MQTT broker " + endpoint(settings_) + " lost: " + reason));
  }
  if (state_ == State::idle) return;  // a callback during the read reported the loss
  if (mosquitto_want_write(client_)) wait_writable();
  wait_readable();
}

void MqttConnection::drop(core::Error why) { lost(std::move(why)); }

void MqttConnection::lost(core::Error why) {
  if (state_ == State::idle) return;
  state_ = State::idle;
  // libmosquitto may be inside one of its callbacks right now: close after it returns.
  asio::post(loop_, [this, alive = std::weak_ptr<bool>(alive_), gen = generation_, why = std::move(why)] {
    if (alive.expired() || gen != generation_) return;
    teardown();
    if (handlers_.disconnected) handlers_.disconnected(why);
  });
}

void MqttConnection::teardown() {
  ++generation_;
  reading_ = writing_ = false;
  misc_timer_.cancel();
  if (socket_) {
    (void)socket_->release();  // the descriptor is libmosquitto's to close
    socket_.reset();
  }
  if (client_) {
    mosquitto_destroy(client_);
    client_ = nullptr;
  }
}

void MqttConnection::disconnect() {
  if (attempt_) {
    std::lock_guard lock(attempt_->mutex);
    attempt_->abandoned = true;
    attempt_.reset();
  }
  if (client_ && state_ == State::connected) {
    // What is queued (the offline status) and the DISCONNECT must leave before the socket
    // closes, or the broker publishes the will instead. Bounded: 200 ms at most.
    auto flush = [this] {
      for (int i = 0; i < 10 && mosquitto_want_write(client_); ++i) mosquitto_loop(client_, 10, 1);
    };
    flush();
    mosquitto_disconnect_v5(client_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
    flush();
  }
  state_ = State::idle;
  teardown();
}

core::Result<int> MqttConnection::publish(const std::string& topic, const std::string& payload, int qos, bool retain) {
  if (state_ != State::connected) {
    return fail(ErrorCode::busy, "not connected to the MQTT broker " + endpoint(settings_) + "; the message waits");
  }
  int mid = 0;
  const int rc = mosquitto_publish_v5(client_, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(),
                                      qos, retain, nullptr);
  if (rc != MOSQ_ERR_SUCCESS) {
    return fail(rc == MOSQ_ERR_OVERSIZE_PACKET || rc == MOSQ_ERR_PAYLOAD_SIZE ? ErrorCode::invalid_argument
                                                                               : ErrorCode::busy,
                "publish to " + topic + ": " + mosquitto_strerror(rc));
  }
  if (mosquitto_want_write(client_)) wait_writable();
  return mid;
}

core::Result<int> MqttConnection::subscribe(const std::string& filter, int qos) {
  if (state_ != State::connected) return fail(ErrorCode::busy, "subscribe to " + filter + ": not connected");
  int mid = 0;
  if (int rc = mosquitto_subscribe_v5(client_, &mid, filter.c_str(), qos, 0, nullptr); rc != MOSQ_ERR_SUCCESS) {
    return fail(ErrorCode::invalid_argument, "subscribe to " + filter + ": " + mosquitto_strerror(rc));
  }
  if (mosquitto_want_write(client_)) wait_writable();
  return mid;
}

// --- libmosquitto callbacks (on the loop thread, inside loop_read/loop_write/loop_misc) ---

void MqttConnection::on_connect(mosquitto*, void* self, int rc, int flags, const mosquitto_property*) {
  auto* c = static_cast<MqttConnection*>(self);
  if (rc == 0) {
    c->state_ = State::connected;
    if (c->handlers_.connected) c->handlers_.connected((flags & 1) != 0);
    return;
  }
  std::string hint = "check the device certificate and the broker's ACL";
  if (c->settings_.version == MqttVersion::v5 &&
      (rc == MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION || rc == CONNACK_REFUSED_PROTOCOL_VERSION)) {
    c->settings_.version = MqttVersion::v311;  // the next attempt speaks 3.1.1
    hint = "the broker does not speak MQTT 5; retrying with 3.1.1";
  }
  c->lost(link_error("MQTT broker " + endpoint(c->settings_) + " refused the connection: " +
                     (c->settings_.version == MqttVersion::v5 ? std::string(mosquitto_reason_string(rc)) + " (reason " +
                                                                    std::to_string(rc) + ")"
                                                              : connack_text(rc)) +
                     ": " + hint));
}

void MqttConnection::on_disconnect(mosquitto*, void* self, int rc, const mosquitto_property*) {
  auto* c = static_cast<MqttConnection*>(self);
  std::string reason = c->last_tls_error_.empty() ? mosquitto_strerror(rc) : c->last_tls_error_;
  c->lost(link_error("connection to MQTT broker " + endpoint(c->settings_) + " closed: " + reason));
}

void MqttConnection::on_publish(mosquitto*, void* self, int mid, int reason, const mosquitto_property*) {
  auto* c = static_cast<MqttConnection*>(self);
  if (c->handlers_.published) c->handlers_.published(mid, reason);
}

void MqttConnection::on_message(mosquitto*, void* self, const mosquitto_message* m, const mosquitto_property*) {
  auto* c = static_cast<MqttConnection*>(self);
  if (!c->handlers_.message) return;
  c->handlers_.message(m->topic, std::string(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen)));
}

void MqttConnection::on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted,
                                  const mosquitto_property*) {
  auto* c = static_cast<MqttConnection*>(self);
  if (c->handlers_.subscribed) c->handlers_.subscribed(mid, std::vector<int>(granted, granted + count));
}

void MqttConnection::on_log(mosquitto*, void* self, int level, const char* text) {
  // OpenSSL's reason for a failed handshake reaches us only here.
  if ((level & MOSQ_LOG_ERR) != 0) static_cast<MqttConnection*>(self)->last_tls_error_ = text;
}

}  // namespace pickupbox::backoffice
