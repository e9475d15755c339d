#include "app/api_bindings.hpp"

#include "api/params.hpp"

namespace pickupbox::app {

using core::ErrorCode;
using core::fail;
using core::Result;
namespace p = api::params;

namespace {

// Unwraps a parameter or answers the request with its validation error.
#define PBX_TRY(var, expr)                                  \
  auto var = (expr);                                        \
  if (!var) return reply(std::unexpected(var.error()))

// A request without a session is a request from someone not logged in.
Result<std::string> session_param(const Json& params) {
  auto session = p::optional_string(params, "session");
  if (!session) return std::unexpected(session.error());
  if (!*session) return fail(ErrorCode::unauthorized, "no staff session; log in first with staff.login");
  return **session;
}

Result<core::SizeClass> size_param(const Json& params) {
  auto text = p::required_string(params, "size");
  if (!text) return std::unexpected(text.error());
  auto size = core::parse_size_class(*text);
  if (!size) return fail(ErrorCode::invalid_argument, "field 'size' must be one of S, M, L");
  return size;
}

Result<std::string> language_param(const Json& params) {
  auto language = p::optional_string(params, "language");
  if (!language) return std::unexpected(language.error());
  const auto value = language->value_or("da");
  if (value != "da" && value != "en") return fail(ErrorCode::invalid_argument, "field 'language' must be da or en");
  return value;
}

Result<LoadRequest> load_request(const Json& params) {
  LoadRequest request;
  auto order_id = p::optional_string(params, "order_id");
  if (!order_id) return std::unexpected(order_id.error());
  if (*order_id) {
    request.order_id = **order_id;
    return request;
  }
  auto phone = p::required_string(params, "phone");
  if (!phone) return std::unexpected(phone.error());
  auto kind = p::required_string(params, "document_kind");
  if (!kind) return std::unexpected(kind.error());
  auto size = size_param(params);
  if (!size) return std::unexpected(size.error());
  auto dob = p::optional_string(params, "date_of_birth");
  if (!dob) return std::unexpected(dob.error());
  auto language = language_param(params);
  if (!language) return std::unexpected(language.error());
  auto reference = p::optional_string(params, "reference");
  if (!reference) return std::unexpected(reference.error());
  request.phone = *phone;
  request.document_kind = *kind;
  request.size = *size;
  request.date_of_birth = *dob;
  request.language = *language;
  request.reference = reference->value_or("");
  return request;
}

Result<std::optional<core::OrderState>> state_param(const Json& params) {
  auto text = p::optional_string(params, "state");
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<core::OrderState>{};
  auto state = core::parse_order_state(**text);
  if (!state) {
    return fail(ErrorCode::invalid_argument,
                "field 'state' must be one of awaiting_load, loaded, collected, expired, returned, cancelled");
  }
  return std::optional<core::OrderState>{*state};
}

}  // namespace

void bind_box_api(api::Server& server, BoxService& service) {
  using api::Reply;
  using api::RequestContext;
  server.handle("pickup.verify", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(code, p::required_string(params, "code"));
    PBX_TRY(identifier, p::optional_string(params, "identifier"));
    service.verify_pickup(*code, *identifier, std::move(reply));
  });
  server.handle("pickup.reopen", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(order_id, p::required_string(params, "order_id"));
    service.reopen_pickup(*order_id, std::move(reply));
  });
  server.handle("pickup.done", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(order_id, p::required_string(params, "order_id"));
    reply(service.pickup_done(*order_id));
  });
  server.handle("staff.login", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(staff_id, p::required_string(params, "staff_id"));
    PBX_TRY(pin, p::required_string(params, "pin"));
    reply(service.staff_login(*staff_id, *pin));
  });
  server.handle("staff.logout", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    reply(service.staff_logout(*session));
  });
  server.handle("staff.orders", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    PBX_TRY(state, state_param(params));
    reply(service.staff_orders(*session, *state));
  });
  server.handle("staff.load", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    PBX_TRY(request, load_request(params));
    service.staff_load(*session, *request, std::move(reply));
  });
  server.handle("staff.retrieve", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    PBX_TRY(order_id, p::required_string(params, "order_id"));
    service.staff_retrieve(*session, *order_id, std::move(reply));
  });
  server.handle("staff.open", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    PBX_TRY(locker_id, p::required_string(params, "locker_id"));
    PBX_TRY(reason, p::optional_string(params, "reason"));
    service.staff_open(*session, *locker_id, reason->value_or("service"), std::move(reply));
  });
  server.handle("staff.out_of_service", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    PBX_TRY(locker_id, p::required_string(params, "locker_id"));
    PBX_TRY(on, p::required_bool(params, "on"));
    reply(service.staff_set_out_of_service(*session, *locker_id, *on));
  });
  server.handle("staff.reset_attempts", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    PBX_TRY(order_id, p::required_string(params, "order_id"));
    reply(service.staff_reset_attempts(*session, *order_id));
  });
  server.handle("orders.create", [&service](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(session, session_param(params));
    PBX_TRY(reference, p::required_string(params, "reference"));
    PBX_TRY(request, load_request(params));
    reply(service.create_order_as_staff(*session, *reference, *request));
  });
  server.handle("status", [&service](const Json&, const RequestContext&, Reply reply) { reply(service.status()); });
  server.handle("lockers", [&service](const Json&, const RequestContext&, Reply reply) { reply(service.lockers()); });
}

