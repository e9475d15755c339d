#pragma once
// Commands the back office sends to one box on pickupbox/v1/<device-id>/cmd/<name>, after
// validation. Parsing (command_parser.hpp) turns bytes into one of these or an error; the
// app executes them. Pure data: no I/O.
//
// Every payload is a JSON object {"schema":1, "request_id":"<1..64 chars [A-Za-z0-9._:-]>", ...}.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/locker.hpp"
#include "core/policies.hpp"
#include "core/staff.hpp"

namespace pickupbox::backoffice {

inline constexpr int command_schema = 1;
// Larger payloads are refused unread: no command needs more than a few hundred bytes.
inline constexpr std::size_t max_command_bytes = 16 * 1024;

// cmd/create-order: an order awaiting loading at the desk.
struct CreateOrder {
  std::string reference;                     // back office's, 1..64 printable ASCII
  std::string document_kind;                 // passport | driving_licence | id_card | other
  core::SizeClass size = core::SizeClass::M;
  std::string phone;                         // as sent; core normalises to E.164 (personal data)
  std::optional<std::string> date_of_birth;  // YYYY-MM-DD (personal data)
  std::string language = "da";               // da | en
  std::optional<core::TimePoint> expires_at; // RFC 3339 UTC in the payload
};

// cmd/cancel-order
struct CancelOrder {
  std::string order_id;  // exactly one of order_id / reference is set
  std::string reference;
  std::string reason;
};

// cmd/remote-open: opens a door from the back office; audited with the reason.
struct RemoteOpen {
  std::string locker_id;
  std::string reason;    // required, 1..200 characters
  std::string operator_id;  // who asked, for the audit log ("" when not given)
};

// cmd/set-out-of-service
struct SetOutOfService {
  std::string locker_id;
  bool out_of_service = true;
  std::string reason;
};

// cmd/staff-credentials: add or replace, or remove staff accounts. PINs arrive only as
// PBKDF2 hashes made by the back office, never in clear.
struct StaffUpsert {
  core::StaffMember member;  // pin: salt, hash (hex in the payload), iterations
};
struct StaffCredentials {
  std::vector<StaffUpsert> upsert;
  std::vector<std::string> remove;  // staff ids
};

// cmd/config: new policies; only the keys present change, the rest keep their value.
struct ConfigPolicies {
  struct Patch {
    std::optional<int> code_digits;
    std::optional<int> attempts_per_order;
    std::optional<int> kiosk_failures_before_backoff;
    std::optional<core::Duration> kiosk_backoff_initial;
    std::optional<core::Duration> kiosk_backoff_max;
    std::optional<core::Duration> code_lifetime;
    std::optional<core::Duration> pickup_window;
    std::optional<core::Duration> reminder_after;
    std::optional<core::Duration> grace_reopen;
    std::optional<core::Duration> staff_session_timeout;
    std::optional<core::Duration> door_open_alarm_after;
  } patch;
};

using CommandBody =
    std::variant<CreateOrder, CancelOrder, RemoteOpen, SetOutOfService, StaffCredentials, ConfigPolicies>;

struct Command {
  std::string name;        // the topic's last level: "create-order", ...
  std::string request_id;  // idempotency key; the answer goes to cmd-result/<request_id>
  CommandBody body;
};

// Applies a policy patch; the result still has to pass core::validate.
core::Policies apply(const ConfigPolicies::Patch& patch, core::Policies policies);

}  // namespace pickupbox::backoffice
