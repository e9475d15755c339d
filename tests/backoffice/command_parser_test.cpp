#include "backoffice/command_parser.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace pickupbox::backoffice {
namespace {

using namespace std::chrono_literals;
using core::ErrorCode;
using nlohmann::json;

constexpr std::string_view salt_hex = "00112233445566778899aabbccddeeff";  // 16 bytes
const std::string hash_hex(64, 'a');                                       // 32 bytes of 0xaa

json create_order_payload() {
  return {{"schema", 1},
          {"request_id", "r-1"},
          {"reference", "PAS-2026-0001"},
          {"document_kind", "passport"},
          {"size", "M"},
          {"phone", "+4512345678"},
          {"date_of_birth", "1990-05-17"},
          {"language", "en"},
          {"expires_at", "2026-12-15T16:00:00Z"}};
}

json pin_hash(int iterations = 200000) { return {{"salt", salt_hex}, {"hash", hash_hex}, {"iterations", iterations}}; }

json staff_payload(json upsert, json remove) {
  json payload{{"schema", 1}, {"request_id", "r-staff"}};
  if (!upsert.is_null()) payload["upsert"] = std::move(upsert);
  if (!remove.is_null()) payload["remove"] = std::move(remove);
  return payload;
}

json envelope(json fields) {
  json payload{{"schema", 1}, {"request_id", "r-1"}};
  payload.update(fields);
  return payload;
}

std::expected<Command, CommandRejection> parse(std::string_view name, const json& payload) {
  return parse_command(name, payload.dump());
}

// The refusal of a payload the parser must refuse; an accepted one fails the test.
CommandRejection refusal_raw(std::string_view name, std::string_view payload) {
  auto result = parse_command(name, payload);
  if (result) {
    ADD_FAILURE() << "accepted: " << payload;
    return CommandRejection{"", core::Error{ErrorCode::internal, "<accepted>"}};
  }
  return result.error();
}
CommandRejection refusal(std::string_view name, const json& payload) { return refusal_raw(name, payload.dump()); }

// Refused as invalid_argument, answerable under request_id, with a message containing `about`.
void expect_refused(const CommandRejection& rejection, std::string_view about, std::string_view request_id = "r-1") {
  EXPECT_EQ(rejection.error.code, ErrorCode::invalid_argument) << rejection.error.message;
  EXPECT_EQ(rejection.request_id, request_id) << rejection.error.message;
  EXPECT_NE(rejection.error.message.find(about), std::string::npos)
      << "message '" << rejection.error.message << "' does not mention '" << about << "'";
}

void expect_not_in_message(const CommandRejection& rejection, std::string_view secret) {
  EXPECT_EQ(rejection.error.message.find(secret), std::string::npos)
      << "message repeats personal data: " << rejection.error.message;
}

template <class T>
const T& body(const Command& command) {
  EXPECT_TRUE(std::holds_alternative<T>(command.body)) << "command " << command.name << " has another body type";
  return std::get<T>(command.body);
}

core::TimePoint utc(std::chrono::year_month_day day, core::Duration time_of_day) {
  return core::TimePoint{std::chrono::sys_days{day}} + time_of_day;
}

// --- Happy paths ---------------------------------------------------------------------------

TEST(CommandParser, CreateOrderParsesEveryField) {
  auto parsed = parse("create-order", create_order_payload());
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_EQ(parsed->name, "create-order");
  EXPECT_EQ(parsed->request_id, "r-1");
  const auto& order = body<CreateOrder>(*parsed);
  EXPECT_EQ(order.reference, "PAS-2026-0001");
  EXPECT_EQ(order.document_kind, "passport");
  EXPECT_EQ(order.size, core::SizeClass::M);
  EXPECT_EQ(order.phone, "+4512345678");
  EXPECT_EQ(order.date_of_birth, "1990-05-17");
  EXPECT_EQ(order.language, "en");
  EXPECT_EQ(order.expires_at, utc(std::chrono::year{2026} / 12 / 15, 16h));
}

TEST(CommandParser, CreateOrderDefaultsTheOptionalFields) {
  json payload = create_order_payload();
  payload.erase("date_of_birth");
  payload.erase("language");
  payload["expires_at"] = nullptr;  // null reads as "not given"
  payload["size"] = "L";
  payload["document_kind"] = "driving_licence";
  auto parsed = parse("create-order", payload);
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  const auto& order = body<CreateOrder>(*parsed);
  EXPECT_EQ(order.size, core::SizeClass::L);
  EXPECT_EQ(order.document_kind, "driving_licence");
  EXPECT_FALSE(order.date_of_birth.has_value());
  EXPECT_EQ(order.language, "da");
  EXPECT_FALSE(order.expires_at.has_value());
}

TEST(CommandParser, CreateOrderAcceptsEveryDocumentKindAndSize) {
  for (const char* kind : {"passport", "driving_licence", "id_card", "other"}) {
    for (const char* size : {"S", "M", "L"}) {
      json payload = create_order_payload();
      payload["document_kind"] = kind;
      payload["size"] = size;
      auto parsed = parse("create-order", payload);
      ASSERT_TRUE(parsed) << kind << " " << size << ": " << parsed.error().error.message;
      EXPECT_EQ(body<CreateOrder>(*parsed).document_kind, kind);
      EXPECT_EQ(core::to_string(body<CreateOrder>(*parsed).size), size);
    }
  }
}

TEST(CommandParser, ExpiresAtAcceptsUtcOffsetAndFractions) {
  const auto day = std::chrono::year{2026} / 12 / 15;
  const std::pair<const char*, core::Duration> cases[] = {
      {"2026-12-15T16:00:00+00:00", 16h},
      {"2026-12-15T16:00:00.5Z", 16h + 500ms},
      {"2026-12-15T16:00:00.250Z", 16h + 250ms},
      {"2026-12-15T16:00:00.123456789Z", 16h + 123ms},  // cut to milliseconds
      {"2026-12-15t23:59:59z", 23h + 59min + 59s},
  };
  for (const auto& [text, time_of_day] : cases) {
    json payload = create_order_payload();
    payload["expires_at"] = text;
    auto parsed = parse("create-order", payload);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error().error.message;
    EXPECT_EQ(body<CreateOrder>(*parsed).expires_at, utc(day, time_of_day)) << text;
  }
}

TEST(CommandParser, CancelOrderByOrderId) {
  auto parsed =
      parse("cancel-order",
            envelope({{"order_id", "3f2b8c1e-0d4a-4b6e-9a51-2c7d9e0f1a2b"}, {"reason", "citizen moved abroad"}}));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_EQ(parsed->name, "cancel-order");
  const auto& cancel = body<CancelOrder>(*parsed);
  EXPECT_EQ(cancel.order_id, "3f2b8c1e-0d4a-4b6e-9a51-2c7d9e0f1a2b");
  EXPECT_EQ(cancel.reference, "");
  EXPECT_EQ(cancel.reason, "citizen moved abroad");
}

TEST(CommandParser, CancelOrderByReferenceWithoutReason) {
  auto parsed = parse("cancel-order", envelope({{"reference", "PAS-2026-0001"}}));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  const auto& cancel = body<CancelOrder>(*parsed);
  EXPECT_EQ(cancel.order_id, "");
  EXPECT_EQ(cancel.reference, "PAS-2026-0001");
  EXPECT_EQ(cancel.reason, "");
}

TEST(CommandParser, RemoteOpenParsesEveryField) {
  auto parsed = parse("remote-open", envelope({{"locker_id", "A01"},
                                               {"reason", "Døren sidder fast"},  // UTF-8 is fine in free text
                                               {"operator", "ops:jane"}}));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_EQ(parsed->name, "remote-open");
  const auto& open = body<RemoteOpen>(*parsed);
  EXPECT_EQ(open.locker_id, "A01");
  EXPECT_EQ(open.reason, "Døren sidder fast");
  EXPECT_EQ(open.operator_id, "ops:jane");
}

TEST(CommandParser, RemoteOpenWithoutOperator) {
  auto parsed = parse("remote-open", envelope({{"locker_id", "B12"}, {"reason", "stuck door"}}));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_EQ(body<RemoteOpen>(*parsed).operator_id, "");
}

TEST(CommandParser, SetOutOfServiceBothWays) {
  auto off =
      parse("set-out-of-service", envelope({{"locker_id", "A07"}, {"out_of_service", true}, {"reason", "hinge"}}));
  ASSERT_TRUE(off) << off.error().error.message;
  EXPECT_EQ(off->name, "set-out-of-service");
  EXPECT_EQ(body<SetOutOfService>(*off).locker_id, "A07");
  EXPECT_TRUE(body<SetOutOfService>(*off).out_of_service);
  EXPECT_EQ(body<SetOutOfService>(*off).reason, "hinge");

  auto on = parse("set-out-of-service", envelope({{"locker_id", "A07"}, {"out_of_service", false}}));
  ASSERT_TRUE(on) << on.error().error.message;
  EXPECT_FALSE(body<SetOutOfService>(*on).out_of_service);
  EXPECT_EQ(body<SetOutOfService>(*on).reason, "");
}

TEST(CommandParser, StaffCredentialsParsesUpsertAndRemove) {
  json upsert = json::array(
      {{{"staff_id", "desk2"}, {"display_name", "Desk 2"}, {"pin_hash", pin_hash(200000)}, {"active", false}}});
  auto parsed = parse("staff-credentials", staff_payload(upsert, json::array({"desk1", "old.desk_3"})));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_EQ(parsed->name, "staff-credentials");
  EXPECT_EQ(parsed->request_id, "r-staff");
  const auto& change = body<StaffCredentials>(*parsed);
  ASSERT_EQ(change.upsert.size(), 1u);
  const core::StaffMember& member = change.upsert[0].member;
  EXPECT_EQ(member.id, "desk2");
  EXPECT_EQ(member.display_name, "Desk 2");
  EXPECT_FALSE(member.active);
  EXPECT_EQ(member.pin.iterations, 200000);
  const std::vector<std::uint8_t> salt{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                       0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  EXPECT_EQ(member.pin.salt, salt);
  EXPECT_EQ(member.pin.hash, std::vector<std::uint8_t>(32, 0xaa));
  EXPECT_EQ(change.remove, (std::vector<std::string>{"desk1", "old.desk_3"}));
}

TEST(CommandParser, StaffCredentialsDefaultsNameAndActive) {
  json upsert = json::array({{{"staff_id", "desk9"}, {"pin_hash", pin_hash(10000)}}});
  auto parsed = parse("staff-credentials", staff_payload(upsert, nullptr));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  const auto& change = body<StaffCredentials>(*parsed);
  ASSERT_EQ(change.upsert.size(), 1u);
  EXPECT_EQ(change.upsert[0].member.display_name, "desk9");  // the login name, never blank
  EXPECT_TRUE(change.upsert[0].member.active);
  EXPECT_EQ(change.upsert[0].member.pin.iterations, 10000);
  EXPECT_TRUE(change.remove.empty());
}

TEST(CommandParser, StaffCredentialsRemoveOnly) {
  auto parsed = parse("staff-credentials", staff_payload(nullptr, json::array({"desk1"})));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_TRUE(body<StaffCredentials>(*parsed).upsert.empty());
  EXPECT_EQ(body<StaffCredentials>(*parsed).remove, std::vector<std::string>{"desk1"});
}

TEST(CommandParser, StaffCredentialsAcceptsOneHundredEntries) {
  json remove = json::array();
  for (int i = 0; i < 100; ++i) remove.push_back("staff" + std::to_string(i));
  auto parsed = parse("staff-credentials", staff_payload(nullptr, remove));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_EQ(body<StaffCredentials>(*parsed).remove.size(), 100u);
}

TEST(CommandParser, ConfigParsesEveryKeyInItsUnit) {
  const json policies{{"code_digits", 8},
                      {"attempts_per_order", 3},
                      {"kiosk_failures_before_backoff", 4},
                      {"kiosk_backoff_initial_s", 10},
                      {"kiosk_backoff_max_s", 600},
                      {"grace_reopen_s", 90},
                      {"staff_session_timeout_s", 120},
                      {"door_open_alarm_after_s", 60},
                      {"code_lifetime_h", 240},
                      {"pickup_window_h", 168},
                      {"reminder_after_h", 72}};
  auto parsed = parse("config", envelope({{"policies", policies}}));
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  EXPECT_EQ(parsed->name, "config");
  const auto& patch = body<ConfigPolicies>(*parsed).patch;
  EXPECT_EQ(patch.code_digits, 8);
  EXPECT_EQ(patch.attempts_per_order, 3);
  EXPECT_EQ(patch.kiosk_failures_before_backoff, 4);
  EXPECT_EQ(patch.kiosk_backoff_initial, core::Duration{10s});
  EXPECT_EQ(patch.kiosk_backoff_max, core::Duration{10min});
  EXPECT_EQ(patch.grace_reopen, core::Duration{90s});
  EXPECT_EQ(patch.staff_session_timeout, core::Duration{2min});
  EXPECT_EQ(patch.door_open_alarm_after, core::Duration{1min});
  EXPECT_EQ(patch.code_lifetime, core::Duration{240h});
  EXPECT_EQ(patch.pickup_window, core::Duration{168h});
  EXPECT_EQ(patch.reminder_after, core::Duration{72h});
}

TEST(CommandParser, ConfigWithOneKeyLeavesTheOthersUnset) {
  auto parsed = parse("config", envelope({{"policies", {{"kiosk_backoff_max_s", 20}}}}));
  // Shorter than the default initial pause (30 s), but the box's current one may be shorter:
  // that check is the executor's, against the policies in force.
  ASSERT_TRUE(parsed) << parsed.error().error.message;
  const auto& patch = body<ConfigPolicies>(*parsed).patch;
  EXPECT_EQ(patch.kiosk_backoff_max, core::Duration{20s});
  EXPECT_FALSE(patch.code_digits || patch.attempts_per_order || patch.kiosk_failures_before_backoff ||
               patch.kiosk_backoff_initial || patch.code_lifetime || patch.pickup_window || patch.reminder_after ||
               patch.grace_reopen || patch.staff_session_timeout || patch.door_open_alarm_after);
}

TEST(CommandParser, ApplyChangesOnlyThePatchedPolicies) {
  ConfigPolicies::Patch patch;
  patch.code_digits = 7;
  patch.pickup_window = 48h;
  const core::Policies before;
  const core::Policies after = apply(patch, before);
  core::Policies expected = before;
  expected.code_digits = 7;
  expected.pickup_window = 48h;
  EXPECT_EQ(after, expected);
  EXPECT_EQ(apply(ConfigPolicies::Patch{}, before), before);
}

TEST(CommandParser, ApplySetsEveryPolicy) {
  ConfigPolicies::Patch patch{7, 3, 4, 1s, 2s, 3h, 4h, 5h, 6s, 7s, 8s};
  const core::Policies p = apply(patch, core::Policies{});
  EXPECT_EQ(p.code_digits, 7);
  EXPECT_EQ(p.attempts_per_order, 3);
  EXPECT_EQ(p.kiosk_failures_before_backoff, 4);
  EXPECT_EQ(p.kiosk_backoff_initial, 1s);
  EXPECT_EQ(p.kiosk_backoff_max, 2s);
  EXPECT_EQ(p.code_lifetime, 3h);
  EXPECT_EQ(p.pickup_window, 4h);
  EXPECT_EQ(p.reminder_after, 5h);
  EXPECT_EQ(p.grace_reopen, 6s);
  EXPECT_EQ(p.staff_session_timeout, 7s);
  EXPECT_EQ(p.door_open_alarm_after, 8s);
}

TEST(CommandParser, KnownCommandNamesAreTheOnesParsed) {
  EXPECT_EQ(known_command_names(),
            "create-order, cancel-order, remote-open, set-out-of-service, staff-credentials, config");
}

// --- Envelope refusals ---------------------------------------------------------------------

TEST(CommandParser, OversizedPayloadRefusedUnread) {
  json payload = create_order_payload();
  std::string text = payload.dump();
  text.insert(text.size() - 1, max_command_bytes - text.size(), ' ');  // exactly at the limit
  ASSERT_EQ(text.size(), max_command_bytes);
  EXPECT_TRUE(parse_command("create-order", text).has_value());

  text.insert(text.size() - 1, " ");
  const auto rejection = refusal_raw("create-order", text);
  expect_refused(rejection, "16385 bytes", "");  // not read, so no request_id
  expect_refused(rejection, "limit of 16384 bytes", "");
}

TEST(CommandParser, NotJsonRefused) {
  for (std::string_view text : {"", "{", "hello", "{\"schema\":1,}", "{\"schema\":1} trailing"}) {
    const auto rejection = refusal_raw("create-order", text);
    expect_refused(rejection, "payload is not a JSON object: ", "");
  }
}

TEST(CommandParser, SyntaxErrorMessageDoesNotQuoteThePayload) {
  // nlohmann's own message would quote the bytes last read, here the phone number.
  const auto rejection = refusal_raw("create-order", R"({"schema":1,"request_id":"r-1","phone":"+4512345678"x})");
  expect_refused(rejection, "not valid JSON (error near byte", "");
  expect_not_in_message(rejection, "4512345678");
}

TEST(CommandParser, InvalidUtf8Refused) {
  const auto rejection = refusal_raw("remote-open", "{\"schema\":1,\"request_id\":\"r-1\",\"reason\":\"\xff\xfe\"}");
  expect_refused(rejection, "not valid JSON", "");
}

TEST(CommandParser, NonObjectPayloadsRefused) {
  expect_refused(refusal_raw("create-order", R"([{"schema":1,"request_id":"r-1"}])"), "it is a JSON array", "");
  expect_refused(refusal_raw("create-order", R"("create")"), "it is a JSON string", "");
  expect_refused(refusal_raw("create-order", "42"), "it is a JSON number", "");
  expect_refused(refusal_raw("create-order", "null"), "it is a JSON null", "");
}

TEST(CommandParser, DeeplyNestedPayloadRefusedWithoutCrashing) {
  const std::string deep = std::string(8000, '[') + std::string(8000, ']');
  expect_refused(refusal_raw("config", deep), "it is a JSON array", "");
  const std::string inside =
      R"({"schema":1,"request_id":"r-1","policies":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
  expect_refused(refusal_raw("config", inside), "field 'policies' must be an object");
}

TEST(CommandParser, DuplicateKeyRefused) {
  const auto rejection =
      refusal_raw("remote-open", R"({"schema":1,"request_id":"r-1","locker_id":"A01","locker_id":"A02","reason":"x"})");
  expect_refused(rejection, "repeats the key 'locker_id'", "");
}

TEST(CommandParser, SchemaMustBeTheIntegerOne) {
  json missing = create_order_payload();
  missing.erase("schema");
  expect_refused(refusal("create-order", missing), "field 'schema' is required");

  json two = create_order_payload();
  two["schema"] = 2;
  expect_refused(refusal("create-order", two), "schema 2 is not supported: this box supports schema 1 only");

  for (const json& wrong : {json("1"), json(1.0), json(true), json(-1)}) {
    json payload = create_order_payload();
    payload["schema"] = wrong;
    expect_refused(refusal("create-order", payload), "schema 1");
  }
}

TEST(CommandParser, RequestIdRequiredWithTopicSafeCharacters) {
  json missing = create_order_payload();
  missing.erase("request_id");
  expect_refused(refusal("create-order", missing), "field 'request_id' is required", "");

  for (const json& bad : {json(""), json(std::string(65, 'r')), json("a/b"), json("a+b"), json("a#"), json("a b"),
                          json("r\xc3\xa9"), json(17), json::array({"r-1"})}) {
    json payload = create_order_payload();
    payload["request_id"] = bad;
    const auto rejection = refusal("create-order", payload);
    expect_refused(rejection, "field 'request_id' must be a string of 1-64 characters", "");
  }
}

TEST(CommandParser, RequestIdAcceptsItsWholeAlphabetUpTo64) {
  for (const std::string& id : {std::string("Az09._:-"), std::string(64, 'x')}) {
    json payload = create_order_payload();
    payload["request_id"] = id;
    auto parsed = parse("create-order", payload);
    ASSERT_TRUE(parsed) << id << ": " << parsed.error().error.message;
    EXPECT_EQ(parsed->request_id, id);
    EXPECT_TRUE(is_valid_request_id(id));
  }
  EXPECT_FALSE(is_valid_request_id("cmd-result/x"));
}

TEST(CommandParser, UnknownCommandKeepsTheRequestId) {
  const auto rejection = refusal("reboot", create_order_payload());
  expect_refused(rejection, "unknown command 'reboot'");
  expect_refused(rejection, std::string(known_command_names()));
}

TEST(CommandParser, UnknownCommandNameIsShownSafely) {
  const std::string name = "x\n\x01" + std::string(100, 'y');
  const auto rejection = refusal(name, create_order_payload());
  expect_refused(rejection, "unknown command 'x??yyy");
  EXPECT_LT(rejection.error.message.size(), 300u) << rejection.error.message;
}

TEST(CommandParser, UnknownKeyRefusedNamingIt) {
  json payload = create_order_payload();
  payload["phon"] = "+4512345678";
  const auto rejection = refusal("create-order", payload);
  expect_refused(rejection, "unknown key 'phon' in the payload");
  expect_refused(rejection, "known keys: schema, request_id, reference");
}

TEST(CommandParser, UnknownNestedKeysRefused) {
  json entry{{"staff_id", "desk2"}, {"pin_hash", pin_hash()}, {"admin", true}};
  expect_refused(refusal("staff-credentials", staff_payload(json::array({entry}), nullptr)),
                 "unknown key 'admin' in 'upsert[0]'", "r-staff");

  json hash = pin_hash();
  hash["algorithm"] = "pbkdf2";
  json entry2{{"staff_id", "desk2"}, {"pin_hash", hash}};
  expect_refused(refusal("staff-credentials", staff_payload(json::array({entry2}), nullptr)),
                 "unknown key 'algorithm' in 'upsert[0].pin_hash'", "r-staff");

  expect_refused(refusal("config", envelope({{"policies", {{"code_digit", 6}}}})),
                 "unknown key 'code_digit' in 'policies'; known keys: code_digits");
}

// --- Field refusals ------------------------------------------------------------------------

TEST(CommandParser, WrongTypesNameTheFieldAndType) {
  const std::pair<const char*, json> create_cases[] = {
      {"field 'reference' must be a string", 42},
      {"field 'document_kind' must be one of passport, driving_licence, id_card, other", json::array()},
      {"field 'size' must be one of S, M, L", 2},
      {"field 'phone' must be a non-empty string", 4512345678},
      {"field 'date_of_birth' must be a date written YYYY-MM-DD", 19900517},
      {"field 'language' must be one of da, en", true},
      {"field 'expires_at' must be an RFC 3339 time in UTC", 1765814400},
  };
  const char* keys[] = {"reference", "document_kind", "size", "phone", "date_of_birth", "language", "expires_at"};
  for (std::size_t i = 0; i < std::size(keys); ++i) {
    json payload = create_order_payload();
    payload[keys[i]] = create_cases[i].second;
    expect_refused(refusal("create-order", payload), create_cases[i].first);
  }
  expect_refused(refusal("set-out-of-service", envelope({{"locker_id", "A01"}, {"out_of_service", "yes"}})),
                 "field 'out_of_service' must be a boolean (true or false)");
  expect_refused(refusal("remote-open", envelope({{"locker_id", 1}, {"reason", "x"}})),
                 "field 'locker_id' must be a string of 1-16 letters and digits");
  expect_refused(refusal("staff-credentials", staff_payload(json{{"staff_id", "d"}}, nullptr)),
                 "field 'upsert' must be an array", "r-staff");
  expect_refused(refusal("staff-credentials", staff_payload(json::array({"desk2"}), nullptr)),
                 "field 'upsert[0]' must be an object", "r-staff");
  expect_refused(refusal("staff-credentials", staff_payload(nullptr, json::array({7}))),
                 "field 'remove[0]' must be a string of 1-32 characters", "r-staff");
  json hash = pin_hash();
  hash["iterations"] = "200000";
  expect_refused(
      refusal("staff-credentials", staff_payload(json::array({{{"staff_id", "d"}, {"pin_hash", hash}}}), nullptr)),
      "field 'upsert[0].pin_hash.iterations' must be an integer between 10000 and 10000000", "r-staff");
  expect_refused(refusal("config", envelope({{"policies", {{"code_digits", "6"}}}})),
                 "field 'policies.code_digits' must be an integer between 6 and 8");
  expect_refused(refusal("config", envelope({{"policies", {{"code_digits", 6.0}}}})),
                 "field 'policies.code_digits' must be an integer");
  expect_refused(refusal("config", envelope({{"policies", {{"grace_reopen_s", 1.5}}}})),
                 "field 'policies.grace_reopen_s' must be an integer between 1 and 3600 (seconds)");
  expect_refused(refusal("config", envelope({{"policies", "code_digits=6"}})), "field 'policies' must be an object");
}

TEST(CommandParser, RequiredFieldsNamed) {
  for (const char* key : {"reference", "document_kind", "size", "phone"}) {
    json payload = create_order_payload();
    payload.erase(key);
    expect_refused(refusal("create-order", payload), "field '" + std::string(key) + "' is required");
  }
  expect_refused(refusal("remote-open", envelope({{"reason", "x"}})), "field 'locker_id' is required");
  expect_refused(refusal("set-out-of-service", envelope({{"locker_id", "A01"}})),
                 "field 'out_of_service' is required: send true or false");
  expect_refused(refusal("staff-credentials", staff_payload(json::array({{{"pin_hash", pin_hash()}}}), nullptr)),
                 "field 'upsert[0].staff_id' is required", "r-staff");
  expect_refused(refusal("staff-credentials", staff_payload(json::array({{{"staff_id", "d"}}}), nullptr)),
                 "field 'upsert[0].pin_hash' is required", "r-staff");
  json hash = pin_hash();
  hash.erase("salt");
  expect_refused(
      refusal("staff-credentials", staff_payload(json::array({{{"staff_id", "d"}, {"pin_hash", hash}}}), nullptr)),
      "field 'upsert[0].pin_hash.salt' is required", "r-staff");
  expect_refused(refusal("config", envelope(json::object())), "field 'policies' is required");
}

TEST(CommandParser, BadDateOfBirthRefusedWithoutRepeatingIt) {
  for (const char* date : {"1990-02-30", "1990-13-01", "17-05-1990", "17.05.1990", "1899-12-31", "2100-01-01",
                           "1990-5-17", "1990-05-17T00:00:00Z", " 1990-05-17"}) {
    json payload = create_order_payload();
    payload["date_of_birth"] = date;
    const auto rejection = refusal("create-order", payload);
    expect_refused(rejection, "field 'date_of_birth' must be a date written YYYY-MM-DD");
    expect_not_in_message(rejection, date);
  }
  json leap = create_order_payload();
  leap["date_of_birth"] = "2000-02-29";
  EXPECT_TRUE(parse("create-order", leap).has_value());
}

TEST(CommandParser, BadPhoneRefusedWithoutRepeatingIt) {
  const std::string too_long = "+45" + std::string(30, '1');  // 33 characters
  for (const std::string& phone : {std::string(""), too_long}) {
    json payload = create_order_payload();
    payload["phone"] = phone;
    const auto rejection = refusal("create-order", payload);
    expect_refused(rejection, "field 'phone' must be a non-empty string of at most 32 characters");
    if (!phone.empty()) expect_not_in_message(rejection, phone);
  }
  json payload = create_order_payload();
  payload["phone"] = "+45" + std::string(29, '1');  // 32: the limit
  EXPECT_TRUE(parse("create-order", payload).has_value());
}

TEST(CommandParser, PersonalDataNotRepeatedWhenAnotherFieldFails) {
  json payload = create_order_payload();
  payload["size"] = "XL";
  const auto rejection = refusal("create-order", payload);
  expect_refused(rejection, "field 'size' must be one of S, M, L (got 'XL')");
  expect_not_in_message(rejection, "4512345678");
  expect_not_in_message(rejection, "1990-05-17");
}

TEST(CommandParser, BadEnumWordsRefused) {
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"size", "m", "field 'size' must be one of S, M, L (got 'm')"},
      {"document_kind", "visa",
       "field 'document_kind' must be one of passport, driving_licence, id_card, other (got 'visa')"},
      {"language", "de", "field 'language' must be one of da, en (got 'de')"},
  };
  for (const auto& [key, value, message] : cases) {
    json payload = create_order_payload();
    payload[key] = value;
    expect_refused(refusal("create-order", payload), message);
  }
}

