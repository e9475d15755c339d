// The citizen's mistakes and the hardware's: wrong codes pause the kiosk, wrong dates of
// birth block the order until staff resets it, a jammed door is taken out of service.
#include <gtest/gtest.h>

#include <regex>

#include "boxd_test.hpp"

namespace pickupbox::e2e {
namespace {

// "... 3 attempts left ..." -> 3; -1 when the message gives no count.
int attempts_left_in(const std::string& message) {
  std::smatch match;
  static const std::regex pattern{R"((\d+) attempts? left)"};
  if (!std::regex_search(message, match, pattern)) return -1;
  return std::stoi(match[1].str());
}

std::string other_code(const std::string& code, int n) {
  std::string wrong = code;
  wrong[0] = static_cast<char>('0' + (code[0] - '0' + 1 + n) % 10);
  return wrong;
}

using PickupRefusal = BoxdTest;

TEST_F(PickupRefusal, WrongCodesCountDownThenTheKioskPausesEvenForTheRightCode) {
  auto box = driver();
  box.subscribe();
  box.login();
  const auto order = box.load_confirmed();

  for (int failure = 1; failure <= 5; ++failure) {
    const auto refusal = box.refused("pickup.verify", Json{{"code", other_code(order.code, failure)}});
    ASSERT_EQ(refusal.code, "wrong_code") << describe(refusal);
    EXPECT_EQ(attempts_left_in(refusal.message), 5 - failure) << refusal.message;
    EXPECT_EQ(refusal.details.value("attempts_left", -1), 5 - failure) << refusal.details.dump();
  }
  const auto paused = box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "1990-05-17"}});
  EXPECT_EQ(paused.code, "kiosk_throttled") << describe(paused);
  EXPECT_GT(paused.details.value("retry_after_s", 0), 0) << paused.details.dump();
  EXPECT_GT(box.ok("status").value("kiosk_paused_s", 0), 0);
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "loaded");
  EXPECT_EQ(box.locker(order.locker_id).value("door", ""), "closed");
}

// With the default policies five wrong dates of birth would also pause the kiosk for 30 s;
// this box allows more kiosk failures so the reset can be shown to work at once.
class PickupIdentity : public BoxdTest {
 protected:
  BoxdOptions boxd_options() const override {
    BoxdOptions options;
    options.config_text =
        "[bus]\nbackend = sim\nboards = 0 1\n"
        "[policies]\nattempts_per_order = 5\nkiosk_failures_before_backoff = 50\n"
        "[doors]\nA01 = 0 1 S\nA02 = 0 2 M\nB01 = 1 1 L\n"
        "[dev]\nstaff = desk1 1234\n";
    return options;
  }
};

TEST_F(PickupIdentity, WrongDatesOfBirthBlockTheOrderUntilStaffResetsIt) {
  auto box = driver();
  box.subscribe();
  box.login();
  const auto order = box.load_confirmed();

  for (int failure = 1; failure <= 4; ++failure) {
    const auto refusal = box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "2001-01-01"}});
    ASSERT_EQ(refusal.code, "wrong_identity") << describe(refusal);
    EXPECT_EQ(attempts_left_in(refusal.message), 5 - failure) << refusal.message;
    EXPECT_EQ(refusal.details.value("attempts_left", -1), 5 - failure) << refusal.details.dump();
    // The kiosk asks for the date of birth first: asking is not an attempt.
    const auto asked = box.refused("pickup.verify", Json{{"code", order.code}});
    ASSERT_EQ(asked.code, "identity_required") << describe(asked);
    EXPECT_EQ(asked.details.value("attempts_left", -1), 5 - failure) << asked.details.dump();
  }
  EXPECT_EQ(box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "2001-01-01"}}).code,
            "order_blocked");
  // Blocked means blocked: the right date of birth does not open it either.
  EXPECT_EQ(box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "1990-05-17"}}).code,
            "order_blocked");
  EXPECT_TRUE(box.order_summary(order.order_id).value("blocked", false));
  EXPECT_EQ(box.locker(order.locker_id).value("door", ""), "closed");

  const auto reset = box.staff("staff.reset_attempts", Json{{"order_id", order.order_id}});
  EXPECT_FALSE(reset.value("blocked", true));
  EXPECT_FALSE(box.order_summary(order.order_id).value("blocked", true));
  const auto verified = box.ok("pickup.verify", Json{{"code", order.code}, {"identifier", "1990-05-17"}});
  EXPECT_EQ(verified.value("locker_id", ""), order.locker_id);
  box.wait_door(order.locker_id, "open");
}

TEST_F(PickupRefusal, JammedDoorIsAHardwareErrorAndGoesOutOfService) {
  auto box = driver();
  box.subscribe();
  box.login();
  const auto order = box.load_confirmed();

  box.sim_door(order.locker_id, "jam");
  const auto refusal = box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "1990-05-17"}});
  EXPECT_EQ(refusal.code, "hardware") << describe(refusal);
  const auto locker = box.locker(order.locker_id);
  EXPECT_EQ(locker.value("state", ""), "out_of_service") << locker.dump();
  EXPECT_NE(locker.value("block", "none"), "none") << locker.dump();
  // The document is still inside and still the citizen's.
  EXPECT_EQ(box.order_summary(order.order_id).value("state", ""), "loaded");
}

}  // namespace
}  // namespace pickupbox::e2e
