#pragma once
// The MQTT topic tree of one box, as the back office sees it (README "MQTT topics"):
//   pickupbox/v1/<device-id>/events            box -> back office, QoS 1
//   pickupbox/v1/<device-id>/status            box -> back office, QoS 1, retained; last will "offline"
//   pickupbox/v1/<device-id>/sms               box -> back office, QoS 1
//   pickupbox/v1/<device-id>/cmd/<name>        back office -> box, QoS 1
//   pickupbox/v1/<device-id>/cmd-result/<id>   box -> back office, QoS 1
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::backoffice {

inline constexpr std::string_view topic_root = "pickupbox/v1/";

// Device ids become one topic level: 1..64 of [A-Za-z0-9_-], so no '/', '+' or '#'.
bool is_valid_device_id(std::string_view id);

class Topics {
 public:
  // Throws std::invalid_argument for an invalid id (configuration validates it first).
  explicit Topics(std::string device_id);

  const std::string& device_id() const { return device_id_; }
  std::string events() const { return prefix_ + "events"; }
  std::string status() const { return prefix_ + "status"; }
  std::string sms() const { return prefix_ + "sms"; }
  std::string commands_filter() const { return prefix_ + "cmd/+"; }
  std::string command(std::string_view name) const { return prefix_ + "cmd/" + std::string(name); }
  std::string command_result(std::string_view request_id) const {
    return prefix_ + "cmd-result/" + std::string(request_id);
  }
  // The command name of a topic under this box's cmd/, or nullopt for any other topic.
  std::optional<std::string> command_name(std::string_view topic) const;

 private:
  std::string device_id_;
  std::string prefix_;  // "pickupbox/v1/<id>/"
};

// What a back office sees when it subscribes to pickupbox/v1/+/#: the device and the rest.
struct ParsedTopic {
  std::string device_id;
  std::string leaf;  // "events", "status", "sms", "cmd/create-order", "cmd-result/r-1"
};
std::optional<ParsedTopic> parse_topic(std::string_view topic);

}  // namespace pickupbox::backoffice
