#include "order_fixtures.hpp"

namespace pickupbox::testing {
namespace {

using core::ErrorCode;
using core::OrderState;
using namespace std::chrono_literals;

class OrderExpiry : public OrderTest {};

TEST_F(OrderExpiry, ExpiresExactlyAtTheDeadlineNotBefore) {
  Scene s = loaded();
  const core::TimePoint deadline = *s.order.expires_at;
  auto early = core::expire(s.order, deadline - 1ms);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::invalid_transition);
  EXPECT_NE(early.error().message.find(order_id), std::string::npos);

  auto t = core::expire(s.order, deadline);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.state, OrderState::expired);
  EXPECT_FALSE(t->locker);  // the document is still inside
  EXPECT_TRUE(t->order.phone);
  EXPECT_EQ(t->events, (std::vector<core::Event>{{"order.expired", {{"order_id", order_id}, {"locker_id", "A01"}}}}));
}

TEST_F(OrderExpiry, ExpiryNoticeGoesToTheCitizenWithoutACode) {
  Scene s = loaded();
  auto t = core::expire(s.order, *s.order.expires_at);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->sms.size(), 1u);
  EXPECT_EQ(t->sms[0].recipient, std::string(e164_phone));
  EXPECT_EQ(t->sms[0].order_id, order_id);
  EXPECT_EQ(t->sms[0].text.find(plain_code), std::string::npos) << t->sms[0].text;
  EXPECT_NE(t->sms[0].text.find("front desk"), std::string::npos) << t->sms[0].text;  // the order is in English
}

TEST_F(OrderExpiry, NotWhileTheCitizenHasTheDoorOpen) {
  Scene s = pickup_started();
  auto t = core::expire(s.order, *s.order.expires_at + 1h);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::invalid_transition);
  EXPECT_NE(t.error().message.find("pickup is in progress"), std::string::npos);
}

TEST_F(OrderExpiry, DueForExpiryListsOnlyLoadedOrdersPastTheirDeadline) {
  std::vector<core::Order> orders;
  Scene due = loaded();
  due.order.id = "due";
  orders.push_back(due.order);
  Scene later = loaded();
  later.order.id = "later";
  later.order.expires_at = *later.order.expires_at + 1ms;
  orders.push_back(later.order);
  Scene in_pickup = pickup_started();
  in_pickup.order.id = "in-pickup";
  orders.push_back(in_pickup.order);
  Scene waiting = awaiting_reserved();
  waiting.order.id = "waiting";
  orders.push_back(waiting.order);
  Scene already = expired();
  already.order.id = "already";
  orders.push_back(already.order);

  const core::TimePoint at = *due.order.expires_at;
  EXPECT_EQ(core::due_for_expiry(orders, at), (std::vector<std::string>{"due"}));
  EXPECT_EQ(core::due_for_expiry(orders, at + 1ms), (std::vector<std::string>{"due", "later"}));
  EXPECT_TRUE(core::due_for_expiry(orders, at - 1ms).empty());
}

TEST_F(OrderExpiry, ReminderIsDueOnceAfterTheConfiguredTime) {
  Scene s = loaded();
  const core::TimePoint due_at = *s.order.loaded_at + policies.reminder_after;
  EXPECT_FALSE(core::reminder_due(s.order, due_at - 1ms, policies));
  EXPECT_TRUE(core::reminder_due(s.order, due_at, policies));
  EXPECT_FALSE(core::reminder_due(s.order, *s.order.expires_at, policies));

  auto t = core::send_reminder(s.order, due_at);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.reminded_at, due_at);
  EXPECT_FALSE(core::reminder_due(t->order, due_at + 1h, policies));
  auto again = core::send_reminder(t->order, due_at + 1h);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::invalid_transition);
}

TEST_F(OrderExpiry, ReminderNotDueOutsideLoadedOrDuringPickup) {
  const core::TimePoint late = clock.now() + policies.reminder_after + 1h;
  EXPECT_FALSE(core::reminder_due(awaiting_reserved().order, late, policies));
  EXPECT_FALSE(core::reminder_due(pickup_started().order, late, policies));
  EXPECT_FALSE(core::reminder_due(expired().order, late, policies));
  EXPECT_FALSE(core::reminder_due(collected().order, late, policies));
}

TEST_F(OrderExpiry, ReminderSmsHasTheDeadlineButNeverTheCode) {
  Scene s = loaded();
  auto t = core::send_reminder(s.order, clock.now() + policies.reminder_after).value();
  ASSERT_EQ(t.sms.size(), 1u);
  EXPECT_EQ(t.sms[0].recipient, std::string(e164_phone));
  EXPECT_EQ(t.sms[0].order_id, order_id);
  EXPECT_EQ(t.sms[0].text.find(plain_code), std::string::npos) << t.sms[0].text;
  EXPECT_NE(t.sms[0].text.find("2026-01-15 01:00"), std::string::npos) << t.sms[0].text;
  EXPECT_EQ(t.events,
            (std::vector<core::Event>{{"order.reminder_sent", {{"order_id", order_id}, {"locker_id", "A01"}}}}));
  EXPECT_EQ(serialised(t.events).find("20304050"), std::string::npos);
}

TEST_F(OrderExpiry, ReminderAndCodeSmsUseTheEarlierDeadline) {
  policies.code_lifetime = std::chrono::days{2};  // the code dies before the pickup window ends
  Scene s = awaiting_reserved();
  auto t = core::confirm_load(s.order, s.locker, code(), clock.now(), policies).value();
  EXPECT_NE(t.sms.at(0).text.find("Collect it by 2026-01-03 01:00"), std::string::npos) << t.sms.at(0).text;
  auto reminder = core::send_reminder(t.order, clock.now() + std::chrono::days{1}).value();
  EXPECT_NE(reminder.sms.at(0).text.find("Collect it by 2026-01-03 01:00"), std::string::npos);
}

}  // namespace
}  // namespace pickupbox::testing
