#include "scaled_store.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "core/pickup_code.hpp"
#include "core/uuid.hpp"
#include "fake_clock.hpp"
#include "seeded_random.hpp"
#include "store/store.hpp"

namespace pickupbox::bench {
namespace {

using namespace std::chrono_literals;

// Bump when the layout of the generated file changes, so a stale cache is not reused.
constexpr int format_version = 1;
constexpr int code_digits = 6;  // the default policy

std::filesystem::path cache_dir() {
  if (const char* dir = std::getenv("PICKUPBOX_BENCH_CACHE"); dir && *dir) return dir;
  return std::filesystem::temp_directory_path() / "pickupbox-bench-cache";
}

std::filesystem::path cached_file(const Scale& s) {
  return cache_dir() / ("verify-" + std::to_string(s.doors) + "d-" + std::to_string(s.past) + "p-v" +
                        std::to_string(format_version) + ".db");
}

void check(const core::Result<void>& done, const char* what) {
  if (!done) throw std::runtime_error(std::string("scaled store: ") + what + ": " + done.error().message);
}

// The closed history, written straight into the orders table: one transaction and one
// prepared INSERT (Store::commit would prepare each upsert and take minutes). The rows
// look like what the flows leave behind: personal data and code hash erased, a door, a
// close time; most collected, some returned or cancelled.
void insert_past_orders(store::Database& db, const Scale& s, core::Random& random, core::TimePoint now) {
  auto tx = store::Transaction::begin(db, "bench: past orders");
  if (!tx) throw std::runtime_error("scaled store: " + tx.error().message);
  auto stmt = db.prepare(
      "INSERT INTO orders (id, reference, document_kind, size, language, state, locker_id, failed_attempts, "
      "blocked, created_at, loaded_at, expires_at, pickup_opened_at, closed_at) "
      "VALUES (?1, ?2, 'passport', 'M', 'da', ?3, ?4, 0, 0, ?5, ?6, ?7, ?8, ?9)",
      "bench: insert past order");
  if (!stmt) throw std::runtime_error("scaled store: " + stmt.error().message);
  const auto start = now - std::chrono::hours(24 * 365 * 5);
  for (std::int64_t i = 0; i < s.past; ++i) {
    const auto created = start + std::chrono::seconds(i * 3);  // spread over the years before now
    const auto state = i % 20 == 0 ? "cancelled" : i % 10 == 0 ? "returned" : "collected";
    stmt->reset();
    stmt->bind(1, core::new_uuid(random)).bind(2, "past-" + std::to_string(i)).bind(3, std::string_view(state));
    stmt->bind(4, door_id(static_cast<int>(i % s.doors)));
    stmt->bind(5, core::to_unix_ms(created)).bind(6, core::to_unix_ms(created + 1h));
    stmt->bind(7, core::to_unix_ms(created + 24h * 14)).bind(8, core::to_unix_ms(created + 48h));
    stmt->bind(9, core::to_unix_ms(created + 48h));
    check(stmt->run(), "insert a past order");
  }
  check(tx->commit(), "commit the past orders");
}

void build(const Scale& s, const std::filesystem::path& file) {
  testing::FakeClock clock(scaled_store_time());
  testing::SeededRandom random(7);
  auto store = store::Store::open(file, clock, random);
  if (!store) throw std::runtime_error("scaled store: " + store.error().message);
  std::vector<core::Locker> layout;
  for (int i = 0; i < s.doors; ++i) {
    core::Locker locker;
    locker.id = door_id(i);
    locker.board = i / 16;  // 1,000 doors is beyond one Kerong bus (16 x 16): the store does not care
    locker.channel = 1 + i % 16;
    layout.push_back(locker);
  }
  if (auto seeded = store->seed_lockers(layout); !seeded) throw std::runtime_error(seeded.error().message);
  insert_past_orders(store->database(), s, random, clock.now());

  const auto codes = scaled_codes(s);
  store::Change live;
  for (int i = 0; i < s.doors; ++i) {
    core::Order order;
    order.id = core::new_uuid(random);
    order.reference = "live-" + std::to_string(i);
    order.document_kind = "passport";
    order.state = core::OrderState::loaded;
    order.phone = "+4512345678";
    order.code_hash = bench_hasher().code(codes[static_cast<std::size_t>(i)]);
    order.locker_id = door_id(i);
    order.created_at = clock.now() - 24h;
    order.loaded_at = clock.now() - 23h;
    order.code_expires_at = clock.now() + 24h * 14;
    order.expires_at = clock.now() + 24h * 14;
    core::Locker locker = layout[static_cast<std::size_t>(i)];
    locker.occupancy = core::Occupancy::occupied;
    locker.order_id = order.id;
    locker.door = core::SensorReading::closed;
    locker.lock = core::SensorReading::closed;
    live.orders.push_back(std::move(order));
    live.lockers.push_back(std::move(locker));
  }
  if (auto committed = store->commit(live); !committed) throw std::runtime_error(committed.error().message);
  check(store->database().exec("ANALYZE", "analyze"), "analyze");
}

}  // namespace

const core::KeyedHasher& bench_hasher() {
  static const core::KeyedHasher hasher(std::vector<std::uint8_t>(32, 7));
  return hasher;
}

std::vector<std::string> scaled_codes(const Scale& s) {
  testing::SeededRandom random(1000 + static_cast<std::uint64_t>(s.doors));
  std::vector<std::string> codes;
  std::set<std::string> seen;  // live codes are unique (1,000 six-digit codes collide by chance)
  while (codes.size() < static_cast<std::size_t>(s.doors)) {
    auto code = core::generate_code(random, code_digits);
    if (seen.insert(code).second) codes.push_back(std::move(code));
  }
  return codes;
}

std::string door_id(int index) {
  char id[16];
  std::snprintf(id, sizeof id, "D%04d", index + 1);
  return id;
}

core::TimePoint scaled_store_time() { return core::from_unix_ms(1'767'225'600'000); }  // 2026-01-01

void copy_scaled_store(const Scale& s, const std::filesystem::path& into) {
  const auto file = cached_file(s);
  if (!std::filesystem::exists(file)) {
    std::filesystem::create_directories(cache_dir());
    // Built beside the cache and renamed in, so an interrupted build never looks finished.
    const auto partial = cache_dir() / (file.filename().string() + ".partial-" + std::to_string(::getpid()));
    std::filesystem::remove(partial);
    const auto t0 = std::chrono::steady_clock::now();
    try {
      build(s, partial);  // closed when build returns: the WAL is checkpointed into the file
    } catch (...) {
      std::filesystem::remove(partial);
      throw;
    }
    std::filesystem::rename(partial, file);
    std::fprintf(stderr, "verify_bench: built %s in %.1f s (cached for the next run)\n", file.c_str(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::filesystem::copy_file(file, into, std::filesystem::copy_options::overwrite_existing);
}

}  // namespace pickupbox::bench
