#include "provisioning/provision_commands.hpp"

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "core/device_id.hpp"
#include "provisioning/config_file.hpp"
#include "provisioning/device_identity.hpp"
#include "pki/x509_files.hpp"

namespace pickupbox::provisioning {
namespace {

struct ProvisionOptions {
  std::string state_dir = default_state_dir;
  std::string device_id;
  std::string broker;
  std::string ca_file;
  std::string config_file = default_config_file;
  std::string certificate_file;
  bool force = false;
  bool print_csr = false;
};

Failure failure(std::string what, const core::Error& error, std::string hint = {}) {
  return Failure{ExitCode::failed, std::move(what), error.message, std::string(core::to_string(error.code)),
                 std::move(hint)};
}

void add_state_dir(CLI::App& command, ProvisionOptions& options) {
  command.add_option("--state-dir", options.state_dir, "boxd's state directory (or $PICKUPBOX_STATE_DIR)")
      ->envname("PICKUPBOX_STATE_DIR")
      ->capture_default_str();
}

Outcome<void> run_init(const ProvisionOptions& o) {
  if (!core::is_valid_device_id(o.device_id)) {
    return usage_error("provision init", "--device-id '" + o.device_id +
                                             "' must be 1-64 characters of letters, digits, '-' or '_' (it becomes "
                                             "the certificate's CN and an MQTT topic level)");
  }
  if (const auto problem = broker_address_problem(o.broker); !problem.empty()) {
    return usage_error("provision init", "--broker '" + o.broker + "': " + problem);
  }
  // The config is read (and its structure checked) before the key is made, so a broken
  // file stops init before it changes anything.
  auto config = ConfigFile::load(o.config_file);
  if (!config) return std::unexpected(failure("read the configuration", config.error()));

  const IdentityFiles files{o.state_dir};
  auto csr = create_identity(files, o.device_id, o.ca_file, o.force);
  if (!csr) return std::unexpected(failure("create the device identity", csr.error()));

  config->set("box", "device_id", o.device_id);
  config->set("backoffice", "broker", o.broker);
  config->set("backoffice", "tls", "true");
  if (auto saved = config->save(o.config_file); !saved) {
    return std::unexpected(failure("update the configuration", saved.error(),
                                   "the identity is made; fix the problem and run init again with --force"));
  }
  if (o.print_csr) {
    std::cout << *csr;
    std::cerr << "boxctl: certificate request for " << o.device_id << ": " << files.csr().string() << '\n';
    return {};
  }
  std::cout << "Device " << o.device_id << ": new EC P-256 key in " << files.key().string() << " (stays on this box)\n"
            << "Certificate request: " << files.csr().string() << '\n'
            << "Configuration: " << o.config_file << " ([box] device_id, [backoffice] broker = " << o.broker
            << ", tls = true)\n"
            << "Next: have the back office's CA sign the request, then run\n"
            << "  boxctl provision install-cert CERTIFICATE_FILE" << '\n';
  return {};
}

Outcome<void> run_install(const ProvisionOptions& o) {
  auto pem = pki::read_text_file(o.certificate_file, "certificate file");
  if (!pem) return std::unexpected(failure("install the certificate", pem.error()));
  const IdentityFiles files{o.state_dir};
  if (auto installed = install_certificate(files, *pem); !installed) {
    return std::unexpected(failure("install the certificate " + o.certificate_file, installed.error()));
  }
  std::cout << "Installed " << files.cert().string() << "; restart boxd to connect with it (systemctl restart boxd)\n";
  return {};
}

Outcome<void> run_rotate(const ProvisionOptions& o) {
  const IdentityFiles files{o.state_dir};
  auto csr = start_rotation(files);
  if (!csr) return std::unexpected(failure("start a key rotation", csr.error()));
  if (o.print_csr) {
    std::cout << *csr;
    return {};
  }
  std::cout << "New key made; the current key and certificate keep working until its certificate is installed.\n"
            << "Certificate request: " << files.next_csr().string() << '\n'
            << "Next: have the back office's CA sign it, then run boxctl provision install-cert CERTIFICATE_FILE\n";
  return {};
}

Outcome<void> run_show(const ProvisionOptions& o) {
  const IdentityFiles files{o.state_dir};
  auto summary = describe_identity(files);
  if (!summary) return std::unexpected(failure("show the device identity", summary.error()));
  std::cout << format_summary(*summary, files);
  return {};
}

}  // namespace

std::string broker_address_problem(std::string_view address) {
  const auto colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return "expected HOST:PORT, like mqtt.example.dk:8883";
  const auto host = address.substr(0, colon);
  const auto port_text = address.substr(colon + 1);
  int port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc{} || end != port_text.data() + port_text.size() || port < 1 ||
      port > 65535) {
    return "the port '" + std::string(port_text) + "' is not a number 1-65535";
  }
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']' ||
        host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos) {
      return "an IPv6 address goes in brackets, like [2001:db8::1]:8883";
    }
    return {};
  }
  if (host.size() > 253 ||
      host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != std::string_view::npos ||
      host.front() == '.' || host.front() == '-' || host.find("..") != std::string_view::npos) {
    return "the host '" + std::string(host) + "' is not a host name or address";
  }
  return {};
}

CLI::App* add_provision_commands(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ProvisionOptions>();
  auto* provision =
      app.add_subcommand("provision", "the box's identity for the back office: key, certificate request, certificate");
  provision->require_subcommand(1);

  auto* init = provision->add_subcommand("init", "make the device key and certificate request; set device id and broker");
  init->add_option("--device-id", options->device_id, "this box's id: letters, digits, - and _ (the certificate's CN)")
      ->required();
  init->add_option("--broker", options->broker, "the back office's MQTT broker, HOST:PORT")->required();
  init->add_option("--ca", options->ca_file, "the back office's CA certificate (PEM); copied to the state directory")
      ->required();
  add_state_dir(*init, *options);
  init->add_option("--config", options->config_file, "boxd's configuration file to update")->capture_default_str();
  init->add_flag("--force", options->force, "replace an existing key (its certificate stops working)");
  init->add_flag("--print-csr", options->print_csr, "print the certificate request (PEM) on standard output");
  init->callback([&context, options] { context.action = [options] { return run_init(*options); }; });

  auto* install = provision->add_subcommand("install-cert", "check and install the certificate the CA issued");
  install->add_option("FILE", options->certificate_file, "the certificate (PEM)")->required();
  add_state_dir(*install, *options);
  install->callback([&context, options] { context.action = [options] { return run_install(*options); }; });

  auto* rotate = provision->add_subcommand("rotate", "make a new key and request; the current identity keeps working");
  add_state_dir(*rotate, *options);
  rotate->add_flag("--print-csr", options->print_csr, "print the certificate request (PEM) on standard output");
  rotate->callback([&context, options] { context.action = [options] { return run_rotate(*options); }; });

  auto* show = provision->add_subcommand("show", "device id, key type, certificate and pending rotation");
  add_state_dir(*show, *options);
  show->callback([&context, options] { context.action = [options] { return run_show(*options); }; });
  return provision;
}

}  // namespace pickupbox::provisioning
