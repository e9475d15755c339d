// The device identity's files as `boxctl provision` makes and checks them: every happy path,
// and every certificate or key install-cert must refuse, each with its own message. The back
// office's CA is played in memory (tests/support/test_pki.hpp, csr_signer.hpp).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "backoffice/tls_identity.hpp"
#include "csr_signer.hpp"
#include "provisioning/device_identity.hpp"
#include "temp_dir.hpp"
#include "test_pki.hpp"

namespace pickupbox::provisioning {
namespace {

namespace fs = std::filesystem;
using testing::SignOptions;
using testing::TempDir;
using testing::TestCa;
using testing::Validity;

const std::string device = "box-east-7";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class DeviceIdentity : public ::testing::Test {
 protected:
  TempDir dir{"pbx-ident"};
  TestCa ca;
  fs::path ca_file = ca.write_cert(dir.path(), "backoffice-ca.pem");
  IdentityFiles files{dir.path() / "state"};

  std::string init(bool force = false) {
    auto csr = create_identity(files, device, ca_file, force);
    EXPECT_TRUE(csr) << csr.error().message;
    return csr ? *csr : std::string{};
  }
  // init, then the CA signs the CSR and the certificate is installed.
  std::string provisioned() {
    const auto cert = testing::sign_csr(ca, init());
    auto installed = install_certificate(files, cert);
    EXPECT_TRUE(installed) << installed.error().message;
    return cert;
  }
  // The message of a refused install; "(accepted)" when it was not refused.
  std::string refusal(const std::string& pem) {
    auto installed = install_certificate(files, pem);
    if (installed) return "(accepted)";
    EXPECT_EQ(installed.error().code, core::ErrorCode::invalid_argument) << installed.error().message;
    return installed.error().message;
  }
};

// --- init ---------------------------------------------------------------------------------------

TEST_F(DeviceIdentity, InitMakesAPrivateP256KeyACsrForTheDeviceIdAndCopiesTheCa) {
  const auto csr = init();
  EXPECT_EQ(mode_of(files.state_dir), 0700u);
  EXPECT_EQ(mode_of(files.key()), 0600u);
  EXPECT_EQ(read(files.csr()), csr);
  EXPECT_EQ(read(files.ca()), read(ca_file));
  EXPECT_FALSE(contains(csr, "PRIVATE KEY"));
  EXPECT_TRUE(contains(read(files.key()), "-----BEGIN PRIVATE KEY-----"));

  auto id = csr_device_id(csr);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, device);

  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(csr.data(), static_cast<int>(csr.size())), BIO_free);
  std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr),
                                                          X509_REQ_free);
  ASSERT_TRUE(req);
  EXPECT_EQ(X509_REQ_get_signature_nid(req.get()), NID_ecdsa_with_SHA256);
  EVP_PKEY* key = X509_REQ_get0_pubkey(req.get());
  ASSERT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  char group[32] = {};
  size_t length = 0;
  ASSERT_EQ(EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &length), 1);
  EXPECT_STREQ(group, "prime256v1");
}

TEST_F(DeviceIdentity, InitTightensAnExistingStateDirectoryTo0700) {
  fs::create_directories(files.state_dir);
  fs::permissions(files.state_dir, fs::perms::all);
  init();
  EXPECT_EQ(mode_of(files.state_dir), 0700u);
}

TEST_F(DeviceIdentity, InitTwiceIsRefusedAndForceMakesANewIdentity) {
  const auto first_cert = provisioned();
  const auto first_key = read(files.key());

  auto again = create_identity(files, device, ca_file, false);
  ASSERT_FALSE(again);
  EXPECT_TRUE(contains(again.error().message, "already has a key (" + files.key().string() + ")")) << again.error().message;
  EXPECT_TRUE(contains(again.error().message, "--force")) << again.error().message;
  EXPECT_EQ(read(files.key()), first_key);
  EXPECT_EQ(read(files.cert()), first_cert);

  ASSERT_TRUE(start_rotation(files));
  const auto csr = init(true);
  EXPECT_NE(read(files.key()), first_key);
  EXPECT_EQ(mode_of(files.key()), 0600u);
  EXPECT_EQ(read(files.csr()), csr);
  // The old certificate and the pending rotation belonged to the replaced key.
  EXPECT_FALSE(fs::exists(files.cert()));
  EXPECT_FALSE(fs::exists(files.next_key()));
  EXPECT_FALSE(fs::exists(files.next_csr()));
  EXPECT_TRUE(install_certificate(files, testing::sign_csr(ca, csr)));
}

