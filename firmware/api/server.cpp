#include "api/server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>

#include <cassert>
#include <exception>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include <asio/local/stream_protocol.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include "api/connection.hpp"
#include "api/error_codes.hpp"
#include "api/protocol.hpp"
#include "api/unix_socket.hpp"
#include "log/log.hpp"

namespace pickupbox::api {
namespace {

using nlohmann::json;
using Executor = asio::io_context::executor_type;
using namespace std::chrono_literals;

constexpr auto accept_retry_delay = 100ms;  // after EMFILE and the like; avoids a busy loop
constexpr auto live_probe_timeout = 200ms;
constexpr std::size_t max_quoted_method = 64;

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Method names come from the client: bound what we echo back.
std::string shorten(const std::string& method) {
  return method.size() <= max_quoted_method ? method : method.substr(0, max_quoted_method) + "...";
}

struct FileIdentity {
  dev_t device;
  ino_t inode;
  bool operator==(const FileIdentity&) const = default;
};

std::optional<FileIdentity> identity_of(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return std::nullopt;
  return FileIdentity{info.st_dev, info.st_ino};
}

PeerCredentials peer_credentials(Connection::Socket& socket) {
  ucred credentials{};
  socklen_t size = sizeof credentials;
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return {};
  return {credentials.uid, credentials.gid, credentials.pid};
}

// Removes a socket file left behind by a dead server; refuses anything else.
core::Result<void> clear_stale_socket(const std::filesystem::path& path) {
  std::error_code error;
  const auto status = std::filesystem::symlink_status(path, error);
  if (error || !std::filesystem::exists(status)) return {};  // bind reports what is wrong, if anything
  if (status.type() != std::filesystem::file_type::socket) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "refusing to replace " + quoted(path) +
                          ": it exists and is not a socket; remove it or choose another socket path");
  }
  auto probe = connect_unix(path, live_probe_timeout);
  if (probe || probe.error() == std::errc::timed_out) {
    return core::fail(core::ErrorCode::busy, "another server is already listening on " + quoted(path) +
                                                 " (is boxd already running?); stop it or choose another socket path");
  }
  if (probe.error() == std::errc::no_such_file_or_directory) return {};
  if (probe.error() != std::errc::connection_refused) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "cannot tell whether " + quoted(path) + " is in use: " + probe.error().message());
  }
  if (!std::filesystem::remove(path, error) && error) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "cannot remove the stale socket " + quoted(path) + ": " + error.message());
  }
  log::info("api.stale_socket_removed", {{"socket", path.string()}});
  return {};
}

// The one answer a request gets. Shared by every copy of the handler's Reply.
class ReplyState : public std::enable_shared_from_this<ReplyState> {
 public:
  ReplyState(std::weak_ptr<Connection> connection, json id, std::string method, Executor executor)
      : connection_(std::move(connection)), id_(std::move(id)), method_(std::move(method)), executor_(executor) {}

  ReplyState(const ReplyState&) = delete;
  ReplyState& operator=(const ReplyState&) = delete;

  ~ReplyState() {
    if (answered_) return;
    log::error("api.reply_dropped", {{"method", method_}});
    // Off the io thread (or while the io_context is being torn down) nothing may be touched.
    if (executor_.running_in_this_thread()) deliver(internal_error());
  }

  void answer(core::Result<json> result) {
    assert(executor_.running_in_this_thread() && "api::Reply must be called on the io_context thread");
    if (!executor_.running_in_this_thread()) {
      asio::post(executor_, [self = shared_from_this(), result = std::move(result)]() mutable {
        self->answer(std::move(result));
      });
      return;
    }
    if (answered_) {
      // After a handler threw, its stashed Reply may still fire: that one is expected.
      assert(settled_by_server_ && "api::Reply called twice");
      if (!settled_by_server_) log::error("api.reply_twice", {{"method", method_}});
      return;
    }
    answered_ = true;
    if (result) {
      deliver(encode_result(id_, *result));
    } else {
      deliver(encode_error(id_, wire_code(result.error().code), result.error().message, details_of(result.error())));
    }
  }

  // The handler threw: answer "internal" unless it already answered.
  void settle_internal() {
    settled_by_server_ = true;
    if (answered_) return;
    answered_ = true;
    deliver(internal_error());
  }

 private:
  std::string internal_error() const {
    return encode_error(id_, wire::internal,
                        "method '" + method_ + "' failed with an internal error; the details are in the boxd log");
  }

