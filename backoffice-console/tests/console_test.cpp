// The console's pure parts: key=value -> payload for every command, the interactive line
// syntax, one human line per message kind, the --log record, the PIN hash entry, and the
// connection option checks. Broker end-to-end tests live elsewhere.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "backoffice/command_parser.hpp"
#include "broker_probe.hpp"
#include "command_builder.hpp"
#include "connection_options.hpp"
#include "console_line.hpp"
#include "core/digest_hex.hpp"
#include "core/pin.hpp"
#include "message_format.hpp"
#include "message_log.hpp"
#include "mqtt_session.hpp"
#include "request_id.hpp"
#include "seeded_random.hpp"
#include "staff_pin.hpp"

namespace pickupbox::console {
namespace {

using Json = nlohmann::ordered_json;
using testing::SeededRandom;

struct Built {
  core::Result<Json> payload;
  std::string error() const { return payload ? std::string("(no error)") : payload.error().message; }
};

Built build(std::string command, std::vector<std::string> fields, std::optional<std::string> raw = std::nullopt,
            std::optional<std::string> request_id = std::nullopt) {
  static SeededRandom random;
  CommandRequest request{"box-dev-001", std::move(command), std::move(fields), std::move(raw), std::move(request_id)};
  return {build_command_payload(request, "r-1", random)};
}

// The box's own parser (firmware/backoffice) must accept what the console sends.
void expect_parses_on_box(std::string_view command, const Json& payload) {
  const auto parsed = backoffice::parse_command(command, payload.dump());
  EXPECT_TRUE(parsed.has_value()) << command << ": " << (parsed ? "" : parsed.error().error.message) << "\n"
                                  << payload.dump();
}

// --- command builder -----------------------------------------------------------------------

TEST(CommandBuilder, CreateOrderTypesAliasesAndOrder) {
  const auto built = build("create-order", {"reference=PAS-1", "kind=Passport", "size=m", "phone=+4512345678",
                                            "dob=1990-05-17", "lang=EN", "expires=2026-12-01T12:00:00Z"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ(built.payload->dump(),
            R"({"schema":1,"request_id":"r-1","reference":"PAS-1","document_kind":"passport","size":"M",)"
            R"("phone":"+4512345678","date_of_birth":"1990-05-17","language":"en","expires_at":"2026-12-01T12:00:00Z"})");
  expect_parses_on_box("create-order", *built.payload);
}

TEST(CommandBuilder, CreateOrderAcceptsDashedKindAndFullKeys) {
  const auto built = build("create-order", {"reference=X", "document_kind=driving-licence", "size=L", "phone=12345678"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ((*built.payload)["document_kind"], "driving_licence");
  EXPECT_FALSE(built.payload->contains("language"));
}

TEST(CommandBuilder, CreateOrderMissingFieldNamesItAndTheUsage) {
  const auto built = build("create-order", {"reference=PAS-1", "kind=passport", "size=M"});
  ASSERT_FALSE(built.payload);
  EXPECT_EQ(built.payload.error().code, core::ErrorCode::invalid_argument);
  EXPECT_NE(built.error().find("needs phone"), std::string::npos) << built.error();
  EXPECT_NE(built.error().find("usage: create-order DEVICE"), std::string::npos) << built.error();
}

TEST(CommandBuilder, BadChoiceListsTheChoices) {
  auto built = build("create-order", {"reference=X", "kind=visa", "size=M", "phone=1"});
  ASSERT_FALSE(built.payload);
  EXPECT_NE(built.error().find("passport|driving_licence|id_card|other, got 'visa'"), std::string::npos)
      << built.error();
  built = build("create-order", {"reference=X", "kind=passport", "size=XL", "phone=1"});
  ASSERT_FALSE(built.payload);
  EXPECT_NE(built.error().find("'size' must be S|M|L"), std::string::npos) << built.error();
}

TEST(CommandBuilder, InputMistakesAreNamed) {
  struct Case {
    std::string command;
    std::vector<std::string> fields;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"create-order", {"colour=red"}, "create-order has no field 'colour'; its fields: reference|ref"},
      {"create-order", {"size=M", "size=L"}, "field 'size' is given twice"},
      {"create-order", {"size"}, "expected key=value, got 'size'"},
      {"create-order", {"=M"}, "expected key=value, got '=M'"},
      {"create-order", {"reference="}, "field 'reference' is empty"},
      {"launch", {}, "unknown command 'launch'; commands: create-order, cancel-order, remote-open"},
      {"cancel-order", {}, "exactly one of order_id=ID or reference=REF"},
      {"cancel-order", {"order=a", "ref=b"}, "exactly one of order_id=ID or reference=REF"},
      {"remote-open", {"door=A07"}, "remote-open needs reason="},
      {"set-out-of-service", {"door=A07", "out_of_service=maybe"}, "must be true or false, got 'maybe'"},
      {"config", {}, "config needs at least one policy"},
      {"config", {"code_digits=six"}, "'code_digits' must be a whole number, got 'six'"},
      {"config", {"code_digits=6.5"}, "must be a whole number, got '6.5'"},
      {"config", {"code_digits=99999999999"}, "'code_digits' is out of range"},
      {"config", {"colour=1"}, "config has no field 'colour'"},
  };
  for (const auto& c : cases) {
    const auto built = build(c.command, c.fields);
    ASSERT_FALSE(built.payload) << c.command << " " << c.expected;
    EXPECT_EQ(built.payload.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(built.error().find(c.expected), std::string::npos) << "got: " << built.error();
  }
}

TEST(CommandBuilder, RejectsAnInvalidDevice) {
  SeededRandom random;
  const auto built = build_command_payload({"box/1", "config", {"code_digits=6"}, {}, {}}, "r-1", random);
  ASSERT_FALSE(built);
  EXPECT_NE(built.error().message.find("device id 'box/1'"), std::string::npos);
}

TEST(CommandBuilder, CancelOrderByEitherKey) {
  auto built = build("cancel-order", {"ref=PAS-1", "reason=citizen moved"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ(built.payload->dump(), R"({"schema":1,"request_id":"r-1","reference":"PAS-1","reason":"citizen moved"})");
  expect_parses_on_box("cancel-order", *built.payload);
  built = build("cancel-order", {"order=3f2b8c1e-0d4a-4b6e-9a51-2c7d9e0f1a2b"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ((*built.payload)["order_id"], "3f2b8c1e-0d4a-4b6e-9a51-2c7d9e0f1a2b");
  expect_parses_on_box("cancel-order", *built.payload);
}

TEST(CommandBuilder, RemoteOpenWithDoorAlias) {
  const auto built = build("remote-open", {"door=A07", "reason=citizen at the desk", "operator=anna"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ(built.payload->dump(),
            R"({"schema":1,"request_id":"r-1","locker_id":"A07","reason":"citizen at the desk","operator":"anna"})");
  expect_parses_on_box("remote-open", *built.payload);
}

TEST(CommandBuilder, SetOutOfServiceIsABooleanDefaultingToTrue) {
  auto built = build("set-out-of-service", {"door=A07", "reason=broken hinge"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ((*built.payload)["out_of_service"], true);
  expect_parses_on_box("set-out-of-service", *built.payload);
  for (const char* word : {"false", "no", "off", "0", "FALSE"}) {
    built = build("set-out-of-service", {"locker=A07", std::string("out_of_service=") + word});
    ASSERT_TRUE(built.payload) << built.error();
    EXPECT_TRUE((*built.payload)["out_of_service"].is_boolean());
    EXPECT_EQ((*built.payload)["out_of_service"], false) << word;
  }
  expect_parses_on_box("set-out-of-service", *built.payload);
}

TEST(CommandBuilder, ConfigIntegersGoUnderPolicies) {
  const auto built = build("config", {"code_digits=8", "attempts_per_order=5", "grace_reopen_s=60",
                                      "pickup_window_h=336"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ(built.payload->dump(), R"({"schema":1,"request_id":"r-1","policies":{"code_digits":8,)"
                                   R"("attempts_per_order":5,"grace_reopen_s":60,"pickup_window_h":336}})");
  EXPECT_TRUE((*built.payload)["policies"]["code_digits"].is_number_integer());
  expect_parses_on_box("config", *built.payload);
}

TEST(CommandBuilder, EveryPolicyKeyIsAccepted) {
  const std::vector<std::string> all = {
      "code_digits=6",          "attempts_per_order=3",       "kiosk_failures_before_backoff=5",
      "kiosk_backoff_initial_s=30", "kiosk_backoff_max_s=600", "grace_reopen_s=60",
      "staff_session_timeout_s=300", "door_open_alarm_after_s=120", "code_lifetime_h=336",
      "pickup_window_h=336",    "reminder_after_h=72"};
  const auto built = build("config", all);
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ((*built.payload)["policies"].size(), all.size());
  expect_parses_on_box("config", *built.payload);
}

// --- staff credentials: only the PIN's hash is sent ------------------------------------------

TEST(StaffCredentials, AddSendsAPbkdf2HashThatVerifies) {
  const auto built = build("staff-credentials", {"add=desk2", "pin=4321", "name=Desk 2"});
  ASSERT_TRUE(built.payload) << built.error();
  const Json& payload = *built.payload;
  EXPECT_EQ(payload.dump().find("4321"), std::string::npos) << "the PIN must not be in the payload";
  ASSERT_EQ(payload["upsert"].size(), 1u);
  EXPECT_TRUE(payload["remove"].empty());
  const Json& entry = payload["upsert"][0];
  EXPECT_EQ(entry["staff_id"], "desk2");
  EXPECT_EQ(entry["display_name"], "Desk 2");
  EXPECT_EQ(entry["active"], true);
  const Json& pin_hash = entry["pin_hash"];
  EXPECT_EQ(pin_hash["salt"].get<std::string>().size(), 32u);  // 16 bytes
  EXPECT_EQ(pin_hash["hash"].get<std::string>().size(), 64u);  // 32 bytes
  EXPECT_EQ(pin_hash["iterations"], 200000);
  const auto stored = parse_pin_hash(pin_hash);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_TRUE(core::verify_pin("4321", *stored));
  EXPECT_FALSE(core::verify_pin("4322", *stored));
  expect_parses_on_box("staff-credentials", payload);
}

TEST(StaffCredentials, FreshSaltEachTime) {
  SeededRandom random(7);
  const auto first = staff_upsert_entry({"desk1", "", "1234", true}, random);
  const auto second = staff_upsert_entry({"desk1", "", "1234", true}, random);
  ASSERT_TRUE(first && second);
  EXPECT_NE((*first)["pin_hash"]["salt"], (*second)["pin_hash"]["salt"]);
  EXPECT_NE((*first)["pin_hash"]["hash"], (*second)["pin_hash"]["hash"]);
  EXPECT_EQ((*first)["display_name"], "desk1");  // defaults to the id
}

TEST(StaffCredentials, RemoveTakesListsAndRepeats) {
  const auto built = build("staff-credentials", {"remove=desk9,desk8", "remove=desk7"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ(built.payload->dump(), R"({"schema":1,"request_id":"r-1","upsert":[],"remove":["desk9","desk8","desk7"]})");
  expect_parses_on_box("staff-credentials", *built.payload);
}

TEST(StaffCredentials, InactiveAccount) {
  const auto built = build("staff-credentials", {"add=desk3", "pin=123456", "active=false"});
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ((*built.payload)["upsert"][0]["active"], false);
}

TEST(StaffCredentials, MistakesAreNamed) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"add=desk2"}, "add=desk2 needs pin=<4..12 digits>"},
      {{"add=desk2", "pin=12"}, "must be 4..12 digits"},
      {{"add=desk2", "pin=12ab"}, "must be 4..12 digits"},
      {{"pin=1234"}, "belong to an account: add add=<staff id>"},
      {{}, "staff-credentials needs add=<staff id>"},
      {{"add=a", "add=b", "pin=1234"}, "field 'add' is given twice"},
      {{"add=a", "pin=1234", "active=perhaps"}, "must be true or false"},
      {{"role=admin"}, "staff-credentials has no field 'role'"},
  };
  for (const auto& [fields, expected] : cases) {
    const auto built = build("staff-credentials", fields);
    ASSERT_FALSE(built.payload) << expected;
    EXPECT_NE(built.error().find(expected), std::string::npos) << "got: " << built.error();
  }
}

// --- raw --json and request ids --------------------------------------------------------------

TEST(RawJson, IsPassedOnAsGivenWithFieldsAdded) {
  const auto built = build("remote-open", {"reason=test"}, R"({"schema":2,"locker_id":"A01","extra":[1]})");
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ(built.payload->dump(),
            R"({"schema":2,"request_id":"r-1","locker_id":"A01","extra":[1],"reason":"test"})");
}

TEST(RawJson, SkipsRequiredChecksSoTheBoxValidationCanBeTested) {
  const auto built = build("create-order", {}, R"({"reference":"x"})");
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ(built.payload->dump(), R"({"schema":1,"request_id":"r-1","reference":"x"})");
}

TEST(RawJson, RequestIdFromJsonUnlessOverridden) {
  auto built = build("config", {"code_digits=6"}, R"({"request_id":"from-json"})");
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ((*built.payload)["request_id"], "from-json");
  built = build("config", {"code_digits=6"}, R"({"request_id":"from-json"})", "from-option");
  ASSERT_TRUE(built.payload) << built.error();
  EXPECT_EQ((*built.payload)["request_id"], "from-option");
  EXPECT_EQ(built.payload->dump().find("from-json"), std::string::npos);
}

TEST(RawJson, Mistakes) {
  EXPECT_NE(build("config", {}, "{nope").error().find("--json is not valid JSON"), std::string::npos);
  EXPECT_NE(build("config", {}, "[1]").error().find("--json must be a JSON object"), std::string::npos);
  EXPECT_NE(build("config", {}, R"({"request_id":5})").error().find("request_id in --json must be a string"),
            std::string::npos);
  EXPECT_NE(build("config", {"code_digits=6"}, R"({"policies":3})").error().find("\"policies\" in --json"),
            std::string::npos);
  EXPECT_NE(build("config", {"code_digits=6"}, std::nullopt, "a/b").error().find("request id 'a/b'"),
            std::string::npos);
}

TEST(RequestId, FreshIdsHaveTheDocumentedShape) {
  SeededRandom random;
  const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'795'000'000'123));
  const std::string first = new_request_id(at, random);
  const std::string second = new_request_id(at, random);
  EXPECT_TRUE(first.starts_with("console-1795000000123-")) << first;
  EXPECT_EQ(first.size(), std::string("console-1795000000123-").size() + 8);
  EXPECT_NE(first, second);
  EXPECT_TRUE(check_request_id(first));
  EXPECT_TRUE(backoffice::is_valid_request_id(first));
  EXPECT_FALSE(check_request_id(""));
  EXPECT_FALSE(check_request_id(std::string(65, 'a')));
  EXPECT_FALSE(check_request_id("r+1"));
}

TEST(CommandHelp, ListsEveryCommand) {
  const std::string help = command_help();
  for (const char* name :
       {"create-order", "cancel-order", "remote-open", "set-out-of-service", "staff-credentials", "config"}) {
    EXPECT_NE(help.find(std::string("  ") + name + " DEVICE"), std::string::npos) << name;
    EXPECT_TRUE(is_known_command(name));
  }
  EXPECT_FALSE(is_known_command("help"));
}

// --- the interactive line ----------------------------------------------------------------------

TEST(ConsoleLine, SplitsWordsWithQuotes) {
  const auto words = split_words(R"(  staff-credentials box-1 add=desk2 name="Desk \"2\"" --json '{"a": 1}'  # note)");
  ASSERT_TRUE(words);
  EXPECT_EQ(*words, (std::vector<std::string>{"staff-credentials", "box-1", "add=desk2", R"(name=Desk "2")",
                                              "--json", R"({"a": 1})"}));
  EXPECT_FALSE(split_words("name=\"open"));
  EXPECT_FALSE(split_words("name='open"));
}

TEST(ConsoleLine, CommandFirstAsInTheExample) {
  const auto line = parse_console_line(
      "create-order box-dev-001 reference=PAS-1 kind=passport size=M phone=+4512345678 dob=1990-05-17");
  ASSERT_TRUE(line) << line.error().message;
  ASSERT_EQ(line->kind, ConsoleLine::Kind::command);
  EXPECT_EQ(line->request.command, "create-order");
  EXPECT_EQ(line->request.device, "box-dev-001");
  EXPECT_EQ(line->request.fields.size(), 5u);
  SeededRandom random;
  EXPECT_TRUE(build_command_payload(line->request, "r-1", random));
}

TEST(ConsoleLine, SendOrderAndOptions) {
  const auto line =
      parse_console_line(R"(send box-dev-001 remote-open door=A07 reason='at desk' --request-id r-9 --json='{"x":1}')");
  ASSERT_TRUE(line) << line.error().message;
  EXPECT_EQ(line->request.device, "box-dev-001");
  EXPECT_EQ(line->request.command, "remote-open");
  EXPECT_EQ(line->request.fields, (std::vector<std::string>{"door=A07", "reason=at desk"}));
  EXPECT_EQ(line->request.request_id, "r-9");
  EXPECT_EQ(line->request.raw_json, "{\"x\":1}");
}

TEST(ConsoleLine, HelpQuitEmptyAndMistakes) {
  EXPECT_EQ(parse_console_line("help")->kind, ConsoleLine::Kind::help);
  EXPECT_EQ(parse_console_line(" quit ")->kind, ConsoleLine::Kind::quit);
  EXPECT_EQ(parse_console_line("")->kind, ConsoleLine::Kind::empty);
  EXPECT_EQ(parse_console_line("# just a comment")->kind, ConsoleLine::Kind::empty);
  EXPECT_NE(parse_console_line("box-1 launch x=1").error().message.find("no command"), std::string::npos);
  EXPECT_NE(parse_console_line("config").error().message.find("expected COMMAND DEVICE"), std::string::npos);
  EXPECT_NE(parse_console_line("config box-1 --verbose").error().message.find("unknown option '--verbose'"),
            std::string::npos);
  EXPECT_NE(parse_console_line("config box-1 --json").error().message.find("--json needs a value"),
            std::string::npos);
  EXPECT_NE(parse_console_line("config box-1 --request-id a --request-id b").error().message.find("twice"),
            std::string::npos);
}

// --- one human line per message ------------------------------------------------------------------

TEST(MessageFormat, Event) {
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/events",
                           R"({"schema":1,"id":"0b6f","seq":12,"at":"2026-11-25T10:00:00.000Z",)"
                           R"("type":"order.loaded","order_id":"o-1","locker_id":"A07"})"),
            "box-dev-001 event #12 order.loaded order_id=o-1 locker_id=A07");
}

TEST(MessageFormat, EventValuesWithSpacesAreQuotedAndOthersDumped) {
  EXPECT_EQ(format_message("pickupbox/v1/box-1/events",
                           R"({"schema":1,"seq":3,"type":"locker.remote_opened","reason":"at desk",)"
                           R"("count":2,"ok":true,"note":"line1\nline2"})"),
            R"(box-1 event #3 locker.remote_opened reason="at desk" count=2 ok=true note="line1\nline2")");
}

TEST(MessageFormat, SmsIsTheDelivery) {
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/sms",
                           R"({"schema":1,"id":"u","seq":13,"at":"t","order_id":"o-1","to":"+4512345678",)"
                           R"("language":"da","text":"Din kode er 123456.\nHent inden 9/12."})"),
            R"(box-dev-001 SMS to +4512345678 (da): Din kode er 123456.\nHent inden 9/12.)");
}

TEST(MessageFormat, Status) {
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/status",
                           R"({"schema":1,"device_id":"box-dev-001","state":"online","version":"0.1.0","at":"t"})"),
            "box-dev-001 status online 0.1.0");
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/status",
                           R"({"schema":1,"state":"online","version":"0.1.0","health":{"boards":"ok"}})"),
            R"(box-dev-001 status online 0.1.0 health={"boards":"ok"})");
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/status", R"({"schema":1,"device_id":"box-dev-001","state":"offline"})"),
            "box-dev-001 status offline");
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/status", ""),
            "box-dev-001 status cleared (empty retained message)");
}

TEST(MessageFormat, Results) {
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/cmd-result/r-17",
                           R"({"schema":1,"request_id":"r-17","command":"create-order","ok":true,)"
                           R"("result":{"order_id":"o-1"}})"),
            R"(box-dev-001 result r-17 ok {"order_id":"o-1"})");
  EXPECT_EQ(format_message("pickupbox/v1/box-dev-001/cmd-result/r-18",
                           R"({"schema":1,"request_id":"r-18","command":"config","ok":false,)"
                           R"("error":{"code":"invalid_argument","message":"policies: is empty"}})"),
            "box-dev-001 result r-18 error invalid_argument: policies: is empty");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/cmd-result/r-1", R"({"schema":1,"ok":true})"),
            "box-1 result r-1 ok {}");
}

