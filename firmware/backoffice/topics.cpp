#include "backoffice/topics.hpp"

#include "core/device_id.hpp"

#include <algorithm>
#include <stdexcept>

namespace pickupbox::backoffice {

bool is_valid_device_id(std::string_view id) { return core::is_valid_device_id(id); }

Topics::Topics(std::string device_id) : device_id_(std::move(device_id)) {
  if (!is_valid_device_id(device_id_)) {
    throw std::invalid_argument("device id '" + device_id_ + "' is not 1..64 of letters, digits, '-' and '_'");
  }
  prefix_ = std::string(topic_root) + device_id_ + "/";
}

std::optional<std::string> Topics::command_name(std::string_view topic) const {
  const std::string cmd_prefix = prefix_ + "cmd/";
  if (!topic.starts_with(cmd_prefix)) return std::nullopt;
  auto name = topic.substr(cmd_prefix.size());
  if (name.empty() || name.find('/') != std::string_view::npos) return std::nullopt;
  return std::string(name);
}

std::optional<ParsedTopic> parse_topic(std::string_view topic) {
  if (!topic.starts_with(topic_root)) return std::nullopt;
  auto rest = topic.substr(topic_root.size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto device = rest.substr(0, slash);
  if (!is_valid_device_id(device)) return std::nullopt;
  return ParsedTopic{std::string(device), std::string(rest.substr(slash + 1))};
}

}  // namespace pickupbox::backoffice
