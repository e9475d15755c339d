#include "order_fixtures.hpp"

#include "core/digest_hex.hpp"

namespace pickupbox::testing {
namespace {

using core::ErrorCode;
using core::Occupancy;
using core::OrderState;
using namespace std::chrono_literals;

class OrderPickup : public OrderTest {
 protected:
  core::Digest wrong_identity() const { return hasher.identity("1990-05-18"); }
};

TEST_F(OrderPickup, RightIdentityGrantsAndStartsThePickup) {
  Scene s = loaded();
  clock.advance(1h);
  auto outcome = core::verify_identity(s.order, identity(), clock.now(), policies);
  EXPECT_TRUE(outcome.granted);
  EXPECT_FALSE(outcome.refusal);
  EXPECT_EQ(outcome.attempts_left, policies.attempts_per_order);
  EXPECT_EQ(outcome.order.pickup_opened_at, clock.now());
  EXPECT_EQ(outcome.order.state, OrderState::loaded);
  EXPECT_EQ(outcome.events,
            (std::vector<core::Event>{{"order.pickup_started", {{"order_id", order_id}, {"locker_id", "A01"}}}}));
}

TEST_F(OrderPickup, NoIdentityCheckMeansTheCodeIsEnough) {
  Scene s = loaded(false);
  EXPECT_TRUE(core::verify_identity(s.order, std::nullopt, clock.now(), policies).granted);
  EXPECT_TRUE(core::verify_identity(s.order, wrong_identity(), clock.now(), policies).granted);
}

TEST_F(OrderPickup, WrongIdentityCountsAnAttempt) {
  core::Order order = loaded().order;
  auto first = core::verify_identity(order, wrong_identity(), clock.now(), policies);
  EXPECT_FALSE(first.granted);
  ASSERT_TRUE(first.refusal);
  EXPECT_EQ(first.refusal->code, ErrorCode::wrong_identity);
  EXPECT_EQ(first.attempts_left, 4);
  EXPECT_EQ(first.order.failed_attempts, 1);
  EXPECT_FALSE(first.order.pickup_opened_at);
  EXPECT_EQ(first.events, (std::vector<core::Event>{{"pickup.failed",
                                                     {{"order_id", order_id},
                                                      {"locker_id", "A01"},
                                                      {"attempts_left", "4"}}}}));

  EXPECT_EQ(first.refusal->attempts_left, 4);

  auto second = core::verify_identity(first.order, wrong_identity(), clock.now(), policies);
  EXPECT_EQ(second.refusal->code, ErrorCode::wrong_identity);
  EXPECT_EQ(second.attempts_left, 3);

  auto granted = core::verify_identity(second.order, identity(), clock.now(), policies);
  EXPECT_TRUE(granted.granted);
  EXPECT_EQ(granted.order.failed_attempts, 0);
}

TEST_F(OrderPickup, MissingIdentityAsksForItWithoutCountingAnAttempt) {
  core::Order order = loaded().order;
  order.failed_attempts = 1;
  auto outcome = core::verify_identity(order, std::nullopt, clock.now(), policies);
  EXPECT_FALSE(outcome.granted);
  ASSERT_TRUE(outcome.refusal);
  EXPECT_EQ(outcome.refusal->code, ErrorCode::identity_required);
  EXPECT_EQ(outcome.refusal->attempts_left, 4);
  EXPECT_EQ(outcome.order.failed_attempts, 1);
  EXPECT_FALSE(outcome.order.pickup_opened_at);
  EXPECT_TRUE(outcome.events.empty());
}

TEST_F(OrderPickup, TheLastAllowedAttemptBlocksTheOrder) {
  policies.attempts_per_order = 3;
  core::Order order = loaded().order;
  for (int left : {2, 1}) {
    auto outcome = core::verify_identity(order, wrong_identity(), clock.now(), policies);
    EXPECT_EQ(outcome.refusal->code, ErrorCode::wrong_identity);
    EXPECT_EQ(outcome.attempts_left, left);
    EXPECT_FALSE(outcome.order.blocked);
    order = outcome.order;
  }
  auto last = core::verify_identity(order, wrong_identity(), clock.now(), policies);
  EXPECT_EQ(last.refusal->code, ErrorCode::order_blocked);
  EXPECT_EQ(last.attempts_left, 0);
  EXPECT_TRUE(last.order.blocked);
  EXPECT_EQ(last.order.failed_attempts, 3);
  ASSERT_EQ(last.events.size(), 2u);
  EXPECT_EQ(last.events[0].type, "pickup.failed");
  EXPECT_EQ(last.events[0].fields.at("attempts_left"), "0");
  EXPECT_EQ(last.events[1], (core::Event{"order.blocked", {{"order_id", order_id}, {"locker_id", "A01"}}}));

  // Blocked: even the right identity is refused, and nothing more is counted.
  auto after = core::verify_identity(last.order, identity(), clock.now(), policies);
  EXPECT_FALSE(after.granted);
  EXPECT_EQ(after.refusal->code, ErrorCode::order_blocked);
  EXPECT_EQ(after.order, last.order);
  EXPECT_TRUE(after.events.empty());

  // Staff resets, then the citizen gets in.
  auto reset = core::reset_attempts(last.order, "staff:desk1", clock.now()).value();
  EXPECT_TRUE(core::verify_identity(reset.order, identity(), clock.now(), policies).granted);
}

TEST_F(OrderPickup, CodeLifetimeBoundary) {
  policies.code_lifetime = std::chrono::days{3};
  core::Order order = loaded().order;
  const core::TimePoint end = *order.code_expires_at;
  EXPECT_TRUE(core::verify_identity(order, identity(), end - 1ms, policies).granted);
  auto at_end = core::verify_identity(order, identity(), end, policies);
  EXPECT_FALSE(at_end.granted);
  EXPECT_EQ(at_end.refusal->code, ErrorCode::code_expired);
  EXPECT_EQ(at_end.order.failed_attempts, 0);
}

TEST_F(OrderPickup, PickupWindowOverRefusesEvenWithALiveCode) {
  policies.code_lifetime = std::chrono::days{30};
  core::Order order = loaded().order;
  const core::TimePoint end = *order.expires_at;
  EXPECT_TRUE(core::verify_identity(order, identity(), end - 1ms, policies).granted);
  auto at_end = core::verify_identity(order, identity(), end, policies);
  EXPECT_EQ(at_end.refusal->code, ErrorCode::code_expired);
}

TEST_F(OrderPickup, NotLoadedIsRefusedAsInvalidTransition) {
  auto outcome = core::verify_identity(awaiting_reserved().order, identity(), clock.now(), policies);
  EXPECT_FALSE(outcome.granted);
  EXPECT_EQ(outcome.refusal->code, ErrorCode::invalid_transition);
  EXPECT_NE(outcome.refusal->message.find("awaiting_load"), std::string::npos);
  EXPECT_TRUE(outcome.events.empty());
}

TEST_F(OrderPickup, CompletePickupErasesPersonalDataAndFreesTheLocker) {
  Scene s = pickup_started();
  clock.advance(40s);
  auto t = core::complete_pickup(s.order, s.locker, clock.now());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.state, OrderState::collected);
  EXPECT_EQ(t->order.closed_at, clock.now());
  EXPECT_FALSE(t->order.phone);
  EXPECT_FALSE(t->order.identity_hash);
  EXPECT_FALSE(t->order.code_hash);
  EXPECT_EQ(t->order.locker_id, "A01");  // history: which door it was
  ASSERT_TRUE(t->locker);
  EXPECT_EQ(t->locker->occupancy, Occupancy::free);
  EXPECT_FALSE(t->locker->order_id);
  EXPECT_EQ(t->events,
            (std::vector<core::Event>{{"order.collected", {{"order_id", order_id}, {"locker_id", "A01"}}}}));
  EXPECT_EQ(t->audit, (std::vector<core::AuditEntry>{{"citizen", "pickup", "A01", order_id, ""}}));
}

TEST_F(OrderPickup, CompletePickupNeedsTheGrantAndTheRightLocker) {
  Scene s = loaded();
  auto early = core::complete_pickup(s.order, s.locker, clock.now());
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::invalid_transition);
  EXPECT_NE(early.error().message.find(order_id), std::string::npos);