TEST(CommandParser, BadReferenceRefused) {
  for (const std::string& reference :
       {std::string(""), std::string(65, 'P'), std::string("PAS-\xc3\xb8"), std::string("PAS\n1")}) {
    json payload = create_order_payload();
    payload["reference"] = reference;
    expect_refused(refusal("create-order", payload), "field 'reference' must be a string of 1-64 printable ASCII");
  }
}

TEST(CommandParser, BadExpiresAtRefused) {
  for (const char* text : {"2026-12-15T16:00:00+01:00", "2026-12-15T16:00:00", "2026-12-15 16:00:00Z", "2026-12-15",
                           "2026-13-15T16:00:00Z", "2026-12-15T24:00:00Z", "2026-12-15T16:60:00Z",
                           "2026-12-15T16:00:60Z", "2026-12-15T16:00:00.Z", "2026-12-15T16:00:00.1234567890Z",
                           "2026-12-15T16:00:00-00:00", "2026-12-15T16:00:00ZZ"}) {
    json payload = create_order_payload();
    payload["expires_at"] = text;
    expect_refused(refusal("create-order", payload), "field 'expires_at' must be an RFC 3339 time in UTC");
  }
}

TEST(CommandParser, CancelNeedsExactlyOneOfOrderIdOrReference) {
  expect_refused(refusal("cancel-order", envelope({{"order_id", "3f2b8c1e-0d4a-4b6e-9a51-2c7d9e0f1a2b"},
                                                   {"reference", "PAS-2026-0001"}})),
                 "both 'order_id' and 'reference' are given: send exactly one");
  expect_refused(refusal("cancel-order", envelope({{"reason", "x"}})),
                 "neither 'order_id' nor 'reference' is given: send exactly one");
  expect_refused(refusal("cancel-order", envelope({{"order_id", "42"}})), "field 'order_id' must be a UUID");
  expect_refused(refusal("cancel-order", envelope({{"reference", "PAS-1"}, {"reason", std::string(201, 'r')}})),
                 "field 'reason' must be a string of at most 200 characters");
}

