#pragma once
// The back office as the soak sees it: one persistent MQTT session subscribed to the box's
// whole topic tree, every message it receives written to a JSON-lines file (topic, event id,
// seq, type, payload) and kept for the checker. It also sends the back office's commands.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "subscriber.hpp"

namespace pickupbox::soak {

using Json = nlohmann::json;

struct Received {
  std::string topic;
  std::string id;                 // the payload's "id" ("" when it has none)
  std::optional<std::int64_t> seq;  // events and SMS carry one; status, heartbeat, cmd-result do not
  std::string type;               // events only
  std::string payload;            // as received
  Json json;                      // parsed payload (discarded when it is not JSON)
};

class BackofficeLog {
 public:
  BackofficeLog(std::uint16_t port, std::string device_id, std::filesystem::path file);

  // Connects and subscribes; throws std::runtime_error naming the broker port when refused.
  void connect();
  // Takes in what arrived since the last call and appends it to the file.
  void sync();
  const std::vector<Received>& received() const { return received_; }

  std::string events_topic() const { return root_ + "events"; }
  std::string sms_topic() const { return root_ + "sms"; }
  std::string command_topic(const std::string& name) const { return root_ + "cmd/" + name; }
  std::string result_topic(const std::string& request_id) const { return root_ + "cmd-result/" + request_id; }

  // The pickup code of the first SMS for this order that carries one.
  std::optional<std::string> code_for(const std::string& order_id);
  // Publishes bytes to cmd/<name>; false when the broker did not acknowledge.
  bool publish_command(const std::string& name, const std::string& payload);
  // The first answer on cmd-result/<request_id> (already here or arriving in time).
  std::optional<Json> answer(const std::string& request_id, std::chrono::milliseconds timeout);
  // How many status messages with this state ("online", "offline") arrived so far.
  std::size_t status_count(const std::string& state);

  const std::filesystem::path& file() const { return file_; }

 private:
  std::string device_id_;
  std::string root_;
  std::filesystem::path file_;
  std::ofstream out_;
  std::unique_ptr<testing::MqttSubscriber> office_;
  std::vector<Received> received_;
};

}  // namespace pickupbox::soak
