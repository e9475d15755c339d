#pragma once
// Cuts a byte stream into '\n'-terminated lines, tolerating "\r\n", with a hard cap on line
// length so a peer that never sends a newline cannot make us buffer without bound.
#include <cstddef>
#include <string>
#include <string_view>

namespace pickupbox::api {

class LineSplitter {
 public:
  enum class Status {
    line,        // `line` holds the next complete line, terminator removed
    incomplete,  // no complete line buffered: append more bytes
    too_long,    // a line exceeds the cap; the splitter is spent and keeps answering too_long
  };

  // max_line_bytes counts the bytes of a line without its "\n" or "\r\n".
  explicit LineSplitter(std::size_t max_line_bytes);

  void append(std::string_view bytes);
  Status next(std::string& line);

  // Bytes held for lines not yet taken; at most max_line_bytes + 1 plus the last append.
  std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  bool partial_over_cap() const;
  Status spend();  // drops the buffer for good; answers too_long

  std::size_t max_line_bytes_;
  std::string buffer_;
  std::size_t start_ = 0;  // first byte not yet handed out; compacted on append
  bool spent_ = false;
};

}  // namespace pickupbox::api
