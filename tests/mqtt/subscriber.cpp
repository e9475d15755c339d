#include "subscriber.hpp"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <algorithm>
#include <stdexcept>

namespace pickupbox::testing {

namespace {

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

MqttSubscriber::MqttSubscriber(MqttSubscriberOptions options) : options_(std::move(options)) {
  init_library();
  mosq_ = mosquitto_new(options_.client_id.empty() ? nullptr : options_.client_id.c_str(), options_.clean_session,
                        this);
  if (mosq_ == nullptr) throw std::runtime_error("MqttSubscriber: mosquitto_new failed (a persistent session needs a client id)");
  mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, options_.mqtt5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
  mosquitto_reconnect_delay_set(mosq_, 1, 1, false);
  mosquitto_connect_v5_callback_set(mosq_, &MqttSubscriber::on_connect);
  mosquitto_disconnect_v5_callback_set(mosq_, &MqttSubscriber::on_disconnect);
  mosquitto_publish_v5_callback_set(mosq_, &MqttSubscriber::on_publish);
  mosquitto_subscribe_v5_callback_set(mosq_, &MqttSubscriber::on_subscribe);
  mosquitto_message_v5_callback_set(mosq_, &MqttSubscriber::on_message);
  mosquitto_log_callback_set(mosq_, &MqttSubscriber::on_log);
  if (options_.tls) {
    const auto& t = *options_.tls;
    const int rc = mosquitto_tls_set(mosq_, t.ca_file.c_str(), nullptr, t.cert_file.empty() ? nullptr : t.cert_file.c_str(),
                                     t.key_file.empty() ? nullptr : t.key_file.c_str(), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
      mosquitto_destroy(mosq_);
      throw std::runtime_error(std::string("MqttSubscriber: mosquitto_tls_set: ") + mosquitto_strerror(rc));
    }
  }
}

MqttSubscriber::~MqttSubscriber() {
  if (loop_started_) {
    mosquitto_disconnect(mosq_);
    mosquitto_loop_stop(mosq_, false);
  }
  mosquitto_destroy(mosq_);
}

std::string MqttSubscriber::connect(std::chrono::milliseconds timeout) {
  const std::size_t before = connack_count();
  const int rc = mosquitto_connect(mosq_, options_.host.c_str(), options_.port, options_.keepalive_s);
  if (rc != MOSQ_ERR_SUCCESS) return std::string("mosquitto_connect: ") + mosquitto_strerror(rc) + "\n" + log();
  if (!loop_started_) {
    if (const int loop_rc = mosquitto_loop_start(mosq_); loop_rc != MOSQ_ERR_SUCCESS) {
      return std::string("mosquitto_loop_start: ") + mosquitto_strerror(loop_rc);
    }
    loop_started_ = true;
  }
  std::unique_lock lock(mutex_);
  if (!cv_.wait_for(lock, timeout, [&] { return connacks_.size() > before; })) {
    return "no CONNACK within " + std::to_string(timeout.count()) + " ms\n" + log_;
  }
  if (connacks_[before] != 0) {
    return "CONNACK refused: " + std::string(mosquitto_reason_string(connacks_[before])) + "\n" + log_;
  }
  return {};
}

std::optional<int> MqttSubscriber::subscribe(const std::string& filter, int qos, std::chrono::milliseconds timeout) {
  int mid = 0;
  if (mosquitto_subscribe(mosq_, &mid, filter.c_str(), qos) != MOSQ_ERR_SUCCESS) return std::nullopt;
  std::unique_lock lock(mutex_);
  if (!cv_.wait_for(lock, timeout, [&] { return subacks_.contains(mid); })) return std::nullopt;
  return subacks_[mid];
}

std::optional<int> MqttSubscriber::publish(const std::string& topic, const std::string& payload, int qos, bool retain,
                                           std::chrono::milliseconds timeout) {
  int mid = 0;
  const int rc = mosquitto_publish(mosq_, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos,
                                   retain);
  if (rc != MOSQ_ERR_SUCCESS) return std::nullopt;
  if (qos == 0) return 0;
  std::unique_lock lock(mutex_);
  if (!cv_.wait_for(lock, timeout, [&] { return pubacks_.contains(mid); })) return std::nullopt;
  const int reason = pubacks_[mid];
  pubacks_.erase(mid);  // message ids are reused
  return reason;
}

std::vector<MqttMessage> MqttSubscriber::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<MqttMessage> MqttSubscriber::messages_since(std::size_t first) const {
  std::lock_guard lock(mutex_);
  if (first >= messages_.size()) return {};
  return {messages_.begin() + static_cast<std::ptrdiff_t>(first), messages_.end()};
}

std::size_t MqttSubscriber::message_count() const {
  std::lock_guard lock(mutex_);
  return messages_.size();
}

bool MqttSubscriber::wait_for(const std::function<bool(const std::vector<MqttMessage>&)>& condition,
                              std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return condition(messages_); });
}

