#pragma once
// Plain POSIX pieces shared by the synchronous Client and the server's check for a live
// listener on its socket path (done before asio owns the path).
#include <chrono>
#include <expected>
#include <filesystem>
#include <system_error>
#include <utility>

namespace pickupbox::api {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset();

 private:
  int fd_ = -1;
};

// sun_path holds 107 bytes plus the terminator.
bool fits_sun_path(const std::filesystem::path& path);

// A non-blocking, close-on-exec stream socket connected to `path`. Errors keep their errno
// meaning: no_such_file_or_directory (nothing there), connection_refused (a stale socket
// file), timed_out (the listener's backlog stayed full), filename_too_long.
std::expected<UniqueFd, std::error_code> connect_unix(const std::filesystem::path& path,
                                                      std::chrono::milliseconds timeout);

}  // namespace pickupbox::api
