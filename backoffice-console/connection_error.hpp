#pragma once
// Why the console could not talk to the broker: unreachable, TLS, refused, timed out. Every
// such failure ends the program with exit status 2; the message names host:port and says
// what to check.
#include <expected>
#include <string>
#include <utility>

namespace pickupbox::console {

struct ConnectionError {
  std::string message;
};

template <class T>
using ConnectionResult = std::expected<T, ConnectionError>;

inline std::unexpected<ConnectionError> connection_failure(std::string message) {
  return std::unexpected(ConnectionError{std::move(message)});
}

}  // namespace pickupbox::console
