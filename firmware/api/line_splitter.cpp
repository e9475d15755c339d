#include "api/line_splitter.hpp"

namespace pickupbox::api {

LineSplitter::LineSplitter(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

void LineSplitter::append(std::string_view bytes) {
  if (spent_) return;  // the connection is being closed; do not grow
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

LineSplitter::Status LineSplitter::next(std::string& line) {
  if (spent_) return Status::too_long;
  const auto newline = buffer_.find('\n', start_);
  if (newline == std::string::npos) {
    return partial_over_cap() ? spend() : Status::incomplete;
  }
  std::size_t end = newline;
  if (end > start_ && buffer_[end - 1] == '\r') --end;
  if (end - start_ > max_line_bytes_) return spend();
  line.assign(buffer_, start_, end - start_);
  start_ = newline + 1;
  return Status::line;
}

LineSplitter::Status LineSplitter::spend() {
  spent_ = true;
  buffer_.clear();
  start_ = 0;
  return Status::too_long;
}

bool LineSplitter::partial_over_cap() const {
  const std::size_t size = buffer_.size() - start_;
  // One byte of grace for a '\r' whose '\n' is still on its way.
  if (size <= max_line_bytes_) return false;
  return size > max_line_bytes_ + 1 || buffer_.back() != '\r';
}

}  // namespace pickupbox::api
