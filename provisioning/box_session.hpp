#pragma once
// One connection to boxd as boxctl uses it: every call names what it was for, so a failure
// reads "boxctl: <what>: <boxd's message> (<code>)", and staff calls carry the session that
// login put on this connection.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/client.hpp"
#include "provisioning/cli_options.hpp"
#include "provisioning/command_outcome.hpp"

namespace pickupbox::provisioning {

using Json = nlohmann::json;

class BoxSession {
 public:
  // Fails with ExitCode::unreachable and the hint "is boxd running? socket PATH".
  static Outcome<BoxSession> open(const GlobalOptions& options);

  // `what` says what the call was for, in words: "list the lockers".
  Outcome<Json> call(std::string_view what, std::string_view method, Json params = Json::object());

  // staff.login on this connection; the session it returns is added to every staff_call.
  Outcome<Json> login(const StaffCredentials& credentials);
  Outcome<Json> staff_call(std::string_view what, std::string_view method, Json params = Json::object());
  // Best effort: a session left behind expires on its own.
  void logout();

  // The next event on a connection that called events.subscribe; nullopt when none arrived
  // within `timeout`.
  Outcome<std::optional<Json>> next_event(std::chrono::milliseconds timeout);

  const GlobalOptions& options() const { return options_; }

 private:
  BoxSession(api::Client client, GlobalOptions options);

  Failure failure(std::string_view what, const api::CallError& error) const;

  api::Client client_;
  GlobalOptions options_;
  std::string session_;
};

// Opens a connection, logs in, makes one staff call and logs out: what a one-shot staff
// command does.
Outcome<Json> one_staff_call(const GlobalOptions& options, const StaffCredentials& credentials, std::string_view what,
                             std::string_view method, Json params = Json::object());

}  // namespace pickupbox::provisioning
