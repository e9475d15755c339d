#pragma once
// A real api::Server on a Unix socket in a temp dir, its io_context running on a background
// thread, with a few handlers the tests drive, plus a raw socket for bytes api::Client would
// never send.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "temp_dir.hpp"

#include "api/server.hpp"

namespace pickupbox::api::testing {

using ::pickupbox::testing::TempDir;

using nlohmann::json;
using namespace std::chrono_literals;


// Polls until `done` holds or the timeout passes; the timeout only bounds a failing test.
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

class RawSocket {
 public:
  explicit RawSocket(const std::filesystem::path& path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("RawSocket: connect failed");
    }
  }
  ~RawSocket() { close(); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // False once the server closed the connection.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  std::optional<std::string> read_line(std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto newline = buffer_.find('\n'); newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return line;
      }
      if (!fill(deadline)) return std::nullopt;
    }
  }

  // The next message; an empty json (null) when nothing came in time or the peer closed.
  json read_json(std::chrono::milliseconds timeout = 5s) {
    auto line = read_line(timeout);
    if (!line) return nullptr;
    return json::parse(*line, nullptr, false);
  }

  // True when the peer has closed: everything still queued is skipped, then EOF or reset.
  bool wait_closed(std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!peer_closed_) {
      if (!fill(deadline) && !peer_closed_) return false;
    }
    return true;
  }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline) {
    if (peer_closed_) return false;
    pollfd waiting{fd_, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (::poll(&waiting, 1, static_cast<int>(std::max<long>(0, left.count()))) <= 0) return false;
    std::array<char, 65536> chunk;
    const auto got = ::read(fd_, chunk.data(), chunk.size());
    if (got <= 0) {
      peer_closed_ = true;  // EOF, or ECONNRESET when the server closed with our bytes unread
      return false;
    }
    buffer_.append(chunk.data(), static_cast<std::size_t>(got));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  bool peer_closed_ = false;
};

class ServerHarness {
 public:
  explicit ServerHarness(ServerOptions options = {}) {
    if (options.socket_path.empty()) options.socket_path = dir_.path() / "boxd.sock";
    path_ = options.socket_path;
    server_ = std::make_unique<Server>(io_, options);
    register_handlers();
    server_->on_disconnect([this](std::uint64_t id) {
      std::lock_guard lock(mutex_);
      disconnected_.push_back(id);
    });
    if (auto started = server_->start(); !started) throw std::runtime_error(started.error().message);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~ServerHarness() {
    auto workers = on_io([this] { return std::move(workers_); });
    for (auto& worker : workers) worker.join();
    on_io([this] {
      server_->stop();
      held_.clear();
    });
    work_.reset();
    io_.stop();
    thread_.join();
    server_.reset();
  }

  ServerHarness(const ServerHarness&) = delete;
  ServerHarness& operator=(const ServerHarness&) = delete;

  template <class F>
  auto on_io(F&& f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::forward<F>(f));
    auto result = task.get_future();
    asio::post(io_, [&task] { task(); });
    return result.get();
  }

  const std::filesystem::path& socket_path() const { return path_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  asio::io_context& io() { return io_; }
  Server& server() { return *server_; }

  std::size_t held_count() {
    return on_io([this] { return held_.size(); });
  }
  // Answers every held request, oldest first, with {"n": <its params.n>}.
  void release_held() {
    on_io([this] {
      auto held = std::move(held_);
      held_.clear();
      for (auto& [params, reply] : held) reply(json{{"n", params.value("n", -1)}});
    });
  }

  bool was_disconnected(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    return std::find(disconnected_.begin(), disconnected_.end(), id) != disconnected_.end();
  }
  std::vector<std::uint64_t> disconnected() {
    std::lock_guard lock(mutex_);
    return disconnected_;
  }

 private:
  void register_handlers() {
    server_->handle("echo", [](const json& params, const RequestContext&, Reply reply) { reply(params); });
    server_->handle("whoami", [](const json&, const RequestContext& context, Reply reply) {
      reply(json{{"client_id", context.client_id},
                 {"uid", context.peer_uid},
                 {"gid", context.peer_gid},
                 {"pid", context.peer_pid}});
    });
    server_->handle("fail", [](const json&, const RequestContext&, Reply reply) {
      reply(core::fail(core::ErrorCode::kiosk_throttled, "too many wrong codes at this kiosk; wait 30 s"));
    });
    server_->handle("throw", [](const json&, const RequestContext&, Reply) -> void {
      throw std::runtime_error("handler bug");
    });
    server_->handle("drop", [](const json&, const RequestContext&, Reply) {});  // a buggy handler
    server_->handle("hold", [this](const json& params, const RequestContext&, Reply reply) {
      held_.emplace_back(params, std::move(reply));
    });
    server_->handle("async", [this](const json& params, const RequestContext&, Reply reply) {
      // Work done on another thread, the answer posted back to the io thread.
      workers_.emplace_back([this, params, reply = std::move(reply)]() mutable {
        json result{{"sum", params.value("a", 0) + params.value("b", 0)},
                    {"worker", std::this_thread::get_id() != thread_.get_id()}};
        asio::post(io_, [reply = std::move(reply), result = std::move(result)] { reply(result); });
      });
    });
    server_->handle("emit", [this](const json& params, const RequestContext&, Reply reply) {
      server_->broadcast(params);
      reply(json{{"emitted", true}});
    });
  }

  TempDir dir_;
  std::filesystem::path path_;
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{io_.get_executor()};
  std::unique_ptr<Server> server_;
  std::vector<std::pair<json, Reply>> held_;  // io thread only
  std::vector<std::thread> workers_;          // io thread only (joined after the test body)
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::uint64_t> disconnected_;
};

}  // namespace pickupbox::api::testing
