#include "log/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace pickupbox::log {
namespace {

spdlog::logger& logger() {
  // stderr: systemd's journal captures it on the box; stdout stays free for tools.
  static auto instance = [] {
    auto l = spdlog::stderr_color_mt("pickupbox");
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    l->set_level(spdlog::level::info);
    return l;
  }();
  return *instance;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::debug: return spdlog::level::debug;
    case Level::info: return spdlog::level::info;
    case Level::warn: return spdlog::level::warn;
    case Level::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

bool needs_quotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

void append_value(std::string& out, std::string_view value) {
  if (!needs_quotes(value)) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';  // control characters never reach the journal raw
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

void set_level(Level level) { logger().set_level(to_spdlog(level)); }

bool set_level(std::string_view name) {
  if (name == "debug") set_level(Level::debug);
  else if (name == "info") set_level(Level::info);
  else if (name == "warn") set_level(Level::warn);
  else if (name == "error") set_level(Level::error);
  else return false;
  return true;
}

std::string format_fields(Fields fields) {
  std::string out;
  for (const auto& f : fields) {
    out += ' ';
    out += f.key;
    out += '=';
    append_value(out, f.value);
  }
  return out;
}

void write(Level level, std::string_view event, Fields fields) {
  auto& l = logger();
  const auto lvl = to_spdlog(level);
  if (!l.should_log(lvl)) return;
  l.log(lvl, "{}{}", event, format_fields(fields));
}

}  // namespace pickupbox::log