TEST_F(DeviceIdentity, InitRefusesABadDeviceIdAndWritesNothing) {
  for (const std::string& bad : std::vector<std::string>{"", "box/1", "box 1", "box+", "b#", std::string(65, 'a')}) {
    auto made = create_identity(files, bad, ca_file, false);
    ASSERT_FALSE(made) << bad;
    EXPECT_TRUE(contains(made.error().message, "letters, digits, '-' or '_'")) << made.error().message;
  }
  EXPECT_FALSE(fs::exists(files.state_dir));
  EXPECT_TRUE(create_identity(files, std::string(64, 'a'), ca_file, false));
}

TEST_F(DeviceIdentity, InitRefusesAMissingUnreadableOrWrongCaAndWritesNothing) {
  const auto leaf = testing::issue_for_key(ca, ca.key().get(), "not-a-ca");
  testing::write_file(dir.path() / "leaf.crt", leaf, 0644);
  testing::write_file(dir.path() / "garbage.crt", "hello\n", 0644);
  struct Case {
    fs::path ca;
    std::string says;
  };
  for (const auto& c : {Case{dir.path() / "missing.crt", "cannot be read (No such file or directory)"},
                        Case{dir.path(), "cannot be read (Is a directory)"},
                        Case{dir.path() / "garbage.crt", "is not a PEM certificate"},
                        Case{dir.path() / "leaf.crt", "which is not a CA"}}) {
    auto made = create_identity(files, device, c.ca, false);
    ASSERT_FALSE(made) << c.ca;
    EXPECT_TRUE(contains(made.error().message, c.ca.string())) << made.error().message;
    EXPECT_TRUE(contains(made.error().message, c.says)) << made.error().message;
  }
  EXPECT_FALSE(fs::exists(files.state_dir));
}

// --- install-cert -------------------------------------------------------------------------------

TEST_F(DeviceIdentity, InstallWritesTheCertificateAndBoxdAcceptsTheIdentity) {
  const auto cert = provisioned();
  EXPECT_EQ(read(files.cert()), cert);
  EXPECT_EQ(mode_of(files.cert()), 0644u);
  EXPECT_FALSE(fs::exists(fs::path(files.cert().string() + ".tmp")));
  // The very check boxd makes before it connects.
  const backoffice::TlsFiles tls{files.ca(), files.cert(), files.key()};
  auto usable = backoffice::check_tls_identity(tls, core::from_unix_ms(std::time(nullptr) * 1000LL));
  EXPECT_TRUE(usable) << usable.error().message;

  auto summary = describe_identity(files);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->device_id, device);
  EXPECT_EQ(summary->key_type, "EC P-256");
  EXPECT_TRUE(summary->has_certificate);
  EXPECT_TRUE(contains(summary->cert_subject, "CN=" + device)) << summary->cert_subject;
  EXPECT_TRUE(contains(summary->cert_issuer, "CN=Pickup Box test CA")) << summary->cert_issuer;
  EXPECT_TRUE(summary->cert_valid_now);
  EXPECT_TRUE(summary->cert_matches_key);
  EXPECT_FALSE(summary->rotation_pending);
  const auto text = format_summary(*summary, files);
  EXPECT_TRUE(contains(text, device)) << text;
  EXPECT_FALSE(contains(text, "PRIVATE")) << text;
}

