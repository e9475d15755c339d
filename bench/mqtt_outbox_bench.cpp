// MQTT throughput of the durable outbox against a raw libmosquitto baseline, on a real
// mosquitto (tests/support's fixture) over loopback, plain TCP and TLS with mutual auth.
// Benchmarks are never pass/fail: this prints a table. Goal: drain/raw ratio >= 0.5.
//
//   (a) raw libmosquitto: QoS 1 publishes of N x 200 B, waiting for every PUBACK (max_inflight
//       20; MQTT 5 and TCP_NODELAY, as MqttConnection uses), driven both by mosquitto_loop() on
//       this thread and by mosquitto_loop_start(); the faster one is the baseline.
//   (b) the same N as core::Events committed to a fresh SQLite outbox first (timed apart),
//       then BackofficeLink on an asio::io_context drains them: from link.start() until
//       outbox_size() == 0 (every row PUBACKed and deleted).
//   (c) a backlog committed while the broker is down (the link retrying every <= 100 ms);
//       then the broker starts: time until the outbox is empty, and a persistent QoS 1
//       subscriber (subscribed before the outage) must see every seq.
//
// The broker runs without the fixture's per-packet debug log (it halves mosquitto's rate;
// --broker-log keeps it). "cpu s" is this process only (boxd's side, plus the subscriber
// thread in (c)): cpu close to wall means the box side is the bottleneck.
//
// Run: build/bench/mqtt_outbox_bench [--events N] [--backlog N] [--tcp-only|--tls-only]
//      [--window N] [--ack-batch N] [--ack-flush MS] [--max-inflight N] [--sweep] [--broker-log]
//      [--dir PATH] [--parts abc]   (see --help)
// Besides the table it prints "figure <name> <value>" lines for bench/report.sh.
// Exit status: 0, or 3 when (c) lost an event or did not drain (2: bad options, 1: setup failed).
#include <mosquitto.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/system_clock.hpp"
#include "backoffice/backoffice_link.hpp"
#include "core/secure_random.hpp"
#include "core/uuid.hpp"
#include "log/log.hpp"
#include "mosquitto_broker.hpp"
#include "store/outbox_payload.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"
#include "test_pki.hpp"