TEST(MessageFormat, MalformedMessagesAreWarningsNeverThrows) {
  EXPECT_EQ(format_message("pickupbox/v1/box-1/events", "not json\x01"),
            "box-1 warning events: payload is not JSON: not json\\x01");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/events", "[1,2]"),
            "box-1 warning events: payload is not a JSON object: [1,2]");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/events", R"({"schema":2,"type":"x"})"),
            R"(box-1 warning events: unsupported schema 2: {"schema":2,"type":"x"})");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/events", R"({"seq":1,"type":"x"})"),
            R"(box-1 warning events: unsupported schema (none): {"seq":1,"type":"x"})");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/events", R"({"schema":1,"seq":1})"),
            R"(box-1 warning events: event without a string "type": {"schema":1,"seq":1})");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/sms", R"({"schema":1,"to":5})"),
            R"(box-1 warning sms: SMS request without string "to" and "text": {"schema":1,"to":5})");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/status", R"({"schema":1})"),
            R"(box-1 warning status: status without a string "state": {"schema":1})");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/cmd-result/r-1", R"({"schema":1})"),
            R"(box-1 warning cmd-result/r-1: result without a boolean "ok": {"schema":1})");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/events", ""), "box-1 warning events: empty payload");
  EXPECT_EQ(format_message("elsewhere/topic", "{}"), "? warning elsewhere/topic: not a pickupbox/v1/<device>/… topic");
  EXPECT_EQ(format_message("pickupbox/v1/box-1/diag", R"({"schema":1,"x":1})"), R"(box-1 other diag: {"schema":1,"x":1})");
  // Invalid UTF-8 inside JSON strings is not JSON; outside, it is escaped.
  EXPECT_EQ(format_message("pickupbox/v1/box-1/sms", "{\"schema\":1,\"to\":\"\xff\"}"),
            "box-1 warning sms: payload is not JSON: {\"schema\":1,\"to\":\"\\xff\"}");
  const std::string long_payload(500, 'x');
  const std::string line = format_message("pickupbox/v1/box-1/events", long_payload);
  EXPECT_LT(line.size(), 200u);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(MessageFormat, CommandTopicsAreOurOwn) {
  EXPECT_TRUE(is_command_topic("pickupbox/v1/box-1/cmd/create-order"));
  EXPECT_FALSE(is_command_topic("pickupbox/v1/box-1/cmd-result/r-1"));
  EXPECT_FALSE(is_command_topic("pickupbox/v1/box-1/events"));
  EXPECT_FALSE(is_command_topic("other/cmd/x"));
}

