// The boxctl binary against a running boxd: exit statuses, messages, and the demo.
#include <gtest/gtest.h>

#include "boxctl_runner.hpp"
#include "boxd_test.hpp"

namespace pickupbox::e2e {
namespace {

class Boxctl : public BoxdTest {
 protected:
  BoxctlRun boxctl(std::vector<std::string> args, const std::vector<std::pair<std::string, std::string>>& env = {}) {
    args.insert(args.begin(), {"--socket", boxd().socket().string()});
    return run_boxctl(args, env);
  }
};

std::string shown(const BoxctlRun& run) {
  return "exit " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out + "\nstderr:\n" + run.err;
}

TEST_F(Boxctl, StatusSucceedsAndJsonIsBoxdsResult) {
  driver().wait_settled();
  const auto words = boxctl({"status"});
  EXPECT_EQ(words.exit_code, 0) << shown(words);
  EXPECT_NE(words.out.find("24 free"), std::string::npos) << shown(words);

  const auto json = boxctl({"--json", "status"});
  ASSERT_EQ(json.exit_code, 0) << shown(json);
  const auto parsed = Json::parse(json.out);
  EXPECT_EQ(parsed.at("lockers").value("free", -1), 24);

  const auto table = boxctl({"lockers"});
  EXPECT_EQ(table.exit_code, 0) << shown(table);
  EXPECT_NE(table.out.find("B08"), std::string::npos) << shown(table);
}

TEST_F(Boxctl, WrongPickupCodeExitsOneWithTheReason) {
  const auto run = boxctl({"pickup", "--code", "000000"});
  EXPECT_EQ(run.exit_code, 1) << shown(run);
  EXPECT_NE(run.err.find("boxctl: "), std::string::npos) << shown(run);
  EXPECT_NE(run.err.find("(wrong_code)"), std::string::npos) << shown(run);
  EXPECT_NE(run.err.find("attempts left"), std::string::npos) << shown(run);
}

TEST_F(Boxctl, StaffCredentialsComeFromTheEnvironment) {
  const auto run = boxctl({"staff", "out-of-service", "--door", "A02", "--on"},
                          {{"PICKUPBOX_STAFF", "desk1"}, {"PICKUPBOX_PIN", "1234"}});
  EXPECT_EQ(run.exit_code, 0) << shown(run);
  EXPECT_EQ(driver().locker("A02").value("state", ""), "out_of_service");

  const auto wrong_pin = boxctl({"staff", "out-of-service", "--door", "A02", "--off"},
                                {{"PICKUPBOX_STAFF", "desk1"}, {"PICKUPBOX_PIN", "9999"}});
  EXPECT_EQ(wrong_pin.exit_code, 1) << shown(wrong_pin);
  EXPECT_NE(wrong_pin.err.find("(unauthorized)"), std::string::npos) << shown(wrong_pin);
  EXPECT_EQ(driver().locker("A02").value("state", ""), "out_of_service");
}

TEST_F(Boxctl, UsageErrorsExitTwoAndAMissingBoxdExitsThree) {
  const auto no_args = boxctl({"staff", "load", "--staff", "desk1", "--pin", "1234"});
  EXPECT_EQ(no_args.exit_code, 2) << shown(no_args);
  const auto bad_size = boxctl({"staff", "load", "--staff", "desk1", "--pin", "1234", "--phone", "+4512345678",
                                "--kind", "passport", "--size", "XL"});
  EXPECT_EQ(bad_size.exit_code, 2) << shown(bad_size);
  const auto no_pin = boxctl({"orders", "--staff", "desk1"});
  EXPECT_EQ(no_pin.exit_code, 2) << shown(no_pin);

  const std::string nowhere = (boxd().state_dir().parent_path() / "nobody.sock").string();
  const auto unreachable = run_boxctl({"--socket", nowhere, "status"});
  EXPECT_EQ(unreachable.exit_code, 3) << shown(unreachable);
  EXPECT_NE(unreachable.err.find("is boxd running? socket " + nowhere), std::string::npos) << shown(unreachable);
}

TEST_F(Boxctl, DemoRunsEveryStepAgainstARunningBoxd) {
  const auto run = boxctl({"demo"});
  EXPECT_EQ(run.exit_code, 0) << shown(run);
  EXPECT_NE(run.out.find("[10/10]"), std::string::npos) << shown(run);
  EXPECT_EQ(run.out.find("FAILED"), std::string::npos) << shown(run);
  auto box = driver();
  box.login();
  const auto collected = box.staff("staff.orders", Json{{"state", "collected"}}).at("orders");
  EXPECT_EQ(collected.size(), 1u) << collected.dump();
}

}  // namespace
}  // namespace pickupbox::e2e
