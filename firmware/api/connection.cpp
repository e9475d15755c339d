#include "api/connection.hpp"

#include <asio/post.hpp>
#include <asio/write.hpp>

#include "api/error_codes.hpp"
#include "log/log.hpp"

namespace pickupbox::api {
namespace {

bool is_blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

}  // namespace

Connection::Connection(Socket socket, std::uint64_t client_id, PeerCredentials peer, ConnectionLimits limits,
                       Hooks hooks)
    : socket_(std::move(socket)),
      client_id_(client_id),
      peer_(peer),
      limits_(limits),
      hooks_(std::move(hooks)),
      splitter_(limits.max_line_bytes) {}

void Connection::start() { read_more(); }

void Connection::read_more() {
  socket_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this()](std::error_code error, std::size_t size) {
                            self->on_read(error, size);
                          });
}

void Connection::on_read(std::error_code error, std::size_t size) {
  if (closed_ || closing_) return;
  if (error) {
    // EOF or reset mid-line or mid-request: whatever was partial is simply forgotten.
    close();
    return;
  }
  splitter_.append(std::string_view(read_buffer_.data(), size));
  std::string line;
  while (!closed_ && !closing_) {
    const auto status = splitter_.next(line);
    if (status == LineSplitter::Status::incomplete) break;
    if (status == LineSplitter::Status::too_long) {
      log::warn("api.line_too_long", {{"client", client_id_}, {"limit", limits_.max_line_bytes}});
      send(encode_error(nullptr, wire::line_too_long,
                        "a line is longer than " + std::to_string(limits_.max_line_bytes) +
                            " bytes; the connection is closed"));
      close_after_flush();
      return;
    }
    handle_line(line);
  }
  if (!closed_ && !closing_) read_more();
}

void Connection::handle_line(const std::string& line) {
  if (is_blank(line)) return;
  auto request = parse_request(line);
  if (!request) {
    log::debug("api.bad_request", {{"client", client_id_}, {"code", request.error().code}});
    send(encode_error(request.error().id, request.error().code, request.error().message));
    return;
  }
  if (pending_requests_ >= limits_.max_pending_requests) {
    log::debug("api.too_many_requests", {{"client", client_id_}});
    send(encode_error(request->id, wire::too_many_requests,
                      "more than " + std::to_string(limits_.max_pending_requests) +
                          " requests on this connection await an answer; wait for answers before sending more"));
    return;
  }
  ++pending_requests_;
  hooks_.on_request(shared_from_this(), std::move(*request));
}

void Connection::complete(std::string response_line) {
  if (pending_requests_ > 0) --pending_requests_;
  send(std::move(response_line));
}

void Connection::send(std::string line) {
  if (closed_ || closing_) return;
  queued_bytes_ += line.size();
  if (queued_bytes_ > limits_.max_queued_output_bytes) {
    log::warn("api.client_too_slow", {{"client", client_id_}, {"queued_bytes", queued_bytes_}});
    close();
    return;
  }
  outbox_.push_back(std::move(line));
  write_more();
}

void Connection::close_after_flush() {
  closing_ = true;
  if (writing_.empty() && outbox_.empty()) close();
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  std::error_code ignored;
  socket_.shutdown(Socket::shutdown_both, ignored);
  socket_.close(ignored);
  outbox_.clear();
  // Posted, not called: close() can run deep inside a handler's reply, and the server's
  // bookkeeping (and the domain's on_disconnect) must not run re-entrantly there.
  asio::post(socket_.get_executor(), [on_closed = hooks_.on_closed, id = client_id_] { on_closed(id); });
}

void Connection::write_more() {
  if (closed_ || !writing_.empty() || outbox_.empty()) return;
  writing_.swap(outbox_);
  std::vector<asio::const_buffer> buffers;
  buffers.reserve(writing_.size());
  for (const auto& line : writing_) buffers.push_back(asio::buffer(line));
  asio::async_write(socket_, buffers,
                    [self = shared_from_this()](std::error_code error, std::size_t) { self->on_written(error); });
}

void Connection::on_written(std::error_code error) {
  if (closed_) return;
  if (error) {
    close();
    return;
  }
  for (const auto& line : writing_) queued_bytes_ -= line.size();
  writing_.clear();
  if (closing_ && outbox_.empty()) {
    close();
    return;
  }
  write_more();
}

}  // namespace pickupbox::api