  Scene p = pickup_started();
  auto wrong = core::complete_pickup(p.order, free_locker("A02"), clock.now());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_transition);
}

TEST_F(OrderPickup, AbortedPickupLetsTheOrderExpireAgain) {
  Scene s = pickup_started();
  ASSERT_FALSE(core::expire(s.order, *s.order.expires_at));  // refused while in progress
  auto t = core::abort_pickup(s.order, clock.now());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.state, OrderState::loaded);
  EXPECT_FALSE(t->order.pickup_opened_at);
  EXPECT_FALSE(t->locker);
  EXPECT_EQ(t->events,
            (std::vector<core::Event>{{"order.pickup_aborted", {{"order_id", order_id}, {"locker_id", "A01"}}}}));
  EXPECT_TRUE(core::expire(t->order, *t->order.expires_at));
  auto again = core::abort_pickup(t->order, clock.now());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::invalid_transition);
}

TEST_F(OrderPickup, ReopenWithinTheGracePeriodOnly) {
  Scene s = collected();
  const core::TimePoint closed = *s.order.closed_at;
  auto t = core::reopen_after_pickup(s.order, s.locker, closed + policies.grace_reopen - 1ms, policies);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order, s.order);
  EXPECT_FALSE(t->locker);  // the door opens, the locker stays free
  EXPECT_EQ(t->events,
            (std::vector<core::Event>{{"order.pickup_reopened", {{"order_id", order_id}, {"locker_id", "A01"}}}}));
  EXPECT_EQ(t->audit.at(0).action, "reopen");

  auto late = core::reopen_after_pickup(s.order, s.locker, closed + policies.grace_reopen, policies);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::invalid_transition);
  EXPECT_NE(late.error().message.find("grace period"), std::string::npos);
  EXPECT_NE(late.error().message.find("front desk"), std::string::npos);
}