// --- the --log record ---------------------------------------------------------------------------

TEST(MessageLog, RecordHasTopicParsedPayloadAndTime) {
  const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'795'600'800'045));
  EXPECT_EQ(utc_millis_text(at), "2026-11-25T10:00:00.045Z");
  EXPECT_EQ(log_record("pickupbox/v1/box-1/events", R"({"schema":1,"seq":2})", false, at),
            R"({"topic":"pickupbox/v1/box-1/events","payload":{"schema":1,"seq":2},)"
            R"("received_at":"2026-11-25T10:00:00.045Z","retained":false})");
  EXPECT_EQ(log_record("pickupbox/v1/box-1/status", "", true, at),
            R"({"topic":"pickupbox/v1/box-1/status","payload":"","received_at":"2026-11-25T10:00:00.045Z",)"
            R"("retained":true})");
  const Json not_json = Json::parse(log_record("t", "oops \"x\"\n", false, at));
  EXPECT_EQ(not_json["payload"], "oops \"x\"\n");
  const Json bad_utf8 = Json::parse(log_record("t", "a\xff", false, at));
  EXPECT_EQ(bad_utf8["payload"], "a\xef\xbf\xbd");
}

TEST(MessageLog, AppendsOneFlushedLinePerRecord) {
  const auto path = std::filesystem::temp_directory_path() / ("console-log-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  {
    auto log = MessageLog::open(path.string());
    ASSERT_TRUE(log) << log.error().message;
    EXPECT_TRUE(log->append(R"({"a":1})"));
    std::ifstream reader(path);  // visible before the log is closed
    std::string line;
    ASSERT_TRUE(std::getline(reader, line));
    EXPECT_EQ(line, R"({"a":1})");
    EXPECT_TRUE(log->append(R"({"a":2})"));
  }
  {
    auto again = MessageLog::open(path.string());  // appends, never truncates
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->append(R"({"a":3})"));
  }
  std::ifstream reader(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(reader, line);) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{R"({"a":1})", R"({"a":2})", R"({"a":3})"}));
  std::filesystem::remove(path);

  const auto refused = MessageLog::open("/nonexistent-dir/x.jsonl");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("cannot open --log '/nonexistent-dir/x.jsonl'"), std::string::npos);
}