  void deliver(std::string line) {
    auto connection = connection_.lock();
    if (!connection || !connection->is_open()) return;  // the client left; nobody to tell
    connection->complete(std::move(line));
  }

  std::weak_ptr<Connection> connection_;
  json id_;
  std::string method_;
  Executor executor_;
  bool answered_ = false;
  bool settled_by_server_ = false;
};

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, ServerOptions server_options)
      : io(io_context), options(std::move(server_options)), acceptor(io_context), retry_timer(io_context) {}

  core::Result<void> listen();
  void accept_next();
  void on_accepted(std::error_code error, Connection::Socket socket);
  void dispatch(const std::shared_ptr<Connection>& connection, Request request);
  void call_handler(const Handler& handler, const std::shared_ptr<Connection>& connection, Request& request,
                    const std::string& method);
  void connection_closed(std::uint64_t client_id);
  void notify_disconnect(std::uint64_t client_id);
  void remove_socket_file();

  asio::io_context& io;
  ServerOptions options;
  asio::local::stream_protocol::acceptor acceptor;
  asio::steady_timer retry_timer;
  std::unordered_map<std::string, Handler> handlers;
  std::function<void(std::uint64_t)> disconnect_callback;
  std::map<std::uint64_t, std::shared_ptr<Connection>> connections;
  std::uint64_t next_client_id = 1;
  std::optional<FileIdentity> socket_identity;
  bool running = false;
};

core::Result<void> Server::Impl::listen() {
  const auto& path = options.socket_path;
  if (!fits_sun_path(path)) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "the socket path " + quoted(path) + " is empty or longer than 107 bytes; choose a shorter one");
  }
  if (auto cleared = clear_stale_socket(path); !cleared) return cleared;
  const asio::local::stream_protocol::endpoint endpoint(path.native());
  std::error_code error;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.bind(endpoint, error);
  if (error) {
    std::error_code ignored;
    acceptor.close(ignored);
    return core::fail(core::ErrorCode::invalid_argument, "cannot bind the API socket " + quoted(path) + ": " +
                                                             error.message() +
                                                             "; check that the directory exists and is writable");
  }
  socket_identity = identity_of(path);
  // chmod before listen(): no client can connect while the umask's mode is in force.
  std::filesystem::permissions(path, options.mode, std::filesystem::perm_options::replace, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    std::error_code ignored;
    acceptor.close(ignored);
    remove_socket_file();
    return core::fail(core::ErrorCode::invalid_argument,
                      "cannot set up the API socket " + quoted(path) + ": " + error.message());
  }
  return {};
}

void Server::Impl::accept_next() {
  acceptor.async_accept([self = shared_from_this()](std::error_code error, Connection::Socket socket) {
    self->on_accepted(error, std::move(socket));
  });
}

void Server::Impl::on_accepted(std::error_code error, Connection::Socket socket) {
  if (!running || error == asio::error::operation_aborted) return;
  if (error) {
    log::warn("api.accept_failed", {{"error", error.message()}});
    retry_timer.expires_after(accept_retry_delay);
    retry_timer.async_wait([self = shared_from_this()](std::error_code wait_error) {
      if (!wait_error && self->running) self->accept_next();
    });
    return;
  }
  const auto peer = peer_credentials(socket);
  const auto client_id = next_client_id++;
  std::weak_ptr<Impl> weak = weak_from_this();
  Connection::Hooks hooks{
      [weak](const std::shared_ptr<Connection>& connection, Request request) {
        if (auto self = weak.lock()) self->dispatch(connection, std::move(request));
      },
      [weak](std::uint64_t id) {
        if (auto self = weak.lock()) self->connection_closed(id);
      },
  };
  const ConnectionLimits limits{options.max_line_bytes, options.max_pending_requests_per_client,
                                options.max_queued_output_bytes};
  auto connection = std::make_shared<Connection>(std::move(socket), client_id, peer, limits, std::move(hooks));
  connections.emplace(client_id, connection);
  log::info("api.client_connected", {{"client", client_id}, {"uid", peer.uid}, {"pid", peer.pid}});
  connection->start();
  accept_next();
}

