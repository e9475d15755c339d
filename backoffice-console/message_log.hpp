#pragma once
// listen --log FILE: every received message as one JSON line, appended and flushed per line
// so tests and the chaos checker can read it while the console runs:
//   {"topic":"pickupbox/v1/box-dev-001/events","payload":{…},"received_at":"2026-11-25T10:00:00.123Z","retained":false}
// payload is the parsed JSON, or the text as a JSON string when it is not JSON (invalid
// UTF-8 replaced by U+FFFD).
#include <chrono>
#include <fstream>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::console {

// "2026-11-25T10:00:00.123Z" (UTC, milliseconds).
std::string utc_millis_text(std::chrono::system_clock::time_point t);

std::string log_record(std::string_view topic, std::string_view payload, bool retained,
                       std::chrono::system_clock::time_point received_at);

class MessageLog {
 public:
  static core::Result<MessageLog> open(const std::string& path);

  // Writes the record and a newline and flushes; false when the write failed (disk full…).
  bool append(std::string_view record);
  const std::string& path() const { return path_; }

 private:
  MessageLog(std::string path, std::ofstream file) : path_(std::move(path)), file_(std::move(file)) {}

  std::string path_;
  std::ofstream file_;
};

}  // namespace pickupbox::console
