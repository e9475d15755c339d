#pragma once
// boxd's local API server: JSON lines over a Unix stream socket (protocol in api/protocol.hpp).
// Every member runs on the io_context's thread (or before/after that thread runs it); handlers
// are called there too, and their replies must come back there.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace pickupbox::api {

struct ServerOptions {
  std::filesystem::path socket_path{};
  std::size_t max_line_bytes = 64 * 1024;
  std::size_t max_pending_requests_per_client = 32;
  // Must exceed the largest single message; a client further behind than this is dropped.
  std::size_t max_queued_output_bytes = 1024 * 1024;
  std::filesystem::perms mode = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                std::filesystem::perms::group_read | std::filesystem::perms::group_write;
};

struct RequestContext {
  std::uint64_t client_id;  // unique per connection for the server's lifetime; never reused
  std::uint32_t peer_uid;   // from SO_PEERCRED at connect time
  std::uint32_t peer_gid;
  std::int32_t peer_pid;
};

// Answer a request exactly once, on the io_context thread, now or later. Calling it after the
// client went away is fine (the answer is dropped); calling it twice is a bug (asserts).
// A Reply destroyed unanswered on the io thread answers "internal".
using Reply = std::function<void(core::Result<nlohmann::json>)>;
using Handler = std::function<void(const nlohmann::json& params, const RequestContext& context, Reply reply)>;

class Server {
 public:
  Server(asio::io_context& io, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Registers a method. A name registered twice, or "events.subscribe", is a programming
  // error (std::logic_error). A handler that throws is answered with "internal".
  void handle(std::string method, Handler handler);
  // Called once per connection when it ends, including connections closed by stop().
  void on_disconnect(std::function<void(std::uint64_t client_id)> callback);

  // Binds the socket (replacing a stale socket file nobody listens on), applies the mode and
  // accepts clients. Fails, with a message for the operator, when another server is listening
  // on the path (busy) or the path is unusable (invalid_argument); boxd treats either as a
  // start-up failure. Calling start() twice is a programming error (std::logic_error).
  core::Result<void> start();
  // Closes the listener and every connection and removes the socket file. Idempotent.
  void stop();

  // Sends {"event":event} to every subscribed client.
  void broadcast(const nlohmann::json& event);

  std::size_t client_count() const;
  const std::filesystem::path& socket_path() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with pending accept handlers, which may outlive *this
};

}  // namespace pickupbox::api
