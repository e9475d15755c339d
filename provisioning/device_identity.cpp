#include "provisioning/device_identity.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <sstream>

#include "core/device_id.hpp"
#include "pki/x509_files.hpp"

namespace pickupbox::provisioning {

using core::ErrorCode;
using core::fail;
using core::Result;
using pki::KeyPtr;
using pki::X509Ptr;
using pki::X509ReqPtr;
namespace fs = std::filesystem;

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string errno_text(int error) { return std::strerror(error); }

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no detail from OpenSSL";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string{};
}

// fsync the directory, so a rename in it survives a power cut.
void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// `data` in a new file `tmp` (O_EXCL, so never through a link someone planted), fsynced.
Result<void> write_new_file(const fs::path& tmp, std::string_view data, mode_t mode) {
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return fail(ErrorCode::storage, "cannot create " + tmp.string() + " (" + errno_text(errno) + ")");
  // open() applies the umask; the mode is part of the contract (boxd refuses a looser key).
  const bool ok = ::fchmod(fd, mode) == 0 && ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()) &&
                  ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    return fail(ErrorCode::storage, "cannot write " + tmp.string() + " (" + errno_text(error) + "); is the disk full?");
  }
  return {};
}

fs::path temp_for(const fs::path& file) { return file.string() + ".tmp"; }

Result<void> rename_file(const fs::path& from, const fs::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    const int error = errno;
    ::unlink(from.c_str());
    return fail(ErrorCode::storage, "cannot rename " + from.string() + " to " + to.string() + " (" + errno_text(error) + ")");
  }
  sync_dir(to.parent_path());
  return {};
}

// Replaces `file` atomically: readers see the old or the new content, never a part.
Result<void> write_file_atomic(const fs::path& file, std::string_view data, mode_t mode) {
  const auto tmp = temp_for(file);
  if (auto written = write_new_file(tmp, data, mode); !written) return written;
  return rename_file(tmp, file);
}

// A new key never replaces an existing one by accident: link() fails when `file` exists.
Result<void> write_file_exclusive(const fs::path& file, std::string_view data, mode_t mode) {
  const auto tmp = temp_for(file);
  if (auto written = write_new_file(tmp, data, mode); !written) return written;
  const int linked = ::link(tmp.c_str(), file.c_str());
  const int error = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    return fail(ErrorCode::storage, "cannot create " + file.string() + " (" + errno_text(error) + ")");
  }
  sync_dir(file.parent_path());
  return {};
}

bool present(const fs::path& file) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(file, ec));
}

Result<void> remove_if_present(const fs::path& file) {
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) {
    return fail(ErrorCode::storage, "cannot remove " + file.string() + " (" + errno_text(errno) + ")");
  }
  return {};
}

Result<void> prepare_state_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return fail(ErrorCode::storage, "cannot create state directory " + dir.string() + " (" + ec.message() +
                                        "); check the path, or run boxctl as the user boxd runs as (or root)");
  }
  // The directory holds the device key and secret: nobody else may even list it.
  if (::chmod(dir.c_str(), 0700) != 0) {
    return fail(ErrorCode::storage, "cannot set mode 0700 on state directory " + dir.string() + " (" +
                                        errno_text(errno) + "); are you its owner?");
  }
  return {};
}

Result<KeyPtr> generate_key() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return fail(ErrorCode::internal, "cannot make an EC P-256 key: " + openssl_reason());
  return key;
}

// PKCS#8 PEM. The caller writes it to the key file and nowhere else.
Result<std::string> private_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return fail(ErrorCode::internal, "cannot encode the new key: " + openssl_reason());
  }
  return bio_text(bio.get());
}

Result<std::string> make_csr(EVP_PKEY* key, std::string_view device_id) {
  X509ReqPtr req(X509_REQ_new());
  X509_NAME* subject = req ? X509_REQ_get_subject_name(req.get()) : nullptr;
  const std::string cn(device_id);
  if (!subject || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1,
                                 -1, 0) != 1 ||
      X509_REQ_set_pubkey(req.get(), key) != 1 || X509_REQ_sign(req.get(), key, EVP_sha256()) <= 0) {
    return fail(ErrorCode::internal, "cannot make the certificate request: " + openssl_reason());
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_REQ(bio.get(), req.get()) != 1) {
    return fail(ErrorCode::internal, "cannot encode the certificate request: " + openssl_reason());
  }
  return bio_text(bio.get());
}