// --- connection options ----------------------------------------------------------------------------

TEST(ConnectionOptions, DefaultsAndTlsPairing) {
  auto resolved = resolve({});
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->client_id, "backoffice-console-" + std::to_string(::getpid()));
  EXPECT_EQ(resolved->endpoint(), "127.0.0.1:1883");
  EXPECT_FALSE(resolved->clean);
  EXPECT_FALSE(resolved->tls());

  ConnectionOptions only_cert;
  only_cert.cert = "c.pem";
  EXPECT_NE(resolve(only_cert).error().message.find("--cert and --key go together"), std::string::npos);
  ConnectionOptions no_ca;
  no_ca.cert = "c.pem";
  no_ca.key = "k.pem";
  EXPECT_NE(resolve(no_ca).error().message.find("need --cafile"), std::string::npos);
  ConnectionOptions missing_ca;
  missing_ca.cafile = "/nonexistent/ca.pem";
  EXPECT_NE(resolve(missing_ca).error().message.find("cannot read --cafile '/nonexistent/ca.pem'"), std::string::npos);
}

TEST(ConnectionOptions, ParsedFromTheCommandLine) {
  CLI::App app;
  ConnectionOptions options;
  add_connection_options(app, options);
  const char* argv[] = {"x", "--host", "broker.local", "--port", "8883", "--client-id", "bo-1", "--clean"};
  app.parse(8, const_cast<char**>(argv));
  EXPECT_EQ(options.endpoint(), "broker.local:8883");
  EXPECT_EQ(options.client_id, "bo-1");
  EXPECT_TRUE(options.clean);
}

