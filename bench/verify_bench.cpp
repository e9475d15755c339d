// The work behind one pickup.verify before the door opens: hash the typed code, find the
// live order by its hash in SQLite, compare in constant time. Measured against a store
// holding `range` live orders, to show the lookup does not grow with the box's history.
#include <benchmark/benchmark.h>

#include "core/keyed_hash.hpp"
#include "core/order_transitions.hpp"
#include "core/pickup_code.hpp"
#include "core/uuid.hpp"
#include "fake_clock.hpp"
#include "seeded_random.hpp"
#include "temp_dir.hpp"
#include "store/store.hpp"

namespace {

using namespace pickupbox;

void BM_VerifyLookup(benchmark::State& state) {
  testing::FakeClock clock;
  testing::SeededRandom random(1);
  testing::TempDir dir("verifybench");
  auto store = store::Store::open(dir.path() / "bench.db", clock, random);
  const core::KeyedHasher hasher(std::vector<std::uint8_t>(32, 7));
  std::vector<std::string> codes;
  store::Change change;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    core::Order order;
    order.id = core::new_uuid(random);
    order.reference = "bench-" + std::to_string(i);
    order.document_kind = "passport";
    order.state = core::OrderState::loaded;
    order.created_at = clock.now();
    auto code = core::generate_code(random, 8);
    order.code_hash = hasher.code(code);
    codes.push_back(code);
    change.orders.push_back(order);
  }
  if (!store || !store->commit(change)) {
    state.SkipWithError("cannot prepare the store");
    return;
  }
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& code = codes[next++ % codes.size()];
    const auto hash = hasher.code(code);
    auto found = store->live_order_by_code_hash(hash);
    bool match = found && *found && core::constant_time_equal(*(*found)->code_hash, hash);
    benchmark::DoNotOptimize(match);
  }
}
BENCHMARK(BM_VerifyLookup)->Arg(100)->Arg(10'000);

}  // namespace
