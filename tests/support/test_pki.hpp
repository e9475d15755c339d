#pragma once
// A throwaway PKI for tests, made in memory with the OpenSSL 3 API: CAs, server and client
// certificates with any validity window (valid, expired, not yet valid), and PEM files of
// them. Test support only: every failure throws std::runtime_error with OpenSSL's reason.
//
//   TestCa ca;                                        // "Pickup Box test CA"
//   auto broker = ca.issue_server();                  // CN=localhost, DNS:localhost, IP:127.0.0.1
//   auto box = ca.issue_client("box-1");              // CN=box-1, clientAuth
//   auto old = ca.issue_client("box-1", Validity::expired());
//   TestCa rogue;                                     // same name, unrelated key: not trusted
//   auto files = box.write(dir, "box-1");             // dir/box-1.key (0600), dir/box-1.crt
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>

namespace pickupbox::testing {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const;
};
struct X509Deleter {
  void operator()(X509* cert) const;
};

// An EC P-256 private key.
class TestKey {
 public:
  static TestKey generate();
  EVP_PKEY* get() const { return key_.get(); }
  std::string private_pem() const;  // PKCS#8, unencrypted
  std::string public_pem() const;

 private:
  explicit TestKey(EVP_PKEY* key) : key_(key, EvpPkeyDeleter{}) {}
  std::shared_ptr<EVP_PKEY> key_;  // shared: keys are immutable once made, copies are cheap
};

class TestCert {
 public:
  explicit TestCert(X509* cert) : cert_(cert, X509Deleter{}) {}
  X509* get() const { return cert_.get(); }
  std::string pem() const;
  std::string subject_cn() const;

 private:
  std::shared_ptr<X509> cert_;
};

// notBefore / notAfter as offsets from now.
struct Validity {
  std::chrono::seconds not_before{-std::chrono::hours(1)};
  std::chrono::seconds not_after{std::chrono::hours(24)};

  static Validity valid() { return {}; }
  static Validity expired() { return {-std::chrono::hours(48), -std::chrono::hours(24)}; }
  static Validity not_yet_valid() { return {std::chrono::hours(24), std::chrono::hours(48)}; }
};

// The two files a TLS client or server is configured with.
struct PemFiles {
  std::filesystem::path cert;
  std::filesystem::path key;
};

// Writes text to path with the given mode (applied with fchmod, whatever the umask).
void write_file(const std::filesystem::path& path, std::string_view text, unsigned mode);

// A key and the certificate issued for it.
struct IssuedCert {
  TestKey key;
  TestCert cert;

  // dir/<name>.crt (0644) and dir/<name>.key (0600); overwrites.
  PemFiles write(const std::filesystem::path& dir, std::string_view name) const;
  // dir/<name>.crt is this certificate but dir/<name>.key is a fresh, unrelated key.
  PemFiles write_mismatched(const std::filesystem::path& dir, std::string_view name) const;
};

// Names in a server certificate's subjectAltName.
struct ServerNames {
  std::string common_name = "localhost";
  std::vector<std::string> dns = {"localhost"};
  std::vector<std::string> ips = {"127.0.0.1"};
};

// A self-signed CA (basicConstraints CA:TRUE, keyCertSign) that issues leaf certificates.
// Two TestCa objects never trust each other, even with the same name: each has its own key.
class TestCa {
 public:
  explicit TestCa(std::string common_name = "Pickup Box test CA", Validity validity = {});

  const TestKey& key() const { return key_; }
  const TestCert& cert() const { return cert_; }

  // serverAuth, subjectAltName from names.
  IssuedCert issue_server(Validity validity = {}, const ServerNames& names = {}) const;
  // clientAuth, subject CN=common_name.
  IssuedCert issue_client(std::string_view common_name, Validity validity = {}) const;

  // dir/<name> (0644): the CA certificate, for cafile options.
  std::filesystem::path write_cert(const std::filesystem::path& dir, std::string_view name = "ca.crt") const;

 private:
  IssuedCert issue(std::string_view common_name, Validity validity, const char* extended_key_usage,
                   const std::string& subject_alt_name) const;

  TestKey key_;
  TestCert cert_;
};

}  // namespace pickupbox::testing
