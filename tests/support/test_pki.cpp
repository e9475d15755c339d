#include "test_pki.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace pickupbox::testing {

void EvpPkeyDeleter::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
void X509Deleter::operator()(X509* cert) const { X509_free(cert); }

namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ExtensionDeleter {
  void operator()(X509_EXTENSION* ext) const { X509_EXTENSION_free(ext); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, ExtensionDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

// Throws with what + every queued OpenSSL error (and clears the queue).
[[noreturn]] void fail(const std::string& what) {
  std::string message = "test PKI: " + what;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += "; ";
    message += buf;
  }
  throw std::runtime_error(message);
}

void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  if (size < 0 || (size > 0 && data == nullptr)) fail("reading a memory BIO");
  return std::string(data, static_cast<std::size_t>(size));
}

BioPtr memory_bio() {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr, "BIO_new");
  return bio;
}

void set_time(ASN1_TIME* field, std::chrono::seconds offset, const char* which) {
  const long long total = offset.count();
  const auto days = static_cast<int>(total / 86400);
  const auto seconds = static_cast<long>(total % 86400);
  check(X509_time_adj_ex(field, days, seconds, nullptr) != nullptr, std::string("setting ") + which);
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
  check(ext != nullptr, std::string("making extension ") + OBJ_nid2sn(nid) + "=" + value);
  check(X509_add_ext(cert, ext.get(), -1) == 1, std::string("adding extension ") + OBJ_nid2sn(nid));
}

// A version-3 certificate with a random serial, subject CN, the key's public half and validity.
X509Ptr new_cert(std::string_view common_name, const TestKey& subject_key, Validity validity) {
  X509Ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");

  BnPtr serial(BN_new());
  check(serial != nullptr, "BN_new");
  check(BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "BN_rand");
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr, "setting the serial");

  set_time(X509_getm_notBefore(cert.get()), validity.not_before, "notBefore");
  set_time(X509_getm_notAfter(cert.get()), validity.not_after, "notAfter");

  const std::string cn(common_name);
  check(X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) == 1,
        "setting the subject CN '" + cn + "'");
  check(X509_set_pubkey(cert.get(), subject_key.get()) == 1, "X509_set_pubkey");
  return cert;
}

void sign(X509* cert, const TestKey& issuer_key) {
  check(X509_sign(cert, issuer_key.get(), EVP_sha256()) > 0, "signing the certificate");
}

std::string join(const std::vector<std::string>& items, const char* prefix) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ",";
    out += prefix;
    out += item;
  }
  return out;
}

}  // namespace

TestKey TestKey::generate() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  check(key != nullptr, "generating an EC P-256 key");
  return TestKey(key);
}

std::string TestKey::private_pem() const {
  auto bio = memory_bio();
  check(PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "writing a private key as PEM");
  return bio_text(bio.get());
}

std::string TestKey::public_pem() const {
  auto bio = memory_bio();
  check(PEM_write_bio_PUBKEY(bio.get(), key_.get()) == 1, "writing a public key as PEM");
  return bio_text(bio.get());
}

std::string TestCert::pem() const {
  auto bio = memory_bio();
  check(PEM_write_bio_X509(bio.get(), cert_.get()) == 1, "writing a certificate as PEM");
  return bio_text(bio.get());
}

std::string TestCert::subject_cn() const {
  char buf[256];
  int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert_.get()), NID_commonName, buf, sizeof buf);
  if (n < 0) return {};
  return std::string(buf, static_cast<std::size_t>(n));
}

void write_file(const std::filesystem::path& path, std::string_view text, unsigned mode) {
  const auto m = static_cast<mode_t>(mode);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, m);
  if (fd < 0) throw std::runtime_error("test PKI: cannot create " + path.string() + ": " + std::strerror(errno));
  if (::fchmod(fd, m) != 0) {
    int err = errno;
    ::close(fd);
    throw std::runtime_error("test PKI: cannot chmod " + path.string() + ": " + std::strerror(err));
  }
  std::string_view rest = text;
  while (!rest.empty()) {
    ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      throw std::runtime_error("test PKI: cannot write " + path.string() + ": " + std::strerror(err));
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::close(fd) != 0) throw std::runtime_error("test PKI: cannot close " + path.string() + ": " + std::strerror(errno));
}

PemFiles IssuedCert::write(const std::filesystem::path& dir, std::string_view name) const {
  PemFiles files{dir / (std::string(name) + ".crt"), dir / (std::string(name) + ".key")};
  write_file(files.cert, cert.pem(), 0644);
  write_file(files.key, key.private_pem(), 0600);
  return files;
}

PemFiles IssuedCert::write_mismatched(const std::filesystem::path& dir, std::string_view name) const {
  PemFiles files{dir / (std::string(name) + ".crt"), dir / (std::string(name) + ".key")};
  write_file(files.cert, cert.pem(), 0644);
  write_file(files.key, TestKey::generate().private_pem(), 0600);
  return files;
}

TestCa::TestCa(std::string common_name, Validity validity)
    : key_(TestKey::generate()), cert_([&] {
        X509Ptr cert = new_cert(common_name, key_, validity);
        check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) == 1, "X509_set_issuer_name");
        add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
        add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
        sign(cert.get(), key_);
        return TestCert(cert.release());
      }()) {}

IssuedCert TestCa::issue(std::string_view common_name, Validity validity, const char* extended_key_usage,
                         const std::string& subject_alt_name) const {
  TestKey key = TestKey::generate();
  X509Ptr cert = new_cert(common_name, key, validity);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert_.get())) == 1, "X509_set_issuer_name");
  add_extension(cert.get(), cert_.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), cert_.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), cert_.get(), NID_ext_key_usage, extended_key_usage);
  if (!subject_alt_name.empty()) add_extension(cert.get(), cert_.get(), NID_subject_alt_name, subject_alt_name);
  add_extension(cert.get(), cert_.get(), NID_subject_key_identifier, "hash");
  add_extension(cert.get(), cert_.get(), NID_authority_key_identifier, "keyid:always");
  sign(cert.get(), key_);
  return IssuedCert{std::move(key), TestCert(cert.release())};
}

IssuedCert TestCa::issue_server(Validity validity, const ServerNames& names) const {
  std::string san = join(names.dns, "DNS:");
  const std::string ips = join(names.ips, "IP:");
  if (!san.empty() && !ips.empty()) san += ",";
  san += ips;
  return issue(names.common_name, validity, "serverAuth", san);
}

IssuedCert TestCa::issue_client(std::string_view common_name, Validity validity) const {
  return issue(common_name, validity, "clientAuth", "");
}

std::filesystem::path TestCa::write_cert(const std::filesystem::path& dir, std::string_view name) const {
  auto path = dir / std::string(name);
  write_file(path, cert_.pem(), 0644);
  return path;
}

}  // namespace pickupbox::testing
