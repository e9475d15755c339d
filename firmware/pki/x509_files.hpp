#pragma once
// Reading and checking the X.509 files of a box's identity (device key, certificate, CA).
// Shared by boxd (its start-up check of the [backoffice] TLS files) and boxctl (provisioning),
// so both refuse the same files with the same words. Only OpenSSL's libcrypto: boxctl needs
// these checks without the MQTT link.
//
// Messages name the file and the failed check; the caller adds what the operator should do,
// since that differs between boxd ("check [backoffice]") and boxctl ("run provision init").
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::pki {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct X509ReqFree {
  void operator()(X509_REQ* r) const { X509_REQ_free(r); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using X509ReqPtr = std::unique_ptr<X509_REQ, X509ReqFree>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

// `error` with ": <hint>" appended to its message.
core::Error with_hint(core::Error error, std::string_view hint);

// The whole file as text. "<what> <file> cannot be read (<reason>)".
core::Result<std::string> read_text_file(const std::filesystem::path& file, std::string_view what);

// "<what> <file> cannot be read (...)" / "<what> <file> is not a PEM certificate".
core::Result<X509Ptr> read_certificate(const std::filesystem::path& file, std::string_view what);
// The first certificate in `pem`; `what` names it in the error ("certificate in cert.pem").
core::Result<X509Ptr> parse_certificate(std::string_view pem, std::string_view what);
core::Result<X509ReqPtr> parse_request(std::string_view pem, std::string_view what);

// A private key file must be readable by its owner only: "<what> <file> is readable by other
// users: run chmod 600 on it". A missing file passes (reading it then says so).
core::Result<void> check_owner_only(const std::filesystem::path& file, std::string_view what);
// check_owner_only first (a looser key is refused before it is even opened), then the PEM key.
core::Result<KeyPtr> read_private_key(const std::filesystem::path& file, std::string_view what);

// Valid at `now`: "<what> is not valid yet (valid from ...)" / "<what> has expired (on ...)".
core::Result<void> check_validity(X509* cert, std::string_view what, std::time_t now);

// "EC P-256", "RSA 2048", "Ed25519", ...
std::string key_type(EVP_PKEY* key);
bool is_ec_p256(EVP_PKEY* key);

// The subject's (or issuer's) commonName, empty when there is none.
std::string common_name(const X509_NAME* name);
// One line, RFC 2253 order: "CN=box-1,O=Town hall".
std::string name_text(const X509_NAME* name);
// "2026-05-01 12:00:00 UTC".
std::string time_text(const ASN1_TIME* time);

}  // namespace pickupbox::pki
