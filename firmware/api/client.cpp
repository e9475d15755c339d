#include "api/client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "api/error_codes.hpp"
#include "api/protocol.hpp"

namespace pickupbox::api {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

CallError make_error(std::string_view code, std::string message) {
  return CallError{std::string(code), std::move(message), core_code(code).value_or(core::ErrorCode::internal)};
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::ceil<milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0) return 0;
  return left > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(left);
}

bool is_event(const json& message) { return message.contains("event") && !message.contains("id"); }

core::Error connect_error(const std::filesystem::path& socket, std::error_code error, milliseconds timeout) {
  const std::string path = "'" + socket.string() + "'";
  if (error == std::errc::no_such_file_or_directory || error == std::errc::connection_refused) {
    return {core::ErrorCode::not_found, "no boxd is listening on " + path + "; is boxd running, and is this its --socket?"};
  }
  if (error == std::errc::permission_denied) {
    return {core::ErrorCode::unauthorized,
            "no permission to connect to " + path + "; run as a member of the socket's group (pickupbox)"};
  }
  if (error == std::errc::timed_out) {
    return {core::ErrorCode::busy,
            "boxd on " + path + " did not accept within " + std::to_string(timeout.count()) + " ms; try again"};
  }
  if (error == std::errc::filename_too_long) {
    return {core::ErrorCode::invalid_argument, "the socket path " + path + " is empty or longer than 107 bytes"};
  }
  return {core::ErrorCode::internal, "cannot connect to " + path + ": " + error.message()};
}

CallResult to_call_result(json& response) {
  if (response.value("ok", false) == true) {
    auto result = response.find("result");
    return result == response.end() ? json::object() : std::move(*result);
  }
  const auto error = response.find("error");
  if (error == response.end() || !error->is_object() || !error->contains("code") || !(*error)["code"].is_string()) {
    return std::unexpected(make_error(wire::bad_response, "boxd sent a failure without an error code"));
  }
  const auto message = error->value("message", std::string());
  auto failure = make_error((*error)["code"].get<std::string>(), message);
  failure.details = *error;
  failure.details.erase("code");
  failure.details.erase("message");
  return std::unexpected(std::move(failure));
}

}  // namespace

Client::Client(UniqueFd fd) : fd_(std::move(fd)) {}

core::Result<Client> Client::connect(const std::filesystem::path& socket, milliseconds timeout) {
  auto fd = connect_unix(socket, timeout);
  if (!fd) return std::unexpected(connect_error(socket, fd.error(), timeout));
  return Client(std::move(*fd));
}

CallResult Client::call(std::string_view method, json params, milliseconds timeout) {
  if (!fd_) return std::unexpected(make_error(wire::disconnected, "not connected to boxd; connect again"));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const json id = next_id_++;
  if (auto sent = send_all(encode_request(id, method, params), deadline); !sent) {
    return std::unexpected(std::move(sent.error()));
  }
  for (;;) {
    auto message = read_message(deadline);
    if (!message) {
      if (message.error().code == wire::timeout) {
        message.error().message =
            "boxd did not answer '" + std::string(method) + "' within " + std::to_string(timeout.count()) + " ms";
      }
      return message;
    }
    if (is_event(*message)) {
      events_.push_back(std::move((*message)["event"]));
      continue;
    }
    const json answered = message->value("id", json());
    // A null id is a transport error about the line we just sent (e.g. line_too_long); any
    // other id is a late answer to a call that timed out.
    if (!answered.is_null() && answered != id) continue;
    return to_call_result(*message);
  }
}

CallResult Client::next_event(milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (events_.empty()) {
    if (!fd_) return std::unexpected(make_error(wire::disconnected, "not connected to boxd; connect again"));
    auto message = read_message(deadline);
    if (!message) {
      if (message.error().code == wire::timeout) {
        message.error().message = "no event within " + std::to_string(timeout.count()) + " ms";
      }
      return message;
    }
    if (is_event(*message)) events_.push_back(std::move((*message)["event"]));
    // Anything else is a late answer to a call that timed out.
  }
  json event = std::move(events_.front());
  events_.pop_front();
  return event;
}

std::expected<void, CallError> Client::send_all(std::string_view bytes, Deadline deadline) {
  while (!bytes.empty()) {
    const auto sent = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent >= 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return std::unexpected(disconnect(wire::disconnected, "boxd closed the connection"));
    pollfd waiting{fd_.get(), POLLOUT, 0};
    if (::poll(&waiting, 1, remaining_ms(deadline)) == 0) {
      // Part of the line may be out already; anything sent after it would be garbled.
      return std::unexpected(disconnect(wire::timeout, "boxd did not take the request in time; connect again"));
    }
  }
  return {};
}

CallResult Client::read_message(Deadline deadline) {
  std::string line;
  for (;;) {
    const auto status = reader_.next(line);
    if (status == LineSplitter::Status::too_long) {
      return std::unexpected(disconnect(wire::bad_response, "boxd sent a line longer than " +
                                                                std::to_string(max_incoming_line_bytes) + " bytes"));
    }
    if (status == LineSplitter::Status::line) {
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      json message = json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (message.is_discarded() || !message.is_object()) {
        return std::unexpected(disconnect(wire::bad_response, "boxd sent a line that is not a JSON object"));
      }
      return message;
    }
    if (auto ready = wait_readable(deadline); !ready) return std::unexpected(std::move(ready.error()));
    std::array<char, 8192> buffer;
    const auto got = ::read(fd_.get(), buffer.data(), buffer.size());
    if (got > 0) {
      reader_.append(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
      return std::unexpected(disconnect(wire::disconnected, "boxd closed the connection"));
    }
  }
}

std::expected<void, CallError> Client::wait_readable(Deadline deadline) {
  pollfd waiting{fd_.get(), POLLIN, 0};
  for (;;) {
    const int ready = ::poll(&waiting, 1, remaining_ms(deadline));
    if (ready > 0) return {};
    if (ready == 0) return std::unexpected(make_error(wire::timeout, "boxd did not answer in time"));
    if (errno != EINTR) return std::unexpected(disconnect(wire::disconnected, "waiting for boxd failed"));
  }
}

CallError Client::disconnect(std::string_view code, std::string message) {
  fd_.reset();
  reader_ = LineSplitter(max_incoming_line_bytes);
  return make_error(code, std::move(message));
}

}  // namespace pickupbox::api
