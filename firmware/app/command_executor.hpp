#pragma once
// Carries out validated back-office commands against the box: the same use cases the
// kiosk and boxctl reach, with "backoffice" (or "backoffice:<operator>") as the actor in
// events and the audit log. Idempotency by request id is the link's (backoffice_link.hpp).
#include <functional>

#include "app/box_service.hpp"
#include "app/config.hpp"
#include "backoffice/command.hpp"
#include "store/store.hpp"

namespace pickupbox::app {

class CommandExecutor {
 public:
  // `config` is boxd's live configuration: the config command changes its policies, which
  // BoxService reads on every decision.
  CommandExecutor(BoxService& service, store::Store& store, Config& config);

  void execute(const backoffice::Command& command, std::function<void(core::Result<Json>)> done);

  // Policies changed by earlier config commands, applied over the file's at start-up.
  core::Result<void> restore_policies();

 private:
  core::Result<Json> create_order(const backoffice::CreateOrder& c);
  core::Result<Json> cancel_order(const backoffice::CancelOrder& c);
  core::Result<Json> staff_credentials(const backoffice::StaffCredentials& c);
  core::Result<Json> change_policies(const backoffice::ConfigPolicies& c);

  BoxService& service_;
  store::Store& store_;
  Config& config_;
};

}  // namespace pickupbox::app
