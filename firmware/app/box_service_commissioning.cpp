// IT's commissioning and decommissioning: the self-test and the factory reset's check.
//
// The self-test: each lock fired once, one door at a time (so a weak supply never has to
// drive two solenoids), with its door sensor read back by the same confirm-open path a
// pickup uses. Doors that hold a document are never opened by a test.
#include "app/box_service.hpp"
#include "log/log.hpp"

namespace pickupbox::app {

using core::Result;

struct BoxService::SelfTestRun {
  std::string actor;
  std::vector<core::Locker> doors;
  std::size_t next = 0;
  Json results = Json::array();
  Reply reply;

  void add(const std::string& id, std::string_view result, const std::string& detail) {
    results.push_back({{"locker_id", id}, {"result", result}, {"detail", detail}});
  }
};

namespace {

// Why a door is not fired, or nullopt when it may be.
std::optional<std::pair<std::string_view, std::string>> not_testable(const core::Locker& door, bool watched) {
  if (door.occupancy != core::Occupancy::free) {
    return std::pair{"skipped", std::string("holds a document or is being loaded: not opened")};
  }
  if (watched) return std::pair{"skipped", std::string("busy with another operation")};
  if (door.block == core::ServiceBlock::board_offline) {
    return std::pair{"fail", std::string("its lock board does not answer: check the bus wiring and address")};
  }
  if (door.door == core::SensorReading::open) {
    return std::pair{"fail", std::string("the door was open before the test: close it and test again")};
  }
  return std::nullopt;
}

std::string joined(const Json& results, std::string_view result) {
  std::string ids;
  for (const auto& r : results) {
    if (r.at("result") != result) continue;
    if (!ids.empty()) ids += ',';
    ids += r.at("locker_id").get<std::string>();
  }
  return ids;
}

}  // namespace

void BoxService::self_test(const std::string& actor, Reply reply) {
  auto lockers = store_.lockers();
  if (!lockers) return reply(std::unexpected(lockers.error()));
  auto run = std::make_shared<SelfTestRun>();
  run->actor = actor;
  run->doors = std::move(*lockers);
  run->reply = std::move(reply);
  log::info("selftest.started", {{"doors", static_cast<int>(run->doors.size())}, {"actor", actor}});
  self_test_next(std::move(run));
}

void BoxService::self_test_next(std::shared_ptr<SelfTestRun> run) {
  while (run->next < run->doors.size()) {
    const core::Locker door = run->doors[run->next++];
    if (auto reason = not_testable(door, watches_.contains(door.id))) {
      run->add(door.id, reason->first, reason->second);
      continue;
    }
    const bool sensor = config_.has_door_sensor(door.board);
    open_for_service(run->actor, door.id, "self-test", [this, run, id = door.id, sensor](Result<Json> opened) {
      if (opened) {
        run->add(id, "pass", sensor ? "lock fired, sensor read open" : "relay fired; no door sensor: check by eye");
      } else {
        run->add(id, "fail", opened.error().message);
      }
      self_test_next(run);
    });
    return;  // the next door once this one has answered
  }
  self_test_finish(*run);
}

void BoxService::self_test_finish(const SelfTestRun& run) {
  int passed = 0, failed = 0, skipped = 0;
  for (const auto& r : run.results) {
    const auto result = r.at("result").get<std::string>();
    (result == "pass" ? passed : result == "fail" ? failed : skipped)++;
  }
  store::Change change;
  change.events.push_back(core::Event{"selftest.completed",
                                      {{"passed", std::to_string(passed)},
                                       {"failed", joined(run.results, "fail")},
                                       {"skipped", joined(run.results, "skipped")}}});
  change.audit.push_back(core::AuditEntry{run.actor, "selftest", "", "",
                                          std::to_string(passed) + " passed, " + std::to_string(failed) + " failed"});
  if (auto ok = commit(std::move(change)); !ok) return run.reply(std::unexpected(ok.error()));
  log::info("selftest.completed", {{"passed", passed}, {"failed", failed}, {"skipped", skipped}});
  run.reply(Json{{"doors", run.results}, {"passed", passed}, {"failed", failed}, {"skipped", skipped}});
}

Result<Json> BoxService::prepare_factory_reset(const std::string& actor, bool force) {
  auto lockers = store_.lockers();
  if (!lockers) return std::unexpected(lockers.error());
  Json doors = Json::array();
  std::string ids;
  for (const auto& l : *lockers) {
    if (l.occupancy == core::Occupancy::free) continue;
    doors.push_back(l.id);
    ids += (ids.empty() ? "" : ",") + l.id;
  }
  if (!doors.empty() && !force) {
    return core::fail(core::ErrorCode::invalid_transition,
                      "doors " + ids + " hold documents (loaded or being loaded): collect or retrieve them first, "
                      "or force the reset, which tells the back office which doors they were");
  }
  store::Change change;
  change.events.push_back(core::Event{"box.factory_reset", {{"doors_with_documents", ids}, {"forced", force ? "true" : "false"}}});
  change.audit.push_back(core::AuditEntry{actor, "factory_reset", "", "", ids.empty() ? "no documents" : "documents in " + ids});
  if (auto ok = commit(std::move(change)); !ok) return std::unexpected(ok.error());
  log::warn("box.factory_reset", {{"actor", actor}, {"doors_with_documents", ids}, {"forced", force}});
  return Json{{"doors_with_documents", doors}};
}

}  // namespace pickupbox::app
