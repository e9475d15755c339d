#include "provisioning/box_session.hpp"

#include "api/error_codes.hpp"

namespace pickupbox::provisioning {

namespace {

std::string unreachable_hint(const GlobalOptions& options) { return "is boxd running? socket " + options.socket; }

}  // namespace

BoxSession::BoxSession(api::Client client, GlobalOptions options)
    : client_(std::move(client)), options_(std::move(options)) {}

Outcome<BoxSession> BoxSession::open(const GlobalOptions& options) {
  auto client = api::Client::connect(options.socket, options.timeout());
  if (!client) {
    return std::unexpected(Failure{ExitCode::unreachable, "connect to boxd", client.error().message,
                                   std::string(core::to_string(client.error().code)), unreachable_hint(options)});
  }
  return BoxSession(std::move(*client), options);
}

// boxd not answering at all is told apart from boxd answering no: scripts retry the first.
Failure BoxSession::failure(std::string_view what, const api::CallError& error) const {
  if (error.code == api::wire::timeout || error.code == api::wire::disconnected) {
    return Failure{ExitCode::unreachable, std::string(what), error.message, error.code, unreachable_hint(options_)};
  }
  return Failure{ExitCode::failed, std::string(what), error.message, error.code, ""};
}

Outcome<Json> BoxSession::call(std::string_view what, std::string_view method, Json params) {
  auto result = client_.call(method, std::move(params), options_.timeout());
  if (!result) return std::unexpected(failure(what, result.error()));
  return std::move(*result);
}

Outcome<Json> BoxSession::login(const StaffCredentials& credentials) {
  auto result = call("log in as " + credentials.staff_id, "staff.login",
                     Json{{"staff_id", credentials.staff_id}, {"pin", credentials.pin}});
  if (!result) return result;
  session_ = result->value("session", std::string{});
  return result;
}

Outcome<Json> BoxSession::staff_call(std::string_view what, std::string_view method, Json params) {
  params["session"] = session_;
  return call(what, method, std::move(params));
}

void BoxSession::logout() {
  if (session_.empty() || !client_.connected()) return;
  (void)client_.call("staff.logout", Json{{"session", session_}}, options_.timeout());
  session_.clear();
}

Outcome<std::optional<Json>> BoxSession::next_event(std::chrono::milliseconds timeout) {
  auto event = client_.next_event(timeout);
  if (event) return std::optional<Json>(std::move(*event));
  if (event.error().code == api::wire::timeout) return std::optional<Json>{};
  return std::unexpected(failure("wait for an event", event.error()));
}

Outcome<Json> one_staff_call(const GlobalOptions& options, const StaffCredentials& credentials, std::string_view what,
                             std::string_view method, Json params) {
  auto box = BoxSession::open(options);
  if (!box) return std::unexpected(box.error());
  if (auto login = box->login(credentials); !login) return std::unexpected(login.error());
  auto result = box->staff_call(what, method, std::move(params));
  box->logout();
  return result;
}

}  // namespace pickupbox::provisioning