// A new key in `key_file` and its CSR in `csr_file`. Returns the CSR PEM.
Result<std::string> write_key_and_csr(const fs::path& key_file, const fs::path& csr_file, std::string_view device_id,
                                      bool replace_key) {
  auto key = generate_key();
  if (!key) return std::unexpected(key.error());
  auto csr = make_csr(key->get(), device_id);
  if (!csr) return std::unexpected(csr.error());
  auto pem = private_pem(key->get());
  if (!pem) return std::unexpected(pem.error());
  auto written = replace_key ? write_file_atomic(key_file, *pem, 0600) : write_file_exclusive(key_file, *pem, 0600);
  OPENSSL_cleanse(pem->data(), pem->size());
  if (!written) return std::unexpected(written.error());
  if (auto csr_written = write_file_atomic(csr_file, *csr, 0644); !csr_written) return std::unexpected(csr_written.error());
  return *csr;
}

// Our own key files: private, and the type boxctl makes.
Result<KeyPtr> read_own_key(const fs::path& file, std::string_view what) {
  auto key = pki::read_private_key(file, what);
  if (!key) return std::unexpected(key.error());
  if (!pki::is_ec_p256(key->get())) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " " + file.string() + " is an " +
                                                 pki::key_type(key->get()) +
                                                 " key, but a box's key is EC P-256: make a new identity with "
                                                 "boxctl provision init --force");
  }
  return key;
}

// The device id this box asked to be certified as: the CN of device.csr (of device.next.csr
// when only that is left).
Result<std::string> device_id_of(const IdentityFiles& files) {
  const auto file = present(files.csr()) || !present(files.next_csr()) ? files.csr() : files.next_csr();
  auto text = pki::read_text_file(file, "certificate request");
  if (!text) {
    return std::unexpected(pki::with_hint(text.error(), "this box has no identity in " + files.state_dir.string() +
                                                            " yet: run boxctl provision init"));
  }
  auto id = csr_device_id(*text);
  if (!id) return std::unexpected(pki::with_hint(id.error(), "in " + file.string()));
  return id;
}

Result<void> check_chain(X509* cert, X509* ca, const fs::path& ca_file) {
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  if (!store || !ctx || X509_STORE_add_cert(store.get(), ca) != 1 ||
      X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr) != 1 ||
      X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT) != 1) {
    return fail(ErrorCode::internal, "cannot set up certificate verification: " + openssl_reason());
  }
  if (X509_verify_cert(ctx.get()) == 1) return {};
  const int error = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  const std::string reason = X509_verify_cert_error_string(error);
  if (error == X509_V_ERR_INVALID_PURPOSE) {
    return fail(ErrorCode::invalid_argument,
                "the certificate is not for TLS client authentication (" + reason +
                    "): ask the back office for a client certificate (extendedKeyUsage clientAuth)");
  }
  if (error == X509_V_ERR_CERT_HAS_EXPIRED || error == X509_V_ERR_CERT_NOT_YET_VALID) {
    return fail(ErrorCode::invalid_argument, "the CA certificate in " + ca_file.string() + " is not valid now (" +
                                                 reason + "): get the back office's current CA and run provision init --force");
  }
  return fail(ErrorCode::invalid_argument, "the certificate does not chain to the back office's CA in " +
                                               ca_file.string() + " (" + reason +
                                               "): it was issued by another CA; install one signed by this CA");
}

}  // namespace

Result<std::string> csr_device_id(const std::string& csr_pem) {
  auto req = pki::parse_request(csr_pem, "the certificate request");
  if (!req) return std::unexpected(req.error());
  EVP_PKEY* key = X509_REQ_get0_pubkey(req->get());
  if (!key || X509_REQ_verify(req->get(), key) != 1) {
    ERR_clear_error();
    return fail(ErrorCode::invalid_argument, "the certificate request's signature is not valid: it was altered or "
                                             "damaged; make a new one (boxctl provision rotate)");
  }
  const auto id = pki::common_name(X509_REQ_get_subject_name(req->get()));
  if (!core::is_valid_device_id(id)) {
    return fail(ErrorCode::invalid_argument, "the certificate request's CN '" + id.substr(0, 80) +
                                                 "' is not a device id (1-64 letters, digits, '-' or '_')");
  }
  return id;
}

