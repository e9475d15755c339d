#include "command_builder.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>
#include <utility>

#include "backoffice/command.hpp"
#include "backoffice/topics.hpp"
#include "request_id.hpp"
#include "staff_pin.hpp"

namespace pickupbox::console {

namespace {

using Json = nlohmann::ordered_json;

enum class FieldType { text, integer, boolean, choice };

struct FieldSpec {
  std::string_view key;
  FieldType type = FieldType::text;
  bool required = false;
  std::vector<std::string_view> choices = {};
};

struct CommandSpec {
  std::string_view name;
  std::string_view usage;
  std::vector<FieldSpec> fields;
  bool nested_in_policies = false;  // config: the fields go into {"policies":{…}}
};

// Friendly spellings; each maps to a payload key and applies where the command has that key.
constexpr std::pair<std::string_view, std::string_view> aliases[] = {
    {"kind", "document_kind"}, {"dob", "date_of_birth"}, {"door", "locker_id"}, {"locker", "locker_id"},
    {"lang", "language"},      {"expires", "expires_at"}, {"ref", "reference"}, {"order", "order_id"},
};

const std::vector<CommandSpec>& command_specs() {
  static const std::vector<CommandSpec> specs = {
      {"create-order",
       "reference=REF kind=passport|driving_licence|id_card|other size=S|M|L phone=+45... "
       "[dob=YYYY-MM-DD] [language=da|en] [expires_at=2026-12-01T12:00:00Z]",
       {{"reference", FieldType::text, true},
        {"document_kind", FieldType::choice, true, {"passport", "driving_licence", "id_card", "other"}},
        {"size", FieldType::choice, true, {"S", "M", "L"}},
        {"phone", FieldType::text, true},
        {"date_of_birth", FieldType::text},
        {"language", FieldType::choice, false, {"da", "en"}},
        {"expires_at", FieldType::text}}},
      {"cancel-order",
       "order_id=ID | reference=REF [reason=TEXT]",
       {{"order_id", FieldType::text}, {"reference", FieldType::text}, {"reason", FieldType::text}}},
      {"remote-open",
       "door=A07 reason=TEXT [operator=NAME]",
       {{"locker_id", FieldType::text, true}, {"reason", FieldType::text, true}, {"operator", FieldType::text}}},
      {"set-out-of-service",
       "door=A07 [out_of_service=true|false (default true)] [reason=TEXT]",
       {{"locker_id", FieldType::text, true}, {"out_of_service", FieldType::boolean}, {"reason", FieldType::text}}},
      {"staff-credentials", "add=STAFF_ID pin=DIGITS [name=\"Display Name\"] [active=true|false] | remove=ID[,ID...]",
       {}},
      {"config",
       "KEY=N ... with KEY one of code_digits attempts_per_order kiosk_failures_before_backoff "
       "kiosk_backoff_initial_s kiosk_backoff_max_s grace_reopen_s staff_session_timeout_s "
       "door_open_alarm_after_s code_lifetime_h pickup_window_h reminder_after_h",
       {{"code_digits", FieldType::integer},
        {"attempts_per_order", FieldType::integer},
        {"kiosk_failures_before_backoff", FieldType::integer},
        {"kiosk_backoff_initial_s", FieldType::integer},
        {"kiosk_backoff_max_s", FieldType::integer},
        {"grace_reopen_s", FieldType::integer},
        {"staff_session_timeout_s", FieldType::integer},
        {"door_open_alarm_after_s", FieldType::integer},
        {"code_lifetime_h", FieldType::integer},
        {"pickup_window_h", FieldType::integer},
        {"reminder_after_h", FieldType::integer}},
       true},
  };
  return specs;
}

const CommandSpec* find_command(std::string_view name) {
  const auto& specs = command_specs();
  const auto found = std::ranges::find(specs, name, &CommandSpec::name);
  return found == specs.end() ? nullptr : &*found;
}

std::string command_names() {
  std::string names;
  for (const auto& spec : command_specs()) names += (names.empty() ? "" : ", ") + std::string(spec.name);
  return names;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::unexpected<core::Error> bad(std::string message) {
  return core::fail(core::ErrorCode::invalid_argument, std::move(message));
}

struct Field {
  std::string key;  // as typed
  std::string value;
};

core::Result<std::vector<Field>> split_fields(const std::vector<std::string>& words) {
  std::vector<Field> fields;
  for (const auto& word : words) {
    const auto equals = word.find('=');
    if (equals == std::string::npos || equals == 0) {
      return bad("expected key=value, got '" + word + "' (quote values with spaces: name=\"Desk 2\")");
    }
    fields.push_back({word.substr(0, equals), word.substr(equals + 1)});
  }
  return fields;
}

std::string canonical_key(std::string_view key) {
  for (const auto& [alias, target] : aliases) {
    if (alias == key) return std::string(target);
  }
  return std::string(key);
}

// " (or kind=…)" for a key that has a friendly spelling.
std::string alias_hint(std::string_view key) {
  for (const auto& [alias, target] : aliases) {
    if (target == key) return " (or " + std::string(alias) + "=…)";
  }
  return "";
}

std::string field_list(const CommandSpec& spec) {
  std::string list;
  for (const auto& field : spec.fields) {
    std::string shown(field.key);
    for (const auto& [alias, target] : aliases) {
      if (target == field.key) shown += "|" + std::string(alias);
    }
    list += (list.empty() ? "" : ", ") + shown;
  }
  return list;
}

core::Result<bool> parse_bool(std::string_view key, std::string_view value) {
  const std::string word = lower(value);
  if (word == "true" || word == "yes" || word == "on" || word == "1") return true;
  if (word == "false" || word == "no" || word == "off" || word == "0") return false;
  return bad("field '" + std::string(key) + "' must be true or false, got '" + std::string(value) + "'");
}

core::Result<int> parse_int(std::string_view key, std::string_view value) {
  long long number = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, number);
  if (ec != std::errc{} || ptr != end) {
    return bad("field '" + std::string(key) + "' must be a whole number, got '" + std::string(value) + "'");
  }
  if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()) {
    return bad("field '" + std::string(key) + "' is out of range: " + std::string(value));
  }
  return static_cast<int>(number);
}

core::Result<std::string> parse_choice(const FieldSpec& spec, std::string_view value) {
  std::string wanted = lower(value);
  std::ranges::replace(wanted, '-', '_');
  for (const auto choice : spec.choices) {
    if (lower(choice) == wanted) return std::string(choice);
  }
  std::string allowed;
  for (const auto choice : spec.choices) allowed += (allowed.empty() ? "" : "|") + std::string(choice);
  return bad("field '" + std::string(spec.key) + "' must be " + allowed + ", got '" + std::string(value) + "'");
}

core::Result<Json> typed_value(const FieldSpec& spec, std::string_view value) {
  if (value.empty()) {
    return bad("field '" + std::string(spec.key) + "' is empty: give a value or leave the field out");
  }
  switch (spec.type) {
    case FieldType::text: return Json(std::string(value));
    case FieldType::integer: {
      auto number = parse_int(spec.key, value);
      if (!number) return std::unexpected(number.error());
      return Json(*number);
    }
    case FieldType::boolean: {
      auto flag = parse_bool(spec.key, value);
      if (!flag) return std::unexpected(flag.error());
      return Json(*flag);
    }
    case FieldType::choice: {
      auto word = parse_choice(spec, value);
      if (!word) return std::unexpected(word.error());
      return Json(*word);
    }
  }
  return bad("field '" + std::string(spec.key) + "' has an unknown type");
}

core::Result<Json> parse_raw(const std::optional<std::string>& raw_json) {
  if (!raw_json) return Json::object();
  Json body = Json::parse(*raw_json, nullptr, false);
  if (body.is_discarded()) return bad("--json is not valid JSON: give one object, e.g. --json '{\"reason\":\"x\"}'");
  if (!body.is_object()) return bad("--json must be a JSON object ({...}), got " + std::string(body.type_name()));
  return body;
}

// Adds the checked key=value pairs of a table-driven command to body.
core::Result<void> add_table_fields(const CommandSpec& spec, const std::vector<Field>& fields, bool raw, Json& body) {
  if (spec.nested_in_policies) {
    if (!body.contains("policies")) body["policies"] = Json::object();
    if (!body["policies"].is_object()) return bad("config: \"policies\" in --json must be an object");
  }
  Json& target = spec.nested_in_policies ? body["policies"] : body;
  std::set<std::string> seen;
  for (const auto& field : fields) {
    const std::string key = canonical_key(field.key);
    const auto found = std::ranges::find(spec.fields, key, &FieldSpec::key);
    if (found == spec.fields.end()) {
      return bad(std::string(spec.name) + " has no field '" + field.key + "'; its fields: " + field_list(spec));
    }
    if (!seen.insert(key).second) return bad("field '" + key + "' is given twice");
    auto value = typed_value(*found, field.value);
    if (!value) return std::unexpected(value.error());
    target[key] = std::move(*value);
  }
  if (raw) return {};

  for (const auto& field : spec.fields) {
    if (field.required && !target.contains(field.key)) {
      return bad(std::string(spec.name) + " needs " + std::string(field.key) + "=…" + alias_hint(field.key) +
                 "; usage: " + std::string(spec.name) + " DEVICE " + std::string(spec.usage));
    }
  }
  if (spec.name == "cancel-order" && target.contains("order_id") == target.contains("reference")) {
    return bad("cancel-order needs exactly one of order_id=ID or reference=REF");
  }
  if (spec.name == "set-out-of-service" && !target.contains("out_of_service")) target["out_of_service"] = true;
  if (spec.nested_in_policies && target.empty()) {
    return bad("config needs at least one policy, e.g. config DEVICE code_digits=6; keys: " + field_list(spec));
  }
  return {};
}

core::Result<Json*> array_in(Json& body, const char* key) {
  if (!body.contains(key)) body[key] = Json::array();
  if (!body[key].is_array()) return bad(std::string("staff-credentials: \"") + key + "\" in --json must be an array");
  return &body[key];
}

core::Result<void> add_staff_fields(const std::vector<Field>& fields, bool raw, core::Random& random, Json& body) {
  std::optional<StaffAccount> account;
  std::optional<std::string> pin, name;
  std::optional<bool> active;
  std::vector<std::string> removals;
  for (const auto& field : fields) {
    const std::string& key = field.key;
    if (field.value.empty()) return bad("field '" + key + "' is empty: give a value or leave the field out");
    auto once = [&](bool already) -> core::Result<void> {
      if (already) return bad("field '" + key + "' is given twice (one add= per command)");
      return {};
    };
    core::Result<void> checked;
    if (key == "add" || key == "staff_id") {
      checked = once(account.has_value());
      if (checked) account = StaffAccount{field.value, "", "", true};
    } else if (key == "pin") {
      checked = once(pin.has_value());
      pin = field.value;
    } else if (key == "name" || key == "display_name") {
      checked = once(name.has_value());
      name = field.value;
    } else if (key == "active") {
      checked = once(active.has_value());
      auto flag = parse_bool(key, field.value);
      if (!flag) return std::unexpected(flag.error());
      active = *flag;
    } else if (key == "remove") {
      std::string_view rest = field.value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto id = rest.substr(0, comma);
        if (!id.empty()) removals.emplace_back(id);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    } else {
      return bad("staff-credentials has no field '" + key + "'; its fields: add, pin, name, active, remove");
    }
    if (!checked) return std::unexpected(checked.error());
  }
  if (!account && (pin || name || active)) {
    return bad("pin=, name= and active= belong to an account: add add=<staff id>, e.g. add=desk2 pin=4321");
  }
  if (account && !pin) {
    return bad("add=" + account->staff_id + " needs pin=<4..12 digits> (the console sends only its hash)");
  }
  if (!account && removals.empty() && !raw) {
    return bad("staff-credentials needs add=<staff id> pin=<digits> [name=…] [active=…] or remove=<id>[,<id>…]");
  }
  auto upsert = array_in(body, "upsert");
  if (!upsert) return std::unexpected(upsert.error());
  if (account) {
    account->pin = *pin;
    if (name) account->display_name = *name;
    if (active) account->active = *active;
    auto entry = staff_upsert_entry(*account, random);
    if (!entry) return std::unexpected(entry.error());
    (*upsert)->push_back(std::move(*entry));
  }
  auto remove = array_in(body, "remove");
  if (!remove) return std::unexpected(remove.error());
  for (auto& id : removals) (*remove)->push_back(std::move(id));
  return {};
}

core::Result<std::string> choose_request_id(const CommandRequest& request, const Json& body,
                                            std::string_view fallback) {
  std::string id;
  if (request.request_id) {
    id = *request.request_id;
  } else if (body.contains("request_id")) {
    if (!body["request_id"].is_string()) {
      return bad("request_id in --json must be a string: the answer comes on cmd-result/<request_id>");
    }
    id = body["request_id"].get<std::string>();
  } else {
    id = std::string(fallback);
  }
  if (auto valid = check_request_id(id); !valid) return std::unexpected(valid.error());
  return id;
}

}  // namespace

