// Creation and loading: awaiting_load, a reserved locker, then loaded with the code SMS.
#include <algorithm>
#include <array>

#include "core/order_checks.hpp"
#include "core/order_transitions.hpp"
#include "core/phone.hpp"
#include "core/sms_text.hpp"
#include "core/uuid.hpp"

namespace pickupbox::core {

namespace {

constexpr std::array<std::string_view, 4> document_kinds{"passport", "driving_licence", "id_card", "other"};
constexpr std::size_t max_reference_size = 64;

bool is_printable_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

Result<void> check_request(const NewOrder& request, const std::string& order_id, TimePoint now) {
  if (!is_uuid(order_id)) {
    return fail(ErrorCode::invalid_argument, "order id '" + order_id + "' is not a UUID (8-4-4-4-12 hex)");
  }
  if (request.reference.empty() || request.reference.size() > max_reference_size ||
      !is_printable_ascii(request.reference)) {
    return fail(ErrorCode::invalid_argument, "reference of order " + order_id +
                                                 " must be 1 to 64 printable ASCII characters");
  }
  if (std::find(document_kinds.begin(), document_kinds.end(), request.document_kind) == document_kinds.end()) {
    return fail(ErrorCode::invalid_argument, "document kind '" + request.document_kind + "' of order " + order_id +
                                                 " is unknown; use passport, driving_licence, id_card or other");
  }
  if (request.language != "da" && request.language != "en") {
    return fail(ErrorCode::invalid_argument,
                "language '" + request.language + "' of order " + order_id + " is not supported; use da or en");
  }
  if (request.expires_at && *request.expires_at <= now) {
    return fail(ErrorCode::invalid_argument, "expires_at of order " + order_id + " is not in the future");
  }
  return {};
}

// What the back office learns about the document, on "order.created" and "order.loaded".
Event described_event(std::string type, const Order& order) {
  Event event = order_event(std::move(type), order);
  event.fields["reference"] = order.reference;
  event.fields["document_kind"] = order.document_kind;
  event.fields["size"] = std::string(to_string(order.size));
  return event;
}

}  // namespace

Result<Transition> create_order(const NewOrder& request, std::string order_id, TimePoint now,
                                const Policies& /*policies: expiry is fixed at loading time*/) {
  if (auto checked = check_request(request, order_id, now); !checked) return std::unexpected(checked.error());
  auto phone = normalise_phone(request.phone);
  if (!phone) return std::unexpected(phone.error());

  Order order;
  order.id = std::move(order_id);
  order.reference = request.reference;
  order.document_kind = request.document_kind;
  order.size = request.size;
  order.language = request.language;
  order.phone = std::move(*phone);
  order.identity_hash = request.identity_hash;
  order.created_at = now;
  order.expires_at = request.expires_at;

  Event created = described_event("order.created", order);
  return Transition{std::move(order), std::nullopt, {std::move(created)}, {}, {}};
}

Result<Transition> start_load(Order order, Locker locker, std::string actor, TimePoint /*now*/) {
  if (auto ok = require_actor(actor); !ok) return std::unexpected(ok.error());
  if (auto ok = require_state(order, OrderState::awaiting_load, "start loading"); !ok) {
    return std::unexpected(ok.error());
  }
  if (order.locker_id) {
    return illegal(order, "start loading", "it is already being loaded into locker " + *order.locker_id +
                                               "; confirm or abort that load first");
  }
  if (locker.state() != LockerState::free) {
    return fail(ErrorCode::invalid_transition, "locker " + locker.id + " is " + std::string(to_string(locker.state())) +
                                                   ": cannot load order " + order.id + " into it; choose a free locker");
  }
  if (locker.size < order.size) {
    return fail(ErrorCode::invalid_argument, "locker " + locker.id + " is size " + std::string(to_string(locker.size)) +
                                                 ", too small for order " + order.id + " (size " +
                                                 std::string(to_string(order.size)) + "); choose a larger locker");
  }
  locker.occupancy = Occupancy::reserved;
  locker.order_id = order.id;
  order.locker_id = locker.id;

  Event started = order_event("order.load_started", order);
  started.fields["actor"] = actor;
  AuditEntry audit = audit_entry(std::move(actor), "load", order);
  return Transition{std::move(order), std::move(locker), {std::move(started)}, {}, {std::move(audit)}};
}

Result<Transition> confirm_load(Order order, Locker locker, const GeneratedCode& code, TimePoint now,
                                const Policies& policies) {
  if (auto ok = require_state(order, OrderState::awaiting_load, "confirm loading"); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = require_locker_for(order, locker, Occupancy::reserved, "confirm loading"); !ok) {
    return std::unexpected(ok.error());
  }
  if (!is_well_formed_code(code.plaintext, policies.code_digits)) {
    return fail(ErrorCode::invalid_argument, "the pickup code for order " + order.id + " is not " +
                                                 std::to_string(policies.code_digits) + " digits; generate a new one");
  }
  if (!order.phone) {
    return fail(ErrorCode::internal, "order " + order.id + " has no phone number to send its code to");
  }
  order.state = OrderState::loaded;
  order.code_hash = code.hash;
  order.loaded_at = now;
  order.code_expires_at = now + policies.code_lifetime;
  if (!order.expires_at || *order.expires_at <= now) order.expires_at = now + policies.pickup_window;
  locker.occupancy = Occupancy::occupied;

  Event loaded = described_event("order.loaded", order);
  SmsRequest sms{order.id, *order.phone, order.language,
                 code_sms_text(order.language, order.document_kind, code.plaintext, collect_by(order),
                               order.identity_hash.has_value())};
  return Transition{std::move(order), std::move(locker), {std::move(loaded)}, {std::move(sms)}, {}};
}

Result<Transition> abort_load(Order order, Locker locker, TimePoint /*now*/) {
  if (auto ok = require_state(order, OrderState::awaiting_load, "abort loading"); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = require_locker_for(order, locker, Occupancy::reserved, "abort loading"); !ok) {
    return std::unexpected(ok.error());
  }
  Event aborted = order_event("order.load_aborted", order);
  order.locker_id.reset();
  return Transition{std::move(order), freed(std::move(locker)), {std::move(aborted)}, {}, {}};
}

}  // namespace pickupbox::core