TEST(CommandParser, RemoteOpenNeedsAReason) {
  expect_refused(refusal("remote-open", envelope({{"locker_id", "A01"}})), "field 'reason' is required");
  for (const std::string& reason :
       {std::string(""), std::string("   "), std::string(201, 'r'), std::string("line\nforged audit line")}) {
    expect_refused(refusal("remote-open", envelope({{"locker_id", "A01"}, {"reason", reason}})),
                   "field 'reason' must be a string of 1-200 characters, not blank");
  }
  // 200 characters, counted as characters not bytes.
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += "\xc3\xb8";
  EXPECT_TRUE(parse("remote-open", envelope({{"locker_id", "A01"}, {"reason", two_hundred}})).has_value());
  expect_refused(
      refusal("remote-open", envelope({{"locker_id", "A01"}, {"reason", "x"}, {"operator", std::string(65, 'o')}})),
      "field 'operator' must be a string of at most 64 characters");
}

TEST(CommandParser, BadLockerIdRefused) {
  for (const std::string& id : {std::string(""), std::string("A-01"), std::string(17, 'A'), std::string("A/1")}) {
    expect_refused(refusal("set-out-of-service", envelope({{"locker_id", id}, {"out_of_service", true}})),
                   "field 'locker_id' must be a string of 1-16 letters and digits");
  }
}