Result<std::string> create_identity(const IdentityFiles& files, std::string_view device_id, const fs::path& ca_file,
                                    bool force) {
  if (!core::is_valid_device_id(device_id)) {
    return fail(ErrorCode::invalid_argument, "device id '" + std::string(device_id.substr(0, 80)) +
                                                 "' must be 1-64 characters of letters, digits, '-' or '_' (it "
                                                 "becomes the certificate's CN and an MQTT topic level)");
  }
  // Everything is checked before anything is written: a wrong --ca leaves the box as it was.
  auto ca_text = pki::read_text_file(ca_file, "CA file");
  if (!ca_text) {
    return std::unexpected(pki::with_hint(ca_text.error(), "give the back office's CA certificate (PEM) with --ca"));
  }
  auto ca = pki::parse_certificate(*ca_text, "CA file " + ca_file.string());
  if (!ca) return std::unexpected(pki::with_hint(ca.error(), "give the back office's CA certificate (PEM) with --ca"));
  if (X509_check_ca(ca->get()) == 0) {
    return fail(ErrorCode::invalid_argument, "CA file " + ca_file.string() + " holds a certificate for '" +
                                                 pki::common_name(X509_get_subject_name(ca->get())) +
                                                 "', which is not a CA: give the back office's CA certificate");
  }
  if (auto dir = prepare_state_dir(files.state_dir); !dir) return std::unexpected(dir.error());
  if (present(files.key()) && !force) {
    return fail(ErrorCode::invalid_argument,
                "this box already has a key (" + files.key().string() +
                    "): keep it (boxctl provision show), renew with boxctl provision rotate, or replace the "
                    "identity with --force (its certificate then stops working)");
  }
  auto csr = write_key_and_csr(files.key(), files.csr(), device_id, force);
  if (!csr) return std::unexpected(csr.error());
  // The certificate and a pending rotation belong to the key just replaced (or to none).
  for (const auto& stale : {files.cert(), files.next_key(), files.next_csr()}) {
    if (auto removed = remove_if_present(stale); !removed) return std::unexpected(removed.error());
  }
  if (auto written = write_file_atomic(files.ca(), *ca_text, 0644); !written) return std::unexpected(written.error());
  return csr;
}

Result<void> install_certificate(const IdentityFiles& files, std::string_view certificate_pem) {
  auto cert = pki::parse_certificate(certificate_pem, "the certificate");
  if (!cert) {
    return std::unexpected(pki::with_hint(cert.error(), "give the file the back office's CA issued "
                                                        "(it starts with -----BEGIN CERTIFICATE-----)"));
  }
  EVP_PKEY* cert_key = X509_get0_pubkey(cert->get());
  if (!pki::is_ec_p256(cert_key)) {
    return fail(ErrorCode::invalid_argument, "the certificate is for an " + pki::key_type(cert_key) +
                                                 " key, but this box's keys are EC P-256: it was not issued for "
                                                 "this box's CSR");
  }
  auto ca = pki::read_certificate(files.ca(), "CA file");
  if (!ca) return std::unexpected(pki::with_hint(ca.error(), "run boxctl provision init first"));

  if (auto valid = pki::check_validity(cert->get(), "the certificate", std::time(nullptr)); !valid) {
    const bool early = valid.error().message.find("not valid yet") != std::string::npos;
    return std::unexpected(pki::with_hint(valid.error(), early ? "check this box's clock (date -u), or wait until it is valid"
                                                               : "ask the back office for a new one"));
  }
  if (auto chained = check_chain(cert->get(), ca->get(), files.ca()); !chained) return chained;

  // A rotation in progress wins: that is the certificate the rotation was waiting for.
  bool completes_rotation = false;
  if (present(files.next_key())) {
    auto next = read_own_key(files.next_key(), "next device key");
    if (!next) return std::unexpected(next.error());
    completes_rotation = EVP_PKEY_eq(cert_key, next->get()) == 1;
  }
  if (!completes_rotation) {
    auto current = read_own_key(files.key(), "device key");
    if (!current) {
      return std::unexpected(present(files.key()) ? current.error()
                                                 : pki::with_hint(current.error(), "run boxctl provision init first"));
    }
    if (EVP_PKEY_eq(cert_key, current->get()) != 1) {
      ERR_clear_error();
      return fail(ErrorCode::invalid_argument,
                  "the certificate is for another key: it matches neither " + files.key().string() +
                      (present(files.next_key()) ? " nor " + files.next_key().string() : std::string{}) +
                      "; have the CA sign this box's current request (" +
                      (present(files.next_csr()) ? files.next_csr() : files.csr()).string() + ")");
    }
  }
  ERR_clear_error();

  auto device_id = device_id_of(files);
  if (!device_id) return std::unexpected(device_id.error());
  const auto cn = pki::common_name(X509_get_subject_name(cert->get()));
  if (cn != *device_id) {
    return fail(ErrorCode::invalid_argument, "the certificate is for '" + cn.substr(0, 80) + "' (its CN), but this box is '" +
                                                 *device_id + "' (" + files.csr().string() +
                                                 "): the broker would refuse it; have the CA sign this box's CSR "
                                                 "as it is");
  }

  // Order matters for a crash in between: after the key's rename, running install-cert again
  // with the same file finds it matches device.key and finishes.
  const auto tmp = temp_for(files.cert());
  if (auto written = write_new_file(tmp, certificate_pem, 0644); !written) return written;
  if (completes_rotation) {
    if (auto moved = rename_file(files.next_key(), files.key()); !moved) {
      ::unlink(tmp.c_str());
      return moved;
    }
  }
  if (auto moved = rename_file(tmp, files.cert()); !moved) return moved;
  // A next CSR without its key is what a crash between the renames above leaves behind.
  if ((completes_rotation || !present(files.next_key())) && present(files.next_csr())) {
    if (auto moved = rename_file(files.next_csr(), files.csr()); !moved) return moved;
  }
  return {};
}

