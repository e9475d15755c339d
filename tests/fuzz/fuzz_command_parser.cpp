// libFuzzer target: the back-office command parser fed arbitrary payloads under every topic
// name. Input: byte 0 picks the command name (one of the six known ones, a miscased one or an
// empty one), the rest is the MQTT payload.
// Invariants (trap on violation, so libFuzzer records the input):
//   - no exception escapes, and every refusal is invalid_argument (internal means a bug);
//   - a refusal's request_id is empty or topic-safe; its message is one line of printable
//     ASCII and, when it is about phone or date_of_birth, does not repeat the value sent;
//   - a payload over max_command_bytes is always refused;
//   - an accepted command has the topic's name, a topic-safe request_id, the body type that
//     belongs to the name, and fields within the documented limits;
//   - parsing the same input twice gives the same answer.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "backoffice/command_parser.hpp"
#include "core/policies.hpp"

namespace {

namespace bo = pickupbox::backoffice;
namespace core = pickupbox::core;

constexpr std::array<std::string_view, 8> names{
    "create-order",      "cancel-order", "remote-open",  "set-out-of-service",
    "staff-credentials", "config",       "Create-Order", "",
};
constexpr std::size_t known_names = 6;  // names[i] for i < 6 is CommandBody's alternative i

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  __builtin_trap();
}

bool is_printable_ascii(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c >= 0x20 && c <= 0x7E; });
}

bool is_alnum_token(std::string_view text, std::size_t max) {
  return !text.empty() && text.size() <= max && std::ranges::all_of(text, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

// Written out again rather than calling bo::is_valid_request_id, so a bug there is caught.
bool is_topic_safe_request_id(std::string_view text) {
  constexpr std::string_view allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
  return !text.empty() && text.size() <= 64 && text.find_first_not_of(allowed) == std::string_view::npos;
}

bool is_staff_id(std::string_view text) {
  return !text.empty() && text.size() <= 32 && std::ranges::all_of(text, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

// Looks like a phone number or a date: long enough that no message template contains it.
bool looks_personal(std::string_view text) {
  return text.size() >= 6 && text.find_first_not_of("0123456789+-") == std::string_view::npos;
}

void check_privacy(std::string_view payload, const std::string& message) {
  const auto document = nlohmann::json::parse(payload, nullptr, false);
  if (!document.is_object()) return;
  for (const char* key : {"phone", "date_of_birth"}) {
    const auto it = document.find(key);
    if (it == document.end() || !it->is_string()) continue;
    const auto& value = it->get_ref<const std::string&>();
    const bool about_it = message.find("field '" + std::string(key) + "'") != std::string::npos;
    if (about_it && looks_personal(value)) require(message.find(value) == std::string::npos, "personal data echoed");
  }
}

void check_rejection(const bo::CommandRejection& rejection, std::string_view payload) {
  require(rejection.error.code == core::ErrorCode::invalid_argument, "refusals are invalid_argument");
  require(rejection.request_id.empty() || is_topic_safe_request_id(rejection.request_id), "topic-safe request_id");
  require(!rejection.error.message.empty() && rejection.error.message.size() < 1024, "a message of sensible size");
  require(is_printable_ascii(rejection.error.message), "message is printable ASCII");
  check_privacy(payload, rejection.error.message);
}

void check_body(const bo::CreateOrder& order) {
  require(!order.reference.empty() && order.reference.size() <= 64 && is_printable_ascii(order.reference), "reference");
  const std::set<std::string> kinds{"passport", "driving_licence", "id_card", "other"};
  require(kinds.contains(order.document_kind), "document_kind");
  require(!order.phone.empty() && order.phone.size() <= 32, "phone");
  require(!order.date_of_birth || order.date_of_birth->size() == 10, "date_of_birth");
  require(order.language == "da" || order.language == "en", "language");
}

void check_body(const bo::CancelOrder& cancel) {
  require(cancel.order_id.empty() != cancel.reference.empty(), "exactly one of order_id / reference");
  require(cancel.reason.size() <= 200 * 4, "reason length");
}

void check_body(const bo::RemoteOpen& open) {
  require(is_alnum_token(open.locker_id, 16), "locker_id");
  require(!open.reason.empty() && open.reason.size() <= 200 * 4, "reason required");
  require(open.operator_id.size() <= 64 * 4, "operator length");
}

void check_body(const bo::SetOutOfService& change) { require(is_alnum_token(change.locker_id, 16), "locker_id"); }

void check_body(const bo::StaffCredentials& change) {
  const std::size_t entries = change.upsert.size() + change.remove.size();
  require(entries >= 1 && entries <= 100, "1..100 staff entries");
  std::set<std::string> seen;
  for (const auto& upsert : change.upsert) {
    const auto& member = upsert.member;
    require(is_staff_id(member.id) && seen.insert(member.id).second, "upserted staff id valid and unique");
    require(!member.display_name.empty(), "display name never blank");
    require(member.pin.salt.size() >= 16 && member.pin.salt.size() <= 64, "salt size");
    require(member.pin.hash.size() == 32, "hash size");
    require(member.pin.iterations >= 10'000 && member.pin.iterations <= 10'000'000, "iterations");
  }
  for (const auto& id : change.remove)
    require(is_staff_id(id) && seen.insert(id).second, "removed id valid and unique");
}

void check_body(const bo::ConfigPolicies& config) {
  const auto& p = config.patch;
  require(p.code_digits || p.attempts_per_order || p.kiosk_failures_before_backoff || p.kiosk_backoff_initial ||
              p.kiosk_backoff_max || p.code_lifetime || p.pickup_window || p.reminder_after || p.grace_reopen ||
              p.staff_session_timeout || p.door_open_alarm_after,
          "a config changes something");
  // The parser promises that only the box's current policies can still make the patch fail.
  core::Policies base;
  base.kiosk_backoff_initial = core::Duration{1};
  base.kiosk_backoff_max = core::Duration::max();
  require(core::validate(bo::apply(p, base)).has_value(), "patch passes core::validate");
}

void check_command(const bo::Command& command, std::size_t name_index) {
  require(name_index < known_names && command.name == names[name_index], "accepted only under a known name");
  require(is_topic_safe_request_id(command.request_id), "topic-safe request_id");
  require(command.body.index() == name_index, "body type belongs to the name");
  std::visit([](const auto& body) { check_body(body); }, command.body);
}

bool same_answer(const std::expected<bo::Command, bo::CommandRejection>& a,
                 const std::expected<bo::Command, bo::CommandRejection>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) {
    return a.error().request_id == b.error().request_id && a.error().error.code == b.error().error.code &&
           a.error().error.message == b.error().error.message;
  }
  return a->name == b->name && a->request_id == b->request_id && a->body.index() == b->body.index();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t name_index = data[0] % names.size();
  const std::string_view payload(reinterpret_cast<const char*>(data + 1), size - 1);

  const auto result = bo::parse_command(names[name_index], payload);
  if (payload.size() > bo::max_command_bytes) require(!result.has_value(), "oversized payload refused");
  if (result) {
    check_command(*result, name_index);
  } else {
    check_rejection(result.error(), payload);
  }
  require(same_answer(result, bo::parse_command(names[name_index], payload)), "deterministic");
  return 0;
}
