// The pure parts of the back-office link: reconnect back-off and the in-flight window.
#include <gtest/gtest.h>

#include <set>

#include "backoffice/inflight_window.hpp"
#include "backoffice/link_payloads.hpp"
#include "backoffice/reconnect_backoff.hpp"
#include "backoffice/topics.hpp"
#include "seeded_random.hpp"

namespace pickupbox::testing {
namespace {

using backoffice::BackoffPolicy;
using backoffice::InflightWindow;
using backoffice::ReconnectBackoff;
using namespace std::chrono_literals;

TEST(ReconnectBackoff, CeilingDoublesFromInitialUpToMax) {
  ReconnectBackoff backoff(BackoffPolicy{1000ms, 8000ms});
  SeededRandom random;
  std::vector<std::chrono::milliseconds> ceilings;
  for (int i = 0; i < 6; ++i) {
    (void)backoff.next_delay(random);
    ceilings.push_back(backoff.ceiling());
  }
  EXPECT_EQ(ceilings, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms, 4000ms, 8000ms, 8000ms, 8000ms}));
}

TEST(ReconnectBackoff, DelaysAreJitteredWithinTheCeiling) {
  ReconnectBackoff backoff(BackoffPolicy{1000ms, 60'000ms});
  SeededRandom random(7);
  std::set<long long> seen;
  for (int i = 0; i < 200; ++i) {
    backoff.reset();
    const auto delay = backoff.next_delay(random);
    EXPECT_GE(delay, 0ms);
    EXPECT_LE(delay, 1000ms);
    seen.insert(delay.count());
  }
  // A fleet that lost its broker together must not come back together: the first retry
  // after a failure is spread, not one fixed value.
  EXPECT_GT(seen.size(), 150u);
}

TEST(ReconnectBackoff, ResetStartsAgainFromInitial) {
  ReconnectBackoff backoff(BackoffPolicy{500ms, 60'000ms});
  SeededRandom random;
  for (int i = 0; i < 5; ++i) (void)backoff.next_delay(random);
  EXPECT_EQ(backoff.ceiling(), 8000ms);
  backoff.reset();
  EXPECT_EQ(backoff.failures(), 0);
  (void)backoff.next_delay(random);
  EXPECT_EQ(backoff.ceiling(), 500ms);
}

TEST(InflightWindow, TracksRowsByMessageIdUntilAcknowledged) {
  InflightWindow window(3);
  window.sent(10, 1);
  window.sent(11, 2);
  EXPECT_EQ(window.size(), 2u);
  EXPECT_EQ(window.room(), 1u);
  EXPECT_EQ(window.last_sent_seq(), 11);
  EXPECT_EQ(window.acknowledged(2), 11);
  EXPECT_EQ(window.acknowledged(2), std::nullopt);  // a repeated PUBACK is not ours twice
  EXPECT_EQ(window.acknowledged(99), std::nullopt);  // status or cmd-result, not an outbox row
  EXPECT_EQ(window.acknowledged(1), 10);
  EXPECT_EQ(window.size(), 0u);
  EXPECT_EQ(window.last_sent_seq(), 11);  // reading continues after what was sent
}

TEST(InflightWindow, ResetForgetsInFlightAndStartsFromTheOldest) {
  InflightWindow window(8);
  window.sent(1, 5);
  window.sent(2, 6);
  window.reset();
  EXPECT_EQ(window.size(), 0u);
  EXPECT_EQ(window.last_sent_seq(), 0);
  EXPECT_EQ(window.acknowledged(5), std::nullopt);  // a late PUBACK from the old connection
  window.sent(1, 1);  // the same row again, on the new connection
  EXPECT_EQ(window.acknowledged(1), 1);
}

TEST(InflightWindow, RowsOutOfOrderAreAProgrammingError) {
  InflightWindow window(8);
  window.sent(5, 1);
  EXPECT_THROW(window.sent(5, 2), std::logic_error);
  EXPECT_THROW(window.sent(4, 3), std::logic_error);
}

TEST(Topics, TreeOfOneBoxAndCommandNames) {
  backoffice::Topics t("box-7");
  EXPECT_EQ(t.events(), "pickupbox/v1/box-7/events");
  EXPECT_EQ(t.status(), "pickupbox/v1/box-7/status");
  EXPECT_EQ(t.sms(), "pickupbox/v1/box-7/sms");
  EXPECT_EQ(t.commands_filter(), "pickupbox/v1/box-7/cmd/+");
  EXPECT_EQ(t.command_result("r-1"), "pickupbox/v1/box-7/cmd-result/r-1");
  EXPECT_EQ(t.command_name("pickupbox/v1/box-7/cmd/remote-open"), "remote-open");
  EXPECT_EQ(t.command_name("pickupbox/v1/box-8/cmd/remote-open"), std::nullopt);  // another box's
  EXPECT_EQ(t.command_name("pickupbox/v1/box-7/cmd/"), std::nullopt);
  EXPECT_EQ(t.command_name("pickupbox/v1/box-7/cmd/a/b"), std::nullopt);
  EXPECT_THROW(backoffice::Topics("box/7"), std::invalid_argument);
  EXPECT_THROW(backoffice::Topics("+"), std::invalid_argument);
  EXPECT_THROW(backoffice::Topics(""), std::invalid_argument);
}

TEST(Topics, ParseTopicSplitsDeviceAndLeaf) {
  auto p = backoffice::parse_topic("pickupbox/v1/box-7/cmd-result/r-1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->device_id, "box-7");
  EXPECT_EQ(p->leaf, "cmd-result/r-1");
  EXPECT_FALSE(backoffice::parse_topic("other/v1/box-7/events"));
  EXPECT_FALSE(backoffice::parse_topic("pickupbox/v1/box-7"));
}

TEST(LinkPayloads, CommandResultCarriesOutcomeAndSchema) {
  auto ok = nlohmann::json::parse(backoffice::command_result("r-1", "remote-open", nlohmann::json{{"locker_id", "A07"}}));
  EXPECT_EQ(ok["schema"], 1);
  EXPECT_EQ(ok["request_id"], "r-1");
  EXPECT_EQ(ok["command"], "remote-open");
  EXPECT_EQ(ok["ok"], true);
  EXPECT_EQ(ok["result"]["locker_id"], "A07");
  auto bad = nlohmann::json::parse(
      backoffice::command_result("r-2", "remote-open", core::fail(core::ErrorCode::not_found, "no door 'Z9'")));
  EXPECT_EQ(bad["ok"], false);
  EXPECT_EQ(bad["error"]["code"], "not_found");
  EXPECT_EQ(bad["error"]["message"], "no door 'Z9'");
  EXPECT_FALSE(bad.contains("result"));
}

TEST(LinkPayloads, StatusOnlineAndTheOfflineWill) {
  auto online = nlohmann::json::parse(backoffice::status_online("box-7", "0.1.0", "5", core::from_unix_ms(0),
                                                                nlohmann::json{{"outbox_pending", 3}}));
  EXPECT_EQ(online["state"], "online");
  EXPECT_EQ(online["device_id"], "box-7");
  EXPECT_EQ(online["at"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(online["health"]["outbox_pending"], 3);
  auto offline = nlohmann::json::parse(backoffice::status_offline("box-7", "connection lost"));
  EXPECT_EQ(offline["state"], "offline");
  EXPECT_EQ(offline["schema"], 1);
}

}  // namespace
}  // namespace pickupbox::testing
