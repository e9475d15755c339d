#include "listen_command.hpp"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "backoffice/topics.hpp"
#include "console_line.hpp"
#include "core/secure_random.hpp"
#include "exit_status.hpp"
#include "message_format.hpp"
#include "message_log.hpp"
#include "mqtt_session.hpp"
#include "request_id.hpp"

namespace pickupbox::console {

namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr auto connect_timeout = 10s;
constexpr auto ack_timeout = 5s;

std::atomic<bool> stop_signal{false};

extern "C" void on_stop_signal(int) { stop_signal.store(true); }

void install_signal_handlers() {
  struct sigaction action{};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

// Everything the network thread and the stdin loop share: stdout, the log, the count.
class Listener {
 public:
  Listener(std::optional<MessageLog> log, std::optional<int> count) : log_(std::move(log)), count_(count) {}

  void on_message(const IncomingMessage& message) {
    if (is_command_topic(message.topic)) return;
    const auto received_at = std::chrono::system_clock::now();
    std::lock_guard lock(mutex_);
    if (done_) return;
    print_locked(format_message(message.topic, message.payload));
    if (log_ && !log_->append(log_record(message.topic, message.payload, message.retained, received_at)) &&
        !log_failed_) {
      log_failed_ = true;
      std::cerr << "backoffice-console: writing to --log '" << log_->path() << "' failed (disk full?)\n";
    }
    ++received_;
    if (count_ && received_ >= *count_) {
      done_ = true;
      changed_.notify_all();
    }
  }

  void print(const std::string& line) {
    std::lock_guard lock(mutex_);
    print_locked(line);
  }

  void notice(const std::string& text) {
    std::lock_guard lock(mutex_);
    std::cerr << "backoffice-console: " << text << std::endl;
  }

  bool done() {
    std::lock_guard lock(mutex_);
    return done_;
  }
  int received() {
    std::lock_guard lock(mutex_);
    return received_;
  }
  void finish() {
    std::lock_guard lock(mutex_);
    done_ = true;
    changed_.notify_all();
  }
  void wait_for(std::chrono::milliseconds period) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, period, [&] { return done_; });
  }

 private:
  void print_locked(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<MessageLog> log_;
  bool log_failed_ = false;
  std::optional<int> count_;
  int received_ = 0;
  bool done_ = false;
};

// Lines typed on stdin, read without blocking the checks for --count, --timeout-s and signals.
class StdinLines {
 public:
  bool open() const { return open_; }

  // Waits up to period for input; returns the complete lines read.
  std::vector<std::string> poll_lines(std::chrono::milliseconds period) {
    std::vector<std::string> lines;
    pollfd entry{STDIN_FILENO, POLLIN, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(period.count()));
    if (ready <= 0) return lines;
    if ((entry.revents & POLLNVAL) != 0) {
      open_ = false;
      return lines;
    }
    char chunk[4096];
    const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) return lines;
    if (got <= 0) {
      open_ = false;
      if (!pending_.empty()) lines.push_back(std::move(pending_));
      return lines;
    }
    pending_.append(chunk, static_cast<std::size_t>(got));
    for (auto newline = pending_.find('\n'); newline != std::string::npos; newline = pending_.find('\n')) {
      lines.push_back(pending_.substr(0, newline));
      pending_.erase(0, newline + 1);
    }
    return lines;
  }

 private:
  bool open_ = true;
  std::string pending_;
};

std::string help_text() {
  return "commands, one per line (answers arrive as `result` lines):\n" + command_help() +
         "  help          this text\n"
         "  quit          stop listening\n"
         "example: create-order box-dev-001 reference=PAS-1 kind=passport size=M phone=+4512345678 dob=1990-05-17";
}

