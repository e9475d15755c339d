#include "backoffice/backoffice_link.hpp"

#include "backoffice/command_parser.hpp"
#include "core/uuid.hpp"
#include "log/log.hpp"

namespace pickupbox::backoffice {

namespace {

ConnectionSettings connection_for(const LinkSettings& s) {
  ConnectionSettings c = s.connection;
  if (c.client_id.empty()) c.client_id = s.device_id;
  c.will = {Topics(s.device_id).status(), status_offline(s.device_id, "connection lost")};
  return c;
}

std::string_view version_text(MqttVersion v) { return v == MqttVersion::v5 ? "5" : "3.1.1"; }

constexpr auto connection_held = std::chrono::seconds(30);

}  // namespace

BackofficeLink::BackofficeLink(asio::io_context& loop, store::Store& store, core::Clock& clock, core::Random& random,
                               LinkSettings settings, HealthReport health, CommandExecutor execute)
    : loop_(loop),
      store_(store),
      clock_(clock),
      random_(random),
      settings_(std::move(settings)),
      topics_(settings_.device_id),
      health_(std::move(health)),
      execute_(std::move(execute)),
      mqtt_(loop, connection_for(settings_),
            MqttConnection::Handlers{
                .connected = [this](bool session_present) { on_connected(session_present); },
                .disconnected = [this](const core::Error& why) { on_disconnected(why); },
                .published = [this](int mid, int reason) { drain_.published(mid, reason); },
                .message = [this](const std::string& t, const std::string& p) { on_message(t, p); },
                .subscribed = {},
            }),
      drain_(loop, store, mqtt_, topics_, settings_.drain),
      backoff_(settings_.backoff),
      retry_timer_(loop),
      heartbeat_timer_(loop) {}

BackofficeLink::~BackofficeLink() { alive_.reset(); }

void BackofficeLink::start() {
  started_at_ = clock_.now();
  log::info("backoffice.connecting", {{"broker", settings_.connection.host + ":" + std::to_string(settings_.connection.port)},
                                      {"tls", settings_.connection.tls ? "on" : "off"}});
  attempt();
  beat();
}

void BackofficeLink::attempt() {
  if (!stopping_) mqtt_.connect();
}

void BackofficeLink::on_connected(bool session_present) {
  connected_since_ = std::chrono::steady_clock::now();
  last_error_.clear();
  log::info("backoffice.connected", {{"mqtt", version_text(mqtt_.version())}, {"session_present", session_present}});
  // Subscribed on every connect: a broker that lost the session (restart without
  // persistence) would otherwise leave the box deaf.
  if (auto sub = mqtt_.subscribe(topics_.commands_filter(), 1); !sub) {
    log::error("backoffice.subscribe_failed", {{"message", sub.error().message}});
  }
  publish_status(health());
  drain_.connected();
}

void BackofficeLink::on_disconnected(const core::Error& why) {
  drain_.disconnected();
  if (stopping_) return;
  if (why.message != last_error_) log::warn("backoffice.disconnected", {{"message", why.message}});
  last_error_ = why.message;
  // Only a connection that held counts as a success: a broker that accepts the box and then
  // drops it at once (an ACL refusing its publishes) must not be retried at full speed.
  if (connected_since_ && std::chrono::steady_clock::now() - *connected_since_ >= connection_held) backoff_.reset();
  connected_since_.reset();
  const auto delay = backoff_.next_delay(random_);
  retry_timer_.expires_after(delay);
  retry_timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](const std::error_code& ec) {
    if (!ec && !alive.expired()) attempt();
  });
}

void BackofficeLink::stop() {
  stopping_ = true;
  retry_timer_.cancel();
  heartbeat_timer_.cancel();
  if (mqtt_.connected()) {
    (void)mqtt_.publish(topics_.status(), status_offline(settings_.device_id, "stopped"), 1, true);
  }
  drain_.flush();
  mqtt_.disconnect();
}

void BackofficeLink::publish_status(const Json& health) {
  auto status = status_online(settings_.device_id, settings_.version, version_text(mqtt_.version()), clock_.now(),
                              health);
  if (auto sent = mqtt_.publish(topics_.status(), status, 1, true); !sent) {
    log::warn("backoffice.status_failed", {{"message", sent.error().message}});
  }
}