TEST_F(DeviceIdentity, InstallRefusesEachBadCertificateWithItsOwnReason) {
  const auto csr = init();
  const TestCa other("Pickup Box test CA");  // the same name, another key
  const auto other_key = testing::TestKey::generate();
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> rsa(testing::generate_rsa_key(), EVP_PKEY_free);
  struct Case {
    std::string name;
    std::string pem;
    std::vector<std::string> says;
  };
  const std::vector<Case> cases = {
      {"not PEM", "garbage", {"is not a PEM certificate", "BEGIN CERTIFICATE"}},
      {"another CA", testing::sign_csr(other, csr), {"does not chain to the back office's CA in " + files.ca().string()}},
      {"expired", testing::sign_csr(ca, csr, SignOptions{.validity = Validity::expired()}), {"has expired (valid from ", " to "}},
      {"not yet valid",
       testing::sign_csr(ca, csr, SignOptions{.validity = Validity::not_yet_valid()}),
       {"is not valid yet (valid from ", "clock"}},
      {"another key", testing::issue_for_key(ca, other_key.get(), device), {"is for another key", files.key().string()}},
      {"another CN", testing::sign_csr(ca, csr, SignOptions{.common_name = "box-west-2"}),
       {"is for 'box-west-2' (its CN), but this box is '" + device + "'"}},
      {"RSA", testing::issue_for_key(ca, rsa.get(), device), {"RSA 2048", "EC P-256"}},
      {"server certificate", testing::sign_csr(ca, csr, SignOptions{.extended_key_usage = "serverAuth"}),
       {"not for TLS client authentication"}},
  };
  for (const auto& c : cases) {
    const auto message = refusal(c.pem);
    for (const auto& part : c.says) EXPECT_TRUE(contains(message, part)) << c.name << ": " << message;
    EXPECT_FALSE(fs::exists(files.cert())) << c.name;
  }
  // The dates are in the message, so the operator sees which way the clock or certificate is off.
  const auto expired = refusal(testing::sign_csr(ca, csr, SignOptions{.validity = Validity::expired()}));
  EXPECT_TRUE(contains(expired, " UTC")) << expired;
}

TEST_F(DeviceIdentity, InstallBeforeInitSaysToRunInit) {
  const auto cert = testing::issue_for_key(ca, testing::TestKey::generate().get(), device);
  const auto message = refusal(cert);
  EXPECT_TRUE(contains(message, files.ca().string())) << message;
  EXPECT_TRUE(contains(message, "provision init")) << message;
}

TEST_F(DeviceIdentity, AnRsaDeviceKeyIsRefusedByInstallRotateAndNamedByShow) {
  const auto csr = init();
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> rsa(testing::generate_rsa_key(), EVP_PKEY_free);
  testing::write_file(files.key(), testing::private_key_pem(rsa.get()), 0600);

  const auto message = refusal(testing::sign_csr(ca, csr));
  EXPECT_TRUE(contains(message, files.key().string() + " is an RSA 2048 key")) << message;
  EXPECT_TRUE(contains(message, "init --force")) << message;
  auto rotated = start_rotation(files);
  ASSERT_FALSE(rotated);
  EXPECT_TRUE(contains(rotated.error().message, "RSA 2048")) << rotated.error().message;
  EXPECT_FALSE(fs::exists(files.next_key()));
  auto summary = describe_identity(files);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->key_type, "RSA 2048");
}

TEST_F(DeviceIdentity, AKeyReadableByOthersIsRefused) {
  const auto csr = init();
  ASSERT_EQ(::chmod(files.key().c_str(), 0644), 0);
  const auto message = refusal(testing::sign_csr(ca, csr));
  EXPECT_TRUE(contains(message, "readable by other users")) << message;
  EXPECT_TRUE(contains(message, "chmod 600")) << message;
}

TEST_F(DeviceIdentity, MissingKeyOrCsrFilesSayWhatToDo) {
  const auto csr = init();
  const auto cert = testing::sign_csr(ca, csr);
  fs::remove(files.csr());
  auto message = refusal(cert);
  EXPECT_TRUE(contains(message, files.csr().string())) << message;
  EXPECT_TRUE(contains(message, "provision init")) << message;
  fs::remove(files.key());
  message = refusal(cert);
  EXPECT_TRUE(contains(message, files.key().string())) << message;
  auto rotated = start_rotation(files);
  ASSERT_FALSE(rotated);
  EXPECT_TRUE(contains(rotated.error().message, "provision init")) << rotated.error().message;
}

// --- rotate -------------------------------------------------------------------------------------

