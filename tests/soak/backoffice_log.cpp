#include "backoffice_log.hpp"

#include <stdexcept>

#include "provisioning/sms_code.hpp"

namespace pickupbox::soak {

BackofficeLog::BackofficeLog(std::uint16_t port, std::string device_id, std::filesystem::path file)
    : device_id_(std::move(device_id)), root_("pickupbox/v1/" + device_id_ + "/"), file_(std::move(file)) {
  out_.open(file_, std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot write the back-office log " + file_.string() + ": check the directory");
  // A persistent session (fixed client id, clean_session = false): while the broker
  // restarts, what the box publishes waits for us instead of being dropped.
  testing::MqttSubscriberOptions options;
  options.port = port;
  options.client_id = "soak-backoffice";
  options.clean_session = false;
  office_ = std::make_unique<testing::MqttSubscriber>(options);
}

void BackofficeLog::connect() {
  if (auto error = office_->connect(); !error.empty()) {
    throw std::runtime_error("the soak's back office cannot connect to the broker: " + error);
  }
  if (office_->subscribe("pickupbox/v1/#", 1) != 1) {
    throw std::runtime_error("the broker refused the soak's SUBSCRIBE to pickupbox/v1/#: see its log");
  }
}

void BackofficeLog::sync() {
  for (auto& message : office_->messages_since(received_.size())) {
    Received r;
    r.topic = message.topic;
    r.payload = message.payload;
    r.json = Json::parse(message.payload, nullptr, false);
    if (r.json.is_discarded()) r.json = Json();
    if (r.json.is_object()) {
      r.id = r.json.value("id", std::string{});
      r.type = r.json.value("type", std::string{});
      if (r.json.contains("seq") && r.json["seq"].is_number_integer()) r.seq = r.json["seq"].get<std::int64_t>();
    }
    Json line{{"topic", r.topic}, {"id", r.id}, {"type", r.type}, {"payload", r.payload}};
    line["seq"] = r.seq ? Json(*r.seq) : Json();
    out_ << line.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
    received_.push_back(std::move(r));
  }
  out_.flush();
}

std::optional<std::string> BackofficeLog::code_for(const std::string& order_id) {
  sync();
  const auto topic = sms_topic();
  for (const auto& r : received_) {
    if (r.topic != topic || !r.json.is_object() || r.json.value("order_id", std::string{}) != order_id) continue;
    if (auto code = provisioning::pickup_code_in(r.json.value("text", std::string{}))) return code;
  }
  return std::nullopt;
}

bool BackofficeLog::publish_command(const std::string& name, const std::string& payload) {
  return office_->publish(command_topic(name), payload, 1, false, std::chrono::seconds{5}).has_value();
}

std::optional<Json> BackofficeLog::answer(const std::string& request_id, std::chrono::milliseconds timeout) {
  const auto topic = result_topic(request_id);
  auto found = office_->wait_message(topic, timeout);
  if (!found) return std::nullopt;
  auto json = Json::parse(found->payload, nullptr, false);
  if (json.is_discarded()) return Json{{"unparsable", found->payload}};
  return json;
}

std::size_t BackofficeLog::status_count(const std::string& state) {
  sync();
  const auto topic = root_ + "status";
  std::size_t n = 0;
  for (const auto& r : received_) n += r.topic == topic && r.json.is_object() && r.json.value("state", "") == state;
  return n;
}

}  // namespace pickupbox::soak
