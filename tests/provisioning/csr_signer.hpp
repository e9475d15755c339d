#pragma once
// The back office's CA, played by a test: issues certificates for a CSR (or for any public
// key) with the OpenSSL 3 API, with any validity window, CN or extended key usage, so the
// tests can make every certificate install-cert must refuse. Throws std::runtime_error.
#include <openssl/types.h>

#include <optional>
#include <string>

#include "test_pki.hpp"

namespace pickupbox::testing {

struct SignOptions {
  Validity validity{};
  std::optional<std::string> common_name{};  // default: the CSR's own CN
  std::string extended_key_usage = "clientAuth";
};

// A certificate (PEM) for the key in `csr_pem`, issued by `ca`.
std::string sign_csr(const TestCa& ca, const std::string& csr_pem, const SignOptions& options = {});
// A certificate (PEM) for `subject_key`, CN = common_name, issued by `ca`.
std::string issue_for_key(const TestCa& ca, EVP_PKEY* subject_key, const std::string& common_name,
                          const SignOptions& options = {});

// An RSA 2048 private key, PEM (PKCS#8), and its EVP_PKEY (caller frees).
EVP_PKEY* generate_rsa_key();
std::string private_key_pem(EVP_PKEY* key);

}  // namespace pickupbox::testing
