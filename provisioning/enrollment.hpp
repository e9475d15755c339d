#pragma once
// Claim enrolment from the box's side (`boxctl provision enroll`): with the fleet's shared
// claim certificate (CN `claim`), send the CSR that `provision init` made to the back office
// over MQTT and install the certificate it answers with. Protocol: README "Back office
// (MQTT)" > "Enrolment", backoffice/enrollment_messages.hpp.
//
// The claim key and certificate are only read from where the operator points (libmosquitto
// loads them for the TLS handshake); nothing of them is copied into the state directory.
// After a certificate is installed the box records `enrolled.json` and enrol refuses from then
// on: the claim identity is used once.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "provisioning/device_identity.hpp"

namespace pickupbox::provisioning {

struct EnrollSettings {
  IdentityFiles files;
  std::string host;
  int port = 8883;
  std::filesystem::path ca_file;  // verifies the broker; empty: files.ca()
  std::filesystem::path claim_cert;
  std::filesystem::path claim_key;
  std::optional<std::string> device_id;  // when given, must be the CSR's CN
  std::chrono::seconds timeout{30};      // the whole exchange, from connect to answer
};

struct Enrolled {
  std::string device_id;
  std::filesystem::path certificate;
  std::string not_after;  // of the installed certificate
};

// state_dir/enrolled.json: {"schema":1,"device_id","enrolled_at","broker"}.
std::filesystem::path enrolled_marker(const IdentityFiles& files);

// Refuses (invalid_transition) when the box was enrolled already (the marker) or a valid
// device certificate is installed; invalid_argument/not_found when there is no CSR to send.
// Returns the device id of device.csr.
core::Result<std::string> check_ready_to_enroll(const IdentityFiles& files, const std::optional<std::string>& device_id);

// The whole exchange; blocking, bounded by settings.timeout. Errors say what failed and
// what to do: broker unreachable, TLS or CONNACK refused (claim certificate), ACL refusal,
// no answer in time (is the signer running?), the back office's refusal (its code and
// words), a wrong answer (install_certificate's checks).
core::Result<Enrolled> enroll(const EnrollSettings& settings);

}  // namespace pickupbox::provisioning