TEST(CommandParser, PinInClearRefused) {
  json entry{{"staff_id", "desk2"}, {"pin", "1234"}};
  const auto rejection = refusal("staff-credentials", staff_payload(json::array({entry}), nullptr));
  expect_refused(rejection, "field 'upsert[0].pin' is refused: PINs are only accepted as PBKDF2 hashes", "r-staff");
  expect_not_in_message(rejection, "1234");

  json top = staff_payload(nullptr, json::array({"desk1"}));
  top["pin"] = "1234";
  expect_refused(refusal("staff-credentials", top), "field 'pin' is refused: PINs are only accepted as PBKDF2 hashes",
                 "r-staff");

  json hash = pin_hash();
  hash["pin"] = "1234";
  expect_refused(
      refusal("staff-credentials", staff_payload(json::array({{{"staff_id", "d"}, {"pin_hash", hash}}}), nullptr)),
      "field 'upsert[0].pin_hash.pin' is refused", "r-staff");
}

TEST(CommandParser, EmptyStaffChangeRefused) {
  for (const json& payload : {staff_payload(nullptr, nullptr), staff_payload(json::array(), json::array()),
                              staff_payload(json::array(), nullptr)}) {
    expect_refused(refusal("staff-credentials", payload), "staff-credentials changes nothing", "r-staff");
  }
}

