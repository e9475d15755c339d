#include "csr_signer.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace pickupbox::testing {
namespace {

[[noreturn]] void fail(const std::string& what) {
  char reason[256] = "no detail";
  if (const auto code = ERR_get_error(); code != 0) ERR_error_string_n(code, reason, sizeof reason);
  throw std::runtime_error("csr_signer: " + what + ": " + reason);
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext || X509_add_ext(cert, ext, -1) != 1) fail("extension " + value);
  X509_EXTENSION_free(ext);
}

}  // namespace

std::string issue_for_key(const TestCa& ca, EVP_PKEY* subject_key, const std::string& common_name,
                          const SignOptions& options) {
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) fail("X509_new");
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(options.validity.not_before.count()));
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(options.validity.not_after.count()));
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.cert().get()));
  if (X509_set_pubkey(cert.get(), subject_key) != 1) fail("X509_set_pubkey");
  add_extension(cert.get(), ca.cert().get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), ca.cert().get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
  if (!options.extended_key_usage.empty()) {
    add_extension(cert.get(), ca.cert().get(), NID_ext_key_usage, options.extended_key_usage);
  }
  if (X509_sign(cert.get(), ca.key().get(), EVP_sha256()) <= 0) fail("X509_sign");
  return TestCert(cert.release()).pem();
}

std::string sign_csr(const TestCa& ca, const std::string& csr_pem, const SignOptions& options) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(csr_pem.data(), static_cast<int>(csr_pem.size())),
                                                BIO_free);
  std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr),
                                                          X509_REQ_free);
  if (!req) fail("not a CSR");
  EVP_PKEY* key = X509_REQ_get0_pubkey(req.get());
  if (!key || X509_REQ_verify(req.get(), key) != 1) fail("CSR signature");
  std::string cn = options.common_name.value_or("");
  if (!options.common_name) {
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    char text[256] = {};
    X509_NAME_get_text_by_NID(name, NID_commonName, text, sizeof text);
    cn = text;
  }
  return issue_for_key(ca, key, cn, options);
}

EVP_PKEY* generate_rsa_key() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
  if (!key) fail("RSA keygen");
  return key;
}

std::string private_key_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) fail("PEM key");
  return bio_text(bio.get());
}

}  // namespace pickupbox::testing
