// crash_worker <state-file> <seed> <commit-log> <progress-fd>
// Writes 'r' to <progress-fd> once the store is open and 'c' after each commit (and its
// log line), so the parent can pick kill points by progress; runs load/pickup cycles against a real state file as fast as it can, until killed.
// Every step reads the current rows back from the database, so a worker started after
// a kill simply carries on with whatever the previous one left behind.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "app/system_clock.hpp"
#include "commit_log.hpp"
#include "core/keyed_hash.hpp"
#include "core/order_transitions.hpp"
#include "core/secure_random.hpp"
#include "core/uuid.hpp"
#include "store/store.hpp"

namespace pickupbox::crash {
namespace {

using core::OrderState;

[[noreturn]] void die(const std::string& what, const core::Error& error) {
  std::fprintf(stderr, "crash_worker: %s: %s\n", what.c_str(), error.message.c_str());
  std::exit(3);
}

template <class T>
T must(core::Result<T> result, const std::string& what) {
  if (!result) die(what, result.error());
  return std::move(*result);
}

std::vector<core::Locker> layout() {
  std::vector<core::Locker> doors;
  const core::SizeClass sizes[] = {core::SizeClass::S, core::SizeClass::M, core::SizeClass::L};
  for (int i = 1; i <= 8; ++i) {
    core::Locker door;
    door.id = "A0" + std::to_string(i);
    door.channel = i;
    door.size = sizes[i % 3];
    doors.push_back(door);
  }
  return doors;
}

class Worker {
 public:
  Worker(store::Store& store, std::uint64_t seed, int log_fd, int progress_fd)
      : store_(store), rng_(seed), log_fd_(log_fd), progress_fd_(progress_fd),
        hasher_(std::vector<std::uint8_t>(32, 0x42)) {
    policies_.pickup_window = std::chrono::milliseconds(150);  // so that some orders expire
  }

