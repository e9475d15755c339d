// Crash safety: a worker process runs load/pickup cycles on a real state file and is
// SIGKILLed at random moments (after a random number of its commits, plus a random
// delay of microseconds, so the kills land everywhere however fast the machine is); after every kill a fresh open of the file must find a
// consistent box that contains everything the worker reported as committed.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "commit_log.hpp"
#include "fake_clock.hpp"
#include "seeded_random.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pickupbox::crash {
namespace {

using ::pickupbox::testing::TempDir;

constexpr int kills = 200;
constexpr int max_delay_us = 20'000;
constexpr int max_commits_before_kill = 3;
constexpr std::uint64_t seed = 20260101;


struct Worker {
  pid_t pid = -1;
  int progress_fd = -1;  // 'r' once the worker has opened the store, then 'c' per commit
};

Worker spawn_worker(const std::filesystem::path& state, std::uint64_t run_seed, const std::filesystem::path& log) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const std::string seed_text = std::to_string(run_seed);
  const std::string progress_text = std::to_string(fds[1]);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    ::execl(PICKUPBOX_CRASH_WORKER, "crash_worker", state.c_str(), seed_text.c_str(), log.c_str(),
            progress_text.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  return Worker{pid, fds[0]};
}

// Reads `n` progress bytes. False when the worker went away or made no progress for
// 30 s (a generous guard against a hung worker, not a timing assertion).
bool await_progress(int fd, int n) {
  for (int i = 0; i < n; ++i) {
    pollfd p{fd, POLLIN, 0};
    char byte = 0;
    if (::poll(&p, 1, 30'000) <= 0 || ::read(fd, &byte, 1) != 1) return false;
  }
  return true;
}

// Ordering of the states along the machine, for "at least as far as logged".
int progress(core::OrderState state) {
  switch (state) {
    case core::OrderState::awaiting_load: return 0;
    case core::OrderState::loaded: return 1;
    case core::OrderState::expired: return 2;
    default: return 3;  // final
  }
}

// The events each state requires to have been emitted (each in its transition's commit).
std::vector<std::string> required_events(const core::Order& order) {
  std::vector<std::string> out{"order.created"};
  if (order.loaded_at) out.push_back("order.loaded");
  switch (order.state) {
    case core::OrderState::expired: out.push_back("order.expired"); break;
    case core::OrderState::collected: out.push_back("order.collected"); break;
    case core::OrderState::returned: out.insert(out.end(), {"order.expired", "order.returned"}); break;
    case core::OrderState::cancelled: out.push_back("order.cancelled"); break;
    default: break;
  }
  return out;
}

using EventCounts = std::map<std::pair<std::string, std::string>, int>;  // (order id, type) -> count

EventCounts outbox_events(store::Store& store) {
  auto stmt = store.database()
                  .prepare("SELECT json_extract(payload, '$.order_id'), type, count(*) FROM outbox "
                           "WHERE kind = 'event' AND json_extract(payload, '$.order_id') IS NOT NULL GROUP BY 1, 2",
                           "count events")
                  .value();
  EventCounts counts;
  while (stmt.step().value()) counts[{stmt.text(0), stmt.text(1)}] = static_cast<int>(stmt.int64(2));
  return counts;
}

struct Findings {
  std::vector<std::string> violations;
  std::size_t orders = 0;
  std::map<std::string, int> final_states;
};

void check_logged(store::Store& store, const std::vector<Committed>& log, const EventCounts& events,
                  std::vector<std::string>& out) {
  EventCounts logged;
  std::map<std::string, Committed> last;
  for (const auto& entry : log) {
    ++logged[{entry.order_id, entry.event}];
    last[entry.order_id] = entry;
  }
  for (const auto& [key, count] : logged) {
    const auto it = events.find(key);
    if (it == events.end() || it->second < count) {
      out.push_back("order " + key.first + ": " + key.second + " committed " + std::to_string(count) +
                    "x but the outbox has " + std::to_string(it == events.end() ? 0 : it->second));
    }
  }
  for (const auto& [id, entry] : last) {
    const auto order = store.order(id).value();
    const auto logged_state = core::parse_order_state(entry.state).value();
    if (!order) {
      out.push_back("order " + id + " was committed but is lost");
    } else if (progress(order->state) < progress(logged_state) ||
               (core::is_final(logged_state) && order->state != logged_state)) {
      out.push_back("order " + id + " was committed as " + entry.state + " but is " +
                    std::string(core::to_string(order->state)));
    }
  }
}

Findings inspect(const std::filesystem::path& state, const std::filesystem::path& log_path) {
  pickupbox::testing::FakeClock clock;
  pickupbox::testing::SeededRandom random;
  Findings findings;
  auto store = store::Store::open(state, clock, random);
  if (!store) {
    findings.violations.push_back("cannot reopen: " + store.error().message);
    return findings;
  }
  findings.violations = store->check_invariants().value();
  const auto events = outbox_events(*store);
  const auto orders = store->orders(std::nullopt, std::numeric_limits<std::int64_t>::max()).value();
  findings.orders = orders.size();
  for (const auto& order : orders) {
    if (core::is_final(order.state)) ++findings.final_states[std::string(core::to_string(order.state))];
    for (const auto& type : required_events(order)) {
      if (!events.contains({order.id, type})) {
        findings.violations.push_back("order " + order.id + " is " + std::string(core::to_string(order.state)) +
                                      " but the outbox has no " + type);
      }
    }
  }
  check_logged(*store, read_log(log_path), events, findings.violations);
  return findings;
}

TEST(CrashSafety, RandomKillsNeverLeaveAnInconsistentBox) {
  TempDir dir("pickupbox-crash");
  const auto state = dir.path() / "state.db";
  const auto log = dir.path() / "committed.log";
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> delay(0, max_delay_us);
  std::uniform_int_distribution<int> commits(0, max_commits_before_kill);

  Findings last;
  int killed_running = 0;
  int awaited_commits = 0;
  for (int run = 0; run < kills; ++run) {
    const Worker worker = spawn_worker(state, seed + static_cast<std::uint64_t>(run), log);
    ASSERT_GT(worker.pid, 0);
    // Most kills land in the cycles; every eighth may land while the store opens
    // (WAL recovery, migration, layout seeding).
    bool progressed = true;
    if (run % 8 != 0) {
      const int wanted = commits(rng);
      progressed = await_progress(worker.progress_fd, 1 + wanted);
      awaited_commits += wanted;
    }
    // The delay only picks the moment of the kill; nothing is asserted about timing.
    const auto pause = std::chrono::microseconds(delay(rng));
    if (progressed) std::this_thread::sleep_for(pause);
    const int killed = ::kill(worker.pid, SIGKILL);
    int status = 0;
    const pid_t reaped = ::waitpid(worker.pid, &status, 0);
    ::close(worker.progress_fd);
    ASSERT_EQ(killed, 0);
    ASSERT_EQ(reaped, worker.pid);
    ASSERT_TRUE(progressed) << "worker stalled or died in run " << run;
    ASSERT_TRUE(WIFSIGNALED(status)) << "worker ended on its own with status " << WEXITSTATUS(status) << " in run " << run;
    ++killed_running;

    last = inspect(state, log);
    ASSERT_EQ(last.violations, std::vector<std::string>{}) << "after kill " << run + 1;
  }
  const auto committed = read_log(log).size();
  std::cout << "[ crash    ] " << killed_running << " kills, " << awaited_commits << " commits awaited, " << committed
            << " logged events, " << last.orders << " orders";
  for (const auto& [name, count] : last.final_states) std::cout << ", " << count << ' ' << name;
  std::cout << std::endl;
  RecordProperty("kills", killed_running);
  RecordProperty("logged_events", static_cast<int>(committed));
  EXPECT_EQ(killed_running, kills);
  // Every commit the parent waited for wrote at least one line before reporting.
  EXPECT_GE(committed, static_cast<std::size_t>(awaited_commits));
  EXPECT_GT(awaited_commits, kills / 2);  // the cycles were really exercised
}

}  // namespace
}  // namespace pickupbox::crash
