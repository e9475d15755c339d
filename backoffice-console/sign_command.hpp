#pragma once
// backoffice-console sign --ca-cert FILE --ca-key FILE --allow ID... [--days N] [--ledger FILE]
// The back office's enrolment signer: subscribes to pickupbox/v1/enroll/+/csr (QoS 1) and
// answers every request on pickupbox/v1/enroll/<id>/cert with a certificate or a refusal
// (enrollment_signer.hpp). Prints one line per request on stdout:
//   enroll box-1 accepted serial=4f… not_after=2027-12-01T10:00:00Z
//   enroll box-1 refused already_enrolled: device id 'box-1' was enrolled before: …
// never a key. Runs until SIGINT/SIGTERM, --count requests or --timeout-s.
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "connection_options.hpp"

namespace pickupbox::console {

struct SignOptions {
  std::string ca_cert;
  std::string ca_key;
  std::vector<std::string> allow;
  int days = 365;
  std::string ledger;            // empty: in memory only (a restart forgets)
  int count = 0;      // > 0: exit ok after this many requests
  int timeout_s = 0;  // > 0: exit ok when reached
};

// Adds the `sign` subcommand; the caller runs run_sign when it was chosen.
CLI::App* add_sign_command(CLI::App& app, SignOptions& options);

// exit_status.hpp: ok (stopped, --count or --timeout-s reached), unreachable (connection
// failure), usage (bad options or CA files).
int run_sign(const ConnectionOptions& connection, const SignOptions& options);

}  // namespace pickupbox::console