  void step() {
    auto open = open_orders();
    if (open.size() < 5 && pick(3) == 0) return create();
    if (open.empty()) return create();
    advance(open[pick(static_cast<int>(open.size()))]);
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  core::TimePoint now() const { return clock_.now(); }

  // Open orders, and cancelled ones whose document still sits in a locker.
  std::vector<core::Order> open_orders() {
    std::vector<core::Order> out;
    for (auto state : {OrderState::awaiting_load, OrderState::loaded, OrderState::expired}) {
      auto some = must(store_.orders(state, 100), "list orders");
      out.insert(out.end(), some.begin(), some.end());
    }
    for (const auto& locker : must(store_.lockers(), "list lockers")) {
      if (!locker.order_id) continue;
      auto order = must(store_.order(*locker.order_id), "read order");
      if (order && order->state == OrderState::cancelled) out.push_back(*order);
    }
    return out;
  }

  core::Locker locker_of(const core::Order& order) {
    auto locker = must(store_.locker(order.locker_id.value_or("")), "read locker");
    if (!locker) die("order " + order.id + " names a missing locker", core::Error{});
    return *locker;
  }

  std::optional<core::Locker> free_locker_for(const core::Order& order) {
    for (const auto& locker : must(store_.lockers(), "list lockers")) {
      if (locker.usable() && locker.occupancy == core::Occupancy::free && locker.size >= order.size) return locker;
    }
    return std::nullopt;
  }

  void commit(const core::Transition& t) {
    store::Change change{.orders = {t.order}, .events = t.events, .sms = t.sms, .audit = t.audit};
    if (t.locker) change.lockers.push_back(*t.locker);
    must(store_.commit(change), "commit " + t.order.id);
    record(t.order, t.events);
  }

  void record(const core::Order& order, const std::vector<core::Event>& events) {
    std::string lines;
    for (const auto& event : events) {
      lines += format_line({order.id, std::string(core::to_string(order.state)), event.type});
    }
    // One write: a kill either keeps the whole account of this commit or none of it.
    if (::write(log_fd_, lines.data(), lines.size()) != static_cast<ssize_t>(lines.size())) std::exit(4);
    if (::write(progress_fd_, "c", 1) != 1) std::exit(4);
  }

  void apply(core::Result<core::Transition> t, const std::string& what) { commit(must(std::move(t), what)); }

  void create() {
    core::NewOrder request;
    request.reference = "R" + std::to_string(pick(1'000'000));
    request.document_kind = "passport";
    request.size = static_cast<core::SizeClass>(pick(3));
    request.phone = "+4512345678";
    if (pick(2) == 0) request.identity_hash = hasher_.identity("1980-01-01");
    apply(core::create_order(request, core::new_uuid(random_), now(), policies_), "create order");
  }

  void advance(const core::Order& order) {
    switch (order.state) {
      case OrderState::awaiting_load: return order.locker_id ? finish_load(order) : start_load(order);
      case OrderState::loaded: return pickup(order);
      case OrderState::expired: return pick(5) == 0 ? cancel(order) : give_back(order);
      case OrderState::cancelled: return give_back(order);
      default: die("unexpected state of " + order.id, core::Error{});
    }
  }

  void start_load(const core::Order& order) {
    auto locker = free_locker_for(order);
    if (!locker || pick(10) == 0) return cancel(order);
    apply(core::start_load(order, *locker, "staff:desk1", now()), "start load");
  }

  void finish_load(const core::Order& order) {
    const auto locker = locker_of(order);
    const int roll = pick(10);
    if (roll == 0) return apply(core::abort_load(order, locker, now()), "abort load");
    if (roll == 1) return cancel(order);
    auto in_use = [&](const core::Digest& hash) { return must(store_.live_order_by_code_hash(hash), "code").has_value(); };
    auto code = must(core::new_unique_code(random_, hasher_, policies_.code_digits, in_use), "new code");
    apply(core::confirm_load(order, locker, code, now(), policies_), "confirm load");
  }

  void pickup(const core::Order& order) {
    if (order.blocked) return apply(core::reset_attempts(order, "staff:desk1", now()), "reset attempts");
    if (order.pickup_opened_at) return apply(core::complete_pickup(order, locker_of(order), now()), "complete pickup");
    if (pick(8) == 0) return cancel(order);
    const bool wrong = pick(4) == 0;
    const auto given = hasher_.identity(wrong ? "1999-12-31" : "1980-01-01");
    auto outcome = core::verify_identity(order, given, now(), policies_);
    if (outcome.refusal && outcome.refusal->code == core::ErrorCode::code_expired) {
      return apply(core::expire(order, now()), "expire");
    }
    must(store_.commit(store::Change{.orders = {outcome.order}, .events = outcome.events}), "commit verify");
    record(outcome.order, outcome.events);
  }

  void give_back(const core::Order& order) {
    const auto locker = locker_of(order);
    apply(core::start_return(order, locker, "staff:desk1", now()), "start return");
    apply(core::complete_return(order, locker, now()), "complete return");
  }

  void cancel(const core::Order& order) {
    std::optional<core::Locker> locker;
    if (order.locker_id) locker = locker_of(order);
    apply(core::cancel(order, locker, "staff:desk1", now()), "cancel");
  }

  store::Store& store_;
  std::mt19937_64 rng_;
  int log_fd_;
  int progress_fd_;
  core::KeyedHasher hasher_;
  core::OpenSslRandom random_;
  core::Policies policies_;
  app::SystemClock clock_;
};

}  // namespace
}  // namespace pickupbox::crash

int main(int argc, char** argv) {
  using namespace pickupbox;
  if (argc != 5) {
    std::fprintf(stderr, "usage: crash_worker <state-file> <seed> <commit-log> <progress-fd>\n");
    return 2;
  }
  const int log_fd = ::open(argv[3], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) return 2;
  app::SystemClock clock;
  core::OpenSslRandom random;
  auto store = crash::must(store::Store::open(argv[1], clock, random), "open");
  crash::must(store.seed_lockers(crash::layout()), "seed lockers");
  const int progress_fd = std::atoi(argv[4]);
  crash::Worker worker(store, std::strtoull(argv[2], nullptr, 10), log_fd, progress_fd);
  if (::write(progress_fd, "r", 1) != 1) return 2;
  for (;;) worker.step();
}