namespace {

using namespace std::chrono_literals;
using namespace pickupbox;
using Clock = std::chrono::steady_clock;
using testing::MosquittoBroker;
using testing::PemFiles;
using testing::TempDir;

constexpr const char* device_id = "bench-box";
constexpr std::size_t payload_bytes = 200;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU seconds (user + system) this process has used: compared with the wall time it tells
// whether a phase is bound by this process's CPU or waits (broker, fsync, round trips).
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

// --- options ---

struct Options {
  int events = 20'000;
  int backlog = 100'000;  // 0: skip (c)
  bool tcp = true;
  bool tls = true;
  int commit_batch = 500;
  backoffice::DrainSettings drain{};
  int max_inflight = 20;
  bool sweep = false;
  bool broker_log = false;      // keep the fixture's "log_type all" (a log line per packet)
  bool broker_nodelay = false;  // set_tcp_nodelay true in the broker (default false: Nagle on)
  std::string parts = "abc";    // which of (a), (b), (c) to run (profiling one part)
  std::optional<std::filesystem::path> dir{};
};

void usage() {
  std::puts(
      "mqtt_outbox_bench: outbox drain vs raw libmosquitto on a local mosquitto\n"
      "  --events N       messages in (a) and (b) (default 20000)\n"
      "  --backlog N      events queued while the broker is down in (c); 0 skips (c) (default 100000)\n"
      "  --tcp-only       plain MQTT only\n"
      "  --tls-only       TLS (mutual auth) only\n"
      "  --window N       DrainSettings::window (default 256)\n"
      "  --ack-batch N    DrainSettings::ack_batch (default 512)\n"
      "  --ack-flush MS   DrainSettings::ack_flush (default 20)\n"
      "  --max-inflight N ConnectionSettings::max_inflight of the link (default 20)\n"
      "  --commit-batch N events per commit when filling the outbox (default 500)\n"
      "  --sweep          also run (b) over a grid of DrainSettings and max_inflight\n"
      "                   (--sweep --parts s: the sweep only)\n"
      "  --broker-log     keep the fixture's per-packet broker log (slower broker)\n"
      "  --broker-nodelay set_tcp_nodelay true in the broker (default off, as mosquitto ships)\n"
      "  --dir PATH       where the SQLite files go (default: $TMPDIR or /tmp)\n"
      "  --parts abc      run only some of (a), (b), (c), e.g. --parts b to profile the drain");
}

long number(int& i, int argc, char** argv) {
  if (i + 1 >= argc) throw std::invalid_argument(std::string(argv[i]) + " needs a value");
  char* end = nullptr;
  const long v = std::strtol(argv[++i], &end, 10);
  if (end == argv[i] || *end != '\0' || v < 0) {
    throw std::invalid_argument(std::string(argv[i - 1]) + ": not a non-negative number: " + argv[i]);
  }
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--events")
      o.events = static_cast<int>(number(i, argc, argv));
    else if (a == "--backlog")
      o.backlog = static_cast<int>(number(i, argc, argv));
    else if (a == "--tcp-only")
      o.tls = false, o.tcp = true;
    else if (a == "--tls-only")
      o.tcp = false, o.tls = true;
    else if (a == "--window")
      o.drain.window = static_cast<std::size_t>(number(i, argc, argv));
    else if (a == "--ack-batch")
      o.drain.ack_batch = static_cast<std::size_t>(number(i, argc, argv));
    else if (a == "--ack-flush")
      o.drain.ack_flush = std::chrono::milliseconds(number(i, argc, argv));
    else if (a == "--max-inflight")
      o.max_inflight = static_cast<int>(number(i, argc, argv));
    else if (a == "--commit-batch")
      o.commit_batch = std::max(1, static_cast<int>(number(i, argc, argv)));
    else if (a == "--sweep")
      o.sweep = true;
    else if (a == "--broker-log")
      o.broker_log = true;
    else if (a == "--broker-nodelay")
      o.broker_nodelay = true;
    else if (a == "--parts") {
      if (i + 1 >= argc) throw std::invalid_argument("--parts needs a value");
      o.parts = argv[++i];
    } else if (a == "--dir") {
      if (i + 1 >= argc) throw std::invalid_argument("--dir needs a path");
      o.dir = argv[++i];
    } else if (a == "--help" || a == "-h") {
      usage();
      std::exit(0);
    } else {
      throw std::invalid_argument("unknown option " + std::string(a) + " (see --help)");
    }
  }
  if (o.parts.find('c') == std::string::npos) o.backlog = 0;
  if (o.events <= 0) throw std::invalid_argument("--events must be > 0");
  if (o.drain.window == 0 || o.drain.ack_batch == 0)
    throw std::invalid_argument("--window and --ack-batch must be > 0");
  return o;
}

// --- brokers and the test PKI ---

struct Pki {
  TempDir dir{"mqbench-pki"};
  std::filesystem::path ca_file;
  PemFiles broker;
  PemFiles box;
  PemFiles subscriber;

  Pki() {
    testing::TestCa ca("Pickup Box bench CA");
    ca_file = ca.write_cert(dir.path());
    broker = ca.issue_server().write(dir.path(), "broker");
    box = ca.issue_client(device_id).write(dir.path(), device_id);
    subscriber = ca.issue_client("bench-sub").write(dir.path(), "bench-sub");
  }
};

std::unique_ptr<MosquittoBroker> make_broker(const Options& o, const Pki* tls, bool persistence) {
  MosquittoBroker::Options b;
  if (tls) b.tls = MosquittoBroker::Tls{tls->ca_file, tls->broker.cert, tls->broker.key, true, true};
  b.persistence = persistence;
  // An offline persistent subscriber must not lose the backlog (mosquitto keeps 1000 by default).
  b.extra_config = {"max_queued_messages 0"};
  if (o.broker_nodelay) b.extra_config.push_back("set_tcp_nodelay true");
  if (!o.broker_log) {
    // "log_type none" clears the fixture's "all"; the "running" line the fixture waits for is
    // information. Without this the broker writes two log lines per message.
    for (const char* t : {"none", "error", "warning", "notice", "information"}) {
      b.extra_config.push_back(std::string("log_type ") + t);
    }
  }
  return std::make_unique<MosquittoBroker>(std::move(b));
}

// --- raw libmosquitto client ---

