#include "provisioning/enroll_command.hpp"

#include <charconv>
#include <iostream>
#include <memory>

#include "provisioning/device_identity.hpp"
#include "provisioning/enrollment.hpp"
#include "provisioning/provision_commands.hpp"

namespace pickupbox::provisioning {

namespace {

struct EnrollOptions {
  std::string claim_cert;
  std::string claim_key;
  std::string broker;
  std::string ca_file;
  std::string device_id;
  std::string state_dir = default_state_dir;
  int timeout_s = 30;
};

Outcome<void> run_enroll(const EnrollOptions& o) {
  const std::string what = "provision enroll";
  if (const auto problem = broker_address_problem(o.broker); !problem.empty()) {
    return usage_error(what, "--broker '" + o.broker + "': " + problem);
  }
  const auto colon = o.broker.rfind(':');
  std::string host = o.broker.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  const std::string port_text = o.broker.substr(colon + 1);
  std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);

  EnrollSettings settings{.files = IdentityFiles{o.state_dir},
                          .host = host,
                          .port = port,
                          .ca_file = o.ca_file,
                          .claim_cert = o.claim_cert,
                          .claim_key = o.claim_key,
                          .device_id = o.device_id.empty() ? std::nullopt : std::optional(o.device_id),
                          .timeout = std::chrono::seconds(o.timeout_s)};
  auto enrolled = enroll(settings);
  if (!enrolled) {
    const auto& e = enrolled.error();
    std::string hint;
    if (e.code == core::ErrorCode::invalid_transition) hint = "nothing was changed";
    return std::unexpected(Failure{e.code == core::ErrorCode::invalid_argument ? ExitCode::usage : ExitCode::failed,
                                   what, e.message, std::string(core::to_string(e.code)), hint});
  }
  std::cout << "enrolled " << enrolled->device_id << ": certificate installed in " << enrolled->certificate.string()
            << (enrolled->not_after.empty() ? "" : " (valid until " + enrolled->not_after + ")")
            << "; the claim certificate is not used by this box again\n";
  return {};
}

}  // namespace

void add_enroll_command(CLI::App& app, CommandContext& context) {
  CLI::App* provision = nullptr;
  try {
    provision = app.get_subcommand("provision");
  } catch (const CLI::OptionNotFound&) {
    provision = app.add_subcommand("provision", "the box's identity for the back office");
    provision->require_subcommand(1);
  }
  auto options = std::make_shared<EnrollOptions>();
  auto* enroll = provision->add_subcommand(
      "enroll", "get the device certificate from the back office over MQTT with the shared claim certificate "
                "(after provision init; once per box)");
  enroll->add_option("--claim-cert", options->claim_cert, "the fleet's claim certificate (PEM, CN claim)")->required();
  enroll->add_option("--claim-key", options->claim_key, "its private key (PEM); read, never copied")->required();
  enroll->add_option("--broker", options->broker, "the back office's MQTT broker, HOST:PORT")->required();
  enroll->add_option("--ca", options->ca_file,
                     "CA that signed the broker's certificate (default: backoffice-ca.crt in the state directory)");
  enroll->add_option("--device-id", options->device_id, "must be the id in device.csr (default: that id)");
  enroll->add_option("--state-dir", options->state_dir, "boxd's state directory (or $PICKUPBOX_STATE_DIR)")
      ->envname("PICKUPBOX_STATE_DIR")
      ->capture_default_str();
  enroll->add_option("--timeout-s", options->timeout_s, "seconds to wait for the whole exchange")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  enroll->callback([&context, options] { context.action = [options] { return run_enroll(*options); }; });
}

}  // namespace pickupbox::provisioning