TEST(CommandParser, TooManyStaffEntriesRefused) {
  json upsert = json::array();
  for (int i = 0; i < 50; ++i) upsert.push_back({{"staff_id", "u" + std::to_string(i)}, {"pin_hash", pin_hash()}});
  json remove = json::array();
  for (int i = 0; i < 51; ++i) remove.push_back("r" + std::to_string(i));
  expect_refused(refusal("staff-credentials", staff_payload(upsert, remove)),
                 "staff-credentials has 101 entries, more than the 100 allowed", "r-staff");
}

TEST(CommandParser, StaffMemberNamedTwiceRefused) {
  json upsert = json::array({{{"staff_id", "desk2"}, {"pin_hash", pin_hash()}}});
  expect_refused(refusal("staff-credentials", staff_payload(upsert, json::array({"desk2"}))),
                 "field 'remove[0]' repeats staff_id 'desk2'", "r-staff");
  expect_refused(refusal("staff-credentials", staff_payload(nullptr, json::array({"desk1", "desk1"}))),
                 "field 'remove[1]' repeats staff_id 'desk1'", "r-staff");
}

TEST(CommandParser, BadPinHashRefused) {
  const std::tuple<const char*, json, const char*> cases[] = {
      {"salt", std::string(30, 'a'), "field 'upsert[0].pin_hash.salt' must be a hex string of 16-64 bytes"},
      {"salt", std::string(130, 'a'), "field 'upsert[0].pin_hash.salt' must be a hex string of 16-64 bytes"},
      {"salt", std::string(31, 'a') + "g", "field 'upsert[0].pin_hash.salt' must be a hex string"},
      {"hash", std::string(62, 'a'), "field 'upsert[0].pin_hash.hash' must be a hex string of 32 bytes"},
      {"hash", std::string(63, 'a') + "z", "field 'upsert[0].pin_hash.hash' must be a hex string of 32 bytes"},
      {"iterations", 9999, "must be an integer between 10000 and 10000000"},
      {"iterations", 10000001, "must be an integer between 10000 and 10000000"},
  };
  for (const auto& [key, value, message] : cases) {
    json hash = pin_hash();
    hash[key] = value;
    expect_refused(refusal("staff-credentials",
                           staff_payload(json::array({{{"staff_id", "desk2"}, {"pin_hash", hash}}}), nullptr)),
                   message, "r-staff");
  }
}

