#include "pki/x509_files.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pickupbox::pki {

using core::ErrorCode;
using core::fail;
using core::Result;

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

BioPtr memory_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string name(std::string_view what, const std::filesystem::path& file) {
  return std::string(what) + " " + file.string();
}

}  // namespace

core::Error with_hint(core::Error error, std::string_view hint) {
  error.message += ": ";
  error.message += hint;
  return error;
}

Result<std::string> read_text_file(const std::filesystem::path& file, std::string_view what) {
  const auto unreadable = [&](int error) {
    return fail(ErrorCode::invalid_argument, name(what, file) + " cannot be read (" + std::strerror(error) + ")");
  };
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unreadable(errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int error = S_ISDIR(st.st_mode) ? EISDIR : errno != 0 ? errno : EINVAL;
    ::close(fd);
    return unreadable(error);
  }
  // A PEM file is a few kB; anything huge is not one (and must not exhaust memory).
  constexpr off_t max_size = 1 << 20;
  if (st.st_size > max_size) {
    ::close(fd);
    return fail(ErrorCode::invalid_argument, name(what, file) + " is " + std::to_string(st.st_size) +
                                                 " bytes, too large for a PEM file");
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));  // no reallocation leaving copies behind
  char buffer[4096];
  for (;;) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      OPENSSL_cleanse(buffer, sizeof buffer);
      return unreadable(error);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  OPENSSL_cleanse(buffer, sizeof buffer);  // it may have held a private key
  return text;
}

Result<X509Ptr> parse_certificate(std::string_view pem, std::string_view what) {
  auto bio = memory_bio(pem);
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  ERR_clear_error();
  if (!cert) return fail(ErrorCode::invalid_argument, std::string(what) + " is not a PEM certificate");
  return cert;
}

Result<X509ReqPtr> parse_request(std::string_view pem, std::string_view what) {
  auto bio = memory_bio(pem);
  X509ReqPtr req(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  ERR_clear_error();
  if (!req) return fail(ErrorCode::invalid_argument, std::string(what) + " is not a PEM certificate request (CSR)");
  return req;
}

Result<X509Ptr> read_certificate(const std::filesystem::path& file, std::string_view what) {
  auto text = read_text_file(file, what);
  if (!text) return std::unexpected(text.error());
  return parse_certificate(*text, name(what, file));
}

Result<void> check_owner_only(const std::filesystem::path& file, std::string_view what) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    return fail(ErrorCode::invalid_argument,
                name(what, file) + " is readable by other users: run chmod 600 on it (it is the box's identity)");
  }
  return {};
}

Result<KeyPtr> read_private_key(const std::filesystem::path& file, std::string_view what) {
  if (auto private_enough = check_owner_only(file, what); !private_enough) return std::unexpected(private_enough.error());
  auto text = read_text_file(file, what);
  if (!text) return std::unexpected(text.error());
  auto bio = memory_bio(*text);
  KeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  // The key's bytes were in this buffer: wipe it rather than leave them in freed memory.
  OPENSSL_cleanse(text->data(), text->size());
  ERR_clear_error();
  if (!key) return fail(ErrorCode::invalid_argument, name(what, file) + " is not a PEM private key");
  return key;
}

Result<void> check_validity(X509* cert, std::string_view what, std::time_t now) {
  if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " is not valid yet (valid from " +
                                                 time_text(X509_get0_notBefore(cert)) + " to " +
                                                 time_text(X509_get0_notAfter(cert)) + ")");
  }
  if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " has expired (valid from " +
                                                 time_text(X509_get0_notBefore(cert)) + " to " +
                                                 time_text(X509_get0_notAfter(cert)) + ")");
  }
  return {};
}

bool is_ec_p256(EVP_PKEY* key) {
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
  char group[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1) return false;
  return std::string_view(group, length) == SN_X9_62_prime256v1;
}

std::string key_type(EVP_PKEY* key) {
  if (key == nullptr) return "none";
  if (is_ec_p256(key)) return "EC P-256";
  const int id = EVP_PKEY_get_base_id(key);
  std::string type = id == EVP_PKEY_RSA ? "RSA" : id == EVP_PKEY_EC ? "EC" : OBJ_nid2sn(id) ? OBJ_nid2sn(id) : "unknown";
  if (id == EVP_PKEY_EC) {
    char group[64] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) == 1) {
      return type + " " + std::string(group, length);
    }
  }
  return type + " " + std::to_string(EVP_PKEY_get_bits(key));
}

std::string common_name(const X509_NAME* subject) {
  if (subject == nullptr) return {};
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return {};
  std::string cn(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return cn;
}

namespace {
std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string{};
}
}  // namespace

std::string name_text(const X509_NAME* subject) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || subject == nullptr) return {};
  X509_NAME_print_ex(bio.get(), subject, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_text(bio.get());
}

std::string time_text(const ASN1_TIME* time) {
  struct tm parts {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return "(unreadable time)";
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
  return text;
}

}  // namespace pickupbox::pki