Json BackofficeLink::health() {
  Json h = health_ ? health_() : Json::object();
  auto pending = store_.outbox_size();
  h["outbox_pending"] = pending ? *pending : -1;
  const bool high = pending && *pending >= settings_.drain.high_water;
  h["outbox_high_water"] = high;
  if (high && !high_water_) {
    log::warn("backoffice.outbox_high_water", {{"pending", *pending}, {"high_water", settings_.drain.high_water}});
  }
  high_water_ = high;
  return h;
}

void BackofficeLink::beat() {
  heartbeat_timer_.expires_after(settings_.heartbeat);
  heartbeat_timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](const std::error_code& ec) {
    if (ec || alive.expired()) return;
    const bool was_high = high_water_;
    auto h = health();
    if (mqtt_.connected()) {
      const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started_at_).count();
      (void)mqtt_.publish(topics_.events(),
                          heartbeat(core::new_uuid(random_), clock_.now(), uptime, h["outbox_pending"].get<std::int64_t>()),
                          1, false);
      if (was_high != high_water_) publish_status(h);
    }
    beat();
  });
}

void BackofficeLink::on_message(const std::string& topic, const std::string& payload) {
  auto name = topics_.command_name(topic);
  if (!name) {
    log::warn("backoffice.unexpected_topic", {{"topic", topic}});
    return;
  }
  auto command = parse_command(*name, payload);
  if (!command) {
    const auto& rejection = command.error();
    log::warn("backoffice.command_refused", {{"command", *name},
                                             {"request_id", rejection.request_id},
                                             {"message", rejection.error.message}});
    // Without a usable request id there is no topic to answer on; the log says why.
    if (!rejection.request_id.empty()) answer(rejection.request_id, *name, std::unexpected(rejection.error));
    return;
  }
  const auto request_id = command->request_id;
  auto earlier = store_.processed_request(request_id);
  if (earlier && *earlier) {
    log::info("backoffice.command_repeated", {{"command", *name}, {"request_id", request_id}});
    if (auto sent = mqtt_.publish(topics_.command_result(request_id), **earlier, 1, false); !sent) {
      log::warn("backoffice.result_failed", {{"request_id", request_id}, {"message", sent.error().message}});
    }
    return;
  }
  if (!in_progress_.insert(request_id).second) return;  // the first delivery will answer
  log::info("backoffice.command", {{"command", *name}, {"request_id", request_id}});
  execute_(*command, [this, alive = std::weak_ptr<bool>(alive_), request_id, name = *name](core::Result<Json> outcome) {
    if (alive.expired()) return;
    in_progress_.erase(request_id);
    answer(request_id, name, outcome);
  });
}

void BackofficeLink::answer(const std::string& request_id, const std::string& command,
                            const core::Result<Json>& outcome) {
  const auto payload = command_result(request_id, command, outcome);
  // Refusals are answered but not remembered: a corrected command may reuse the id.
  if (outcome) {
    if (auto kept = store_.record_processed_request(request_id, payload); !kept) {
      log::error("backoffice.result_not_recorded", {{"request_id", request_id}, {"message", kept.error().message}});
    }
  }
  if (!outcome) {
    log::info("backoffice.command_failed", {{"command", command},
                                            {"request_id", request_id},
                                            {"code", core::to_string(outcome.error().code)}});
  }
  if (auto sent = mqtt_.publish(topics_.command_result(request_id), payload, 1, false); !sent) {
    log::warn("backoffice.result_failed", {{"request_id", request_id}, {"message", sent.error().message}});
  }
}

Json BackofficeLink::describe() {
  const auto& c = mqtt_.settings();
  return Json{{"connected", mqtt_.connected()},
              {"broker", c.host + ":" + std::to_string(c.port)},
              {"tls", c.tls.has_value()},
              {"mqtt", version_text(mqtt_.version())},
              {"last_error", last_error_},
              {"in_flight", drain_.in_flight()},
              {"sent", drain_.stats().sent},
              {"acknowledged", drain_.stats().acknowledged}};
}

}  // namespace pickupbox::backoffice
