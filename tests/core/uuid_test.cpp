#include <gtest/gtest.h>

#include <set>

#include "core/uuid.hpp"
#include "seeded_random.hpp"

namespace pickupbox::core {
namespace {

TEST(Uuid, Version4TextForm) {
  testing::SeededRandom random(1);
  for (int i = 0; i < 200; ++i) {
    const std::string id = new_uuid(random);
    ASSERT_EQ(id.size(), 36u);
    EXPECT_TRUE(is_uuid(id)) << id;
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[13], '-');
    EXPECT_EQ(id[18], '-');
    EXPECT_EQ(id[23], '-');
    EXPECT_EQ(id[14], '4') << id;                                      // version
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;  // variant 10xx
    for (char c : id) EXPECT_TRUE(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
  }
}

TEST(Uuid, DistinctAndReproducibleWithSeed) {
  testing::SeededRandom a(7);
  testing::SeededRandom b(7);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_uuid(a);
    EXPECT_EQ(id, new_uuid(b));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Uuid, RecognisesOnlyTheTextForm) {
  EXPECT_TRUE(is_uuid("0b7e5d2c-3f4a-4c1e-9d2b-6a8f1e2d3c4b"));
  EXPECT_TRUE(is_uuid("0B7E5D2C-3F4A-4C1E-9D2B-6A8F1E2D3C4B"));
  EXPECT_TRUE(is_uuid("00000000-0000-0000-0000-000000000000"));
  EXPECT_FALSE(is_uuid(""));
  EXPECT_FALSE(is_uuid("0b7e5d2c3f4a4c1e9d2b6a8f1e2d3c4b"));       // no dashes
  EXPECT_FALSE(is_uuid("0b7e5d2c-3f4a-4c1e-9d2b-6a8f1e2d3c4"));     // short
  EXPECT_FALSE(is_uuid("0b7e5d2c-3f4a-4c1e-9d2b-6a8f1e2d3c4bb"));   // long
  EXPECT_FALSE(is_uuid("0b7e5d2c-3f4a-4c1e-9d2b_6a8f1e2d3c4b"));    // wrong separator
  EXPECT_FALSE(is_uuid("0b7e5d2c-3f4a-4c1e-9d2b-6a8f1e2d3c4g"));    // not hex
  EXPECT_FALSE(is_uuid("{b7e5d2c-3f4a-4c1e-9d2b-6a8f1e2d3c4b}"));
}

}  // namespace
}  // namespace pickupbox::core