class RawClient {
 public:
  RawClient(const char* client_id, bool clean_session, const Pki* tls, const PemFiles* identity, int protocol)
      : mosq_(mosquitto_new(client_id, clean_session, this)) {
    if (!mosq_) throw std::runtime_error("mosquitto_new failed");
    mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, protocol);
    mosquitto_int_option(mosq_, MOSQ_OPT_TCP_NODELAY, 1);  // as MqttConnection does
    mosquitto_max_inflight_messages_set(mosq_, 20);
    mosquitto_reconnect_delay_set(mosq_, 1, 1, false);
    mosquitto_connect_callback_set(
        mosq_, [](mosquitto*, void* self, int rc) { static_cast<RawClient*>(self)->on_connack(rc); });
    mosquitto_publish_callback_set(mosq_, [](mosquitto*, void* self, int) {
      auto* c = static_cast<RawClient*>(self);
      if (c->acked_.fetch_add(1) + 1 >= c->expected_.load()) c->notify();
    });
    mosquitto_subscribe_callback_set(mosq_, [](mosquitto*, void* self, int, int, const int*) {
      auto* c = static_cast<RawClient*>(self);
      c->subscribed = true;
      c->notify();
    });
    mosquitto_message_callback_set(mosq_, [](mosquitto*, void* self, const mosquitto_message* m) {
      auto* c = static_cast<RawClient*>(self);
      if (c->on_message)
        c->on_message(std::string_view(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen)));
    });
    if (tls) {
      if (int rc = mosquitto_tls_set(mosq_, tls->ca_file.c_str(), nullptr, identity->cert.c_str(),
                                     identity->key.c_str(), nullptr);
          rc != MOSQ_ERR_SUCCESS) {
        throw std::runtime_error(std::string("mosquitto_tls_set: ") + mosquitto_strerror(rc));
      }
    }
  }
  ~RawClient() {
    if (threaded_) {
      mosquitto_disconnect(mosq_);
      mosquitto_loop_stop(mosq_, false);
    }
    mosquitto_destroy(mosq_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  mosquitto* get() const { return mosq_; }

  void connect(std::uint16_t port) {
    if (int rc = mosquitto_connect(mosq_, MosquittoBroker::host, port, 30); rc != MOSQ_ERR_SUCCESS) {
      throw std::runtime_error(std::string("mosquitto_connect: ") + mosquitto_strerror(rc));
    }
  }
  void start_thread() {
    if (int rc = mosquitto_loop_start(mosq_); rc != MOSQ_ERR_SUCCESS) {
      throw std::runtime_error(std::string("mosquitto_loop_start: ") + mosquitto_strerror(rc));
    }
    threaded_ = true;
  }
  // Threaded: waits for the network thread. Unthreaded: runs mosquitto_loop here.
  bool wait(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    if (!threaded_) {
      while (!done()) {
        if (Clock::now() > deadline) return false;
        if (int rc = mosquitto_loop(mosq_, 100, 1); rc != MOSQ_ERR_SUCCESS) {
          throw std::runtime_error(std::string("mosquitto_loop: ") + mosquitto_strerror(rc));
        }
      }
      return true;
    }
    std::unique_lock lock(mutex_);
    return cv_.wait_until(lock, deadline, done);
  }
  void wait_connack() {
    if (!wait([this] { return connack_.load() >= 0; }, 10s)) throw std::runtime_error("no CONNACK within 10 s");
    if (connack_ != 0) throw std::runtime_error("broker refused: " + std::string(mosquitto_connack_string(connack_)));
  }

  void expect(int n) {
    acked_ = 0;
    expected_ = n;
  }
  int acked() const { return acked_.load(); }

  std::function<void(std::string_view payload)> on_message;
  std::atomic<bool> subscribed{false};

 private:
  void on_connack(int rc) {
    connack_ = rc;
    notify();
  }
  void notify() {
    std::lock_guard lock(mutex_);
    cv_.notify_all();
  }

  mosquitto* mosq_;
  bool threaded_ = false;
  std::atomic<int> connack_{-1};
  std::atomic<int> acked_{0};
  std::atomic<int> expected_{1 << 30};
  std::mutex mutex_;
  std::condition_variable cv_;
};

struct RawResult {
  double seconds = 0;
  double cpu = 0;  // this process, during the publishes
  int acked = 0;
  double rate() const { return seconds > 0 ? acked / seconds : 0; }
};

RawResult raw_publish(const MosquittoBroker& broker, const Pki* tls, const Pki& pki, int n, bool threaded) {
  RawClient c("bench-raw", true, tls, &pki.box, MQTT_PROTOCOL_V5);
  c.connect(broker.port());
  if (threaded) c.start_thread();
  c.wait_connack();
  const std::string topic = backoffice::Topics(device_id).events();
  const std::string payload(payload_bytes, 'x');
  c.expect(n);
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    int rc =
        mosquitto_publish(c.get(), nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1, false);
    if (rc != MOSQ_ERR_SUCCESS) throw std::runtime_error(std::string("mosquitto_publish: ") + mosquitto_strerror(rc));
  }
  if (!c.wait([&] { return c.acked() >= n; }, 120s)) {
    std::fprintf(stderr, "raw: only %d of %d PUBACKs within 120 s\n", c.acked(), n);
  }
  RawResult r{seconds_since(t0), cpu_seconds() - cpu0, c.acked()};
  if (!threaded) {
    mosquitto_disconnect(c.get());
    mosquitto_loop(c.get(), 10, 1);
  }
  return r;
}

