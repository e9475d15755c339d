#pragma once
// A bare connection to boxd's socket for sending bytes no well-behaved client would send.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "api/unix_socket.hpp"

namespace pickupbox::e2e {

class RawConnection {
 public:
  explicit RawConnection(const std::filesystem::path& socket);  // throws std::runtime_error

  // Writes everything it can; false when boxd closed the connection before taking it all.
  bool send(std::string_view bytes);
  // The next line without its '\n'; nullopt on timeout or when the connection ended.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds{10});
  // True once boxd has closed its end (EOF or reset) within the timeout.
  bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds{10});

 private:
  enum class Fill { data, timeout, closed };
  Fill fill(std::chrono::steady_clock::time_point deadline);

  api::UniqueFd fd_;
  std::string buffer_;
};

}  // namespace pickupbox::e2e
