// The state directory on a filesystem that is really full (the kernel's ENOSPC, not a page
// limit inside SQLite), then a power cut: the real boxd on a small tmpfs of its own.
//
// What this proves: with no byte left, boxd stays up; what it cannot record it refuses, with
// a message naming the failure and the directory to free (a new load, a pickup: no door
// opens that the audit log would not show); status says that storage fails; wrong codes
// still pause the kiosk; a pickup whose door was already open completes once space is back.
// After SIGKILL and a restart with space again, every order committed before is there in
// its state, the audit chain verifies, the store's invariants hold and every event boxd had
// published is in the outbox. What it does not prove: SIGKILL leaves the page cache to the
// kernel, so it cannot lose a write the way a power cut on a real card can (that is
// SQLite's synchronous=FULL and the medium's honesty about flushes); tests/crash kills at
// arbitrary points of commits instead.
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "box_driver.hpp"
#include "boxctl_runner.hpp"
#include "boxd_process.hpp"
#include "fake_clock.hpp"
#include "seeded_random.hpp"
#include "store/store.hpp"
#include "tmpfs_mount.hpp"

namespace pickupbox::e2e {
namespace {

// Room for boxd's database and WAL with a few orders; the ballast takes the rest.
constexpr std::uint64_t filesystem_bytes = 8 * 1024 * 1024;
constexpr const char* birth = "1990-05-17";  // the default Citizen's

BoxdOptions options_on(const std::filesystem::path& state_dir) {
  BoxdOptions options;
  options.config_text =
      "[bus]\nbackend = sim\nboards = 0\n"
      "[doors]\nA01 = 0 1 M\nA02 = 0 2 M\nA03 = 0 3 M\nA04 = 0 4 M\nA05 = 0 5 M\n"
      "[dev]\nstaff = desk1 1234\n";
  options.state_dir = state_dir;
  return options;
}

std::string other_code(const std::string& code, int n) {
  std::string wrong = code;
  wrong[0] = static_cast<char>('0' + (code[0] - '0' + 1 + n) % 10);
  return wrong;
}

void expect_disk_full(const api::CallError& refusal, const std::filesystem::path& state_dir) {
  EXPECT_EQ(refusal.code, "storage") << describe(refusal);
  EXPECT_NE(refusal.message.find("disk full"), std::string::npos) << refusal.message;
  EXPECT_NE(refusal.message.find("free space in " + state_dir.string()), std::string::npos) << refusal.message;
}

TEST(FullDisk, RefusesWhatItCannotRecordAndLosesNothingAtAPowerCut) {
  auto mount = testing::TmpfsMount::create(filesystem_bytes);
  if (!mount) GTEST_SKIP() << mount.error();
  const auto state_dir = (*mount)->path() / "state";
  BoxdProcess boxd(options_on(state_dir));
  boxd.start();

  // Everything boxd publishes it has committed first, so each of these must survive.
  auto watcher = boxd.connect();
  ASSERT_TRUE(watcher.call("events.subscribe"));
  std::set<std::string> published;
  auto drain = [&] {
    while (auto event = watcher.next_event(std::chrono::milliseconds{200})) published.insert(event->value("id", ""));
  };

  LoadedOrder in_progress;  // its door is open when the disk fills
  LoadedOrder waiting;      // loaded, untouched until after the restart
  LoadedOrder refused_pickup;
  {
    auto box = BoxDriver(boxd.connect());
    box.subscribe();
    box.login();
    in_progress = box.load_confirmed();
    waiting = box.load_confirmed();
    refused_pickup = box.load_confirmed();
    box.ok("pickup.verify", Json{{"code", in_progress.code}, {"identifier", birth}});
    box.wait_door(in_progress.locker_id, "open");
    EXPECT_EQ(box.ok("status").at("storage").value("ok", false), true);

    (*mount)->fill();
    ASSERT_EQ((*mount)->free_bytes(), 0u) << "the ballast should have taken every byte";

    // The citizen shuts the door: completing the pickup needs a commit, which fails. boxd
    // keeps the door's last recorded reading (open) and tries again on every poll.
    box.sim_door(in_progress.locker_id, "close");
    ASSERT_TRUE(eventually([&] { return box.ok("status").at("storage").value("ok", true) == false; }))
        << box.ok("status").dump() << "\n" << boxd.log_tail();
    const auto done = box.ok("pickup.done", Json{{"order_id", in_progress.order_id}});
    EXPECT_EQ(done.value("collected", true), false) << done.dump();
    EXPECT_EQ(done.value("state", ""), "loaded") << done.dump();

    const auto status = box.ok("status");
    const auto& storage = status.at("storage");
    EXPECT_NE(storage.value("error", "").find("disk full"), std::string::npos) << status.dump();
    EXPECT_EQ(storage.value("free_bytes", -1), 0) << status.dump();
    const auto shown = run_boxctl({"--socket", boxd.socket().string(), "status"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("Storage: FAILING: "), std::string::npos) << shown.out;

    // A new load would put a document in that boxd could not account for: refused.
    const auto load = box.refused("staff.load", Json{{"session", box.session()},
                                                     {"phone", "+4512345678"},
                                                     {"document_kind", "passport"},
                                                     {"size", "M"}});
    expect_disk_full(load, state_dir);
    EXPECT_NE(load.message.find("cannot start loading order"), std::string::npos) << load.message;
    std::cout << "full disk: staff.load refused: " << describe(load) << "\nfull disk: status storage "
              << storage.dump() << "\n";
    // A pickup would open a door the audit log could not show: refused, the door stays
    // shut and the order is the citizen's as before (the kiosk sends them to the desk).
    const auto pickup = box.refused("pickup.verify", Json{{"code", refused_pickup.code}, {"identifier", birth}});
    expect_disk_full(pickup, state_dir);
    EXPECT_NE(pickup.message.find("door " + refused_pickup.locker_id + " stays shut"), std::string::npos)
        << pickup.message;
    std::cout << "full disk: pickup.verify refused: " << describe(pickup) << "\n";
    EXPECT_EQ(box.locker(refused_pickup.locker_id).value("door", ""), "closed");
    EXPECT_EQ(box.order_summary(refused_pickup.order_id).value("state", ""), "loaded");
    // Wrong codes cannot be recorded either, yet they still pause the kiosk: a full disk
    // must not let every guess be checked.
    for (int i = 0; i < 5; ++i) {
      expect_disk_full(box.refused("pickup.verify", Json{{"code", other_code(waiting.code, i)}}), state_dir);
    }
    const auto paused = box.refused("pickup.verify", Json{{"code", waiting.code}});
    EXPECT_EQ(paused.code, "kiosk_throttled") << describe(paused);
    EXPECT_TRUE(boxd.running()) << boxd.log_tail();
  }
  drain();

  // The power cut, while full. Then the space comes back and boxd starts again.
  boxd.kill_hard();
  (*mount)->remove_ballast();
  boxd.start();
  {
    auto box = BoxDriver(boxd.connect());
    box.subscribe();
    box.login();
    // The door was recorded open for the pickup and reads closed now: it completes once.
    EXPECT_TRUE(eventually([&] {
      return box.ok("pickup.done", Json{{"order_id", in_progress.order_id}}).value("collected", false);
    })) << box.order_summary(in_progress.order_id).dump();
    for (const auto& order : {waiting, refused_pickup}) {
      const auto summary = box.order_summary(order.order_id);
      EXPECT_EQ(summary.value("state", ""), "loaded") << summary.dump();
      EXPECT_EQ(summary.value("locker_id", ""), order.locker_id) << summary.dump();
      EXPECT_EQ(box.sms_code(order.order_id), order.code);
    }
    EXPECT_EQ(box.staff("staff.orders").at("orders").size(), 3u) << "the refused load left nothing behind";
    EXPECT_EQ(box.ok("status").at("storage").value("ok", false), true);
    // The citizen who was sent to the desk comes back: the code works.
    box.ok("pickup.verify", Json{{"code", refused_pickup.code}, {"identifier", birth}});
    box.wait_door(refused_pickup.locker_id, "open");
    box.sim_door(refused_pickup.locker_id, "close");
    box.wait_order_event("order.collected", refused_pickup.order_id);
  }
  ASSERT_EQ(boxd.stop(), 0) << boxd.log_tail();

  testing::FakeClock clock;
  testing::SeededRandom random;
  auto store = store::Store::open(state_dir / "pickupbox.db", clock, random);
  ASSERT_TRUE(store) << store.error().message;
  const auto chain = store->verify_audit_chain();
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_TRUE(chain->ok()) << "audit chain broken at " << chain->first_broken_seq.value_or(-1) << ": " << chain->reason;
  EXPECT_GT(chain->checked, 0);
  EXPECT_EQ(store->check_invariants().value(), std::vector<std::string>{});
  std::set<std::string> in_outbox;
  const auto outbox = store->outbox_pending(1'000'000);
  ASSERT_TRUE(outbox) << outbox.error().message;
  for (const auto& row : *outbox) in_outbox.insert(row.id);
  ASSERT_FALSE(published.empty());
  for (const auto& id : published) EXPECT_TRUE(in_outbox.contains(id)) << "published event " << id << " is lost";
}

}  // namespace
}  // namespace pickupbox::e2e
