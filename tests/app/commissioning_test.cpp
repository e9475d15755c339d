// IT's commissioning against a real boxd on simulated boards: the self-test fires every empty
// door and never one that holds a document; the factory reset refuses while documents are
// inside, and when forced tells the back office which doors they were before erasing.
#include <gtest/gtest.h>

#include <fstream>

#include "boxctl_runner.hpp"
#include "boxd_test.hpp"
#include "wait.hpp"

namespace pickupbox::e2e {
namespace {

class Commissioning : public BoxdTest {
 protected:
  BoxctlRun boxctl(std::vector<std::string> args) {
    args.insert(args.begin(), {"--socket", boxd().socket().string()});
    return run_boxctl(args);
  }

  std::filesystem::path config_copy() {
    const auto path = boxd().state_dir().parent_path() / "boxd.conf.copy";
    std::ofstream(path) << "[box]\ndevice_id = box-dev-001\n";
    return path;
  }
};

std::string shown(const BoxctlRun& run) {
  return "exit " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out + "\nstderr:\n" + run.err;
}

Json result_of(const Json& report, const std::string& locker_id) {
  for (const auto& d : report.at("doors")) {
    if (d.value("locker_id", "") == locker_id) return d;
  }
  return Json::object();
}

TEST_F(Commissioning, SelfTestFiresEveryEmptyDoorAndNeverOneWithADocument) {
  auto box = driver();
  box.wait_settled();
  box.subscribe();
  box.login();
  const auto order = box.load_confirmed();
  box.sim_door("B08", "jam");

  const auto run = boxctl({"--json", "selftest"});
  EXPECT_EQ(run.exit_code, 1) << "a jammed lock fails the self-test\n" << shown(run);
  const auto report = Json::parse(run.out);
  EXPECT_EQ(report.value("passed", -1), 22) << report.dump();
  EXPECT_EQ(report.value("failed", -1), 1) << report.dump();
  EXPECT_EQ(report.value("skipped", -1), 1) << report.dump();
  EXPECT_EQ(result_of(report, order.locker_id).value("result", ""), "skipped") << report.dump();
  EXPECT_EQ(result_of(report, "B08").value("result", ""), "fail") << report.dump();
  EXPECT_EQ(result_of(report, "A01").value("result", ""), "pass") << report.dump();

  // The loaded door stayed shut; a tested one opened (the simulator's doors are sprung).
  EXPECT_EQ(box.locker(order.locker_id).value("door", ""), "closed");
  box.wait_door("A01", "open");
  const auto event = box.wait_event("selftest.completed");
  EXPECT_EQ(event.value("failed", ""), "B08") << event.dump();
  EXPECT_EQ(event.value("skipped", ""), order.locker_id) << event.dump();

  // The words version names the failing door.
  box.sim_door("A01", "close");
  const auto words = boxctl({"selftest"});
  EXPECT_NE(words.out.find("B08"), std::string::npos) << shown(words);
}

TEST_F(Commissioning, FactoryResetNeedsConfirmationAndRefusesWhileADocumentIsInside) {
  auto box = driver();
  box.subscribe();
  box.login();
  const auto order = box.load_confirmed();
  const auto config = config_copy();

  const auto unconfirmed = boxctl({"factory-reset", "--config", config.string()});
  EXPECT_EQ(unconfirmed.exit_code, 2) << shown(unconfirmed);

  const auto refused = boxctl({"factory-reset", "--yes-erase-everything", "--config", config.string()});
  EXPECT_EQ(refused.exit_code, 1) << shown(refused);
  EXPECT_NE(refused.err.find(order.locker_id), std::string::npos) << "names the door\n" << shown(refused);
  EXPECT_TRUE(boxd().running());
  EXPECT_TRUE(std::filesystem::exists(config));
  EXPECT_TRUE(std::filesystem::exists(boxd().state_dir() / "pickupbox.db"));
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "loaded");
}

TEST_F(Commissioning, ForcedFactoryResetNamesTheDoorsThenErasesEverything) {
  auto box = driver();
  box.subscribe();
  box.login();
  const auto order = box.load_confirmed();
  const auto config = config_copy();

  const auto run = boxctl({"factory-reset", "--yes-erase-everything", "--force", "--config", config.string()});
  ASSERT_EQ(run.exit_code, 0) << shown(run);
  const auto notice = box.wait_event("box.factory_reset");
  EXPECT_EQ(notice.value("doors_with_documents", ""), order.locker_id) << notice.dump();
  EXPECT_EQ(notice.value("forced", ""), "true");

  EXPECT_TRUE(eventually([&] { return !boxd().running(); })) << "boxd stops after a reset";
  EXPECT_FALSE(std::filesystem::exists(config));
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(boxd().state_dir())) {
    left.push_back(entry.path().filename().string());
  }
  EXPECT_TRUE(left.empty()) << "left in the state directory: " << ::testing::PrintToString(left);
}

// The provisioning order: a new box has no door map, runs out of order, layout scans its
// boards through that boxd and writes the map, and boxd restarted on it has the doors.
TEST(CommissioningLayout, ANewBoxRunsOutOfOrderUntilLayoutWritesItsDoorMap) {
  const std::string unlaid = "[box]\ndevice_id = box-dev-001\n\n[bus]\nbackend = sim\nboards = 0 1\n\n"
                             "[doors]\n# written by boxctl provision layout\n\n[dev]\nstaff = desk1 1234\n";
  BoxdOptions options;
  options.config_text = unlaid;
  BoxdProcess fresh(options);
  fresh.start();
  {
    BoxDriver box(fresh.connect());
    EXPECT_TRUE(box.ok("lockers").at("lockers").empty());
    EXPECT_TRUE(box.ok("status").value("out_of_order", false)) << "no doors: nothing for a citizen";
  }
  const auto dir = fresh.state_dir().parent_path();
  const auto config = dir / "layout.conf";
  std::ofstream(config) << unlaid;
  const auto layout = dir / "layout.template";
  std::ofstream(layout) << "[layout]\ncolumns = A B\nsizes = S S S S S S M M M M M M L L L L\n";
  const auto boxctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--socket", fresh.socket().string()});
    return run_boxctl(args);
  };

  const auto run = boxctl({"provision", "layout", "--template", layout.string(), "--config", config.string()});
  ASSERT_EQ(run.exit_code, 0) << shown(run);
  EXPECT_NE(run.out.find("32 doors"), std::string::npos) << shown(run);
  const auto bad = boxctl({"provision", "layout", "--template", config.string(), "--config", config.string()});
  EXPECT_EQ(bad.exit_code, 1) << "a configuration is no template\n" << shown(bad);
  EXPECT_NE(bad.err.find("columns"), std::string::npos) << shown(bad);
  ASSERT_EQ(fresh.stop(), 0);

  std::ifstream in(config);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("# written by boxctl provision layout"), std::string::npos) << text;
  BoxdOptions laid_out_options;
  laid_out_options.config_text = text;
  BoxdProcess laid_out(laid_out_options);
  laid_out.start();
  BoxDriver box(laid_out.connect());
  box.wait_settled();
  EXPECT_EQ(box.ok("lockers").at("lockers").size(), 32u);
  EXPECT_EQ(box.locker("B16").value("size", ""), "L");
  EXPECT_EQ(box.locker("B16").value("board", -1), 1);
  EXPECT_EQ(box.locker("A01").value("size", ""), "S");
  EXPECT_FALSE(box.ok("status").value("out_of_order", true));
  EXPECT_EQ(laid_out.stop(), 0);
}

}  // namespace
}  // namespace pickupbox::e2e
