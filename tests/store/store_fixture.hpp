#pragma once
// A fresh state file per test in its own temporary directory, plus builders for rows.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "fake_clock.hpp"
#include "seeded_random.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pickupbox::store::testing {

using pickupbox::testing::TempDir;

inline core::Digest digest(std::uint8_t fill) {
  core::Digest d{};
  d.fill(fill);
  d[0] = static_cast<std::uint8_t>(fill ^ 0x5A);  // not all bytes equal, to catch byte-order slips
  return d;
}

inline core::Locker locker(std::string id, int board, int channel) {
  core::Locker l;
  l.id = std::move(id);
  l.board = board;
  l.channel = channel;
  return l;
}

inline core::Order order(std::string id, core::OrderState state = core::OrderState::awaiting_load) {
  core::Order o;
  o.id = std::move(id);
  o.reference = "REF-" + o.id;
  o.document_kind = "passport";
  o.state = state;
  o.phone = "+4512345678";
  o.created_at = core::from_unix_ms(1'767'225'600'000);
  return o;
}

// A loaded order in `l`, and the locker holding it.
inline void load_into(core::Order& o, core::Locker& l, std::uint8_t code) {
  o.state = core::OrderState::loaded;
  o.code_hash = digest(code);
  o.locker_id = l.id;
  l.occupancy = core::Occupancy::occupied;
  l.order_id = o.id;
}

class StoreTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_.path() / "state.db"; }

  Store open_store() {
    auto opened = Store::open(file(), clock_, random_);
    if (!opened) throw std::runtime_error(opened.error().message);
    return std::move(*opened);
  }

  // Runs raw SQL on the store's own connection (tampering, limits).
  static void sql(Store& store, const std::string& text) {
    auto ran = store.database().exec(text, "test sql");
    ASSERT_TRUE(ran) << ran.error().message;
  }

  TempDir dir_;
  pickupbox::testing::FakeClock clock_;
  pickupbox::testing::SeededRandom random_{7};
};

}  // namespace pickupbox::store::testing
