// Every operation tried in every reachable state: the legal ones succeed, every other one
// is refused with invalid_transition naming the order.
#include <functional>
#include <set>

#include "order_fixtures.hpp"

namespace pickupbox::testing {
namespace {

using Outcome = std::optional<core::Error>;  // nullopt: the operation was allowed

template <class T>
Outcome outcome_of(const core::Result<T>& result) {
  return result ? Outcome{} : Outcome{result.error()};
}

struct SceneCase {
  std::string name;
  Scene (*build)(OrderTest&);
  std::set<std::string> legal;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const SceneCase& scene_case, std::ostream* os) { *os << scene_case.name; }

struct Operation {
  std::string name;
  std::function<Outcome(const Scene&)> run;
};

class TransitionTable : public OrderTest, public ::testing::WithParamInterface<SceneCase> {
 public:
  // The order's own deadline or close time where the operation depends on time, so that a
  // legal step is never refused for its timing alone.
  std::vector<Operation> operations() {
    const auto now = clock.now();
    return {
        {"start_load",
         [now](const Scene& s) {
           return outcome_of(core::start_load(s.order, free_locker("B01", core::SizeClass::L), "staff:desk1", now));
         }},
        {"confirm_load",
         [this, now](const Scene& s) {
           return outcome_of(core::confirm_load(s.order, s.locker, code(), now, policies));
         }},
        {"abort_load", [now](const Scene& s) { return outcome_of(core::abort_load(s.order, s.locker, now)); }},
        {"verify",
         [this, now](const Scene& s) {
           auto v = core::verify_identity(s.order, identity(), now, policies);
           return v.granted ? Outcome{} : v.refusal;
         }},
        {"complete_pickup",
         [now](const Scene& s) { return outcome_of(core::complete_pickup(s.order, s.locker, now)); }},
        {"reopen",
         [this, now](const Scene& s) {
           return outcome_of(
               core::reopen_after_pickup(s.order, s.locker, s.order.closed_at.value_or(now), policies));
         }},
        {"expire",
         [now](const Scene& s) { return outcome_of(core::expire(s.order, s.order.expires_at.value_or(now))); }},
        {"send_reminder", [now](const Scene& s) { return outcome_of(core::send_reminder(s.order, now)); }},
        {"start_return",
         [now](const Scene& s) {
           return outcome_of(core::start_return(s.order, s.locker, "staff:desk1", now));
         }},
        {"complete_return",
         [now](const Scene& s) { return outcome_of(core::complete_return(s.order, s.locker, now)); }},
        {"cancel",
         [now](const Scene& s) { return outcome_of(core::cancel(s.order, s.locker, "staff:desk1", now)); }},
        {"reset_attempts",
         [now](const Scene& s) { return outcome_of(core::reset_attempts(s.order, "staff:desk1", now)); }},
    };
  }
};

TEST_P(TransitionTable, OnlyTheLegalOperationsSucceed) {
  const SceneCase& scene_case = GetParam();
  const Scene scene = scene_case.build(*this);
  std::set<std::string> known;
  for (const Operation& op : operations()) {
    known.insert(op.name);
    SCOPED_TRACE(scene_case.name + " / " + op.name);
    const Outcome outcome = op.run(scene);
    if (scene_case.legal.contains(op.name)) {
      EXPECT_FALSE(outcome) << outcome->message;
    } else {
      ASSERT_TRUE(outcome);
      EXPECT_EQ(outcome->code, core::ErrorCode::invalid_transition) << outcome->message;
      EXPECT_NE(outcome->message.find(scene.order.id), std::string::npos) << outcome->message;
    }
  }
  for (const auto& name : scene_case.legal) EXPECT_TRUE(known.contains(name)) << "typo in table: " << name;
}

INSTANTIATE_TEST_SUITE_P(
    AllStates, TransitionTable,
    ::testing::Values(
        SceneCase{"awaiting_unassigned", [](OrderTest& fixture) { return fixture.awaiting_unassigned(); },
                  {"start_load", "cancel"}},
        SceneCase{"awaiting_reserved", [](OrderTest& fixture) { return fixture.awaiting_reserved(); },
                  {"confirm_load", "abort_load", "cancel"}},
        SceneCase{"loaded", [](OrderTest& fixture) { return fixture.loaded(); },
                  {"verify", "expire", "send_reminder", "cancel", "reset_attempts"}},
        SceneCase{"pickup_started", [](OrderTest& fixture) { return fixture.pickup_started(); },
                  {"verify", "complete_pickup", "send_reminder", "reset_attempts"}},
        SceneCase{"collected", [](OrderTest& fixture) { return fixture.collected(); },
                  {"reopen"}},
        SceneCase{"expired", [](OrderTest& fixture) { return fixture.expired(); },
                  {"start_return", "complete_return", "cancel"}},
        SceneCase{"returned", [](OrderTest& fixture) { return fixture.returned(); },
                  {}},
        SceneCase{"cancelled_with_document", [](OrderTest& fixture) { return fixture.cancelled_with_document(); },
                  {"start_return", "complete_return"}},
        SceneCase{"cancelled_before_loading", [](OrderTest& fixture) { return fixture.cancelled_before_loading(); },
                  {}}),
    [](const ::testing::TestParamInfo<SceneCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace pickupbox::testing