bool is_known_command(std::string_view name) { return find_command(name) != nullptr; }

std::string command_help() {
  std::string text;
  for (const auto& spec : command_specs()) {
    text += "  " + std::string(spec.name) + " DEVICE " + std::string(spec.usage) + "\n";
  }
  text += "  options after the fields: --json '{...}' (raw object; key=value pairs are added), --request-id ID\n";
  return text;
}

core::Result<nlohmann::ordered_json> build_command_payload(const CommandRequest& request,
                                                           std::string_view fallback_request_id,
                                                           core::Random& random) {
  if (!backoffice::is_valid_device_id(request.device)) {
    return bad("device id '" + request.device + "' is not 1..64 of letters, digits, '-' and '_' (e.g. box-dev-001)");
  }
  const CommandSpec* spec = find_command(request.command);
  if (spec == nullptr) return bad("unknown command '" + request.command + "'; commands: " + command_names());
  auto fields = split_fields(request.fields);
  if (!fields) return std::unexpected(fields.error());
  auto body = parse_raw(request.raw_json);
  if (!body) return std::unexpected(body.error());

  const bool raw = request.raw_json.has_value();
  auto added = spec->name == "staff-credentials" ? add_staff_fields(*fields, raw, random, *body)
                                                 : add_table_fields(*spec, *fields, raw, *body);
  if (!added) return std::unexpected(added.error());

  auto request_id = choose_request_id(request, *body, fallback_request_id);
  if (!request_id) return std::unexpected(request_id.error());

  Json payload;
  payload["schema"] = backoffice::command_schema;
  payload["request_id"] = *request_id;
  for (auto& [key, value] : body->items()) {
    if (key == "request_id") continue;
    payload[key] = std::move(value);
  }
  return payload;
}

}  // namespace pickupbox::console
