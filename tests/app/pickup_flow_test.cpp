// The whole journey over the real socket: staff loads, the SMS request is queued, the
// citizen collects; and boxd's log never carries the citizen's data on the way.
#include <gtest/gtest.h>

#include "boxd_test.hpp"

namespace pickupbox::e2e {
namespace {

using PickupFlow = BoxdTest;

TEST_F(PickupFlow, StaffLoadSmsAndCitizenPickupEndCollected) {
  auto box = driver();
  box.subscribe();
  box.login();

  const auto order = box.start_load();
  EXPECT_EQ(box.locker(order.locker_id).value("size", ""), "M");
  EXPECT_EQ(box.locker(order.locker_id).value("state", ""), "reserved");
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "awaiting_load");
  box.wait_door(order.locker_id, "open");

  box.sim_door(order.locker_id, "close");
  box.wait_order_event("order.loaded", order.order_id);
  EXPECT_EQ(box.locker(order.locker_id).value("state", ""), "occupied");
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "loaded");

  const auto outbox = box.ok("sim.sms", Json{{"order_id", order.order_id}}).at("sms");
  ASSERT_EQ(outbox.size(), 1u) << outbox.dump();
  EXPECT_EQ(outbox[0].value("language", ""), "en");
  const std::string code = box.sms_code(order.order_id);
  EXPECT_NE(outbox[0].value("text", "").find(code), std::string::npos);
  EXPECT_GE(box.ok("status").value("outbox_pending", 0), 1);

  const auto verified = box.ok("pickup.verify", Json{{"code", code}, {"identifier", "17-05-1990"}});
  EXPECT_EQ(verified.value("locker_id", ""), order.locker_id);
  EXPECT_EQ(verified.value("order_id", ""), order.order_id);
  EXPECT_EQ(verified.value("document_kind", ""), "passport");
  box.wait_door(order.locker_id, "open");
  const auto while_open = box.ok("pickup.done", Json{{"order_id", order.order_id}});
  EXPECT_FALSE(while_open.value("collected", true)) << while_open.dump();

  box.sim_door(order.locker_id, "close");
  box.wait_order_event("order.collected", order.order_id);
  const auto done = box.ok("pickup.done", Json{{"order_id", order.order_id}});
  EXPECT_TRUE(done.value("collected", false)) << done.dump();
  EXPECT_EQ(done.value("state", ""), "collected");
  EXPECT_EQ(box.locker(order.locker_id).value("state", ""), "free");

  // The code is spent: using it again is an unknown code.
  EXPECT_EQ(box.refused("pickup.verify", Json{{"code", code}, {"identifier", "1990-05-17"}}).code, "wrong_code");
}

TEST_F(PickupFlow, BoxdLogNeverContainsPhoneCodeOrDateOfBirth) {
  std::string code;
  std::string order_id;
  {
    auto box = driver();
    box.subscribe();
    box.login();
    const auto order = box.load_confirmed(Citizen{"+45 12 34 56 78", "1990-05-17", "S"});
    code = order.code;
    order_id = order.order_id;
    // A wrong date of birth and a wrong code make boxd log refusals too.
    EXPECT_EQ(box.refused("pickup.verify", Json{{"code", code}, {"identifier", "1985-01-02"}}).code, "wrong_identity");
    box.ok("pickup.verify", Json{{"code", code}, {"identifier", "17.05.1990"}});
    box.wait_door(order.locker_id, "open");
    box.sim_door(order.locker_id, "close");
    box.wait_order_event("order.collected", order.order_id);
  }
  ASSERT_EQ(boxd().stop(), 0) << boxd().log_tail();

  const std::string log = boxd().log_text();
  ASSERT_NE(log.find(order_id), std::string::npos) << "the flow should be in the log at all:\n" << log;
  const std::vector<std::string> secrets{"12345678",   "12 34 56 78", code,        "1990-05-17",
                                         "17.05.1990", "19900517",    "1985-01-02"};
  for (const auto& secret : secrets) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "boxd logged '" << secret << "':\n" << log;
  }
}

}  // namespace
}  // namespace pickupbox::e2e
