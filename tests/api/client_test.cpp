#include "api/client.hpp"

#include <gtest/gtest.h>

#include "server_harness.hpp"

namespace pickupbox::api::testing {
namespace {

class ClientTest : public ::testing::Test {
 protected:
  Client connect() {
    auto client = Client::connect(harness.socket_path(), 1s);
    if (!client) throw std::runtime_error(client.error().message);
    return std::move(*client);
  }
  ServerHarness harness;
};

TEST_F(ClientTest, RemoteErrorKeepsTheWireCodeAndMapsTheCoreCode) {
  Client client = connect();
  auto failed = client.call("fail");
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, "kiosk_throttled");
  EXPECT_EQ(failed.error().core_code, core::ErrorCode::kiosk_throttled);
  EXPECT_EQ(failed.error().message, "too many wrong codes at this kiosk; wait 30 s");
  EXPECT_EQ(failed.error().to_core().code, core::ErrorCode::kiosk_throttled);

  auto unknown = client.call("no.such.method");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, "unknown_method");
  EXPECT_EQ(unknown.error().core_code, core::ErrorCode::invalid_argument);
}

TEST_F(ClientTest, TimeoutLeavesTheConnectionUsableAndTheLateAnswerIsDiscarded) {
  Client client = connect();
  auto late = client.call("hold", {{"n", 7}}, 20ms);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, "timeout");
  EXPECT_EQ(late.error().core_code, core::ErrorCode::busy);
  EXPECT_NE(late.error().message.find("hold"), std::string::npos);

  ASSERT_TRUE(eventually([&] { return harness.held_count() == 1; }));
  harness.release_held();  // the answer to the timed-out call now arrives first
  auto next = client.call("echo", {{"fresh", true}});
  ASSERT_TRUE(next.has_value()) << next.error().message;
  EXPECT_EQ(*next, (json{{"fresh", true}}));
}

TEST_F(ClientTest, EventsArrivingDuringACallAreQueuedInOrder) {
  Client client = connect();
  ASSERT_TRUE(client.call("events.subscribe").has_value());
  // The handler broadcasts before it answers, so both events reach us mid-call.
  ASSERT_TRUE(client.call("emit", {{"seq", 1}}).has_value());
  ASSERT_TRUE(client.call("emit", {{"seq", 2}}).has_value());
  auto first = client.next_event(0ms);
  auto second = client.next_event(0ms);
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ((*first)["seq"], 1);
  EXPECT_EQ((*second)["seq"], 2);
  auto none = client.next_event(0ms);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, "timeout");
}

TEST_F(ClientTest, NextEventWaitsForABroadcast) {
  Client client = connect();
  ASSERT_TRUE(client.call("events.subscribe").has_value());
  auto none = client.next_event(10ms);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, "timeout");
  harness.on_io([&] { harness.server().broadcast({{"type", "locker.changed"}}); });
  auto event = client.next_event(5s);
  ASSERT_TRUE(event.has_value()) << event.error().message;
  EXPECT_EQ((*event)["type"], "locker.changed");
}

TEST_F(ClientTest, ServerGoingAwayIsDisconnectedFromThenOn) {
  Client client = connect();
  harness.on_io([&] { harness.server().stop(); });
  auto first = client.call("echo");
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().code, "disconnected");
  EXPECT_FALSE(client.connected());
  auto second = client.call("echo");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, "disconnected");
}

TEST(ClientConnectTest, MissingSocketIsNotFoundWithThePathInTheMessage) {
  TempDir dir;
  const auto path = dir.path() / "nobody.sock";
  auto client = Client::connect(path, 100ms);
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, core::ErrorCode::not_found);
  EXPECT_NE(client.error().message.find(path.string()), std::string::npos);
}

TEST(ClientConnectTest, OverlongPathIsInvalidArgument) {
  auto client = Client::connect(std::filesystem::path("/tmp") / std::string(200, 's'), 100ms);
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, core::ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace pickupbox::api::testing
