#include "broker_probe.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace pickupbox::console {

namespace {

using Clock = std::chrono::steady_clock;

struct AddrInfoFree {
  void operator()(addrinfo* info) const { ::freeaddrinfo(info); }
};

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

// 0 when connected; otherwise an errno value (ETIMEDOUT when the deadline passed).
int connect_one(const addrinfo& address, Clock::time_point deadline) {
  Socket socket(::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                         address.ai_protocol));
  if (socket.fd() < 0) return errno;
  if (::connect(socket.fd(), address.ai_addr, address.ai_addrlen) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return ETIMEDOUT;
    pollfd entry{socket.fd(), POLLOUT, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return errno;
    if (ready == 0) return ETIMEDOUT;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
    return error;
  }
}

}  // namespace

ConnectionResult<void> probe_tcp(const std::string& host, int port, std::chrono::milliseconds timeout) {
  const std::string endpoint = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return connection_failure("cannot resolve broker host '" + host +
                                                             "': " + ::gai_strerror(rc) + "; check --host");
  }
  std::unique_ptr<addrinfo, AddrInfoFree> addresses(found);
  const auto deadline = Clock::now() + timeout;
  int last_error = ETIMEDOUT;
  for (const addrinfo* address = addresses.get(); address != nullptr; address = address->ai_next) {
    last_error = connect_one(*address, deadline);
    if (last_error == 0) return {};
    if (last_error == ETIMEDOUT) break;
  }
  if (last_error == ETIMEDOUT) {
    return connection_failure(
                      "no answer from the MQTT broker at " + endpoint + " within " +
                          std::to_string(timeout.count()) + " ms: check --host/--port, the network and any firewall");
  }
  if (last_error == ECONNREFUSED) {
    return connection_failure("the MQTT broker at " + endpoint +
                                                     " refused the TCP connection: is mosquitto running and "
                                                     "listening on that port? (check --host/--port)");
  }
  return connection_failure("cannot reach the MQTT broker at " + endpoint + ": " +
                                                   std::strerror(last_error) + "; check --host/--port and the network");
}

}  // namespace pickupbox::console
