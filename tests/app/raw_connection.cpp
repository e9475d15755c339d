#include "raw_connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>

namespace pickupbox::e2e {

namespace {

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(left);
}

}  // namespace

RawConnection::RawConnection(const std::filesystem::path& socket) {
  auto fd = api::connect_unix(socket, std::chrono::seconds{5});
  if (!fd) throw std::runtime_error("cannot connect to " + socket.string() + ": " + fd.error().message());
  fd_ = std::move(*fd);
}

bool RawConnection::send(std::string_view bytes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (!bytes.empty()) {
    const auto sent = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent >= 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return false;
    pollfd waiting{fd_.get(), POLLOUT, 0};
    if (::poll(&waiting, 1, remaining_ms(deadline)) <= 0) return false;
  }
  return true;
}

RawConnection::Fill RawConnection::fill(std::chrono::steady_clock::time_point deadline) {
  pollfd waiting{fd_.get(), POLLIN, 0};
  const int ready = ::poll(&waiting, 1, remaining_ms(deadline));
  if (ready == 0) return Fill::timeout;
  if (ready < 0) return errno == EINTR ? Fill::data : Fill::closed;
  std::array<char, 8192> chunk;
  const auto got = ::read(fd_.get(), chunk.data(), chunk.size());
  if (got > 0) {
    buffer_.append(chunk.data(), static_cast<std::size_t>(got));
    return Fill::data;
  }
  if (got < 0 && (errno == EINTR || errno == EAGAIN)) return Fill::data;
  return Fill::closed;
}

std::optional<std::string> RawConnection::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (const auto end = buffer_.find('\n'); end != std::string::npos) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      return line;
    }
    if (fill(deadline) != Fill::data) return std::nullopt;
  }
}

bool RawConnection::closed_by_peer(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto got = fill(deadline);
    if (got == Fill::closed) return true;
    if (got == Fill::timeout) return false;
  }
}

}  // namespace pickupbox::e2e