void Server::Impl::dispatch(const std::shared_ptr<Connection>& connection, Request request) {
  if (request.method == subscribe_method) {
    connection->subscribe();
    connection->complete(encode_result(request.id, json{{"subscribed", true}}));
    return;
  }
  auto it = handlers.find(request.method);
  if (it == handlers.end()) {
    connection->complete(encode_error(request.id, wire::unknown_method,
                                      "method '" + shorten(request.method) +
                                          "' is not known; check the name against the API documentation"));
    return;
  }
  // Copies: the handler may register handlers and so rehash the map under our feet.
  const Handler handler = it->second;
  const std::string method = it->first;
  call_handler(handler, connection, request, method);
}

void Server::Impl::call_handler(const Handler& handler, const std::shared_ptr<Connection>& connection,
                                Request& request, const std::string& method) {
  auto state = std::make_shared<ReplyState>(connection, request.id, method, io.get_executor());
  const RequestContext context{connection->client_id(), connection->peer().uid, connection->peer().gid,
                               connection->peer().pid};
  Reply reply = [state](core::Result<json> result) { state->answer(std::move(result)); };
  try {
    handler(request.params, context, std::move(reply));
  } catch (const std::exception& e) {
    log::error("api.handler_threw", {{"method", method}, {"client", context.client_id}, {"what", e.what()}});
    state->settle_internal();
  } catch (...) {
    log::error("api.handler_threw", {{"method", method}, {"client", context.client_id}, {"what", "non-standard exception"}});
    state->settle_internal();
  }
}

void Server::Impl::connection_closed(std::uint64_t client_id) {
  // stop() may have reported this connection already.
  if (connections.erase(client_id) == 0) return;
  notify_disconnect(client_id);
}

void Server::Impl::notify_disconnect(std::uint64_t client_id) {
  log::info("api.client_disconnected", {{"client", client_id}});
  if (!disconnect_callback) return;
  try {
    disconnect_callback(client_id);
  } catch (const std::exception& e) {
    log::error("api.disconnect_callback_threw", {{"client", client_id}, {"what", e.what()}});
  }
}

void Server::Impl::remove_socket_file() {
  // Only our own file: another server may have taken the path over since.
  const auto& path = options.socket_path;
  if (socket_identity && identity_of(path) == socket_identity) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  socket_identity.reset();
}

Server::Server(asio::io_context& io, ServerOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {
  if (impl_->options.max_line_bytes == 0 || impl_->options.max_pending_requests_per_client == 0 ||
      impl_->options.max_queued_output_bytes == 0) {
    throw std::invalid_argument("api::ServerOptions: limits must be positive");
  }
}

Server::~Server() {
  stop();
  // Pending accept handlers keep impl_ alive a little longer; let them hold nothing of ours.
  impl_->handlers.clear();
  impl_->disconnect_callback = nullptr;
}

void Server::handle(std::string method, Handler handler) {
  if (method == subscribe_method) throw std::logic_error("api::Server: '" + method + "' is built in");
  if (!handler) throw std::logic_error("api::Server: empty handler for '" + method + "'");
  const auto [it, inserted] = impl_->handlers.emplace(method, std::move(handler));
  if (!inserted) throw std::logic_error("api::Server: method '" + method + "' registered twice");
}

void Server::on_disconnect(std::function<void(std::uint64_t)> callback) {
  impl_->disconnect_callback = std::move(callback);
}

core::Result<void> Server::start() {
  if (impl_->running) throw std::logic_error("api::Server::start called twice");
  if (auto listening = impl_->listen(); !listening) return listening;
  impl_->running = true;
  log::info("api.listening", {{"socket", impl_->options.socket_path.string()}});
  impl_->accept_next();
  return {};
}

void Server::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  std::error_code ignored;
  impl_->retry_timer.cancel();
  impl_->acceptor.close(ignored);
  impl_->remove_socket_file();
  auto connections = std::exchange(impl_->connections, {});
  for (auto& [client_id, connection] : connections) {
    connection->close();
    impl_->notify_disconnect(client_id);
  }
  log::info("api.stopped", {{"socket", impl_->options.socket_path.string()}});
}

void Server::broadcast(const json& event) {
  const std::string line = encode_event(event);
  // send() may close a slow subscriber, but closing only posts the map update: iterating is safe.
  for (auto& [client_id, connection] : impl_->connections) {
    if (connection->subscribed()) connection->send(line);
  }
}

std::size_t Server::client_count() const { return impl_->connections.size(); }

const std::filesystem::path& Server::socket_path() const { return impl_->options.socket_path; }

}  // namespace pickupbox::api
