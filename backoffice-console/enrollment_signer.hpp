#pragma once
// The back office's half of claim enrolment (backoffice/enrollment_messages.hpp): decides on
// one request from pickupbox/v1/enroll/<id>/csr and, when it is sound, issues the certificate.
// No MQTT here (sign_command.hpp does that), so every refusal is unit-tested.
//
// A request is refused, with an error answer naming the check, when: it is not a well-formed
// schema-1 request; its device_id differs from the topic's; its nonce was seen before; the
// CSR does not parse or its signature does not verify (X509_REQ_verify); the CSR's CN is not
// the device id; the key is not EC P-256; the id is reserved or not in the allow list; the
// device id was enrolled before; or the CSR's public key was enrolled before (the ledger
// remembers ids and key fingerprints across restarts).
//
// The certificate: X.509 v3, subject CN = device id, issuer the CA's subject, serial 16 bytes
// from RAND_bytes, SHA-256, basicConstraints CA:FALSE, keyUsage digitalSignature,
// extendedKeyUsage clientAuth, subject and authority key ids; valid from 5 minutes before
// now (clock skew) for `days` days.
#include <openssl/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "enrollment_ledger.hpp"

namespace pickupbox::console {

struct SignerOptions {
  std::set<std::string> allow;  // device ids that may enrol
  int days = 365;
};

struct SignDecision {
  std::string device_id;      // from the topic
  std::string reply_topic;    // pickupbox/v1/enroll/<id>/cert
  std::string reply_payload;  // the answer (certificate or error)
  bool accepted = false;
  std::string code;    // refusal code when not accepted
  std::string reason;  // refusal message when not accepted
  std::string serial;  // accepted: the certificate's serial (hex) and end of validity
  std::string not_after;
};

class EnrollmentSigner {
 public:
  // Loads the CA certificate and key (PEM) and checks they belong together and the
  // certificate is a CA; errors name the file and what to do.
  static core::Result<EnrollmentSigner> open(const std::filesystem::path& ca_cert, const std::filesystem::path& ca_key,
                                             EnrollmentLedger ledger, SignerOptions options);

  // nullopt when the topic is not pickupbox/v1/enroll/<valid id>/csr (nobody to answer).
  std::optional<SignDecision> handle(std::string_view topic, std::string_view payload,
                                     std::chrono::system_clock::time_point now);

  const EnrollmentLedger& ledger() const { return ledger_; }

 private:
  EnrollmentSigner() = default;

  std::shared_ptr<X509> ca_cert_;
  std::shared_ptr<EVP_PKEY> ca_key_;
  EnrollmentLedger ledger_;
  SignerOptions options_;
  std::set<std::string> nonces_seen_;  // every well-formed request's, accepted or not
};

}  // namespace pickupbox::console
