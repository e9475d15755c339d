#include "backoffice/tls_identity.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>

namespace pickupbox::backoffice {

using core::ErrorCode;
using core::fail;
using core::Result;

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

Result<std::unique_ptr<std::FILE, FileCloser>> open_file(const std::filesystem::path& file, std::string_view what) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "r"));
  if (!f) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " " + file.string() +
                                                 " cannot be read: check the path in [backoffice] and its permissions");
  }
  return f;
}

Result<X509Ptr> read_certificate(const std::filesystem::path& file, std::string_view what) {
  auto f = open_file(file, what);
  if (!f) return std::unexpected(f.error());
  X509Ptr cert(PEM_read_X509(f->get(), nullptr, nullptr, nullptr));
  if (!cert) return fail(ErrorCode::invalid_argument, std::string(what) + " " + file.string() + " is not a PEM certificate");
  return cert;
}

Result<KeyPtr> read_key(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    return fail(ErrorCode::invalid_argument, "device key " + file.string() +
                                                 " is readable by other users: run chmod 600 on it (it is the "
                                                 "box's identity)");
  }
  auto f = open_file(file, "device key");
  if (!f) return std::unexpected(f.error());
  KeyPtr key(PEM_read_PrivateKey(f->get(), nullptr, nullptr, nullptr));
  if (!key) return fail(ErrorCode::invalid_argument, "device key " + file.string() + " is not a PEM private key");
  return key;
}

Result<void> check_validity(X509* cert, const std::filesystem::path& file, core::TimePoint now) {
  time_t at = static_cast<time_t>(core::to_unix_ms(now) / 1000);
  if (X509_cmp_time(X509_get0_notBefore(cert), &at) > 0) {
    return fail(ErrorCode::invalid_argument,
                "device certificate " + file.string() + " is not valid yet: check the box's clock, or install a "
                                                        "current certificate");
  }
  if (X509_cmp_time(X509_get0_notAfter(cert), &at) < 0) {
    return fail(ErrorCode::invalid_argument,
                "device certificate " + file.string() + " has expired: install a new one (boxctl provision)");
  }
  return {};
}

}  // namespace

Result<void> check_tls_identity(const TlsFiles& files, core::TimePoint now) {
  auto ca = read_certificate(files.ca_file, "CA file");
  if (!ca) return std::unexpected(ca.error());
  auto cert = read_certificate(files.cert_file, "device certificate");
  if (!cert) return std::unexpected(cert.error());
  auto key = read_key(files.key_file);
  if (!key) return std::unexpected(key.error());
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    return fail(ErrorCode::invalid_argument, "device key " + files.key_file.string() + " does not match certificate " +
                                                 files.cert_file.string() + ": install the pair made together");
  }
  if (auto valid = check_validity(cert->get(), files.cert_file, now); !valid) return valid;
  EVP_PKEY* ca_key = X509_get0_pubkey(ca->get());
  if (!ca_key || X509_verify(cert->get(), ca_key) != 1) {
    return fail(ErrorCode::invalid_argument, "device certificate " + files.cert_file.string() +
                                                 " was not issued by the CA in " + files.ca_file.string() +
                                                 ": install a certificate signed by the back office's CA");
  }
  return {};
}

}  // namespace pickupbox::backoffice
