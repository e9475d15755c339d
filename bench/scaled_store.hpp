#pragma once
// A state file at a given scale for the verify benchmarks: `doors` lockers, each holding a
// loaded order whose pickup code the bench knows, and `past` closed orders (the history a
// box accumulates over years). Building a million rows takes a while, so the file is made
// once per scale and kept in a cache directory ($PICKUPBOX_BENCH_CACHE, default
// $TMPDIR/pickupbox-bench-cache; bench/report.sh points it under the build directory);
// each benchmark works on a fresh copy.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/keyed_hash.hpp"

namespace pickupbox::bench {

struct Scale {
  int doors = 24;
  std::int64_t past = 100;
};

// The key every scaled store's code hashes use.
const core::KeyedHasher& bench_hasher();

// The pickup code of the order in each door, in door order (the same on every run).
std::vector<std::string> scaled_codes(const Scale& scale);

// Door ids, in door order: D0001, D0002, ...
std::string door_id(int index);

// The clock time the store was built at: verify must run before its orders expire.
core::TimePoint scaled_store_time();

// Copies the cached file for `scale` (building it first if needed) to `into`; throws when
// the store cannot be built.
void copy_scaled_store(const Scale& scale, const std::filesystem::path& into);

}  // namespace pickupbox::bench
