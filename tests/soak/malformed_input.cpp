#include "malformed_input.hpp"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "raw_connection.hpp"

namespace pickupbox::soak {

namespace {

using namespace std::chrono_literals;

std::string error_code(const Json& reply) {
  const auto error = reply.value("error", Json::object());
  return error.is_object() ? error.value("code", std::string{}) : std::string{};
}

}  // namespace

void send_malformed_api(BoxRig& rig, Findings& findings) {
  e2e::RawConnection raw(rig.boxd().socket());
  // Line sent, code expected: the local API's transport and validation refusals.
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"id":1,"method":"status",)", "malformed_json"},
      {"\x01\x02\xff\xfe not json at all", "malformed_json"},
      {R"({"id":2,"method":"no.such.method"})", "unknown_method"},
      {R"({"id":"x","params":{}})", "invalid_request"},
      {R"({"v":2,"id":3,"method":"status"})", "invalid_request"},
      {R"({"id":4,"method":"status","params":[1,2]})", "invalid_request"},
      {"[1,2,3]", "invalid_request"},
      {R"({"id":5,"method":"pickup.verify","params":{"code":123456}})", "invalid_argument"},
      {R"({"id":6,"method":"staff.load","params":{"session":7,"phone":[],"size":"XL"}})", "invalid_argument"},
      {R"({"id":7,"method":"sim.board","params":{"board":"one","action":"disconnect"}})", "invalid_argument"},
      {R"({"id":8,"method":"sim.door","params":{"locker_id":"Z99","action":"jam"}})", "not_found"},
  };
  for (const auto& [line, expected] : cases) {
    if (!raw.send(line + "\n")) {
      findings.add("boxd closed the API connection on a malformed line instead of answering it: " + line.substr(0, 80));
      return;
    }
    const auto reply = raw.read_line(15s);
    if (!reply) {
      findings.add("boxd did not answer the malformed API line: " + line.substr(0, 80));
      return;
    }
    const auto json = Json::parse(*reply, nullptr, false);
    const auto code = json.is_discarded() ? std::string("<unparsable answer>") : error_code(json);
    if (code != expected) {
      findings.add("malformed API line " + line.substr(0, 80) + " answered with '" + code + "', expected '" + expected +
                   "': " + reply->substr(0, 200));
    }
  }
  // Over the line limit: refused, then that one connection is closed; boxd carries on.
  const std::string huge = R"({"id":9,"method":"status","params":{"pad":")" + std::string(70 * 1024, 'x') + "\"}}";
  raw.send(huge + "\n");  // boxd may hang up before taking it all
  const auto too_long = raw.read_line(15s);
  const auto json = too_long ? Json::parse(*too_long, nullptr, false) : Json();
  if (!too_long || json.is_discarded() || error_code(json) != "line_too_long") {
    findings.add("a 70 KiB API line was not refused with line_too_long: " + too_long.value_or("<no answer>").substr(0, 200));
  } else if (!raw.closed_by_peer(15s)) {
    findings.add("boxd kept the API connection open after a line over the limit");
  }
  // A fresh connection still works.
  auto fresh = rig.boxd().connect();
  if (auto status = fresh.call("status", Json::object(), 15s); !status) {
    findings.add("boxd does not answer status after malformed API input: " + status.error().code + ": " +
                 status.error().message);
  }
}

void send_malformed_mqtt(BoxRig& rig, Ledger& ledger, Findings& findings, std::int64_t round) {
  auto& office = rig.office();
  const auto id = [&](int k) { return "bad-" + std::to_string(round) + "-" + std::to_string(k); };
  const auto reference = "BAD-" + std::to_string(round);
  // A bad order with real-looking personal data: the refusals must not echo it.
  const Request citizen{"+4529" + std::to_string(100000 + round % 900000), "1961-03-0" + std::to_string(1 + round % 9), false};
  ledger.requested(reference, citizen);
  Json good_shape{{"schema", 1},       {"reference", reference}, {"document_kind", "passport"},
                  {"size", "M"},       {"phone", citizen.phone}, {"date_of_birth", citizen.date_of_birth},
                  {"language", "en"}};

  // No usable request id, or over 16 KiB (refused before it is read): nothing can be
  // answered; boxd only logs it. The answered ones below show boxd went past these.
  office.publish_command("create-order", "this is not json {");
  office.publish_command("create-order", std::string("\x00\xff\xfe", 3));
  auto oversize = good_shape;
  oversize["request_id"] = id(5);
  oversize["reference"] = std::string(17 * 1024, 'R');
  office.publish_command("create-order", oversize.dump());

  std::vector<std::pair<std::string, Json>> refused;  // command name, payload with a request id
  refused.emplace_back("bogus", Json{{"schema", 1}, {"request_id", id(1)}});
  auto wrong_types = good_shape;
  wrong_types["request_id"] = id(2);
  wrong_types["size"] = 5;
  wrong_types["phone"] = 4529000000;
  refused.emplace_back("create-order", wrong_types);
  auto wrong_schema = good_shape;
  wrong_schema["request_id"] = id(3);
  wrong_schema["schema"] = 2;
  refused.emplace_back("create-order", wrong_schema);
  auto unknown_key = good_shape;
  unknown_key["request_id"] = id(4);
  unknown_key["locker_hint"] = "A01";
  refused.emplace_back("create-order", unknown_key);
  auto bad_date = good_shape;
  bad_date["request_id"] = id(6);
  bad_date["date_of_birth"] = "31-02-1961x";
  refused.emplace_back("create-order", bad_date);
  refused.emplace_back("cancel-order", Json{{"schema", 1}, {"request_id", id(7)}, {"order_id", 42}});
  refused.emplace_back("remote-open", Json{{"schema", 1}, {"request_id", id(8)}, {"locker_id", "Z99"}, {"reason", "x"}});
  refused.emplace_back("config", Json{{"schema", 1}, {"request_id", id(9)}, {"policies", {{"code_digits", 99}}}});

  for (const auto& [name, payload] : refused) {
    if (!office.publish_command(name, payload.dump())) {
      findings.add("the broker did not acknowledge malformed cmd/" + name + " " + payload.value("request_id", ""));
      continue;
    }
  }
  for (const auto& [name, payload] : refused) {
    const auto request_id = payload.value("request_id", std::string{});
    const auto answer = office.answer(request_id, 20s);
    if (!answer) {
      findings.add("no cmd-result for malformed cmd/" + name + " " + request_id + " within 20 s");
    } else if (answer->value("ok", true) != false || error_code(*answer).empty()) {
      findings.add("malformed cmd/" + name + " " + request_id + " was not refused with an error code: " +
                   answer->dump().substr(0, 300));
    }
  }
}

}  // namespace pickupbox::soak
