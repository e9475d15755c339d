// A power cut in the middle of loading: boxd is SIGKILLed after the door was unlocked and
// before it closed. On restart the order and the reserved door are still there, the load
// does not complete by itself, and opening and closing the door again completes it.
#include <gtest/gtest.h>

#include "boxd_test.hpp"

namespace pickupbox::e2e {
namespace {

using CrashRestart = BoxdTest;

TEST_F(CrashRestart, KilledMidLoadKeepsStateAndReopenThenCloseCompletesTheLoad) {
  LoadedOrder order;
  {
    auto box = driver();
    box.login();
    order = box.start_load();
    box.wait_door(order.locker_id, "open");
  }
  boxd().kill_hard();
  boxd().start();

  auto box = driver();
  box.subscribe();
  box.login();
  EXPECT_EQ(box.locker(order.locker_id).value("state", ""), "reserved");
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "awaiting_load");
  EXPECT_EQ(box.order_summary(order.order_id).value("locker_id", ""), order.locker_id);

  // The restarted simulator's door reads closed, but nobody saw it open since the restart:
  // that must not count as loaded.
  box.wait_door(order.locker_id, "closed");
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "awaiting_load");
  EXPECT_TRUE(box.ok("sim.sms", Json{{"order_id", order.order_id}}).at("sms").empty());

  box.staff("staff.open", Json{{"locker_id", order.locker_id}, {"reason", "finish the load after a restart"}});
  box.wait_door(order.locker_id, "open");
  box.sim_door(order.locker_id, "close");
  box.wait_order_event("order.loaded", order.order_id);
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "loaded");
  EXPECT_EQ(box.locker(order.locker_id).value("state", ""), "occupied");
  EXPECT_FALSE(box.sms_code(order.order_id).empty());
}

}  // namespace
}  // namespace pickupbox::e2e
