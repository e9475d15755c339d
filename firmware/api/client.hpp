#pragma once
// A synchronous client of boxd's local API for boxctl, the demo and tests. Plain POSIX
// socket and poll(); one call at a time; not thread-safe (use one Client per thread).
#include <chrono>
#include <cstdint>
#include <deque>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/line_splitter.hpp"
#include "api/unix_socket.hpp"
#include "core/error.hpp"

namespace pickupbox::api {

// Why a call or a wait for an event failed.
struct CallError {
  std::string code;           // the server's wire code ("wrong_code", "too_many_requests"), or
                              // the client's own: "timeout", "disconnected", "bad_response"
  std::string message;        // the server's text, or ours; for people
  core::ErrorCode core_code;  // `code` mapped back to the domain (api::core_code)
  nlohmann::json details{};   // the server's figures beside code and message (attempts_left, retry_after_s)

  core::Error to_core() const { return {core_code, message}; }
};

using CallResult = std::expected<nlohmann::json, CallError>;

class Client {
 public:
  // Answers the largest line the client accepts from boxd; anything larger is bad_response.
  static constexpr std::size_t max_incoming_line_bytes = 16 * 1024 * 1024;

  static core::Result<Client> connect(const std::filesystem::path& socket, std::chrono::milliseconds timeout);

  // Sends one request and waits for its answer: the result object, or the error. Events that
  // arrive meanwhile are kept for next_event(). After a timeout waiting for the answer the
  // connection stays usable; the late answer is recognised by its id and discarded. Once the
  // connection is lost (connected() is false) every call fails with "disconnected": connect
  // again.
  CallResult call(std::string_view method, nlohmann::json params = nlohmann::json::object(),
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // The next pushed event (the object inside {"event":...}); subscribe first with
  // call("events.subscribe"). A zero timeout only takes what has already arrived.
  CallResult next_event(std::chrono::milliseconds timeout);

  bool connected() const { return static_cast<bool>(fd_); }

 private:
  using Deadline = std::chrono::steady_clock::time_point;

  explicit Client(UniqueFd fd);
  std::expected<void, CallError> send_all(std::string_view bytes, Deadline deadline);
  CallResult read_message(Deadline deadline);
  std::expected<void, CallError> wait_readable(Deadline deadline);
  CallError disconnect(std::string_view code, std::string message);

  UniqueFd fd_;
  LineSplitter reader_{max_incoming_line_bytes};
  std::deque<nlohmann::json> events_;
  std::uint64_t next_id_ = 1;
};

}  // namespace pickupbox::api
