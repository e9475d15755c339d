#include "sign_command.hpp"

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <iostream>
#include <mutex>
#include <set>

#include "backoffice/enrollment_messages.hpp"
#include "enrollment_signer.hpp"
#include "exit_status.hpp"
#include "mqtt_session.hpp"

namespace pickupbox::console {

namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr auto connect_timeout = 10s;
constexpr auto ack_timeout = 5s;

std::atomic<bool> stop_signal{false};
extern "C" void on_sign_stop_signal(int) { stop_signal.store(true); }

// Requests handed from the network thread to the main thread, which signs and answers
// (publishing waits for PUBACK, which the network thread delivers).
class Inbox {
 public:
  void push(IncomingMessage message) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(message));
    changed_.notify_all();
  }
  std::optional<IncomingMessage> pop(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, wait, [&] { return !queue_.empty(); })) return std::nullopt;
    IncomingMessage message = std::move(queue_.front());
    queue_.pop_front();
    return message;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<IncomingMessage> queue_;
};

void print_line(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace

CLI::App* add_sign_command(CLI::App& app, SignOptions& options) {
  auto* sign = app.add_subcommand(
      "sign", "enrolment signer: answer boxes' certificate requests on pickupbox/v1/enroll/+/csr "
              "(connect with the back-office certificate); one line per request");
  sign->add_option("--ca-cert", options.ca_cert, "CA certificate (PEM) that issues device certificates")->required();
  sign->add_option("--ca-key", options.ca_key, "its private key (PEM, unencrypted)")->required();
  sign->add_option("--allow", options.allow, "device ids that may enrol (one or more)")->required();
  sign->add_option("--days", options.days, "certificate lifetime in days")->capture_default_str()->check(
      CLI::Range(1, 3650));
  sign->add_option("--ledger", options.ledger,
                   "file of enrolled device ids and key fingerprints (JSON lines); kept across restarts");
  sign->add_option("--count", options.count, "exit 0 after N requests")->check(CLI::Range(1, 100000000));
  sign->add_option("--timeout-s", options.timeout_s, "exit 0 after S seconds")->check(CLI::Range(1, 31536000));
  return sign;
}

int run_sign(const ConnectionOptions& connection, const SignOptions& options) {
  auto resolved = resolve(connection);
  if (!resolved) {
    std::cerr << "backoffice-console: " << resolved.error().message << '\n';
    return exit_status::usage;
  }
  auto ledger = EnrollmentLedger::open(options.ledger.empty() ? std::nullopt
                                                              : std::optional<std::filesystem::path>(options.ledger));
  if (!ledger) {
    std::cerr << "backoffice-console: " << ledger.error().message << '\n';
    return exit_status::usage;
  }
  auto signer = EnrollmentSigner::open(options.ca_cert, options.ca_key, std::move(*ledger),
                                       SignerOptions{std::set<std::string>(options.allow.begin(), options.allow.end()),
                                                     options.days});
  if (!signer) {
    std::cerr << "backoffice-console: " << signer.error().message << '\n';
    return exit_status::usage;
  }

  struct sigaction action{};
  action.sa_handler = on_sign_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);

  const auto started = SteadyClock::now();
  const auto deadline =
      options.timeout_s > 0 ? started + std::chrono::seconds(options.timeout_s) : SteadyClock::time_point::max();
  const std::string filter(backoffice::enrollment::csr_filter);

  Inbox inbox;
  auto session = MqttSession::open(
      *resolved, std::min(deadline, started + connect_timeout),
      [&inbox](const IncomingMessage& message) {
        if (!message.retained) inbox.push(message);  // a retained request is stale by definition
      },
      [](const std::string& text) { std::cerr << "backoffice-console: " << text << std::endl; });
  if (!session) {
    std::cerr << "backoffice-console: " << session.error().message << '\n';
    return exit_status::unreachable;
  }
  if (auto subscribed = (*session)->subscribe(filter, SteadyClock::now() + connect_timeout); !subscribed) {
    std::cerr << "backoffice-console: " << subscribed.error().message << '\n';
    return exit_status::unreachable;
  }
  std::cerr << "backoffice-console: signing enrolment requests on " << filter << " at " << resolved->endpoint()
            << " for " << options.allow.size() << " allowed device id(s); ledger "
            << (options.ledger.empty() ? std::string("in memory") : options.ledger) << " with "
            << signer->ledger().size() << " enrolled" << std::endl;

  int handled = 0;
  while (!stop_signal.load() && SteadyClock::now() < deadline) {
    if (options.count > 0 && handled >= options.count) break;
    auto message = inbox.pop(200ms);
    if (!message) continue;
    auto decision = signer->handle(message->topic, message->payload, std::chrono::system_clock::now());
    if (!decision) {
      print_line("enroll ? ignored: topic is not pickupbox/v1/enroll/<device-id>/csr");
      continue;
    }
    ++handled;
    auto published = (*session)->publish(decision->reply_topic, decision->reply_payload, SteadyClock::now() + ack_timeout);
    std::string line = "enroll " + decision->device_id + " ";
    line += decision->accepted ? "accepted serial=" + decision->serial + " not_after=" + decision->not_after
                               : "refused " + decision->code + ": " + decision->reason;
    if (!published) line += " (answer not delivered: " + published.error().message + ")";
    print_line(line);
  }
  return exit_status::ok;
}

}  // namespace pickupbox::console
