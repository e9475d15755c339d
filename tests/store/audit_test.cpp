#include <gtest/gtest.h>

#include "store/audit_chain.hpp"
#include "store_fixture.hpp"

namespace pickupbox::store::testing {
namespace {

using AuditTest = StoreTest;

void write_entries(Store& store, pickupbox::testing::FakeClock& clock, int n) {
  for (int i = 0; i < n; ++i) {
    clock.advance(core::Duration{1'000});
    const core::AuditEntry entry{"staff:desk1", "open", "A0" + std::to_string(i % 9 + 1), "", "n=" + std::to_string(i)};
    ASSERT_TRUE(store.commit(Change{.audit = {entry}}));
  }
}

TEST_F(AuditTest, ChainLinksEachRecordToTheOneBefore) {
  auto store = open_store();
  write_entries(store, clock_, 4);
  const auto records = store.audit_entries().value();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].prev_hash, genesis_hash());
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(records[i].hash.size(), 64u);
    EXPECT_EQ(records[i].hash, chain_hash(records[i].prev_hash, records[i]));
    if (i > 0) {
      EXPECT_EQ(records[i].prev_hash, records[i - 1].hash);
    }
  }
  EXPECT_EQ(records[2].entry.detail, "n=2");
  auto verification = store.verify_audit_chain();
  ASSERT_TRUE(verification);
  EXPECT_TRUE(verification->ok()) << verification->reason;
  EXPECT_EQ(verification->checked, 4);
}

TEST_F(AuditTest, AModifiedRecordIsReportedAtItsSeq) {
  auto store = open_store();
  write_entries(store, clock_, 5);
  sql(store, "UPDATE audit SET detail = 'nothing happened' WHERE seq = 3");
  auto verification = store.verify_audit_chain().value();
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.first_broken_seq, 3);
  EXPECT_EQ(verification.checked, 2);
  auto violations = store.check_invariants().value();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_NE(violations[0].find("seq 3"), std::string::npos) << violations[0];
}

TEST_F(AuditTest, AModifiedTimestampIsDetectedToo) {
  auto store = open_store();
  write_entries(store, clock_, 3);
  sql(store, "UPDATE audit SET at = at + 1 WHERE seq = 2");
  EXPECT_EQ(store.verify_audit_chain().value().first_broken_seq, 2);
}

TEST_F(AuditTest, ARemovedRecordBreaksTheNextOne) {
  auto store = open_store();
  write_entries(store, clock_, 4);
  sql(store, "DELETE FROM audit WHERE seq = 2");
  EXPECT_EQ(store.verify_audit_chain().value().first_broken_seq, 3);
}

TEST_F(AuditTest, ATruncatedTailIsDetected) {
  auto store = open_store();
  write_entries(store, clock_, 4);
  sql(store, "DELETE FROM audit WHERE seq = 4");
  auto verification = store.verify_audit_chain().value();
  EXPECT_EQ(verification.first_broken_seq, 4);
  EXPECT_NE(verification.reason.find("removed"), std::string::npos) << verification.reason;
}

TEST_F(AuditTest, ChainContinuesAcrossReopen) {
  {
    auto store = open_store();
    write_entries(store, clock_, 2);
  }
  auto store = open_store();
  write_entries(store, clock_, 2);
  EXPECT_TRUE(store.verify_audit_chain().value().ok());
  EXPECT_EQ(store.audit_entries().value().size(), 4u);
}

}  // namespace
}  // namespace pickupbox::store::testing