TEST_F(DeviceIdentity, RotationKeepsTheOldIdentityUntilTheNewCertificateIsInstalled) {
  const auto old_cert = provisioned();
  const auto old_key = read(files.key());
  const auto old_csr = read(files.csr());

  auto next_csr = start_rotation(files);
  ASSERT_TRUE(next_csr) << next_csr.error().message;
  EXPECT_EQ(read(files.next_csr()), *next_csr);
  EXPECT_EQ(mode_of(files.next_key()), 0600u);
  EXPECT_EQ(csr_device_id(*next_csr), device);
  // Until the new certificate arrives, boxd keeps using the old pair.
  EXPECT_EQ(read(files.key()), old_key);
  EXPECT_EQ(read(files.cert()), old_cert);
  auto summary = describe_identity(files);
  ASSERT_TRUE(summary);
  EXPECT_TRUE(summary->rotation_pending);
  EXPECT_TRUE(summary->cert_matches_key);

  const auto next_key = read(files.next_key());
  const auto new_cert = testing::sign_csr(ca, *next_csr);
  ASSERT_EQ(refusal(new_cert), "(accepted)");
  EXPECT_EQ(read(files.key()), next_key);
  EXPECT_EQ(read(files.cert()), new_cert);
  EXPECT_EQ(read(files.csr()), *next_csr);
  EXPECT_EQ(mode_of(files.key()), 0600u);
  EXPECT_FALSE(fs::exists(files.next_key()));
  EXPECT_FALSE(fs::exists(files.next_csr()));
  const backoffice::TlsFiles tls{files.ca(), files.cert(), files.key()};
  auto usable = backoffice::check_tls_identity(tls, core::from_unix_ms(std::time(nullptr) * 1000LL));
  EXPECT_TRUE(usable) << usable.error().message;

  // The old key is gone: a certificate for it is now for another key.
  const auto for_old_key = refusal(testing::sign_csr(ca, old_csr));
  EXPECT_TRUE(contains(for_old_key, "is for another key")) << for_old_key;
}

TEST_F(DeviceIdentity, ACertificateForTheCurrentKeyDuringARotationRenewsItAndTheRotationStaysPending) {
  // Decision: it is still this box's identity (a renewal the back office sent before it saw
  // the new CSR), so it is installed; the rotation waits for its own certificate.
  init();
  const auto current_csr = read(files.csr());
  ASSERT_TRUE(install_certificate(files, testing::sign_csr(ca, current_csr)));
  const auto key = read(files.key());
  ASSERT_TRUE(start_rotation(files));
  const auto renewal = testing::sign_csr(ca, current_csr, SignOptions{.validity = {-std::chrono::hours(1), std::chrono::hours(48)}});
  ASSERT_EQ(refusal(renewal), "(accepted)");
  EXPECT_EQ(read(files.cert()), renewal);
  EXPECT_EQ(read(files.key()), key);
  EXPECT_TRUE(fs::exists(files.next_key()));
  EXPECT_TRUE(fs::exists(files.next_csr()));
}

TEST_F(DeviceIdentity, RotatingAgainReplacesThePendingKey) {
  provisioned();
  auto first = start_rotation(files);
  ASSERT_TRUE(first);
  auto second = start_rotation(files);
  ASSERT_TRUE(second);
  EXPECT_NE(*first, *second);
  const auto message = refusal(testing::sign_csr(ca, *first));
  EXPECT_TRUE(contains(message, "is for another key")) << message;
  EXPECT_TRUE(contains(message, files.next_key().string())) << message;
  EXPECT_EQ(refusal(testing::sign_csr(ca, *second)), "(accepted)");
}

// --- csr_device_id / show -----------------------------------------------------------------------

TEST_F(DeviceIdentity, CsrDeviceIdRefusesWhatIsNotASignedCsr) {
  auto garbage = csr_device_id("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
  ASSERT_FALSE(garbage);
  EXPECT_TRUE(contains(garbage.error().message, "not a PEM certificate request")) << garbage.error().message;
  auto cert = csr_device_id(ca.cert().pem());
  ASSERT_FALSE(cert);
}

TEST_F(DeviceIdentity, ShowWithoutAnIdentitySaysToRunInit) {
  auto summary = describe_identity(files);
  ASSERT_FALSE(summary);
  EXPECT_TRUE(contains(summary.error().message, "provision init")) << summary.error().message;
  init();
  summary = describe_identity(files);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_FALSE(summary->has_certificate);
  EXPECT_TRUE(contains(format_summary(*summary, files), "none yet")) << format_summary(*summary, files);
}

}  // namespace
}  // namespace pickupbox::provisioning
