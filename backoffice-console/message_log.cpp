#include "message_log.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

namespace pickupbox::console {

std::string utc_millis_text(std::chrono::system_clock::time_point t) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const auto seconds = static_cast<std::time_t>(millis / 1000 - (millis % 1000 < 0 ? 1 : 0));
  const auto fraction = static_cast<int>(((millis % 1000) + 1000) % 1000);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, fraction);
  return text;
}

std::string log_record(std::string_view topic, std::string_view payload, bool retained,
                       std::chrono::system_clock::time_point received_at) {
  using Json = nlohmann::ordered_json;
  Json parsed = Json(Json::value_t::discarded);
  if (!payload.empty()) parsed = Json::parse(payload, nullptr, false);
  Json record;
  record["topic"] = std::string(topic);
  record["payload"] = parsed.is_discarded() ? Json(std::string(payload)) : std::move(parsed);
  record["received_at"] = utc_millis_text(received_at);
  record["retained"] = retained;
  return record.dump(-1, ' ', false, Json::error_handler_t::replace);
}

core::Result<MessageLog> MessageLog::open(const std::string& path) {
  std::ofstream file(path, std::ios::app);
  if (!file) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "cannot open --log '" + path + "' for appending: " + std::strerror(errno) +
                          "; check the directory exists and is writable");
  }
  return MessageLog(path, std::move(file));
}

bool MessageLog::append(std::string_view record) {
  file_ << record << '\n';
  file_.flush();
  return static_cast<bool>(file_);
}

}  // namespace pickupbox::console