TEST(CommandParser, BadStaffIdsRefused) {
  for (const std::string& id :
       {std::string(""), std::string(33, 's'), std::string("desk/2"), std::string("desk 2"), std::string("desk:2")}) {
    expect_refused(refusal("staff-credentials",
                           staff_payload(json::array({{{"staff_id", id}, {"pin_hash", pin_hash()}}}), nullptr)),
                   "field 'upsert[0].staff_id' must be a string of 1-32 characters A-Z a-z 0-9 . _ -", "r-staff");
    expect_refused(refusal("staff-credentials", staff_payload(nullptr, json::array({id}))),
                   "field 'remove[0]' must be a string of 1-32 characters", "r-staff");
  }
  expect_refused(
      refusal(
          "staff-credentials",
          staff_payload(json::array({{{"staff_id", "d"}, {"display_name", ""}, {"pin_hash", pin_hash()}}}), nullptr)),
      "field 'upsert[0].display_name' must be a string of 1-64 characters", "r-staff");
}

TEST(CommandParser, EmptyOrNullPoliciesRefused) {
  expect_refused(refusal("config", envelope({{"policies", json::object()}})),
                 "field 'policies' is empty: send at least one key to change");
  expect_refused(refusal("config", envelope({{"policies", {{"code_digits", nullptr}}}})),
                 "field 'policies.code_digits' must be an integer; to keep the current value leave the key out");
}

