// Requests no client should send are answered with a stable code and change nothing; a line
// over the limit ends that connection but not boxd. Staff methods need a session.
#include <gtest/gtest.h>

#include "boxd_test.hpp"
#include "raw_connection.hpp"

namespace pickupbox::e2e {
namespace {

using ProtocolAbuse = BoxdTest;

struct Snapshot {
  Json status;
  Json lockers;
};

// The box's state as status and lockers show it; the free bytes of the state filesystem are
// left out, as every other process on the machine moves them.
Snapshot snapshot(BoxDriver& box) {
  auto status = box.ok("status");
  if (status.contains("storage")) status["storage"].erase("free_bytes");
  return Snapshot{status, box.ok("lockers")};
}

Json answer_to(RawConnection& raw, const std::string& line) {
  EXPECT_TRUE(raw.send(line + "\n"));
  auto reply = raw.read_line();
  if (!reply) throw std::runtime_error("no answer to: " + line.substr(0, 200));
  return Json::parse(*reply);
}

std::string error_code(const Json& reply) { return reply.value("error", Json::object()).value("code", ""); }

TEST_F(ProtocolAbuse, MalformedRequestsAreRefusedAndChangeNothing) {
  auto box = driver();
  box.wait_settled();
  const auto before = snapshot(box);

  RawConnection raw(boxd().socket());
  auto reply = answer_to(raw, R"({"id":1,"method":"status",)");
  EXPECT_EQ(error_code(reply), "malformed_json") << reply.dump();
  EXPECT_TRUE(reply.at("id").is_null());
  reply = answer_to(raw, R"({"id":2,"method":"no.such.method"})");
  EXPECT_EQ(error_code(reply), "unknown_method") << reply.dump();
  EXPECT_EQ(reply.at("id"), 2);
  reply = answer_to(raw, R"({"id":"x","params":{}})");
  EXPECT_EQ(error_code(reply), "invalid_request") << reply.dump();
  reply = answer_to(raw, R"({"v":2,"id":3,"method":"status"})");
  EXPECT_EQ(error_code(reply), "invalid_request") << reply.dump();
  reply = answer_to(raw, R"({"id":4,"method":"status","params":[1,2]})");
  EXPECT_EQ(error_code(reply), "invalid_request") << reply.dump();
  reply = answer_to(raw, "[1,2,3]");
  EXPECT_EQ(error_code(reply), "invalid_request") << reply.dump();

  // Missing and mistyped fields: refused by validation before anything is looked up.
  for (const auto& [method, params] : std::vector<std::pair<std::string, Json>>{
           {"pickup.verify", Json::object()},
           {"pickup.verify", Json{{"code", 123456}}},
           {"pickup.done", Json::object()},
           {"staff.login", Json{{"staff_id", "desk1"}}},
           {"sim.door", Json{{"locker_id", "A01"}}},
           {"sim.board", Json{{"board", "one"}, {"action", "disconnect"}}},
       }) {
    const auto result = box.call(method, params);
    ASSERT_FALSE(result) << method << " " << params.dump() << " succeeded: " << result->dump();
    EXPECT_EQ(result.error().code, "invalid_argument")
        << method << " " << params.dump() << ": " << describe(result.error());
  }
  // The connection is still usable after all of that.
  reply = answer_to(raw, R"({"id":5,"method":"status"})");
  EXPECT_TRUE(reply.value("ok", false)) << reply.dump();

  // 70 KiB in one line: refused, then boxd hangs up on this connection only.
  const std::string huge = R"({"id":6,"method":"status","params":{"pad":")" + std::string(70 * 1024, 'x') + "\"}}";
  raw.send(huge + "\n");  // boxd may hang up before taking it all
  const auto too_long = raw.read_line();
  ASSERT_TRUE(too_long.has_value());
  EXPECT_EQ(error_code(Json::parse(*too_long)), "line_too_long") << *too_long;
  EXPECT_TRUE(raw.closed_by_peer());

  auto fresh = driver();
  const auto after = snapshot(fresh);
  EXPECT_EQ(after.status, before.status);
  EXPECT_EQ(after.lockers, before.lockers);
}

TEST_F(ProtocolAbuse, StaffMethodsNeedASession) {
  auto box = driver();
  box.wait_settled();
  const auto before = snapshot(box);
  const Json load{{"phone", "+4512345678"}, {"document_kind", "passport"}, {"size", "S"}};

  const auto missing = box.refused("staff.load", load);
  EXPECT_EQ(missing.code, "unauthorized") << describe(missing);
  Json forged = load;
  forged["session"] = std::string(32, 'a');
  const auto bogus = box.refused("staff.load", forged);
  EXPECT_EQ(bogus.code, "unauthorized") << describe(bogus);
  EXPECT_EQ(box.refused("staff.open", Json{{"session", std::string(32, 'b')}, {"locker_id", "A01"}}).code,
            "unauthorized");
  EXPECT_EQ(box.refused("staff.login", Json{{"staff_id", "desk1"}, {"pin", "9999"}}).code, "unauthorized");

  const auto after = snapshot(box);
  EXPECT_EQ(after.lockers, before.lockers);
  EXPECT_EQ(after.status.at("lockers"), before.status.at("lockers"));
}

}  // namespace
}  // namespace pickupbox::e2e