// --- the outbox and the link ---

// An event with order_id, locker_id and a note sized so that the payload is about 200 bytes.
core::Event bench_event(int i, std::size_t note_len) {
  char order_id[32];
  std::snprintf(order_id, sizeof order_id, "ord-%08d", i);
  return core::Event{"order.loaded",
                     {{"order_id", order_id}, {"locker_id", "A07"}, {"note", std::string(note_len, 'n')}}};
}

std::size_t note_length_for(std::size_t target, int n, core::Random& random) {
  const store::OutboxStamp stamp{n / 2, core::new_uuid(random), app::SystemClock().now()};
  auto p = store::event_payload(bench_event(n / 2, 0), stamp);
  if (!p) throw std::runtime_error("event_payload: " + p.error().message);
  return p->size() < target ? target - p->size() : 0;
}

struct Filled {
  double seconds = 0;
  std::int64_t rows = 0;
  double avg_payload = 0;
};

Filled fill_outbox(store::Store& store, int first, int n, int batch, std::size_t note_len,
                   const std::function<void()>& after_commit = {}) {
  Filled f;
  std::size_t bytes = 0;
  const auto t0 = Clock::now();
  for (int done = 0; done < n;) {
    const int k = std::min(batch, n - done);
    store::Change change;
    change.events.reserve(static_cast<std::size_t>(k));
    for (int j = 0; j < k; ++j) change.events.push_back(bench_event(first + done + j, note_len));
    auto receipt = store.commit(change);
    if (!receipt) throw std::runtime_error("commit: " + receipt.error().message);
    for (const auto& row : receipt->outbox) bytes += row.payload.size();
    f.rows += static_cast<std::int64_t>(receipt->outbox.size());
    done += k;
    if (after_commit) after_commit();
  }
  f.seconds = seconds_since(t0);
  f.avg_payload = f.rows ? static_cast<double>(bytes) / static_cast<double>(f.rows) : 0;
  return f;
}

std::filesystem::path scratch_root(const Options& o) { return o.dir ? *o.dir : std::filesystem::temp_directory_path(); }

backoffice::LinkSettings link_settings(std::uint16_t port, const Pki* tls, const backoffice::DrainSettings& drain,
                                       int max_inflight) {
  backoffice::LinkSettings s;
  s.device_id = device_id;
  s.connection.host = MosquittoBroker::host;
  s.connection.port = port;
  s.connection.max_inflight = max_inflight;
  if (tls) s.connection.tls = backoffice::TlsFiles{tls->ca_file, tls->box.cert, tls->box.key};
  s.backoff = {100ms, 100ms};
  s.drain = drain;
  s.heartbeat = std::chrono::hours(1);  // no heartbeat inside a measurement
  s.version = "bench";
  return s;
}

backoffice::HealthReport no_health() {
  return [] { return backoffice::Json::object(); };
}
backoffice::CommandExecutor no_commands() {
  return [](const backoffice::Command&, std::function<void(core::Result<backoffice::Json>)> done) {
    done(backoffice::Json::object());
  };
}