namespace {

Result<const DoorMapping*> door_of(const Config& config, const std::string& locker_id) {
  for (const auto& d : config.doors) {
    if (d.id == locker_id) return &d;
  }
  return fail(ErrorCode::not_found, "no door '" + locker_id + "' in this box");
}

}  // namespace

namespace {
// Who asked, for the audit log: the local API's callers are identified by their Unix user.
std::string local_actor(const api::RequestContext& context) { return "local:uid=" + std::to_string(context.peer_uid); }
}  // namespace

void bind_commissioning_api(api::Server& server, BoxService& service, EraseState erase) {
  using api::Reply;
  using api::RequestContext;
  server.handle("hardware.selftest", [&service](const Json&, const RequestContext& context, Reply reply) {
    service.self_test(local_actor(context), std::move(reply));
  });
  server.handle("factory.reset", [&service, erase = std::move(erase)](const Json& params, const RequestContext& context,
                                                                     Reply reply) {
    PBX_TRY(confirm, p::required_string(params, "confirm"));
    if (*confirm != "erase-everything") {
      return reply(fail(ErrorCode::invalid_argument,
                        "field 'confirm' must be \"erase-everything\": a factory reset erases keys, database and "
                        "configuration"));
    }
    PBX_TRY(force, p::optional_bool(params, "force"));
    auto prepared = service.prepare_factory_reset(local_actor(context), force->value_or(false));
    if (!prepared) return reply(std::unexpected(prepared.error()));
    erase(std::move(*prepared), std::move(reply));
  });
}

void bind_hardware_api(api::Server& server, LockHardware& hardware, const Config& config) {
  using api::Reply;
  using api::RequestContext;
  server.handle("boards.scan", [&hardware](const Json&, const RequestContext&, Reply reply) {
    hardware.scan([reply = std::move(reply)](Result<Json> report) { reply(std::move(report)); });
  });
  server.handle("hardware", [&hardware](const Json&, const RequestContext&, Reply reply) {
    reply(hardware.describe());
  });
  server.handle("door.confirm_closed", [&hardware, &config](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(locker_id, p::required_string(params, "locker_id"));
    PBX_TRY(door, door_of(config, *locker_id));
    if (config.has_door_sensor((*door)->board)) {
      return reply(fail(ErrorCode::invalid_argument, "door " + *locker_id +
                                                         " has a sensor that reports when it closes; only doors "
                                                         "on relay boards are confirmed by hand"));
    }
    hardware.confirm_closed((*door)->board, (*door)->channel);
    reply(Json{{"locker_id", *locker_id}, {"confirmed", true}});
  });
}

void bind_sim_api(api::Server& server, sim::SimBank& bank, const Config& config, store::Store& store) {
  using api::Reply;
  using api::RequestContext;
  server.handle("sim.door", [&bank, &config](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(locker_id, p::required_string(params, "locker_id"));
    PBX_TRY(action, p::required_string(params, "action"));
    PBX_TRY(found, door_of(config, *locker_id));
    const DoorMapping* door = *found;
    Result<void> done;
    if (*action == "open") done = bank.open_door(door->board, door->channel);
    else if (*action == "close") done = bank.close_door(door->board, door->channel);
    else if (*action == "jam") done = bank.set_jammed(door->board, door->channel, true);
    else if (*action == "unjam") done = bank.set_jammed(door->board, door->channel, false);
    else return reply(fail(ErrorCode::invalid_argument, "field 'action' must be one of open, close, jam, unjam"));
    if (!done) return reply(std::unexpected(done.error()));
    reply(Json{{"locker_id", *locker_id}, {"action", *action}});
  });
  server.handle("sim.board", [&bank](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(board, p::required_integer(params, "board", 0, 15));
    PBX_TRY(action, p::required_string(params, "action"));
    if (*action != "disconnect" && *action != "reconnect") {
      return reply(fail(ErrorCode::invalid_argument, "field 'action' must be disconnect or reconnect"));
    }
    if (auto done = bank.set_connected(static_cast<int>(*board), *action == "reconnect"); !done) {
      return reply(std::unexpected(done.error()));
    }
    reply(Json{{"board", *board}, {"action", *action}});
  });
  server.handle("sim.sms", [&store](const Json& params, const RequestContext&, Reply reply) {
    PBX_TRY(order_id, p::optional_string(params, "order_id"));
    auto rows = store.outbox_pending(10'000);
    if (!rows) return reply(std::unexpected(rows.error()));
    Json list = Json::array();
    for (const auto& row : *rows) {
      if (row.kind != store::OutboxKind::sms) continue;
      auto payload = Json::parse(row.payload);
      if (*order_id && payload.value("order_id", "") != **order_id) continue;
      list.push_back({{"order_id", payload.value("order_id", "")},
                      {"language", payload.value("language", "")},
                      {"text", payload.value("text", "")}});
    }
    reply(Json{{"sms", list}});
  });
}

#undef PBX_TRY

}  // namespace pickupbox::app