// --- connection failures say host:port and what to check ------------------------------------------

int unused_port() {
  // Bind then close: nothing listens there right after.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(Connection, RefusedPortIsNamed) {
  const int port = unused_port();
  const auto probed = probe_tcp("127.0.0.1", port, std::chrono::seconds(2));
  ASSERT_FALSE(probed);
  EXPECT_NE(probed.error().message.find("127.0.0.1:" + std::to_string(port) + " refused the TCP connection"),
            std::string::npos)
      << probed.error().message;

  ConnectionOptions options;
  options.port = port;
  auto session = MqttSession::open(*resolve(options), std::chrono::steady_clock::now() + std::chrono::seconds(2),
                                   nullptr, nullptr);
  ASSERT_FALSE(session);
  EXPECT_NE(session.error().message.find("is mosquitto running"), std::string::npos) << session.error().message;
}

TEST(Connection, SilentListenerIsNoConnack) {
  // The kernel completes the TCP handshake on a listening socket nobody accepts from.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ConnectionOptions options;
  options.port = ntohs(address.sin_port);
  auto session = MqttSession::open(*resolve(options), std::chrono::steady_clock::now() + std::chrono::milliseconds(500),
                                   nullptr, nullptr);
  ::close(fd);
  ASSERT_FALSE(session);
  EXPECT_NE(session.error().message.find("no CONNACK from 127.0.0.1:" + std::to_string(options.port)),
            std::string::npos)
      << session.error().message;
}

TEST(MessageFormat, ResultWhosePayloadNamesAnotherRequest) {
  EXPECT_EQ(format_message("pickupbox/v1/box-1/cmd-result/r-1", R"({"schema":1,"request_id":"r-2","ok":true})"),
            "box-1 result r-1 (payload says request_id r-2) ok {}");
}

}  // namespace
}  // namespace pickupbox::console
