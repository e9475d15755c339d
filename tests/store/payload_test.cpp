#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/audit_chain.hpp"
#include "store/iso_time.hpp"
#include "store/outbox_payload.hpp"

namespace pickupbox::store {
namespace {

TEST(IsoTime, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(to_iso8601_utc_ms(core::from_unix_ms(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(to_iso8601_utc_ms(core::from_unix_ms(1'767'225'600'000)), "2026-01-01T00:00:00.000Z");
  // 2028-02-29 23:59:59.999 UTC: a leap day, last millisecond.
  EXPECT_EQ(to_iso8601_utc_ms(core::from_unix_ms(1'835'481'599'999)), "2028-02-29T23:59:59.999Z");
}

TEST(EventPayload, HeaderComesFirstThenFields) {
  const OutboxStamp stamp{42, "6f1c0a9e-1c2b-4d3e-8f40-123456789abc", core::from_unix_ms(1'767'225'600'005)};
  const auto payload = event_payload(core::Event{"door.alarm", {{"locker_id", "A07"}}}, stamp);
  ASSERT_TRUE(payload);
  EXPECT_EQ(*payload,
            R"({"schema":1,"id":"6f1c0a9e-1c2b-4d3e-8f40-123456789abc","seq":42,)"
            R"("at":"2026-01-01T00:00:00.005Z","type":"door.alarm","locker_id":"A07"})");
}

TEST(EventPayload, InvalidUtf8IsReplacedNotThrown) {
  const OutboxStamp stamp{1, "id", core::from_unix_ms(0)};
  const auto payload = event_payload(core::Event{"x", {{"reason", std::string("bad \xff byte")}}}, stamp);
  ASSERT_TRUE(payload);
  EXPECT_EQ(nlohmann::json::parse(*payload)["reason"], "bad \xEF\xBF\xBD byte");
}

TEST(AuditChain, CanonicalFormIsSortedCompactJson) {
  const AuditRecord record{3, core::from_unix_ms(1'000), {"citizen", "pickup", "A01", "o1", "ok"}, "", ""};
  EXPECT_EQ(canonical(record),
            R"({"action":"pickup","actor":"citizen","at":1000,"detail":"ok","locker_id":"A01","order_id":"o1","seq":3})");
}

TEST(AuditChain, HashDependsOnThePreviousHashAndEveryField) {
  const AuditRecord record{1, core::from_unix_ms(1'000), {"citizen", "pickup", "A01", "o1", ""}, "", ""};
  const auto base = chain_hash(genesis_hash(), record);
  EXPECT_EQ(base.size(), 64u);
  EXPECT_NE(chain_hash(std::string(63, '0') + "1", record), base);
  AuditRecord other = record;
  other.entry.locker_id = "A02";
  EXPECT_NE(chain_hash(genesis_hash(), other), base);
  other = record;
  other.seq = 2;
  EXPECT_NE(chain_hash(genesis_hash(), other), base);
}

TEST(AuditChain, VerifyReportsTheFirstBrokenRecord) {
  std::vector<AuditRecord> records;
  std::string prev = genesis_hash();
  for (std::int64_t seq = 1; seq <= 3; ++seq) {
    AuditRecord r{seq, core::from_unix_ms(seq), {"system", "x", "", "", ""}, prev, ""};
    r.hash = chain_hash(prev, r);
    prev = r.hash;
    records.push_back(r);
  }
  EXPECT_TRUE(verify_chain(records, 3).ok());
  records[1].entry.actor = "staff:mallory";
  const auto broken = verify_chain(records, 3);
  EXPECT_EQ(broken.first_broken_seq, 2);
  EXPECT_EQ(broken.checked, 1);
  EXPECT_EQ(verify_chain({}, 0).first_broken_seq, std::nullopt);
  EXPECT_EQ(verify_chain({}, 2).first_broken_seq, 1);
}

}  // namespace
}  // namespace pickupbox::store
