#include "order_fixtures.hpp"

namespace pickupbox::testing {
namespace {

using core::ErrorCode;
using core::Occupancy;
using core::OrderState;
using namespace std::chrono_literals;

class OrderClosing : public OrderTest {};

TEST_F(OrderClosing, ExpiredDocumentIsReturned) {
  Scene s = expired();
  auto started = core::start_return(s.order, s.locker, "staff:desk1", clock.now());
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(started->order, s.order);
  EXPECT_FALSE(started->locker);
  EXPECT_EQ(started->events, (std::vector<core::Event>{{"order.return_started",
                                                        {{"order_id", order_id},
                                                         {"locker_id", "A01"},
                                                         {"actor", "staff:desk1"}}}}));
  EXPECT_EQ(started->audit, (std::vector<core::AuditEntry>{{"staff:desk1", "retrieve", "A01", order_id, ""}}));

  clock.advance(std::chrono::days{20});
  auto done = core::complete_return(s.order, s.locker, clock.now());
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->order.state, OrderState::returned);
  EXPECT_EQ(done->order.closed_at, clock.now());
  EXPECT_FALSE(done->order.phone);
  EXPECT_FALSE(done->order.identity_hash);
  EXPECT_FALSE(done->order.code_hash);
  ASSERT_TRUE(done->locker);
  EXPECT_EQ(done->locker->occupancy, Occupancy::free);
  EXPECT_FALSE(done->locker->order_id);
  EXPECT_EQ(done->events, (std::vector<core::Event>{{"order.returned",
                                                     {{"order_id", order_id},
                                                      {"locker_id", "A01"},
                                                      {"reason", "expired"}}}}));
}

TEST_F(OrderClosing, CancelledDocumentIsRetrievedButStaysCancelled) {
  Scene s = cancelled_with_document();
  EXPECT_EQ(s.locker.occupancy, Occupancy::occupied);
  EXPECT_TRUE(core::start_return(s.order, s.locker, "staff:desk1", clock.now()));
  clock.advance(1h);
  auto done = core::complete_return(s.order, s.locker, clock.now());
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->order.state, OrderState::cancelled);
  EXPECT_EQ(done->order.closed_at, s.order.closed_at);
  EXPECT_EQ(done->locker->occupancy, Occupancy::free);
  EXPECT_EQ(done->events.at(0).fields.at("reason"), "cancelled");
  // Once the locker is free the cancelled order has nothing left to return.
  EXPECT_EQ(core::start_return(done->order, *done->locker, "staff:desk1", clock.now()).error().code,
            ErrorCode::invalid_transition);
}

TEST_F(OrderClosing, ReturnNeedsTheLockerHoldingTheOrder) {
  Scene s = expired();
  auto wrong = core::start_return(s.order, free_locker("A02"), "staff:desk1", clock.now());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_transition);
  EXPECT_EQ(core::start_return(s.order, s.locker, "", clock.now()).error().code, ErrorCode::invalid_argument);
}

TEST_F(OrderClosing, CancelBeforeLoadingFreesTheReservation) {
  Scene s = awaiting_reserved();
  auto t = core::cancel(s.order, s.locker, "backoffice", clock.now());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.state, OrderState::cancelled);
  EXPECT_EQ(t->order.closed_at, clock.now());
  EXPECT_FALSE(t->order.locker_id);
  EXPECT_FALSE(t->order.phone);
  EXPECT_FALSE(t->order.identity_hash);
  ASSERT_TRUE(t->locker);
  EXPECT_EQ(t->locker->occupancy, Occupancy::free);
  EXPECT_FALSE(t->locker->order_id);
  EXPECT_EQ(t->events, (std::vector<core::Event>{{"order.cancelled",
                                                  {{"order_id", order_id},
                                                   {"locker_id", "A01"},
                                                   {"actor", "backoffice"}}}}));
  EXPECT_EQ(t->audit, (std::vector<core::AuditEntry>{{"backoffice", "cancel", "A01", order_id, ""}}));
}

TEST_F(OrderClosing, CancelOfAReservedOrderNeedsItsLocker) {
  Scene s = awaiting_reserved();
  auto missing = core::cancel(s.order, std::nullopt, "backoffice", clock.now());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::invalid_argument);
  auto wrong = core::cancel(s.order, free_locker("A02"), "backoffice", clock.now());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_transition);
}

TEST_F(OrderClosing, CancelWithADocumentInsideKeepsTheLockerOccupied) {
  for (Scene s : {loaded(), expired()}) {
    auto t = core::cancel(s.order, s.locker, "staff:desk1", clock.now());
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->order.state, OrderState::cancelled);
    EXPECT_EQ(t->order.locker_id, "A01");
    EXPECT_FALSE(t->order.phone);
    EXPECT_FALSE(t->order.code_hash);
    EXPECT_FALSE(t->locker);  // unchanged: occupied by the order until staff retrieves it
    EXPECT_EQ(t->events.at(0).fields.at("locker_id"), "A01");
    // Without the locker it works the same; with a foreign one it is refused.
    EXPECT_TRUE(core::cancel(s.order, std::nullopt, "staff:desk1", clock.now()));
    EXPECT_EQ(core::cancel(s.order, free_locker("A02"), "staff:desk1", clock.now()).error().code,
              ErrorCode::invalid_transition);
  }
}

TEST_F(OrderClosing, CancelRefusedDuringPickupAndWhenFinal) {
  auto during = core::cancel(pickup_started().order, std::nullopt, "staff:desk1", clock.now());
  ASSERT_FALSE(during);
  EXPECT_EQ(during.error().code, ErrorCode::invalid_transition);
  for (Scene s : {collected(), returned(), cancelled_before_loading()}) {
    auto t = core::cancel(s.order, std::nullopt, "staff:desk1", clock.now());
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, ErrorCode::invalid_transition);
    EXPECT_NE(t.error().message.find(std::string(core::to_string(s.order.state))), std::string::npos);
    EXPECT_NE(t.error().message.find("cancel"), std::string::npos);
  }
  EXPECT_EQ(core::cancel(loaded().order, std::nullopt, "", clock.now()).error().code, ErrorCode::invalid_argument);
}

TEST_F(OrderClosing, ResetAttemptsUnblocks) {
  Scene s = loaded();
  s.order.failed_attempts = 5;
  s.order.blocked = true;
  auto t = core::reset_attempts(s.order, "staff:desk1", clock.now());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.failed_attempts, 0);
  EXPECT_FALSE(t->order.blocked);
  EXPECT_EQ(t->events, (std::vector<core::Event>{{"order.attempts_reset",
                                                  {{"order_id", order_id},
                                                   {"locker_id", "A01"},
                                                   {"actor", "staff:desk1"}}}}));
  EXPECT_EQ(t->audit, (std::vector<core::AuditEntry>{{"staff:desk1", "reset_attempts", "A01", order_id, ""}}));
  EXPECT_EQ(core::reset_attempts(s.order, "", clock.now()).error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace pickupbox::testing