// Returns false for `quit`.
bool handle_line(const std::string& text, const std::string& device_filter, MqttSession& session,
                 Listener& listener, core::Random& random) {
  auto line = parse_console_line(text);
  if (!line) {
    listener.notice(line.error().message);
    return true;
  }
  switch (line->kind) {
    case ConsoleLine::Kind::empty: return true;
    case ConsoleLine::Kind::quit: return false;
    case ConsoleLine::Kind::help: listener.print(help_text()); return true;
    case ConsoleLine::Kind::command: break;
  }
  const CommandRequest& request = line->request;
  auto payload = build_command_payload(request, new_request_id(std::chrono::system_clock::now(), random), random);
  if (!payload) {
    listener.notice(payload.error().message);
    return true;
  }
  const std::string request_id = (*payload)["request_id"].get<std::string>();
  const backoffice::Topics topics(request.device);
  const auto deadline = SteadyClock::now() + ack_timeout;
  if (device_filter != "+" && device_filter != request.device) {
    // Outside what we listen to: subscribe to this one answer so it is still printed.
    if (auto subscribed = session.subscribe(topics.command_result(request_id), deadline); !subscribed) {
      listener.notice(subscribed.error().message);
      return true;
    }
  }
  if (auto published = session.publish(topics.command(request.command), payload->dump(), deadline); !published) {
    listener.notice(published.error().message);
    return true;
  }
  listener.print("sent " + request.device + " " + request.command + " request_id=" + request_id);
  return true;
}

}  // namespace

int run_listen(const ConnectionOptions& connection, const ListenOptions& options) {
  if (options.device != "+" && !backoffice::is_valid_device_id(options.device)) {
    std::cerr << "backoffice-console: --device '" << options.device
              << "' is not '+' or 1..64 of letters, digits, '-' and '_'\n";
    return exit_status::usage;
  }
  auto resolved = resolve(connection);
  if (!resolved) {
    std::cerr << "backoffice-console: " << resolved.error().message << '\n';
    return exit_status::usage;
  }
  std::optional<MessageLog> log;
  if (!options.log_path.empty()) {
    auto opened = MessageLog::open(options.log_path);
    if (!opened) {
      std::cerr << "backoffice-console: " << opened.error().message << '\n';
      return exit_status::usage;
    }
    log.emplace(std::move(*opened));
  }
  install_signal_handlers();

  const auto started = SteadyClock::now();
  const SteadyClock::time_point deadline =
      options.timeout_s ? started + std::chrono::seconds(*options.timeout_s) : SteadyClock::time_point::max();
  const auto connect_deadline = std::min(deadline, started + connect_timeout);
  // With a generated id nobody can resume the session: leave nothing queued for it on exit.
  const bool throwaway_session = connection.client_id.empty() && !connection.clean;
  const std::string filter = std::string(backoffice::topic_root) + options.device + "/#";

  Listener listener(std::move(log), options.count);
  auto session = MqttSession::open(
      *resolved, connect_deadline, [&listener](const IncomingMessage& message) { listener.on_message(message); },
      [&listener](const std::string& text) { listener.notice(text); });
  if (!session) {
    std::cerr << "backoffice-console: " << session.error().message << '\n';
    return exit_status::unreachable;
  }
  if (auto subscribed = (*session)->subscribe(filter, connect_deadline); !subscribed) {
    std::cerr << "backoffice-console: " << subscribed.error().message << '\n';
    return exit_status::unreachable;
  }
  listener.notice("listening on " + filter + " at " + resolved->endpoint() + " as " + resolved->client_id +
                  (resolved->clean ? " (clean session)" : " (persistent session)") + "; type help for commands");

  core::OpenSslRandom random;
  StdinLines input;
  int status = exit_status::ok;
  while (!listener.done()) {
    if (stop_signal.load()) break;
    if (SteadyClock::now() >= deadline) {
      listener.finish();
      std::cerr << "backoffice-console: --timeout-s " << *options.timeout_s << " reached after "
                << listener.received() << (options.count ? " of " + std::to_string(*options.count) : std::string())
                << " messages\n";
      status = exit_status::unreachable;
      break;
    }
    if (!input.open()) {
      listener.wait_for(200ms);
      continue;
    }
    bool quit = false;
    for (const auto& line : input.poll_lines(200ms)) {
      if (!handle_line(line, options.device, **session, listener, random)) quit = true;
    }
    if (quit) break;
  }
  listener.finish();
  if (throwaway_session) (void)(*session)->unsubscribe(filter, SteadyClock::now() + 2s);
  return status;
}

}  // namespace pickupbox::console
