#include "api/unix_socket.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace pickupbox::api {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

sockaddr_un address_of(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string& native = path.native();
  std::memcpy(address.sun_path, native.c_str(), native.size() + 1);
  return address;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void UniqueFd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool fits_sun_path(const std::filesystem::path& path) {
  return !path.empty() && path.native().size() < sizeof(sockaddr_un::sun_path);
}

std::expected<UniqueFd, std::error_code> connect_unix(const std::filesystem::path& path,
                                                      std::chrono::milliseconds timeout) {
  if (!fits_sun_path(path)) return std::unexpected(std::make_error_code(std::errc::filename_too_long));
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return std::unexpected(last_error());
  const sockaddr_un address = address_of(path);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // A Unix-socket connect either completes at once or, with the backlog full, fails with
  // EAGAIN; there is nothing to poll for, so retry until the deadline.
  while (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return std::unexpected(last_error());
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::unexpected(std::make_error_code(std::errc::timed_out));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return fd;
}

}  // namespace pickupbox::api