// Runs the loop (1 ms slices) until `done` or the timeout; false on timeout.
bool run_until(asio::io_context& loop, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    loop.run_for(1ms);
  }
  return true;
}

bool drained(backoffice::BackofficeLink& link, store::Store& store, std::int64_t n) {
  if (link.drain_stats().deleted < n) return false;
  auto size = store.outbox_size();
  return size && *size == 0;
}

struct DrainResult {
  Filled filled;
  double connect_s = 0;  // start() until connected() (1 ms resolution)
  double total_s = 0;    // start() until the outbox is empty
  double cpu = 0;        // this process, over total_s
  backoffice::DrainStats stats;
  bool complete = false;
  double rate() const { return total_s > 0 ? static_cast<double>(filled.rows) / total_s : 0; }
};

// A filled, closed outbox file that the sweep copies instead of filling each time.
struct OutboxTemplate {
  std::filesystem::path file;
  Filled filled;
};

DrainResult drain_run(const Options& o, const MosquittoBroker& broker, const Pki* tls,
                      const backoffice::DrainSettings& drain, int max_inflight, const OutboxTemplate* from = nullptr) {
  app::SystemClock clock;
  core::OpenSslRandom random;
  TempDir dir("mqbench", scratch_root(o));
  if (from) std::filesystem::copy_file(from->file, dir.path() / "state.db");
  auto store = store::Store::open(dir.path() / "state.db", clock, random);
  if (!store) throw std::runtime_error("Store::open: " + store.error().message);
  DrainResult r;
  if (from) {
    r.filled = from->filled;
  } else {
    r.filled = fill_outbox(*store, 1, o.events, o.commit_batch, note_length_for(payload_bytes, o.events, random));
  }

  asio::io_context loop;
  auto guard = asio::make_work_guard(loop);
  backoffice::BackofficeLink link(loop, *store, clock, random, link_settings(broker.port(), tls, drain, max_inflight),
                                  no_health(), no_commands());
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  link.start();
  bool seen_connected = false;
  r.complete = run_until(
      loop,
      [&] {
        if (!seen_connected && link.connected()) {
          seen_connected = true;
          r.connect_s = seconds_since(t0);
        }
        return drained(link, *store, r.filled.rows);
      },
      120s);
  r.total_s = seconds_since(t0);
  r.cpu = cpu_seconds() - cpu0;
  r.stats = link.drain_stats();
  link.stop();
  loop.run_for(20ms);
  return r;
}

// --- (c) backlog across a broker outage ---

struct BacklogResult {
  Filled filled;
  double from_start_s = 0;   // broker.start() called -> outbox empty
  double from_listen_s = 0;  // broker.start() returned (listening) -> outbox empty
  double broker_start_s = 0;
  double cpu = 0;           // this process, broker start -> outbox empty
  double subscriber_s = 0;  // broker.start() -> subscriber has every seq
  int distinct = 0;
  int duplicates = 0;
  int lost = 0;
  backoffice::DrainStats stats;
  bool complete = false;
};