std::optional<MqttMessage> MqttSubscriber::wait_message(const std::string& topic, std::chrono::milliseconds timeout,
                                                        const std::function<bool(const MqttMessage&)>& matches) {
  std::optional<MqttMessage> found;
  std::size_t checked = 0;  // messages are only appended: look at each once
  wait_for(
      [&](const std::vector<MqttMessage>& all) {
        for (; checked < all.size(); ++checked) {
          const auto& m = all[checked];
          if (m.topic == topic && (!matches || matches(m))) {
            found = m;
            return true;
          }
        }
        return false;
      },
      timeout);
  return found;
}

std::vector<MqttMessage> MqttSubscriber::messages_on(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  std::vector<MqttMessage> out;
  std::ranges::copy_if(messages_, std::back_inserter(out), [&](const MqttMessage& m) { return m.topic == topic; });
  return out;
}

std::size_t MqttSubscriber::connack_count() const {
  std::lock_guard lock(mutex_);
  return connacks_.size();
}

bool MqttSubscriber::wait_connacks(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return accepted_ >= count; });
}

std::string MqttSubscriber::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

// --- libmosquitto callbacks, on its network thread ---

void MqttSubscriber::on_connect(mosquitto*, void* self, int rc, int, const mosquitto_property*) {
  auto& s = *static_cast<MqttSubscriber*>(self);
  std::lock_guard lock(s.mutex_);
  s.connacks_.push_back(rc);
  if (rc == 0) ++s.accepted_;
  s.cv_.notify_all();
}

void MqttSubscriber::on_disconnect(mosquitto*, void* self, int, const mosquitto_property*) {
  auto& s = *static_cast<MqttSubscriber*>(self);
  std::lock_guard lock(s.mutex_);
  ++s.disconnects_;
  s.cv_.notify_all();
}

void MqttSubscriber::on_publish(mosquitto*, void* self, int mid, int reason, const mosquitto_property*) {
  auto& s = *static_cast<MqttSubscriber*>(self);
  std::lock_guard lock(s.mutex_);
  s.pubacks_[mid] = reason;
  s.cv_.notify_all();
}

void MqttSubscriber::on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted,
                                  const mosquitto_property*) {
  auto& s = *static_cast<MqttSubscriber*>(self);
  std::lock_guard lock(s.mutex_);
  s.subacks_[mid] = count > 0 ? granted[0] : -1;
  s.cv_.notify_all();
}

void MqttSubscriber::on_message(mosquitto*, void* self, const mosquitto_message* m, const mosquitto_property*) {
  auto& s = *static_cast<MqttSubscriber*>(self);
  MqttMessage message{m->topic,
                      std::string(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen)),
                      m->qos, m->retain};
  std::lock_guard lock(s.mutex_);
  s.messages_.push_back(std::move(message));
  s.cv_.notify_all();
}

void MqttSubscriber::on_log(mosquitto*, void* self, int level, const char* text) {
  if ((level & MOSQ_LOG_DEBUG) != 0) return;  // one line per packet: too much for long streams
  auto& s = *static_cast<MqttSubscriber*>(self);
  std::lock_guard lock(s.mutex_);
  s.log_ += text;
  s.log_ += '\n';
  s.cv_.notify_all();
}

}  // namespace pickupbox::testing
