// Power cuts in the middle of a flow: boxd is SIGKILLed while a door it unlocked stands
// open, and restarted on the same state directory. The restarted simulator reads every door
// closed, which is what boxd sees when someone shut the door while it was down: the flow the
// door was opened for completes exactly once, and nothing else in the box changes.
#include <gtest/gtest.h>

#include "boxd_test.hpp"

namespace pickupbox::e2e {
namespace {

using CrashRestart = BoxdTest;

Json locker_counts(BoxDriver& box) { return box.ok("status").at("lockers"); }

TEST_F(CrashRestart, KilledWithTheDoorOpenTheFlowCompletesOnceAfterRestart) {
  LoadedOrder order;
  {
    auto box = driver();
    box.login();
    order = box.start_load();
    box.wait_door(order.locker_id, "open");
    EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "awaiting_load");
  }
  boxd().kill_hard();
  boxd().start();

  {
    auto box = driver();
    box.login();
    EXPECT_TRUE(eventually([&] { return box.order_summary(order.order_id).value("state", "") == "loaded"; }))
        << box.order_summary(order.order_id).dump();
    EXPECT_EQ(box.order_summary(order.order_id).value("locker_id", ""), order.locker_id);
    EXPECT_EQ(box.locker(order.locker_id).value("state", ""), "occupied");
    const auto sms = box.ok("sim.sms", Json{{"order_id", order.order_id}}).at("sms");
    EXPECT_EQ(sms.size(), 1u) << sms.dump();
    order.code = box.sms_code(order.order_id);
    const auto counts = locker_counts(box);
    EXPECT_EQ(counts.value("occupied", -1), 1) << counts.dump();
    EXPECT_EQ(counts.value("reserved", -1), 0) << counts.dump();
    EXPECT_EQ(box.staff("staff.orders").at("orders").size(), 1u);

    box.ok("pickup.verify", Json{{"code", order.code}, {"identifier", "1990-05-17"}});
    box.wait_door(order.locker_id, "open");
  }
  boxd().kill_hard();
  boxd().start();

  auto box = driver();
  EXPECT_TRUE(eventually([&] {
    return box.ok("pickup.done", Json{{"order_id", order.order_id}}).value("collected", false);
  })) << box.ok("pickup.done", Json{{"order_id", order.order_id}}).dump();
  EXPECT_EQ(box.locker(order.locker_id).value("state", ""), "free");
  EXPECT_EQ(locker_counts(box).value("free", -1), 24);
}

}  // namespace
}  // namespace pickupbox::e2e