TEST_F(OrderPickup, ReopenNeverOpensADoorThatHoldsSomethingElse) {
  Scene s = collected();
  core::Locker reused = s.locker;
  reused.occupancy = Occupancy::reserved;
  reused.order_id = "next-order";
  auto t = core::reopen_after_pickup(s.order, reused, clock.now(), policies);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::invalid_transition);

  EXPECT_EQ(core::reopen_after_pickup(s.order, std::nullopt, clock.now(), policies).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(core::reopen_after_pickup(s.order, free_locker("A02"), clock.now(), policies).error().code,
            ErrorCode::invalid_argument);
}

TEST_F(OrderPickup, EventsOfAWholePickupCarryNoPersonalData) {
  std::vector<core::Event> all;
  auto created = core::create_order(request(), order_id, clock.now(), policies).value();
  auto started = core::start_load(created.order, free_locker(), "staff:desk1", clock.now()).value();
  auto loaded_t = core::confirm_load(started.order, *started.locker, code(), clock.now(), policies).value();
  auto failed = core::verify_identity(loaded_t.order, wrong_identity(), clock.now(), policies);
  auto granted = core::verify_identity(failed.order, identity(), clock.now(), policies);
  auto done = core::complete_pickup(granted.order, *loaded_t.locker, clock.now()).value();
  for (const auto* events : {&created.events, &started.events, &loaded_t.events, &failed.events, &granted.events,
                             &done.events}) {
    all.insert(all.end(), events->begin(), events->end());
  }
  ASSERT_EQ(all.size(), 6u);
  const std::string text = serialised(all);
  for (const std::string& secret : {std::string(plain_code), std::string(e164_phone), std::string("20304050"),
                                    std::string(date_of_birth), core::to_hex(identity()),
                                    core::to_hex(hasher.code(plain_code))}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in\n" << text;
  }
  std::set<std::string> keys;
  for (const auto& event : all) {
    for (const auto& [key, value] : event.fields) keys.insert(key);
  }
  const std::set<std::string> allowed{"order_id", "locker_id", "reference", "document_kind",
                                      "size",     "reason",    "attempts_left", "actor"};
  for (const auto& key : keys) EXPECT_TRUE(allowed.contains(key)) << key;
}

}  // namespace
}  // namespace pickupbox::testing
