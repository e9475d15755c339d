#pragma once
// The one logger. Lines are structured key=value fields after a short event name:
//   2026-11-25T10:00:00.123Z info door.unlocked locker=A07 board=0 channel=7
// Never pass personal data (phone numbers, codes, dates of birth) as a field.
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace pickupbox::log {

enum class Level { debug, info, warn, error };

struct Field {
  std::string_view key;
  std::string value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  template <class N>
    requires std::is_arithmetic_v<N>
  Field(std::string_view k, N n) : key(k), value(std::to_string(n)) {}
};
using Fields = std::initializer_list<Field>;

void set_level(Level level);
// "debug" | "info" | "warn" | "error"; anything else leaves the level unchanged and returns false.
bool set_level(std::string_view name);

void write(Level level, std::string_view event, Fields fields = {});
inline void debug(std::string_view event, Fields fields = {}) { write(Level::debug, event, fields); }
inline void info(std::string_view event, Fields fields = {}) { write(Level::info, event, fields); }
inline void warn(std::string_view event, Fields fields = {}) { write(Level::warn, event, fields); }
inline void error(std::string_view event, Fields fields = {}) { write(Level::error, event, fields); }

// Formats one line's fields (exposed for tests): values with spaces, quotes or '='
// are quoted and escaped so that a line always parses back into the same fields.
std::string format_fields(Fields fields);
}  // namespace pickupbox::log