BacklogResult backlog_run(const Options& o, const Pki& pki, bool use_tls) {
  const Pki* tls = use_tls ? &pki : nullptr;
  const int n = o.backlog;
  auto broker = make_broker(o, tls, /*persistence=*/true);
  broker->start();

  // The back office: a persistent QoS 1 session, subscribed before the outage.
  std::vector<std::uint8_t> seen(static_cast<std::size_t>(n) + 1, 0);
  std::atomic<int> distinct{0}, duplicates{0};
  RawClient sub("bench-sub", /*clean_session=*/false, tls, &pki.subscriber, MQTT_PROTOCOL_V311);
  sub.on_message = [&](std::string_view payload) {
    const auto at = payload.find("\"seq\":");
    if (at == std::string_view::npos) return;
    const long long seq = std::strtoll(payload.data() + at + 6, nullptr, 10);
    if (seq < 1 || seq > n) return;
    if (seen[static_cast<std::size_t>(seq)]++ == 0) {
      distinct.fetch_add(1);
    } else {
      duplicates.fetch_add(1);
    }
  };
  sub.connect(broker->port());
  sub.start_thread();
  sub.wait_connack();
  const std::string topic = backoffice::Topics(device_id).events();
  if (int rc = mosquitto_subscribe(sub.get(), nullptr, topic.c_str(), 1); rc != MOSQ_ERR_SUCCESS) {
    throw std::runtime_error(std::string("subscribe: ") + mosquitto_strerror(rc));
  }
  if (!sub.wait([&] { return sub.subscribed.load(); }, 10s)) throw std::runtime_error("no SUBACK");
  broker->stop();  // saves the subscriber's session; its network thread keeps retrying (1 s)

  app::SystemClock clock;
  core::OpenSslRandom random;
  TempDir dir("mqbench", scratch_root(o));
  auto store = store::Store::open(dir.path() / "state.db", clock, random);
  if (!store) throw std::runtime_error("Store::open: " + store.error().message);
  asio::io_context loop;
  auto guard = asio::make_work_guard(loop);
  backoffice::BackofficeLink link(loop, *store, clock, random,
                                  link_settings(broker->port(), tls, o.drain, o.max_inflight), no_health(),
                                  no_commands());
  link.start();
  loop.run_for(300ms);  // a few refused attempts
  BacklogResult r;
  const auto note = note_length_for(payload_bytes, n, random);
  // Committed between loop slices, as boxd would: the link keeps retrying meanwhile.
  r.filled = fill_outbox(*store, 1, n, o.commit_batch, note, [&] {
    link.wake();
    loop.poll();
  });
  loop.run_for(300ms);

  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  broker->start();
  r.broker_start_s = seconds_since(t0);
  const auto t_listen = Clock::now();
  r.complete = run_until(
      loop, [&] { return drained(link, *store, r.filled.rows); }, 300s);
  r.from_start_s = seconds_since(t0);
  r.from_listen_s = seconds_since(t_listen);
  r.cpu = cpu_seconds() - cpu0;
  r.stats = link.drain_stats();
  // Keep the link's loop going while the subscriber catches up.
  run_until(
      loop, [&] { return distinct.load() >= n; }, 120s);
  r.subscriber_s = seconds_since(t0);
  r.distinct = distinct.load();
  r.duplicates = duplicates.load();
  r.lost = n - r.distinct;
  link.stop();
  loop.run_for(20ms);
  return r;
}

// --- the table ---

void print_settings(const backoffice::DrainSettings& d, int max_inflight) {
  std::printf("window=%zu ack_batch=%zu ack_flush=%lldms max_inflight=%d", d.window, d.ack_batch,
              static_cast<long long>(d.ack_flush.count()), max_inflight);
}

struct TransportFigures {
  const char* name = "";
  RawResult raw_loop, raw_thread;
  DrainResult drain;
  std::optional<BacklogResult> backlog;
};