TEST(CommandParser, PoliciesOutOfRangeRefusedWithTheirKey) {
  const std::tuple<const char*, json, const char*> cases[] = {
      {"code_digits", 5, "field 'policies.code_digits' must be an integer between 6 and 8"},
      {"code_digits", 9, "field 'policies.code_digits' must be an integer between 6 and 8"},
      {"attempts_per_order", 21, "field 'policies.attempts_per_order' must be an integer between 1 and 20"},
      {"kiosk_failures_before_backoff", 0, "between 1 and 100"},
      {"grace_reopen_s", 0, "field 'policies.grace_reopen_s' must be an integer between 1 and 3600 (seconds)"},
      {"code_lifetime_h", 8761, "field 'policies.code_lifetime_h' must be an integer between 1 and 8760 (hours)"},
      {"staff_session_timeout_s", 9, "between 10 and 86400 (seconds)"},
      {"door_open_alarm_after_s", -5, "between 5 and 86400 (seconds)"},
      {"pickup_window_h", 18446744073709551615u, "between 1 and 8760 (hours)"},
  };
  for (const auto& [key, value, message] : cases) {
    expect_refused(refusal("config", envelope({{"policies", {{key, value}}}})), message);
  }
}

TEST(CommandParser, BackoffMaximumShorterThanInitialRefusedWhenBothSent) {
  expect_refused(
      refusal("config", envelope({{"policies", {{"kiosk_backoff_initial_s", 60}, {"kiosk_backoff_max_s", 10}}}})),
      "'policies.kiosk_backoff_max_s' is shorter than 'policies.kiosk_backoff_initial_s'");
  EXPECT_TRUE(parse("config", envelope({{"policies", {{"kiosk_backoff_initial_s", 60}, {"kiosk_backoff_max_s", 60}}}}))
                  .has_value());
}

