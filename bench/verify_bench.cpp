// pickup.verify at scale: a box with 24 doors and 100 past orders against one with 1,000
// doors and 1,000,000 past (closed) orders (bench/scaled_store.hpp builds and caches them).
// Goal (README, Performance): the large box costs at most 2x the small one.
//
//   BM_VerifyLookup/doors/past: the lookup alone (hash the code, find the live order by its
//     hash in SQLite, compare in constant time), CPU time.
//   BM_VerifyPickup/doors/past: BoxService::verify_pickup, all of it up to the unlock request:
//     throttle, lookup, the committed change (order, outbox event, audit entry: one
//     transaction, fsync'ed), the door read; wall time, because the fsync is waited for.
//     The door opener answers at once (bench/usb_unlock_latency measures the bus).
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <utility>

#include "app/box_service.hpp"
#include "core/order_transitions.hpp"
#include "fake_clock.hpp"
#include "log/log.hpp"
#include "scaled_store.hpp"
#include "seeded_random.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace {

using namespace pickupbox;

class ImmediateDoors final : public app::DoorOpener {
 public:
  void open(int, int, std::function<void(core::Result<void>)> done) override { done({}); }
};

// One box at one scale, made once per process: copying a million-order file per benchmark
// run would dwarf what is measured.
struct Box {
  explicit Box(const bench::Scale& scale)
      : codes(bench::scaled_codes(scale)), clock(bench::scaled_store_time() + std::chrono::hours(1)) {
    log::set_level(log::Level::warn);  // an info line per door opened would be timed too
    bench::copy_scaled_store(scale, dir.path() / "pickupbox.db");
    auto opened = store::Store::open(dir.path() / "pickupbox.db", clock, random);
    if (!opened) throw std::runtime_error(opened.error().message);
    store = std::make_unique<store::Store>(std::move(*opened));
    config.backend = app::BusBackend::sim;
    for (int i = 0; i < scale.doors; ++i) {
      config.doors.push_back(app::DoorMapping{bench::door_id(i), "", i / 16, 1 + i % 16, core::SizeClass::M, 0});
    }
    for (int b = 0; b <= (scale.doors - 1) / 16; ++b) config.boards.push_back(app::BoardSetting{b, true});
    service = std::make_unique<app::BoxService>(*store, bench::bench_hasher(), config, clock, random, doors,
                                                [](const app::Json&) {});
    service->start();
  }

  testing::TempDir dir{"verifybench"};
  std::vector<std::string> codes;
  testing::FakeClock clock;
  testing::SeededRandom random{3};
  std::unique_ptr<store::Store> store;
  app::Config config;
  ImmediateDoors doors;
  std::unique_ptr<app::BoxService> service;
};

Box& box_for(const benchmark::State& state) {
  static std::map<std::pair<int, std::int64_t>, std::unique_ptr<Box>> boxes;
  const bench::Scale scale{static_cast<int>(state.range(0)), state.range(1)};
  auto& box = boxes[{scale.doors, scale.past}];
  if (!box) box = std::make_unique<Box>(scale);
  return *box;
}

void BM_VerifyLookup(benchmark::State& state) {
  Box& box = box_for(state);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& code = box.codes[next++ % box.codes.size()];
    const auto hash = bench::bench_hasher().code(code);
    auto found = box.store->live_order_by_code_hash(hash);
    bool match = found && *found && core::constant_time_equal(*(*found)->code_hash, hash);
    if (!match) return state.SkipWithError("a live order's code was not found");
    benchmark::DoNotOptimize(match);
  }
}
BENCHMARK(BM_VerifyLookup)->Args({24, 100})->Args({1000, 1'000'000});

void BM_VerifyPickup(benchmark::State& state) {
  Box& box = box_for(state);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& code = box.codes[next++ % box.codes.size()];
    bool opened = false;
    box.service->verify_pickup(code, std::nullopt, [&](core::Result<app::Json> r) { opened = r.has_value(); });
    if (!opened) return state.SkipWithError("verify_pickup did not open the door");
  }
}
BENCHMARK(BM_VerifyPickup)->Args({24, 100})->Args({1000, 1'000'000})->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