// (b) over a grid of DrainSettings and the link's max_inflight, from copies of one filled
// outbox; then the best few and the defaults again, interleaved, to see past the noise.
void sweep(const Options& o, const MosquittoBroker& broker, const Pki* tls, const char* name) {
  struct Point {
    backoffice::DrainSettings d;
    int inflight = 20;
    std::vector<double> rates;
    double median() const {
      auto v = rates;
      std::sort(v.begin(), v.end());
      return v.empty() ? 0 : v[v.size() / 2];
    }
  };
  TempDir tdir("mqbench", scratch_root(o));
  OutboxTemplate tmpl{tdir.path() / "state.db", {}};
  {
    app::SystemClock clock;
    core::OpenSslRandom random;
    auto store = store::Store::open(tmpl.file, clock, random);
    if (!store) throw std::runtime_error("Store::open: " + store.error().message);
    tmpl.filled = fill_outbox(*store, 1, o.events, o.commit_batch, note_length_for(payload_bytes, o.events, random));
  }  // closed: the WAL is checkpointed into the file
  auto measure = [&](Point& p) {
    auto r = drain_run(o, broker, tls, p.d, p.inflight, &tmpl);
    p.rates.push_back(r.complete ? r.rate() : 0);
    return r;
  };
  std::vector<Point> points;
  for (std::size_t window : {std::size_t{20}, std::size_t{64}, std::size_t{256}, std::size_t{1024}}) {
    for (std::size_t batch : {std::size_t{128}, std::size_t{512}, std::size_t{2048}}) {
      for (auto flush : {5ms, 20ms, 100ms}) {
        Point p;
        p.d = o.drain;
        p.d.window = window;
        p.d.ack_batch = batch;
        p.d.ack_flush = flush;
        points.push_back(p);
      }
    }
  }
  for (std::size_t window : {std::size_t{256}, std::size_t{1024}}) {
    for (int inflight : {100, 1000}) {
      Point p;
      p.d = o.drain;
      p.d.window = window;
      p.inflight = inflight;
      points.push_back(p);
    }
  }
  std::printf("\nsweep %s, %d events (outbox copied from one fill): drain rate, msg/s\n", name, o.events);
  for (auto& p : points) {
    auto r = measure(p);
    std::printf("  ");
    print_settings(p.d, p.inflight);
    std::printf("  %8.0f  cpu %.3f s\n", p.rates.back(), r.cpu);
    std::fflush(stdout);
  }
  // Again, interleaved: the three best and the defaults, three more runs each.
  std::vector<std::size_t> order(points.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return points[a].median() > points[b].median(); });
  std::vector<std::size_t> finalists(order.begin(), order.begin() + std::min<std::size_t>(3, order.size()));
  Point defaults;
  defaults.d = o.drain;
  defaults.inflight = o.max_inflight;
  points.push_back(defaults);
  finalists.push_back(points.size() - 1);
  for (int round = 0; round < 3; ++round) {
    for (auto i : finalists) measure(points[i]);
  }
  std::printf("  finalists (median of all runs):\n");
  for (auto i : finalists) {
    std::printf("    ");
    print_settings(points[i].d, points[i].inflight);
    std::printf("  %8.0f msg/s over %zu runs%s\n", points[i].median(), points[i].rates.size(),
                i == points.size() - 1 ? "  (the settings given)" : "");
  }
}

TransportFigures run_transport(const Options& o, const Pki& pki, bool use_tls) {
  TransportFigures f;
  f.name = use_tls ? "TLS" : "TCP";
  const Pki* tls = use_tls ? &pki : nullptr;
  {
    auto broker = make_broker(o, tls, /*persistence=*/false);
    broker->start();
    if (o.parts.find('a') != std::string::npos) {
      f.raw_loop = raw_publish(*broker, tls, pki, o.events, /*threaded=*/false);
      f.raw_thread = raw_publish(*broker, tls, pki, o.events, /*threaded=*/true);
    }
    if (o.parts.find('b') != std::string::npos) f.drain = drain_run(o, *broker, tls, o.drain, o.max_inflight);
    if (o.sweep) sweep(o, *broker, tls, f.name);
  }
  if (o.backlog > 0) f.backlog = backlog_run(o, pki, use_tls);
  return f;
}

double per_second(double count, double seconds) { return seconds > 0 ? count / seconds : 0; }

// cpu < 0: not measured.
void row(const char* transport, const char* what, double count, double seconds, double cpu, const std::string& note) {
  char cpu_text[16] = "      -";
  if (cpu >= 0) std::snprintf(cpu_text, sizeof cpu_text, "%7.3f", cpu);
  std::printf("%-4s %-36s %7.0f %8.3f %9.0f %s  %s\n", transport, what, count, seconds, per_second(count, seconds),
              cpu_text, note.c_str());
}

void print_header() {
  std::printf("\n%-4s %-36s %7s %8s %9s %7s  %s\n", "", "", "msgs", "wall s", "per s", "cpu s", "notes");
}

