#include "enrollment_signer.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <ctime>

#include <nlohmann/json.hpp>

#include "backoffice/enrollment_messages.hpp"
#include "backoffice/topics.hpp"
#include "pki/x509_files.hpp"
#include "core/digest_hex.hpp"

namespace pickupbox::console {

namespace {

namespace enroll = backoffice::enrollment;
using core::ErrorCode;
using core::fail;

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ, X509_REQ_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

std::string openssl_reason() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text.empty() ? "no reason given" : text;
}


BioPtr memory_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string common_name(X509_NAME* name) {
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return {};
  std::string cn(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return cn;
}

bool is_ec_p256(EVP_PKEY* key) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
  char group[64] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &length) != 1) return false;
  const std::string_view name(group, length);
  return name == "prime256v1" || name == "P-256";
}

std::string key_type(EVP_PKEY* key) {
  const int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_EC) {
    char group[64] = {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &length) == 1) {
      return "EC " + std::string(group, length);
    }
    return "EC";
  }
  const char* name = OBJ_nid2sn(id);
  return name != nullptr ? name : "unknown";
}

// SHA-256 over the DER SubjectPublicKeyInfo, as hex.
std::optional<std::string> key_fingerprint(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return std::nullopt;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_length = 0;
  const bool ok = EVP_Digest(der, static_cast<size_t>(length), digest.data(), &digest_length, EVP_sha256(), nullptr) == 1;
  OPENSSL_free(der);
  if (!ok) return std::nullopt;
  return core::to_hex(std::span<const std::uint8_t>(digest.data(), digest_length));
}

std::string utc_text(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

struct Issued {
  std::string pem;
  std::string serial;
  std::string not_after;
};

core::Result<Issued> issue(X509* ca_cert, EVP_PKEY* ca_key, EVP_PKEY* subject_key, const std::string& device_id,
                           std::time_t now, int days) {
  auto openssl_failure = [](const char* what) {
    return fail(ErrorCode::internal, std::string("signing failed at ") + what + ": " + openssl_reason());
  };
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) return openssl_failure("X509_new");

  std::array<unsigned char, 16> serial_bytes{};
  if (RAND_bytes(serial_bytes.data(), static_cast<int>(serial_bytes.size())) != 1) return openssl_failure("RAND_bytes");
  serial_bytes[0] &= 0x7f;  // a positive INTEGER
  serial_bytes[0] |= 0x40;  // and a full 16 bytes
  BnPtr serial(BN_bin2bn(serial_bytes.data(), static_cast<int>(serial_bytes.size()), nullptr));
  if (!serial || BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    return openssl_failure("the serial");
  }
  constexpr long skew_s = 5 * 60;
  if (X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, -skew_s, &now) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, &now) == nullptr) {
    return openssl_failure("the validity");
  }
  if (X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(device_id.c_str()), -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert)) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return openssl_failure("the names and key");
  }
  if (!add_extension(cert.get(), ca_cert, NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension(cert.get(), ca_cert, NID_key_usage, "critical,digitalSignature") ||
      !add_extension(cert.get(), ca_cert, NID_ext_key_usage, "clientAuth") ||
      !add_extension(cert.get(), ca_cert, NID_subject_key_identifier, "hash") ||
      !add_extension(cert.get(), ca_cert, NID_authority_key_identifier, "keyid:always")) {
    return openssl_failure("the extensions");
  }
  if (X509_sign(cert.get(), ca_key, EVP_sha256()) <= 0) return openssl_failure("X509_sign");

  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_X509(out.get(), cert.get()) != 1) return openssl_failure("writing the PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  Issued issued;
  issued.pem.assign(data, static_cast<std::size_t>(size));
  issued.serial = core::to_hex(std::span<const std::uint8_t>(serial_bytes.data(), serial_bytes.size()));
  issued.not_after = utc_text(now + static_cast<std::time_t>(days) * 86400);
  return issued;
}

}  // namespace

core::Result<EnrollmentSigner> EnrollmentSigner::open(const std::filesystem::path& ca_cert,
                                                      const std::filesystem::path& ca_key, EnrollmentLedger ledger,
                                                      SignerOptions options) {
  if (options.days < 1 || options.days > 3650) {
    return fail(ErrorCode::invalid_argument,
                "--days " + std::to_string(options.days) + " is outside 1..3650: certificates live one to ten years");
  }
  auto cert_text = pki::read_text_file(ca_cert, "--ca-cert");
  if (!cert_text) {
    return fail(ErrorCode::invalid_argument, "cannot read --ca-cert '" + ca_cert.string() + "': check the path");
  }
  auto key_text = pki::read_text_file(ca_key, "--ca-key");
  if (!key_text) {
    return fail(ErrorCode::invalid_argument,
                "cannot read --ca-key '" + ca_key.string() + "': check the path and that you may read it");
  }
  auto cert_bio = memory_bio(*cert_text);
  X509* cert = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) {
    return fail(ErrorCode::invalid_argument, "--ca-cert '" + ca_cert.string() + "' is not a PEM certificate: " +
                                                 openssl_reason());
  }
  EnrollmentSigner signer;
  signer.ca_cert_.reset(cert, X509_free);
  auto key_bio = memory_bio(*key_text);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    return fail(ErrorCode::invalid_argument, "--ca-key '" + ca_key.string() +
                                                 "' is not an unencrypted PEM private key: " + openssl_reason());
  }
  signer.ca_key_.reset(key, EVP_PKEY_free);
  if (X509_check_private_key(cert, key) != 1) {
    ERR_clear_error();
    return fail(ErrorCode::invalid_argument, "--ca-key '" + ca_key.string() + "' is not the key of --ca-cert '" +
                                                 ca_cert.string() + "': give the CA's own key");
  }
  if (X509_check_ca(cert) == 0) {
    return fail(ErrorCode::invalid_argument,
                "--ca-cert '" + ca_cert.string() + "' is not a CA certificate (no basicConstraints CA:TRUE)");
  }
  for (const auto& id : options.allow) {
    if (!backoffice::is_valid_device_id(id)) {
      return fail(ErrorCode::invalid_argument, "--allow '" + id +
                                                   "' is not a device id (1..64 of letters, digits, '-' and '_'; "
                                                   "not enroll, claim or backoffice)");
    }
  }
  signer.ledger_ = std::move(ledger);
  signer.options_ = std::move(options);
  return signer;
}

