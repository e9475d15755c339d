#include "backoffice/command_parser.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/digest_hex.hpp"
#include "core/uuid.hpp"

namespace pickupbox::backoffice {

namespace {

using core::Result;
using nlohmann::json;

// Reads one field into `var`, or returns its error from the enclosing function.
#define BO_TRY(var, expr) \
  auto var = (expr);      \
  if (!var) return std::unexpected(std::move(var.error()))

constexpr std::size_t max_staff_entries = 100;
constexpr std::size_t max_reason_chars = 200;
constexpr std::size_t max_name_chars = 64;

std::unexpected<core::Error> invalid(std::string message) {
  return core::fail(core::ErrorCode::invalid_argument, std::move(message));
}

std::unexpected<core::Error> field_error(std::string_view field, std::string_view what) {
  return invalid("field '" + std::string(field) + "' " + std::string(what));
}

// Received text inside a message: at most 40 characters, anything but printable ASCII shown
// as '?', so the answer stays one readable line of valid UTF-8 whatever was sent. Used only
// for key names, enum words, times and ids, never for personal data or free text.
std::string echoed(std::string_view text) {
  constexpr std::size_t shown = 40;
  std::string out = "'";
  for (char c : text.substr(0, shown)) out += (c >= 0x20 && c <= 0x7E) ? c : '?';
  if (text.size() > shown) out += "...";
  return out + "'";
}

std::string joined(std::initializer_list<std::string_view> words) {
  std::string out;
  for (std::string_view word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

// --- Character rules ---------------------------------------------------------------------

bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// 1..max of letters, digits and the given punctuation.
bool is_token(std::string_view text, std::size_t max, std::string_view punctuation) {
  return !text.empty() && text.size() <= max && std::ranges::all_of(text, [&](char c) {
    return is_alnum(c) || punctuation.find(c) != std::string_view::npos;
  });
}

bool is_printable_ascii(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// nlohmann has already refused ill-formed UTF-8, so counting lead bytes counts characters.
std::size_t char_count(std::string_view text) {
  return static_cast<std::size_t>(std::ranges::count_if(text, [](char c) { return (c & 0xC0) != 0x80; }));
}

// C0 controls, DEL and C1 controls (U+0080..U+009F, encoded C2 80..C2 9F): free text ends
// up in audit lines and staff screens, where a newline or escape would forge or garble them.
bool has_control(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return true;
  }
  return false;
}

bool is_text(std::string_view text, std::size_t min_chars, std::size_t max_chars) {
  const std::size_t chars = char_count(text);
  return chars >= min_chars && chars <= max_chars && !has_control(text);
}

bool is_blank(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c == ' '; });
}

bool is_hex(std::string_view text) {
  return std::ranges::all_of(
      text, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
}

bool is_reference(std::string_view text) { return !text.empty() && text.size() <= 64 && is_printable_ascii(text); }
bool is_locker_id(std::string_view text) { return is_token(text, 16, ""); }
bool is_staff_id(std::string_view text) { return is_token(text, 32, "._-"); }

// --- Dates and times ---------------------------------------------------------------------

std::optional<int> number_at(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (char c : text.substr(pos, count)) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// "YYYY-MM-DD" at the start of the text, a day that exists.
std::optional<std::chrono::year_month_day> date_at(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = number_at(text, 0, 4);
  const auto m = number_at(text, 5, 2);
  const auto d = number_at(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                         std::chrono::day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

// Same year range as core::normalise_date_of_birth, which the executor calls before hashing.
bool is_birth_date(std::string_view text) {
  const auto date = date_at(text);
  return text.size() == 10 && date && date->year() >= std::chrono::year{1900} &&
         date->year() <= std::chrono::year{2099};
}

// Milliseconds from RFC 3339 fraction digits (at least one); digits past the third are cut
// off, as TimePoint counts milliseconds. nullopt for more than nanoseconds.
std::optional<std::int64_t> fraction_ms(std::string_view digits) {
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  std::int64_t millis = 0;
  for (std::size_t i = 0; i < 3; ++i) millis = millis * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  return millis;
}

// RFC 3339 in UTC: "2026-12-15T16:00:00Z", "2026-12-15T16:00:00.250Z", "...T16:00:00+00:00".
// Other offsets are refused rather than converted: the back office promises UTC, so any other
// offset means its clock or serialiser is misconfigured.
std::optional<core::TimePoint> parse_utc_time(std::string_view text) {
  const auto date = date_at(text);
  if (!date || text.size() < 20 || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto h = number_at(text, 11, 2);
  const auto min = number_at(text, 14, 2);
  const auto s = number_at(text, 17, 2);
  if (!h || !min || !s || *h > 23 || *min > 59 || *s > 59) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (text[pos] == '.') {
    const std::size_t end = text.find_first_not_of("0123456789", pos + 1);
    const auto fraction = fraction_ms(text.substr(pos + 1, end == std::string_view::npos ? end : end - pos - 1));
    if (!fraction) return std::nullopt;
    millis = *fraction;
    pos = end == std::string_view::npos ? text.size() : end;
  }
  const std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;
  core::TimePoint t{std::chrono::sys_days{*date}};
  t += std::chrono::hours{*h} + std::chrono::minutes{*min} + std::chrono::seconds{*s} +
       std::chrono::milliseconds{millis};
  return t;
}

// --- Reading fields ----------------------------------------------------------------------

// One JSON object being read, and how its fields are named in messages.
struct Object {
  const json& value;
  std::string path;  // "" at the top of the payload; "upsert[2]", "upsert[2].pin_hash" inside

  std::string field(std::string_view key) const {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  std::string where() const { return path.empty() ? "the payload" : "'" + path + "'"; }
  // nullptr when absent or null: null means "not given", as in the local API.
  const json* find(std::string_view key) const {
    auto it = value.find(key);
    return it == value.end() || it->is_null() ? nullptr : &*it;
  }
};

// Unknown keys are refused so that a misspelt optional key is never silently ignored.
std::unexpected<core::Error> unknown_key(const Object& o, std::string_view key, std::string_view known) {
  return invalid("unknown key " + echoed(key) + " in " + o.where() + "; known keys: " + std::string(known) +
                 " (check the spelling: unknown keys are refused, not ignored)");
}

Result<void> only_keys(const Object& o, std::initializer_list<std::string_view> known) {
  for (auto it = o.value.begin(); it != o.value.end(); ++it) {
    if (std::ranges::find(known, std::string_view(it.key())) == known.end()) {
      return unknown_key(o, it.key(), joined(known));
    }
  }
  return {};
}

// Whether a refused value may be repeated in the message (see echoed()).
enum class Echo { no, yes };

// A string field with one rule; `shape` says the rule in words for every message about it,
// e.g. "a string of 1-16 letters and digits".
Result<std::optional<std::string>> optional_string(const Object& o, std::string_view key, std::string_view shape,
                                                   const std::function<bool(std::string_view)>& ok,
                                                   Echo echo = Echo::no) {
  const json* value = o.find(key);
  if (value == nullptr) return std::optional<std::string>{};
  if (!value->is_string()) return field_error(o.field(key), "must be " + std::string(shape));
  const auto& text = value->get_ref<const std::string&>();
  if (!ok(text)) {
    const std::string got = echo == Echo::yes ? " (got " + echoed(text) + ")" : "";
    return field_error(o.field(key), "must be " + std::string(shape) + got);
  }
  return std::optional<std::string>{text};
}

Result<std::string> required_string(const Object& o, std::string_view key, std::string_view shape,
                                    const std::function<bool(std::string_view)>& ok, Echo echo = Echo::no) {
  BO_TRY(text, optional_string(o, key, shape, ok, echo));
  if (!*text) return field_error(o.field(key), "is required: send " + std::string(shape));
  return std::move(**text);
}

// A JSON integer (2.0 is not one) within [min, max].
Result<std::optional<std::int64_t>> optional_integer(const Object& o, std::string_view key, std::int64_t min,
                                                     std::int64_t max, std::string_view unit = "") {
  const json* value = o.find(key);
  if (value == nullptr) return std::optional<std::int64_t>{};
  const std::string shape = "must be an integer between " + std::to_string(min) + " and " + std::to_string(max) +
                            (unit.empty() ? "" : " (" + std::string(unit) + ")");
  const bool fits = value->is_number_integer() &&
                    (value->is_number_unsigned() ? value->get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                                                 : value->get<std::int64_t>() <= max);
  if (!fits || value->get<std::int64_t>() < min) return field_error(o.field(key), shape);
  return std::optional<std::int64_t>{value->get<std::int64_t>()};
}

Result<std::int64_t> required_integer(const Object& o, std::string_view key, std::int64_t min, std::int64_t max) {
  BO_TRY(number, optional_integer(o, key, min, max));
  if (!*number) {
    return field_error(o.field(key),
                       "is required: send an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return **number;
}

Result<std::optional<bool>> optional_bool(const Object& o, std::string_view key) {
  const json* value = o.find(key);
  if (value == nullptr) return std::optional<bool>{};
  if (!value->is_boolean()) return field_error(o.field(key), "must be a boolean (true or false)");
  return std::optional<bool>{value->get<bool>()};
}

Result<bool> required_bool(const Object& o, std::string_view key) {
  BO_TRY(flag, optional_bool(o, key));
  if (!*flag) return field_error(o.field(key), "is required: send true or false");
  return **flag;
}

// nullptr when absent or null.
Result<const json*> optional_array(const Object& o, std::string_view key, std::string_view shape) {
  const json* value = o.find(key);
  if (value != nullptr && !value->is_array())
    return field_error(o.field(key), "must be an array " + std::string(shape));
  return value;
}

Result<Object> required_object(const Object& o, std::string_view key, std::string_view shape) {
  const json* value = o.find(key);
  if (value == nullptr) return field_error(o.field(key), "is required: send an object " + std::string(shape));
  if (!value->is_object()) return field_error(o.field(key), "must be an object " + std::string(shape));
  return Object{*value, o.field(key)};
}

// One of a few words, e.g. document_kind.
Result<std::optional<std::string>> optional_word(const Object& o, std::string_view key,
                                                 std::initializer_list<std::string_view> words) {
  const std::string shape = "one of " + joined(words);
  return optional_string(
      o, key, shape, [&](std::string_view text) { return std::ranges::find(words, text) != words.end(); }, Echo::yes);
}

Result<std::string> required_word(const Object& o, std::string_view key,
                                  std::initializer_list<std::string_view> words) {
  BO_TRY(word, optional_word(o, key, words));
  if (!*word) return field_error(o.field(key), "is required: send one of " + joined(words));
  return std::move(**word);
}

// --- The envelope --------------------------------------------------------------------------

Result<std::string> read_request_id(const Object& top) {
  return required_string(top, "request_id",
                         "a string of 1-64 characters A-Z a-z 0-9 . _ : - (it becomes the topic level "
                         "cmd-result/<request_id>, so no '/', '+', '#' or spaces)",
                         is_valid_request_id, Echo::yes);
}

Result<void> check_schema(const Object& top) {
  const std::string supported = "this box supports schema " + std::to_string(command_schema) + " only";
  const json* schema = top.find("schema");
  if (schema == nullptr) return field_error("schema", "is required: send \"schema\": 1 (" + supported + ")");
  if (!schema->is_number_integer()) return field_error("schema", "must be the integer 1; " + supported);
  const bool one = schema->is_number_unsigned() ? schema->get<std::uint64_t>() == 1 : schema->get<std::int64_t>() == 1;
  if (!one) {
    const std::string number = schema->is_number_unsigned() ? std::to_string(schema->get<std::uint64_t>())
                                                            : std::to_string(schema->get<std::int64_t>());
    return invalid("schema " + number + " is not supported: " + supported +
                   "; send the command in schema 1 or update the box's firmware");
  }
  return {};
}

// --- create-order --------------------------------------------------------------------------

Result<CommandBody> parse_create_order(const Object& o) {
  BO_TRY(keys, only_keys(o, {"schema", "request_id", "reference", "document_kind", "size", "phone", "date_of_birth",
                             "language", "expires_at"}));
  CreateOrder order;
  BO_TRY(reference, required_string(o, "reference", "a string of 1-64 printable ASCII characters", is_reference));
  BO_TRY(kind, required_word(o, "document_kind", {"passport", "driving_licence", "id_card", "other"}));
  BO_TRY(size_word, required_word(o, "size", {"S", "M", "L"}));
  BO_TRY(size, core::parse_size_class(*size_word));
  // Personal data: never echoed. Normalising to E.164 is core's job; this only bounds it.
  BO_TRY(phone, required_string(o, "phone", "a non-empty string of at most 32 characters",
                                [](std::string_view text) { return !text.empty() && text.size() <= 32; }));
  BO_TRY(birth,
         optional_string(o, "date_of_birth", "a date written YYYY-MM-DD that exists in the calendar, year 1900 to 2099",
                         is_birth_date));
  BO_TRY(language, optional_word(o, "language", {"da", "en"}));
  BO_TRY(expires, optional_string(
                      o, "expires_at",
                      "an RFC 3339 time in UTC like 2026-12-15T16:00:00Z (end it with Z or +00:00; "
                      "fractional seconds are allowed)",
                      [](std::string_view text) { return parse_utc_time(text).has_value(); }, Echo::yes));
  order.reference = std::move(*reference);
  order.document_kind = std::move(*kind);
  order.size = *size;
  order.phone = std::move(*phone);
  order.date_of_birth = std::move(*birth);
  if (*language) order.language = std::move(**language);
  if (*expires) order.expires_at = parse_utc_time(**expires);
  return CommandBody{std::move(order)};
}

// --- cancel-order, remote-open, set-out-of-service -----------------------------------------

Result<std::optional<std::string>> optional_reason(const Object& o) {
  return optional_string(o, "reason", "a string of at most 200 characters without control characters",
                         [](std::string_view text) { return is_text(text, 0, max_reason_chars); });
}

Result<std::string> required_locker_id(const Object& o) {
  return required_string(o, "locker_id", "a string of 1-16 letters and digits, the id printed on the door (e.g. A01)",
                         is_locker_id, Echo::yes);
}

Result<CommandBody> parse_cancel_order(const Object& o) {
  BO_TRY(keys, only_keys(o, {"schema", "request_id", "order_id", "reference", "reason"}));
  BO_TRY(order_id, optional_string(
                       o, "order_id", "a UUID like 3f2b8c1e-0d4a-4b6e-9a51-2c7d9e0f1a2b",
                       [](std::string_view text) { return core::is_uuid(text); }, Echo::yes));
  BO_TRY(reference, optional_string(o, "reference", "a string of 1-64 printable ASCII characters", is_reference));
  if (order_id->has_value() == reference->has_value()) {
    return invalid(std::string(order_id->has_value() ? "both 'order_id' and 'reference' are given"
                                                     : "neither 'order_id' nor 'reference' is given") +
                   ": send exactly one of them to name the order to cancel");
  }
  BO_TRY(reason, optional_reason(o));
  return CommandBody{CancelOrder{order_id->value_or(""), reference->value_or(""), reason->value_or("")}};
}

Result<CommandBody> parse_remote_open(const Object& o) {
  BO_TRY(keys, only_keys(o, {"schema", "request_id", "locker_id", "reason", "operator"}));
  BO_TRY(locker, required_locker_id(o));
  // Required: a door opened from afar must say why in the audit log.
  BO_TRY(reason,
         required_string(o, "reason",
                         "a string of 1-200 characters, not blank and without control characters, saying "
                         "why the door is opened (it goes into the audit log)",
                         [](std::string_view text) { return is_text(text, 1, max_reason_chars) && !is_blank(text); }));
  BO_TRY(operator_id, optional_string(o, "operator", "a string of at most 64 characters without control characters",
                                      [](std::string_view text) { return is_text(text, 0, max_name_chars); }));
  return CommandBody{RemoteOpen{std::move(*locker), std::move(*reason), operator_id->value_or("")}};
}

Result<CommandBody> parse_set_out_of_service(const Object& o) {
  BO_TRY(keys, only_keys(o, {"schema", "request_id", "locker_id", "out_of_service", "reason"}));
  BO_TRY(locker, required_locker_id(o));
  BO_TRY(flag, required_bool(o, "out_of_service"));
  BO_TRY(reason, optional_reason(o));
  return CommandBody{SetOutOfService{std::move(*locker), *flag, reason->value_or("")}};
}

// --- staff-credentials ---------------------------------------------------------------------

// Checked before the unknown-key rule so the answer says why, not just "unknown key".
Result<void> refuse_clear_pin(const Object& o) {
  if (!o.value.contains("pin")) return {};
  return field_error(o.field("pin"),
                     "is refused: PINs are only accepted as PBKDF2 hashes; send \"pin_hash\": {\"salt\", \"hash\", "
                     "\"iterations\"} made by the back office, never the PIN itself");
}

Result<std::vector<std::uint8_t>> required_hex(const Object& o, std::string_view key, std::size_t min_bytes,
                                               std::size_t max_bytes) {
  const std::string bytes = min_bytes == max_bytes
                                ? std::to_string(min_bytes) + " bytes"
                                : std::to_string(min_bytes) + "-" + std::to_string(max_bytes) + " bytes";
  const std::string shape = "a hex string of " + bytes + " (two hex digits a byte)";
  BO_TRY(text, required_string(o, key, shape, [&](std::string_view t) {
           return t.size() % 2 == 0 && t.size() >= 2 * min_bytes && t.size() <= 2 * max_bytes && is_hex(t);
         }));
  return core::from_hex(*text);
}

Result<core::PinHash> parse_pin_hash(const Object& entry) {
  BO_TRY(o, required_object(entry, "pin_hash", "{\"salt\", \"hash\", \"iterations\"}"));
  BO_TRY(no_pin, refuse_clear_pin(*o));
  BO_TRY(keys, only_keys(*o, {"salt", "hash", "iterations"}));
  BO_TRY(salt, required_hex(*o, "salt", 16, 64));
  BO_TRY(hash, required_hex(*o, "hash", 32, 32));
  // The floor keeps a weak hash from being planted; the ceiling keeps a login from taking minutes.
  BO_TRY(iterations, required_integer(*o, "iterations", 10'000, 10'000'000));
  return core::PinHash{std::move(*salt), std::move(*hash), static_cast<int>(*iterations)};
}

constexpr std::string_view staff_id_shape = "a string of 1-32 characters A-Z a-z 0-9 . _ -";

Result<StaffUpsert> parse_upsert(const json& entry, std::string path) {
  if (!entry.is_object()) {
    return field_error(path, "must be an object {\"staff_id\", \"display_name\", \"pin_hash\", \"active\"}");
  }
  const Object o{entry, std::move(path)};
  BO_TRY(no_pin, refuse_clear_pin(o));
  BO_TRY(keys, only_keys(o, {"staff_id", "display_name", "pin_hash", "active"}));
  BO_TRY(id, required_string(o, "staff_id", staff_id_shape, is_staff_id, Echo::yes));
  BO_TRY(name, optional_string(o, "display_name", "a string of 1-64 characters without control characters",
                               [](std::string_view text) { return is_text(text, 1, max_name_chars); }));
  BO_TRY(pin, parse_pin_hash(o));
  BO_TRY(active, optional_bool(o, "active"));
  // Without a display name the staff screens show the login name rather than a blank.
  std::string display_name = name->value_or(*id);
  return StaffUpsert{
      core::StaffMember{std::move(*id), std::move(display_name), std::move(*pin), active->value_or(true)}};
}

Result<std::string> parse_removal(const json& entry, const std::string& path) {
  if (!entry.is_string() || !is_staff_id(entry.get_ref<const std::string&>())) {
    return field_error(path, "must be " + std::string(staff_id_shape) + ", the id of a staff member to remove");
  }
  return entry.get<std::string>();
}

// One change per staff member, so the result does not depend on the order of the entries.
Result<void> claim_once(std::set<std::string, std::less<>>& seen, const std::string& id, const std::string& path) {
  if (seen.insert(id).second) return {};
  return field_error(path, "repeats staff_id " + echoed(id) + ": send each staff member once per command");
}

Result<CommandBody> parse_staff_credentials(const Object& o) {
  BO_TRY(no_pin, refuse_clear_pin(o));
  BO_TRY(keys, only_keys(o, {"schema", "request_id", "upsert", "remove"}));
  BO_TRY(upsert, optional_array(o, "upsert", "of {\"staff_id\", \"display_name\", \"pin_hash\", \"active\"}"));
  BO_TRY(remove, optional_array(o, "remove", "of staff ids"));
  const std::size_t entries = (*upsert ? (*upsert)->size() : 0) + (*remove ? (*remove)->size() : 0);
  if (entries == 0) return invalid("staff-credentials changes nothing: send a non-empty 'upsert' or 'remove' array");
  if (entries > max_staff_entries) {
    return invalid("staff-credentials has " + std::to_string(entries) + " entries, more than the " +
                   std::to_string(max_staff_entries) +
                   " allowed in one command: split the change into several commands");
  }
  StaffCredentials change;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; *upsert && i < (*upsert)->size(); ++i) {
    const std::string path = "upsert[" + std::to_string(i) + "]";
    BO_TRY(entry, parse_upsert((**upsert)[i], path));
    BO_TRY(once, claim_once(seen, entry->member.id, path + ".staff_id"));
    change.upsert.push_back(std::move(*entry));
  }
  for (std::size_t i = 0; *remove && i < (*remove)->size(); ++i) {
    const std::string path = "remove[" + std::to_string(i) + "]";
    BO_TRY(id, parse_removal((**remove)[i], path));
    BO_TRY(once, claim_once(seen, *id, path));
    change.remove.push_back(std::move(*id));
  }
  return CommandBody{std::move(change)};
}

// --- config --------------------------------------------------------------------------------

// Keys and units as in the [policies] section of the INI file (app/config.cpp). The bounds are
// the INI file's narrowed to what core::validate accepts (attempts_per_order <= 20,
// kiosk_failures_before_backoff <= 100, grace_reopen_s >= 1), so a refusal names the key the
// back office sent, in its unit.
struct PolicyKey {
  std::string_view key;
  std::int64_t min;
  std::int64_t max;
  std::string_view unit;
  void (*set)(ConfigPolicies::Patch&, std::int64_t);
};

using Patch = ConfigPolicies::Patch;
constexpr std::int64_t hours_a_year = 24 * 365;
constexpr std::array policy_keys{
    PolicyKey{"code_digits", 6, 8, "", [](Patch& p, std::int64_t v) { p.code_digits = static_cast<int>(v); }},
    PolicyKey{"attempts_per_order", 1, 20, "",
              [](Patch& p, std::int64_t v) { p.attempts_per_order = static_cast<int>(v); }},
    PolicyKey{"kiosk_failures_before_backoff", 1, 100, "",
              [](Patch& p, std::int64_t v) { p.kiosk_failures_before_backoff = static_cast<int>(v); }},
    PolicyKey{"kiosk_backoff_initial_s", 1, 3600, "seconds",
              [](Patch& p, std::int64_t v) { p.kiosk_backoff_initial = std::chrono::seconds{v}; }},
    PolicyKey{"kiosk_backoff_max_s", 1, 86'400, "seconds",
              [](Patch& p, std::int64_t v) { p.kiosk_backoff_max = std::chrono::seconds{v}; }},
    PolicyKey{"code_lifetime_h", 1, hours_a_year, "hours",
              [](Patch& p, std::int64_t v) { p.code_lifetime = std::chrono::hours{v}; }},
    PolicyKey{"pickup_window_h", 1, hours_a_year, "hours",
              [](Patch& p, std::int64_t v) { p.pickup_window = std::chrono::hours{v}; }},
    PolicyKey{"reminder_after_h", 1, hours_a_year, "hours",
              [](Patch& p, std::int64_t v) { p.reminder_after = std::chrono::hours{v}; }},
    PolicyKey{"grace_reopen_s", 1, 3600, "seconds",
              [](Patch& p, std::int64_t v) { p.grace_reopen = std::chrono::seconds{v}; }},
    PolicyKey{"staff_session_timeout_s", 10, 86'400, "seconds",
              [](Patch& p, std::int64_t v) { p.staff_session_timeout = std::chrono::seconds{v}; }},
    PolicyKey{"door_open_alarm_after_s", 5, 86'400, "seconds",
              [](Patch& p, std::int64_t v) { p.door_open_alarm_after = std::chrono::seconds{v}; }},
};

std::string policy_key_names() {
  std::string out;
  for (const PolicyKey& rule : policy_keys) {
    if (!out.empty()) out += ", ";
    out += rule.key;
  }
  return out;
}

const PolicyKey* find_policy_key(std::string_view key) {
  const auto it = std::ranges::find(policy_keys, key, &PolicyKey::key);
  return it == policy_keys.end() ? nullptr : &*it;
}

// Only the cross-field rule the patch itself can break: both ends of the backoff are sent.
Result<void> check_backoff_pair(const Patch& patch) {
  if (!patch.kiosk_backoff_initial || !patch.kiosk_backoff_max ||
      *patch.kiosk_backoff_max >= *patch.kiosk_backoff_initial) {
    return {};
  }
  return invalid(
      "field 'policies.kiosk_backoff_max_s' is shorter than 'policies.kiosk_backoff_initial_s': make the "
      "maximum pause at least the initial one");
}

// A net under the table above, in case core's rules tighten: validate over a base that passes
// every cross-field rule (backoff initial 1 ms, maximum unbounded), so only the patch can fail.
// The final check is the executor's, against the box's current policies: a kiosk_backoff_max_s
// sent alone may still be shorter than the box's current initial pause.
Result<void> check_against_core(const Patch& patch) {
  core::Policies base;
  base.kiosk_backoff_initial = core::Duration{1};
  base.kiosk_backoff_max = core::Duration::max();
  auto checked = core::validate(apply(patch, base));
  if (!checked) return invalid("field 'policies': " + checked.error().message);
  return {};
}

Result<CommandBody> parse_config(const Object& o) {
  BO_TRY(keys, only_keys(o, {"schema", "request_id", "policies"}));
  const std::string example = "of the keys to change, e.g. {\"code_digits\": 6}";
  BO_TRY(policies, required_object(o, "policies", example));
  if (policies->value.empty()) {
    return field_error("policies", "is empty: send at least one key to change; known keys: " + policy_key_names());
  }
  ConfigPolicies config;
  for (auto it = policies->value.begin(); it != policies->value.end(); ++it) {
    const PolicyKey* rule = find_policy_key(it.key());
    if (rule == nullptr) return unknown_key(*policies, it.key(), policy_key_names());
    // A null would read as "not given" elsewhere; here it would be a change that changes nothing.
    if (it->is_null()) {
      return field_error(policies->field(rule->key), "must be an integer; to keep the current value leave the key out");
    }
    BO_TRY(number, optional_integer(*policies, rule->key, rule->min, rule->max, rule->unit));
    rule->set(config.patch, **number);
  }
  BO_TRY(pair, check_backoff_pair(config.patch));
  BO_TRY(core_rules, check_against_core(config.patch));
  return CommandBody{config};
}

// --- Dispatch ------------------------------------------------------------------------------

struct CommandKind {
  std::string_view name;
  Result<CommandBody> (*parse)(const Object&);
};

// In the order of CommandBody's alternatives.
constexpr std::array command_kinds{
    CommandKind{"create-order", parse_create_order},
    CommandKind{"cancel-order", parse_cancel_order},
    CommandKind{"remote-open", parse_remote_open},
    CommandKind{"set-out-of-service", parse_set_out_of_service},
    CommandKind{"staff-credentials", parse_staff_credentials},
    CommandKind{"config", parse_config},
};
static_assert(command_kinds.size() == std::variant_size_v<CommandBody>);

constexpr std::string_view known_names =
    "create-order, cancel-order, remote-open, set-out-of-service, staff-credentials, config";

Result<CommandBody> parse_body(std::string_view name, const Object& top) {
  BO_TRY(schema, check_schema(top));
  const auto kind = std::ranges::find(command_kinds, name, &CommandKind::name);
  if (kind == command_kinds.end()) {
    return invalid("unknown command " + echoed(name) + "; known commands: " + std::string(known_names) +
                   " (publish to cmd/<command>)");
  }
  return kind->parse(top);
}

// nlohmann keeps the last of two equal keys; refusing them means no two readers of the same
// bytes (the box, a log viewer, the back office's own check) can disagree on what was sent.
Result<json> parse_json(std::string_view payload) {
  const std::string expected = "; send one JSON object, UTF-8, like {\"schema\": 1, \"request_id\": \"r-1\", ...}";
  if (payload.empty()) return invalid("payload is not a JSON object: it is empty" + expected);
  std::vector<std::set<std::string, std::less<>>> open_objects;
  std::optional<std::string> duplicate;
  const auto track = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end && !open_objects.empty()) {
      open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty() && !duplicate &&
               !open_objects.back().insert(parsed.get<std::string>()).second) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  json document;
  try {
    document = json::parse(payload, track, true);
  } catch (const json::parse_error& e) {
    // e.what() quotes the bytes last read, which may be personal data: give the position only.
    return invalid("payload is not a JSON object: it is not valid JSON (error near byte " + std::to_string(e.byte) +
                   ")" + expected);
  } catch (const json::exception&) {
    return invalid("payload is not a JSON object: it holds a number too large to read" + expected);
  }
  if (duplicate) return invalid("payload repeats the key " + echoed(*duplicate) + " in one object: send each key once");
  if (!document.is_object()) {
    return invalid("payload is not a JSON object: it is a JSON " + std::string(document.type_name()) + expected);
  }
  return document;
}

std::unexpected<CommandRejection> reject(std::string request_id, core::Error error) {
  return std::unexpected(CommandRejection{std::move(request_id), std::move(error)});
}

std::expected<Command, CommandRejection> parse_unguarded(std::string_view name, std::string_view payload) {
  // Checked before parsing, so an oversized payload costs nothing.
  if (payload.size() > max_command_bytes) {
    return reject("", core::Error{core::ErrorCode::invalid_argument,
                                  "payload is " + std::to_string(payload.size()) + " bytes, over the limit of " +
                                      std::to_string(max_command_bytes) +
                                      " bytes: a command is a small JSON object; check what is being published"});
  }
  auto document = parse_json(payload);
  if (!document) return reject("", std::move(document.error()));
  const Object top{*document, ""};
  // Read first, so every later refusal can still be answered on cmd-result/<request_id>.
  auto request_id = read_request_id(top);
  if (!request_id) return reject("", std::move(request_id.error()));
  auto body = parse_body(name, top);
  if (!body) return reject(std::move(*request_id), std::move(body.error()));
  return Command{std::string(name), std::move(*request_id), std::move(*body)};
}

#undef BO_TRY

}  // namespace

std::string_view known_command_names() { return known_names; }

bool is_valid_request_id(std::string_view id) { return is_token(id, 64, "._:-"); }

std::expected<Command, CommandRejection> parse_command(std::string_view name, std::string_view payload) {
  // Every expected failure is a value already; this only keeps a bug (or bad_alloc) from
  // taking the MQTT loop down with it.
  try {
    return parse_unguarded(name, payload);
  } catch (const std::exception&) {
    return reject("", core::Error{core::ErrorCode::internal,
                                  "the command parser failed unexpectedly; nothing was changed: report this with the "
                                  "command's topic and payload"});
  }
}

}  // namespace pickupbox::backoffice
