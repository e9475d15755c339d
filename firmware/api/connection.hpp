#pragma once
// One client of the API server: frames lines, rejects what cannot be a request, counts the
// requests awaiting an answer and queues output. Routing requests is the server's job.
// Lives on the io_context thread; shared ownership keeps it alive for in-flight I/O.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <asio/local/stream_protocol.hpp>

#include "api/line_splitter.hpp"
#include "api/protocol.hpp"

namespace pickupbox::api {

struct PeerCredentials {
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::int32_t pid = 0;
};

struct ConnectionLimits {
  std::size_t max_line_bytes;
  std::size_t max_pending_requests;
  std::size_t max_queued_output_bytes;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Socket = asio::local::stream_protocol::socket;
  struct Hooks {
    // A well-formed request within the pending limit. Exactly one complete() must follow.
    std::function<void(const std::shared_ptr<Connection>&, Request)> on_request;
    // Posted once, after the connection closed for any reason.
    std::function<void(std::uint64_t client_id)> on_closed;
  };

  Connection(Socket socket, std::uint64_t client_id, PeerCredentials peer, ConnectionLimits limits, Hooks hooks);

  void start();
  // Sends the answer to a request handed to on_request and frees its pending slot.
  void complete(std::string response_line);
  // Queues a line (events, transport errors). Dropped once closing; closes a slow reader.
  void send(std::string line);
  void close();

  bool is_open() const { return !closed_; }
  std::uint64_t client_id() const { return client_id_; }
  const PeerCredentials& peer() const { return peer_; }
  bool subscribed() const { return subscribed_; }
  void subscribe() { subscribed_ = true; }

 private:
  void read_more();
  void on_read(std::error_code error, std::size_t size);
  void handle_line(const std::string& line);
  void close_after_flush();
  void write_more();
  void on_written(std::error_code error);

  Socket socket_;
  std::uint64_t client_id_;
  PeerCredentials peer_;
  ConnectionLimits limits_;
  Hooks hooks_;
  LineSplitter splitter_;
  std::array<char, 8192> read_buffer_{};
  std::vector<std::string> outbox_;
  std::vector<std::string> writing_;  // the batch async_write is sending; must outlive it
  std::size_t queued_bytes_ = 0;      // outbox_ + writing_
  std::size_t pending_requests_ = 0;
  bool subscribed_ = false;
  bool closing_ = false;  // flush what is queued, read nothing more, then close
  bool closed_ = false;
};

}  // namespace pickupbox::api
