#include "app/command_executor.hpp"

#include <nlohmann/json.hpp>

#include "backoffice/command_parser.hpp"
#include "core/digest_hex.hpp"
#include "log/log.hpp"

namespace pickupbox::app {

using core::ErrorCode;
using core::fail;
using core::Result;

namespace {

constexpr std::string_view policies_key = "backoffice.policies";
const std::string actor_backoffice = "backoffice";

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

// The patch in the command's own vocabulary (the INI keys), so that what is stored is
// read back by the same parser.
Json patch_json(const backoffice::ConfigPolicies::Patch& p) {
  using namespace std::chrono;
  Json j = Json::object();
  auto put = [&j](const char* key, const auto& value, auto unit) {
    if (!value) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(*value)>, int>) {
      j[key] = *value;
    } else {
      j[key] = duration_cast<decltype(unit)>(*value).count();
    }
  };
  put("code_digits", p.code_digits, 0);
  put("attempts_per_order", p.attempts_per_order, 0);
  put("kiosk_failures_before_backoff", p.kiosk_failures_before_backoff, 0);
  put("kiosk_backoff_initial_s", p.kiosk_backoff_initial, seconds{});
  put("kiosk_backoff_max_s", p.kiosk_backoff_max, seconds{});
  put("code_lifetime_h", p.code_lifetime, hours{});
  put("pickup_window_h", p.pickup_window, hours{});
  put("reminder_after_h", p.reminder_after, hours{});
  put("grace_reopen_s", p.grace_reopen, seconds{});
  put("staff_session_timeout_s", p.staff_session_timeout, seconds{});
  put("door_open_alarm_after_s", p.door_open_alarm_after, seconds{});
  return j;
}

Result<backoffice::ConfigPolicies> parse_stored_patch(const std::string& text) {
  const auto stored = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto parsed = backoffice::parse_command(
      "config", Json{{"schema", 1}, {"request_id", "stored"}, {"policies", stored}}.dump());
  if (!parsed) {
    return fail(ErrorCode::storage, "stored back-office policies are damaged (" + parsed.error().error.message +
                                        "); send a config command again");
  }
  return std::get<backoffice::ConfigPolicies>(parsed->body);
}

}  // namespace

CommandExecutor::CommandExecutor(BoxService& service, store::Store& store, Config& config)
    : service_(service), store_(store), config_(config) {}

void CommandExecutor::execute(const backoffice::Command& command, std::function<void(Result<Json>)> done) {
  std::visit(Overloaded{
                 [&](const backoffice::CreateOrder& c) { done(create_order(c)); },
                 [&](const backoffice::CancelOrder& c) { done(cancel_order(c)); },
                 [&](const backoffice::RemoteOpen& c) {
                   const auto actor = c.operator_id.empty() ? actor_backoffice : actor_backoffice + ":" + c.operator_id;
                   service_.open_for_service(actor, c.locker_id, c.reason, std::move(done));
                 },
                 [&](const backoffice::SetOutOfService& c) {
                   done(service_.set_out_of_service(actor_backoffice, c.locker_id, c.out_of_service, c.reason));
                 },
                 [&](const backoffice::StaffCredentials& c) { done(staff_credentials(c)); },
                 [&](const backoffice::ConfigPolicies& c) { done(change_policies(c)); },
             },
             command.body);
}

Result<Json> CommandExecutor::create_order(const backoffice::CreateOrder& c) {
  // The back office may send an order again (it did not see our answer): the same
  // reference is the same order, not an error.
  auto existing = store_.order_by_reference(c.reference);
  if (!existing) return std::unexpected(existing.error());
  if (*existing && !core::is_final((*existing)->state)) {
    return Json{{"order_id", (*existing)->id}, {"state", core::to_string((*existing)->state)}, {"existing", true}};
  }
  core::NewOrder order;
  order.reference = c.reference;
  order.document_kind = c.document_kind;
  order.size = c.size;
  order.phone = c.phone;
  order.language = c.language;
  order.expires_at = c.expires_at;
  return service_.create_order(order, c.date_of_birth);
}

Result<Json> CommandExecutor::cancel_order(const backoffice::CancelOrder& c) {
  std::string order_id = c.order_id;
  if (order_id.empty()) {
    auto found = store_.order_by_reference(c.reference);
    if (!found) return std::unexpected(found.error());
    if (!*found) return fail(ErrorCode::not_found, "no order with reference '" + c.reference + "' in this box");
    order_id = (*found)->id;
  }
  return service_.cancel_order(actor_backoffice, order_id, c.reason);
}

Result<Json> CommandExecutor::staff_credentials(const backoffice::StaffCredentials& c) {
  store::Change change;
  for (const auto& u : c.upsert) {
    change.staff.push_back(u.member);
    change.audit.push_back(core::AuditEntry{actor_backoffice, "staff_upsert", "", "", u.member.id});
  }
  for (const auto& id : c.remove) {
    change.staff_removed.push_back(id);
    change.audit.push_back(core::AuditEntry{actor_backoffice, "staff_remove", "", "", id});
  }
  change.events.push_back(core::Event{"staff.credentials_changed",
                                      {{"upserted", std::to_string(c.upsert.size())},
                                       {"removed", std::to_string(c.remove.size())}}});
  if (auto ok = service_.record(std::move(change)); !ok) return std::unexpected(ok.error());
  return Json{{"upserted", c.upsert.size()}, {"removed", c.remove.size()}};
}

Result<Json> CommandExecutor::change_policies(const backoffice::ConfigPolicies& c) {
  const auto patch = patch_json(c.patch);
  const auto keys = patch.dump();
  auto merged = patch;
  if (auto stored = store_.kv_get(policies_key); stored && *stored) {
    auto earlier = Json::parse(**stored, nullptr, false);
    if (earlier.is_object()) {
      earlier.update(merged);
      merged = earlier;
    }
  }
  auto policies = core::validate(backoffice::apply(c.patch, config_.policies));
  if (!policies) return std::unexpected(policies.error());
  if (auto kept = store_.kv_set(policies_key, merged.dump()); !kept) return std::unexpected(kept.error());
  store::Change change;
  change.events.push_back(core::Event{"config.changed", {{"keys", keys}}});
  change.audit.push_back(core::AuditEntry{actor_backoffice, "config", "", "", keys});
  config_.policies = *policies;
  if (auto ok = service_.record(std::move(change)); !ok) return std::unexpected(ok.error());
  log::info("config.policies_changed", {{"keys", keys}});
  return Json{{"policies", merged}};
}

Result<void> CommandExecutor::restore_policies() {
  auto stored = store_.kv_get(policies_key);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return {};
  auto patch = parse_stored_patch(**stored);
  if (!patch) return std::unexpected(patch.error());
  auto policies = core::validate(backoffice::apply(patch->patch, config_.policies));
  if (!policies) return std::unexpected(policies.error());
  config_.policies = *policies;
  return {};
}

}  // namespace pickupbox::app