std::optional<SignDecision> EnrollmentSigner::handle(std::string_view topic, std::string_view payload,
                                                     std::chrono::system_clock::time_point now) {
  auto device_id = enroll::device_of_csr_topic(topic);
  if (!device_id) return std::nullopt;
  SignDecision decision;
  decision.device_id = *device_id;
  decision.reply_topic = enroll::cert_topic(*device_id);
  std::string nonce;  // echoed in the answer once known
  auto refuse = [&](std::string_view code, std::string message) {
    decision.accepted = false;
    decision.code = std::string(code);
    decision.reason = message;
    decision.reply_payload =
        enroll::answer_payload({.nonce = nonce, .error = enroll::Refusal{std::string(code), std::move(message)}});
    return decision;
  };

  auto request = enroll::parse_request(payload);
  if (!request) {
    // Echo a usable nonce so the box can match the refusal to its request.
    auto json = nlohmann::json::parse(payload.begin(), payload.end(), nullptr, false);
    if (json.is_object() && json.contains("nonce") && json["nonce"].is_string() &&
        enroll::is_valid_nonce(json["nonce"].get<std::string>())) {
      nonce = json["nonce"].get<std::string>();
    }
    return refuse(enroll::refusal::invalid_request, request.error().message);
  }
  nonce = request->nonce;
  if (request->device_id != *device_id) {
    return refuse(enroll::refusal::device_id_mismatch, "the request's device_id '" + request->device_id +
                                                           "' is not the topic's '" + *device_id +
                                                           "': publish on pickupbox/v1/enroll/<device_id>/csr");
  }
  if (nonces_seen_.contains(request->nonce) || ledger_.has_nonce(request->nonce)) {
    return refuse(enroll::refusal::replayed_nonce,
                  "nonce " + request->nonce + " was seen before: a replayed request; a box makes a new nonce for "
                                              "every attempt");
  }
  nonces_seen_.insert(request->nonce);

  auto bio = memory_bio(request->csr_pem);
  ReqPtr csr(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!csr) {
    ERR_clear_error();
    return refuse(enroll::refusal::bad_csr, "the csr is not a PEM certificate request: make it again with "
                                            "boxctl provision init");
  }
  EVP_PKEY* key = X509_REQ_get0_pubkey(csr.get());  // owned by the request
  if (key == nullptr || X509_REQ_verify(csr.get(), key) != 1) {
    ERR_clear_error();
    return refuse(enroll::refusal::bad_csr,
                  "the csr's signature does not verify with its own public key: it was altered or made wrongly");
  }
  const std::string cn = common_name(X509_REQ_get_subject_name(csr.get()));
  if (cn != *device_id) {
    return refuse(enroll::refusal::cn_mismatch, "the csr's CN '" + cn + "' is not the device id '" + *device_id +
                                                    "': the certificate's CN must be the device id");
  }
  if (!is_ec_p256(key)) {
    return refuse(enroll::refusal::wrong_key_type,
                  "the csr's key is " + key_type(key) + "; only EC P-256 keys are signed (boxctl provision init makes one)");
  }
  if (!options_.allow.contains(*device_id)) {
    return refuse(enroll::refusal::not_allowed, "device id '" + *device_id +
                                                    "' is not in this signer's allow list: the back office must "
                                                    "allow it (sign --allow " + *device_id + ")");
  }
  if (ledger_.has_device(*device_id)) {
    return refuse(enroll::refusal::already_enrolled,
                  "device id '" + *device_id +
                      "' was enrolled before: an enrolled box renews with boxctl provision rotate, not with the "
                      "claim certificate");
  }
  auto fingerprint = key_fingerprint(key);
  if (!fingerprint) return refuse(enroll::refusal::internal, "cannot hash the csr's public key: " + openssl_reason());
  if (ledger_.has_key(*fingerprint)) {
    return refuse(enroll::refusal::replayed_key,
                  "this public key was enrolled before (for another request): every box needs a key of its own; "
                  "make a new one with boxctl provision init --force");
  }

  const std::time_t now_t = std::chrono::system_clock::to_time_t(now);
  auto issued = issue(ca_cert_.get(), ca_key_.get(), key, *device_id, now_t, options_.days);
  if (!issued) return refuse(enroll::refusal::internal, issued.error().message);
  if (auto recorded = ledger_.append(LedgerEntry{*device_id, *fingerprint, request->nonce, issued->serial,
                                                 issued->not_after, utc_text(now_t)});
      !recorded) {
    refuse(enroll::refusal::internal, "the signer could not record the enrolment; try again later");
    decision.reason = recorded.error().message;  // the operator sees why; the box only that it failed
    return decision;
  }
  decision.accepted = true;
  decision.serial = issued->serial;
  decision.not_after = issued->not_after;
  decision.reply_payload = enroll::answer_payload({.nonce = nonce, .certificate = issued->pem});
  return decision;
}

}  // namespace pickupbox::console