std::string format(const char* fmt, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

void print(const Options& o, const TransportFigures& f) {
  const char* t = f.name;
  const bool have_raw = f.raw_loop.acked > 0 || f.raw_thread.acked > 0;
  const bool loop_wins = f.raw_loop.rate() >= f.raw_thread.rate();
  const RawResult& base = loop_wins ? f.raw_loop : f.raw_thread;
  if (have_raw) {
    row(t, "(a) raw, mosquitto_loop() here", f.raw_loop.acked, f.raw_loop.seconds, f.raw_loop.cpu,
        loop_wins ? "<- baseline" : "");
    row(t, "(a) raw, mosquitto_loop_start()", f.raw_thread.acked, f.raw_thread.seconds, f.raw_thread.cpu,
        loop_wins ? "" : "<- baseline");
  }
  const auto& d = f.drain;
  if (d.filled.rows > 0) {
    const auto rows = static_cast<double>(d.filled.rows);
    row(t, "(b) outbox insert", rows, d.filled.seconds, -1,
        format("batches of %d, payload avg %.0f B", o.commit_batch, d.filled.avg_payload));
    row(t, "(b) outbox drain (BackofficeLink)", rows, d.total_s, d.cpu,
        format("connected at %.3f s; sent %lld deleted %lld%s", d.connect_s, static_cast<long long>(d.stats.sent),
               static_cast<long long>(d.stats.deleted), d.complete ? "" : " INCOMPLETE"));
    if (have_raw) {
      std::printf("%-4s %-36s %7.2f  (goal >= 0.5; baseline %s)\n", t, "ratio (b)/(a)", d.rate() / base.rate(),
                  loop_wins ? "mosquitto_loop()" : "mosquitto_loop_start()");
    }
  }
  if (f.backlog) {
    const auto& b = *f.backlog;
    const auto rows = static_cast<double>(b.filled.rows);
    row(t, "(c) backlog insert, broker down", rows, b.filled.seconds, -1, "link retrying meanwhile");
    row(t, "(c) broker start -> outbox empty", rows, b.from_start_s, b.cpu,
        format("broker listening at %.3f s%s", b.broker_start_s, b.complete ? "" : " INCOMPLETE"));
    std::printf("%-4s %-36s %7d  distinct seqs of %lld, %d duplicates: %s (all in at %.3f s)\n", t,
                "(c) persistent QoS 1 subscriber", b.distinct, static_cast<long long>(b.filled.rows), b.duplicates,
                b.lost == 0 ? "0 lost" : format("LOST %d", b.lost).c_str(), b.subscriber_s);
  }
}

// For bench/report.sh: "figure <name> <value>", one per line; a part that did not run or did
// not complete prints nothing, so the report names the figure as missing.
void print_figures(const TransportFigures& f) {
  std::string t = f.name;
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const RawResult& base = f.raw_loop.rate() >= f.raw_thread.rate() ? f.raw_loop : f.raw_thread;
  if (base.acked > 0) std::printf("figure mqtt.%s.raw_per_s %.0f\n", t.c_str(), base.rate());
  if (f.drain.filled.rows > 0 && f.drain.complete) {
    std::printf("figure mqtt.%s.outbox_per_s %.0f\n", t.c_str(), f.drain.rate());
    if (base.acked > 0) std::printf("figure mqtt.%s.ratio %.2f\n", t.c_str(), f.drain.rate() / base.rate());
  }
  if (f.backlog && f.backlog->complete) {
    std::printf("figure mqtt.%s.backlog_events %lld\n", t.c_str(), static_cast<long long>(f.backlog->filled.rows));
    std::printf("figure mqtt.%s.backlog_drain_s %.2f\n", t.c_str(), f.backlog->from_start_s);
    std::printf("figure mqtt.%s.backlog_lost %d\n", t.c_str(), f.backlog->lost);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    o = parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mqtt_outbox_bench: %s\n", e.what());
    return 2;
  }
  log::set_level(log::Level::error);  // connection refusals in (c) are expected
  mosquitto_lib_init();
  int status = 0;
  try {
    Pki pki;
    std::printf("mqtt_outbox_bench: %d events, backlog %d, %zu-byte payloads, mosquitto %s\n", o.events, o.backlog,
                payload_bytes, MosquittoBroker::mosquitto_binary().c_str());
    std::printf("drain settings: ");
    print_settings(o.drain, o.max_inflight);
    std::printf("; broker per-packet log %s, set_tcp_nodelay %s; cpu s = this process (boxd side), not the broker\n",
                o.broker_log ? "on" : "off", o.broker_nodelay ? "true" : "false");
    std::fflush(stdout);
    std::vector<TransportFigures> all;
    if (o.tcp) all.push_back(run_transport(o, pki, false));
    if (o.tls) all.push_back(run_transport(o, pki, true));
    print_header();
    for (const auto& f : all) {
      print(o, f);
      if (f.backlog && (f.backlog->lost != 0 || !f.backlog->complete)) status = 3;
    }
    for (const auto& f : all) print_figures(f);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mqtt_outbox_bench: %s\n", e.what());
    status = 1;
  }
  mosquitto_lib_cleanup();
  return status;
}