TEST(CommandParser, EveryParsedPolicyPatchPassesCoreValidation) {
  // Each key at both ends of its range, applied to the defaults (the backoff pair adjusted).
  const std::tuple<const char*, int, int> ranges[] = {
      {"code_digits", 6, 8},        {"attempts_per_order", 1, 20},          {"kiosk_failures_before_backoff", 1, 100},
      {"code_lifetime_h", 1, 8760}, {"pickup_window_h", 1, 8760},           {"reminder_after_h", 1, 8760},
      {"grace_reopen_s", 1, 3600},  {"staff_session_timeout_s", 10, 86400}, {"door_open_alarm_after_s", 5, 86400},
  };
  for (const auto& [key, low, high] : ranges) {
    for (int value : {low, high}) {
      auto parsed = parse("config", envelope({{"policies", {{key, value}}}}));
      ASSERT_TRUE(parsed) << key << "=" << value << ": " << parsed.error().error.message;
      auto checked = core::validate(apply(body<ConfigPolicies>(*parsed).patch, core::Policies{}));
      EXPECT_TRUE(checked) << key << "=" << value << ": " << checked.error().message;
    }
  }
}

TEST(CommandParser, EveryRefusalMessageIsPrintableAscii) {
  json payload = create_order_payload();
  payload["\xe2\x82\xac\x01key"] = 1;
  const auto rejection = refusal("create-order", payload);
  expect_refused(rejection, "unknown key '????key'");
  for (char c : rejection.error.message) EXPECT_TRUE(c >= 0x20 && c <= 0x7E) << rejection.error.message;
}

}  // namespace
}  // namespace pickupbox::backoffice
