#include "backoffice/tls_identity.hpp"

#include <openssl/x509.h>

#include "pki/x509_files.hpp"

namespace pickupbox::backoffice {

using core::ErrorCode;
using core::fail;
using core::Result;

namespace {

// boxd reads these files from [backoffice] (or the state directory): that is where to look.
constexpr std::string_view kFileHint = "check the path in [backoffice] and its permissions";

template <class T>
Result<T> hinted(Result<T> result) {
  if (!result) return std::unexpected(pki::with_hint(std::move(result.error()), kFileHint));
  return result;
}

}  // namespace

Result<void> check_tls_identity(const TlsFiles& files, core::TimePoint now) {
  auto ca = hinted(pki::read_certificate(files.ca_file, "CA file"));
  if (!ca) return std::unexpected(ca.error());
  auto cert = hinted(pki::read_certificate(files.cert_file, "device certificate"));
  if (!cert) return std::unexpected(cert.error());
  if (auto private_enough = pki::check_owner_only(files.key_file, "device key"); !private_enough) return private_enough;
  auto key = hinted(pki::read_private_key(files.key_file, "device key"));
  if (!key) return std::unexpected(key.error());
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    return fail(ErrorCode::invalid_argument, "device key " + files.key_file.string() + " does not match certificate " +
                                                 files.cert_file.string() + ": install the pair made together");
  }
  const auto at = static_cast<std::time_t>(core::to_unix_ms(now) / 1000);
  const std::string cert_name = "device certificate " + files.cert_file.string();
  if (auto valid = pki::check_validity(cert->get(), cert_name, at); !valid) {
    const bool early = valid.error().message.find("not valid yet") != std::string::npos;
    return std::unexpected(pki::with_hint(
        valid.error(), early ? "check the box's clock, or install a current certificate"
                             : "install a new one (boxctl provision rotate, then provision install-cert)"));
  }
  // A signature check only (not a full path validation): boxd has always accepted any
  // certificate the CA signed; the broker does the TLS path validation at the handshake.
  EVP_PKEY* ca_key = X509_get0_pubkey(ca->get());
  if (!ca_key || X509_verify(cert->get(), ca_key) != 1) {
    return fail(ErrorCode::invalid_argument, "device certificate " + files.cert_file.string() +
                                                 " was not issued by the CA in " + files.ca_file.string() +
                                                 ": install a certificate signed by the back office's CA");
  }
  return {};
}

}  // namespace pickupbox::backoffice