Result<std::string> start_rotation(const IdentityFiles& files) {
  auto current = read_own_key(files.key(), "device key");
  if (!current) {
    return std::unexpected(present(files.key()) ? current.error()
                                               : pki::with_hint(current.error(), "nothing to rotate: run boxctl provision init"));
  }
  auto device_id = device_id_of(files);
  if (!device_id) return std::unexpected(device_id.error());
  // The next key is written over a pending one: it never served as the identity.
  return write_key_and_csr(files.next_key(), files.next_csr(), *device_id, true);
}

Result<IdentitySummary> describe_identity(const IdentityFiles& files) {
  IdentitySummary summary;
  auto device_id = device_id_of(files);
  if (!device_id) return std::unexpected(device_id.error());
  summary.device_id = *device_id;
  auto key = pki::read_private_key(files.key(), "device key");
  if (!key) return std::unexpected(key.error());
  summary.key_type = pki::key_type(key->get());
  summary.has_ca = present(files.ca());
  summary.rotation_pending = present(files.next_key());
  if (present(files.cert())) {
    auto cert = pki::read_certificate(files.cert(), "device certificate");
    if (!cert) return std::unexpected(cert.error());
    X509* c = cert->get();
    summary.has_certificate = true;
    summary.cert_subject = pki::name_text(X509_get_subject_name(c));
    summary.cert_issuer = pki::name_text(X509_get_issuer_name(c));
    summary.not_before = pki::time_text(X509_get0_notBefore(c));
    summary.not_after = pki::time_text(X509_get0_notAfter(c));
    summary.cert_valid_now = static_cast<bool>(pki::check_validity(c, "", std::time(nullptr)));
    summary.cert_matches_key = EVP_PKEY_eq(X509_get0_pubkey(c), key->get()) == 1;
    ERR_clear_error();
  }
  return summary;
}

std::string format_summary(const IdentitySummary& s, const IdentityFiles& files) {
  std::ostringstream out;
  out << "Device id:    " << s.device_id << '\n';
  out << "Key:          " << s.key_type << " (" << files.key().string() << ")\n";
  if (s.has_certificate) {
    out << "Certificate:  " << s.cert_subject << '\n';
    out << "  issuer:     " << s.cert_issuer << '\n';
    out << "  valid:      " << s.not_before << " to " << s.not_after << (s.cert_valid_now ? "" : "  (NOT VALID NOW)")
        << '\n';
    if (!s.cert_matches_key) out << "  WARNING:    it does not match the key; boxd will refuse it\n";
  } else {
    out << "Certificate:  none yet: have the CA sign " << files.csr().string()
        << ", then boxctl provision install-cert FILE\n";
  }
  out << "CA:           " << (s.has_ca ? files.ca().string() : std::string("MISSING (run boxctl provision init)")) << '\n';
  out << "Rotation:     "
      << (s.rotation_pending ? "pending: have the CA sign " + files.next_csr().string() + ", then install-cert"
                             : std::string("none"))
      << '\n';
  return out.str();
}

}  // namespace pickupbox::provisioning
