#include "send_command.hpp"

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <optional>

#include "backoffice/topics.hpp"
#include "core/secure_random.hpp"
#include "exit_status.hpp"
#include "mqtt_session.hpp"
#include "request_id.hpp"

namespace pickupbox::console {

namespace {

using Json = nlohmann::ordered_json;

// The first message on the result topic, handed from the network thread to the caller.
class AnswerSlot {
 public:
  explicit AnswerSlot(std::string topic) : topic_(std::move(topic)) {}

  void offer(const IncomingMessage& message) {
    if (message.topic != topic_) return;
    std::lock_guard lock(mutex_);
    if (!payload_) payload_ = message.payload;
    arrived_.notify_all();
  }

  std::optional<std::string> wait_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    arrived_.wait_until(lock, deadline, [&] { return payload_.has_value(); });
    return payload_;
  }

 private:
  std::string topic_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::optional<std::string> payload_;
};

int fail_connection(const ConnectionError& error) {
  std::cerr << "backoffice-console: " << error.message << '\n';
  return exit_status::unreachable;
}

}  // namespace

int run_send(const ConnectionOptions& connection, const SendOptions& options) {
  auto resolved = resolve(connection);
  if (!resolved) {
    std::cerr << "backoffice-console: " << resolved.error().message << '\n';
    return exit_status::usage;
  }
  core::OpenSslRandom random;
  auto payload = build_command_payload(options.request, new_request_id(std::chrono::system_clock::now(), random),
                                       random);
  if (!payload) {
    std::cerr << "backoffice-console: " << payload.error().message << '\n';
    return exit_status::usage;
  }
  const std::string request_id = (*payload)["request_id"].get<std::string>();
  const backoffice::Topics topics(options.request.device);
  const std::string result_topic = topics.command_result(request_id);
  const std::string command_topic = topics.command(options.request.command);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_s);

  AnswerSlot answer(result_topic);
  auto session = MqttSession::open(
      *resolved, deadline, [&answer](const IncomingMessage& message) { answer.offer(message); },
      [](const std::string& notice) { std::cerr << "backoffice-console: " << notice << '\n'; });
  if (!session) return fail_connection(session.error());
  if (auto subscribed = (*session)->subscribe(result_topic, deadline); !subscribed) {
    return fail_connection(subscribed.error());
  }
  if (auto published = (*session)->publish(command_topic, payload->dump(), deadline); !published) {
    return fail_connection(published.error());
  }
  const auto text = answer.wait_until(deadline);
  // The result topic is never used again: do not leave it in a persistent session.
  (void)(*session)->unsubscribe(result_topic, std::chrono::steady_clock::now() + std::chrono::seconds(2));
  if (!text) {
    std::cerr << "backoffice-console: no answer on " << result_topic << " within " << options.timeout_s
              << " s (the broker at " << resolved->endpoint() << " acknowledged the command): is boxd for '"
              << options.request.device << "' running and connected to this broker, and does the broker's ACL "
              << "let this client write cmd/ and read cmd-result/? Raise --timeout-s if the box is slow\n";
    return exit_status::unreachable;
  }
  const Json result = Json::parse(*text, nullptr, false);
  if (result.is_discarded() || !result.is_object() || !result.contains("ok") || !result["ok"].is_boolean()) {
    std::cerr << "backoffice-console: the answer on " << result_topic << " is not a result object with a boolean "
              << "\"ok\": " << text->substr(0, 200) << '\n';
    return exit_status::command_failed;
  }
  std::cout << result.dump(2, ' ', false, Json::error_handler_t::replace) << std::endl;
  return result["ok"].get<bool>() ? exit_status::ok : exit_status::command_failed;
}

}  // namespace pickupbox::console
