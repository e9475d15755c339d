// A lock board that drops off the bus takes its doors out of service, and gives them back
// when it answers again; the other board's doors are untouched throughout.
#include <gtest/gtest.h>

#include "boxd_test.hpp"

namespace pickupbox::e2e {
namespace {

using BoardFault = BoxdTest;

bool every_door_on_board(BoxDriver& box, int board, const std::string& state) {
  int seen = 0;
  const auto lockers = box.ok("lockers");
  for (const auto& l : lockers.at("lockers")) {
    if (l.value("board", -1) != board) continue;
    ++seen;
    if (l.value("state", "") != state) return false;
  }
  return seen > 0;
}

bool board_online(BoxDriver& box, int board) {
  const auto status = box.ok("status");
  for (const auto& b : status.at("boards")) {
    if (b.value("board", -1) == board) return b.value("online", false);
  }
  return false;
}

TEST_F(BoardFault, DisconnectedBoardGoesOutOfServiceAndRecoversOnReconnect) {
  auto box = driver();
  box.wait_settled();
  box.subscribe();

  box.ok("sim.board", Json{{"board", 1}, {"action", "disconnect"}});
  box.wait_event("board.offline");
  EXPECT_TRUE(eventually([&] { return every_door_on_board(box, 1, "out_of_service"); })) << box.ok("lockers").dump();
  EXPECT_EQ(box.locker("B01").value("block", ""), "board_offline");
  EXPECT_FALSE(board_online(box, 1));
  EXPECT_TRUE(every_door_on_board(box, 0, "free"));
  EXPECT_EQ(box.ok("status").at("lockers").value("out_of_service", -1), 8);

  box.ok("sim.board", Json{{"board", 1}, {"action", "reconnect"}});
  box.wait_event("board.online");
  EXPECT_TRUE(eventually([&] { return every_door_on_board(box, 1, "free"); })) << box.ok("lockers").dump();
  EXPECT_EQ(box.locker("B01").value("block", ""), "none");
  EXPECT_TRUE(board_online(box, 1));
  EXPECT_EQ(box.ok("status").at("lockers").value("out_of_service", -1), 0);
}

TEST_F(BoardFault, TheBoxIsOutOfOrderOnlyWhileNoBoardAnswers) {
  auto box = driver();
  box.wait_settled();
  box.subscribe();
  EXPECT_FALSE(box.ok("status").value("out_of_order", true));

  box.ok("sim.board", Json{{"board", 0}, {"action", "disconnect"}});
  box.wait_event("board.offline");
  EXPECT_TRUE(eventually([&] { return !board_online(box, 0); }));
  EXPECT_FALSE(box.ok("status").value("out_of_order", true)) << "board 1's doors still work";

  box.ok("sim.board", Json{{"board", 1}, {"action", "disconnect"}});
  EXPECT_TRUE(eventually([&] { return box.ok("status").value("out_of_order", false); })) << box.ok("status").dump();

  box.ok("sim.board", Json{{"board", 1}, {"action", "reconnect"}});
  EXPECT_TRUE(eventually([&] { return !box.ok("status").value("out_of_order", true); })) << box.ok("status").dump();
}

}  // namespace
}  // namespace pickupbox::e2e
