// Claim enrolment (README "Enrolment"): the signer's decisions in this process
// (EnrollmentSigner), then the whole exchange against a real mosquitto with the project's TLS
// settings and ACL: the real `boxctl provision enroll` with the claim certificate and the
// real `backoffice-console sign` as child processes, and raw claim clients that replay and
// forge requests. Waits are bounded polls or condition variables, never sleeps.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "backoffice/enrollment_messages.hpp"
#include "enrollment_ledger.hpp"
#include "enrollment_signer.hpp"
#include "mosquitto_broker.hpp"
#include "provisioning/device_identity.hpp"
#include "subscriber.hpp"
#include "temp_dir.hpp"
#include "test_pki.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using pickupbox::console::EnrollmentLedger;
using pickupbox::console::EnrollmentSigner;
using pickupbox::console::SignerOptions;
using pickupbox::testing::MosquittoBroker;
using pickupbox::testing::MqttClientTls;
using pickupbox::testing::MqttMessage;
using pickupbox::testing::MqttSubscriber;
using pickupbox::testing::MqttSubscriberOptions;
using pickupbox::testing::PemFiles;
using pickupbox::testing::TempDir;
using pickupbox::testing::TestCa;
using pickupbox::testing::TestKey;
namespace enroll = pickupbox::backoffice::enrollment;
namespace prov = pickupbox::provisioning;

constexpr auto answer_timeout = 15s;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A PEM CSR for `cn` signed by `key` (SHA-256).
std::string make_csr(EVP_PKEY* key, const std::string& cn) {
  X509_REQ* req = X509_REQ_new();
  X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_REQ_set_pubkey(req, key);
  EXPECT_GT(X509_REQ_sign(req, key, EVP_sha256()), 0);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_REQ(bio, req);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  X509_REQ_free(req);
  return pem;
}

std::string rsa_csr(const std::string& cn) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  std::string pem = make_csr(key, cn);
  EVP_PKEY_free(key);
  return pem;
}

std::string request(const std::string& device, const std::string& csr, std::string nonce = enroll::new_nonce()) {
  return enroll::request_payload({device, std::move(nonce), csr});
}

// True when `pem` chains to `ca` and is valid now, for TLS client use.
bool chains_to(const std::string& pem, X509* ca) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (cert == nullptr) return false;
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, cert, nullptr);
  X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT);
  const bool ok = X509_verify_cert(ctx) == 1;
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  X509_free(cert);
  return ok;
}

// --- the signer in this process --------------------------------------------------------------

class Signer : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_cert = ca.write_cert(dir.path());
    ca_key = dir.path() / "ca.key";
    pickupbox::testing::write_file(ca_key, ca.key().private_pem(), 0600);
  }
  EnrollmentSigner open(std::optional<std::filesystem::path> ledger = std::nullopt) {
    auto opened = EnrollmentLedger::open(ledger);
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    auto signer = EnrollmentSigner::open(ca_cert, ca_key, std::move(*opened), SignerOptions{{"box-1", "box-2"}, 365});
    EXPECT_TRUE(signer.has_value()) << signer.error().message;
    return std::move(*signer);
  }
  json answer(EnrollmentSigner& signer, const std::string& device, const std::string& payload) {
    auto decision = signer.handle(enroll::csr_topic(device), payload, std::chrono::system_clock::now());
    EXPECT_TRUE(decision.has_value());
    if (!decision) return {};
    EXPECT_EQ(decision->reply_topic, enroll::cert_topic(device));
    return json::parse(decision->reply_payload);
  }
  static std::string code(const json& answer) {
    return answer.contains("error") ? answer["error"]["code"].get<std::string>() : "accepted";
  }

  TempDir dir{"enrsig"};
  TestCa ca;
  std::filesystem::path ca_cert, ca_key;
  TestKey key1 = TestKey::generate();
};

TEST_F(Signer, SignsAClientCertificateForTheDeviceId) {
  auto signer = open();
  const std::string nonce = enroll::new_nonce();
  auto a = answer(signer, "box-1", request("box-1", make_csr(key1.get(), "box-1"), nonce));
  ASSERT_EQ(code(a), "accepted") << a.dump();
  EXPECT_EQ(a["schema"], 1);
  EXPECT_EQ(a["nonce"], nonce);
  const std::string pem = a["certificate"];
  EXPECT_TRUE(chains_to(pem, ca.cert().get()));
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(cert, nullptr);
  const pickupbox::testing::TestCert owner(cert);  // frees it at the end
  EXPECT_EQ(owner.subject_cn(), "box-1");
  EXPECT_EQ(X509_get_version(cert), X509_VERSION_3);
  EXPECT_EQ(X509_check_ca(cert), 0);
  EXPECT_NE(X509_get_extended_key_usage(cert) & XKU_SSL_CLIENT, 0u);
  EXPECT_EQ(X509_get_extended_key_usage(cert) & XKU_SSL_SERVER, 0u);
  EXPECT_NE(X509_get_key_usage(cert) & KU_DIGITAL_SIGNATURE, 0u);
  EXPECT_EQ(X509_get_signature_nid(cert), NID_ecdsa_with_SHA256);
  EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(cert), key1.get()), 1);
  // 365 days by default (give or take the 5-minute back-dating).
  int days = 0, seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)), 1);
  EXPECT_EQ(days, 365);
}

TEST_F(Signer, RefusesReplaysWrongRequestsAndStrangers) {
  auto signer = open();
  const std::string nonce = enroll::new_nonce();
  const std::string csr1 = make_csr(key1.get(), "box-1");
  ASSERT_EQ(code(answer(signer, "box-1", request("box-1", csr1, nonce))), "accepted");
  // The same request again, and the same CSR with a fresh nonce.
  EXPECT_EQ(code(answer(signer, "box-1", request("box-1", csr1, nonce))), "replayed_nonce");
  EXPECT_EQ(code(answer(signer, "box-1", request("box-1", csr1))), "already_enrolled");
  // box-1's key for box-2; a fresh request reusing box-1's nonce.
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", make_csr(key1.get(), "box-2")))), "replayed_key");
  TestKey key2 = TestKey::generate();
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", make_csr(key2.get(), "box-2"), nonce))), "replayed_nonce");
  // Not allowed, reserved, CN not the topic's id, payload id not the topic's, RSA, junk.
  TestKey key3 = TestKey::generate();
  EXPECT_EQ(code(answer(signer, "box-9", request("box-9", make_csr(key3.get(), "box-9")))), "not_allowed");
  // A reserved name is no device id at all: its topic is not a request, so it gets no answer.
  const auto reserved = json{{"schema", 1}, {"device_id", "claim"}, {"nonce", enroll::new_nonce()},
                             {"csr", make_csr(key3.get(), "claim")}}.dump();
  EXPECT_FALSE(signer.handle("pickupbox/v1/enroll/claim/csr", reserved, std::chrono::system_clock::now()).has_value());
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", make_csr(key3.get(), "box-1")))), "cn_mismatch");
  EXPECT_EQ(code(answer(signer, "box-2", request("box-1", make_csr(key3.get(), "box-1")))), "device_id_mismatch");
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", rsa_csr("box-2")))), "wrong_key_type");
  EXPECT_EQ(code(answer(signer, "box-2", "not json")), "invalid_request");
  EXPECT_EQ(code(answer(signer, "box-2", R"({"schema":2,"device_id":"box-2","nonce":"x","csr":"y"})")),
            "invalid_request");
  std::string tampered = make_csr(key3.get(), "box-2");
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", tampered))), "bad_csr");
  // After all that, box-2 with a key of its own is still welcome.
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", make_csr(key2.get(), "box-2")))), "accepted");
  // Topics that are not a request are not answered.
  EXPECT_FALSE(signer.handle("pickupbox/v1/box-1/events", "{}", std::chrono::system_clock::now()).has_value());
  EXPECT_FALSE(signer.handle("pickupbox/v1/enroll/a+b/csr", "{}", std::chrono::system_clock::now()).has_value());
}

TEST_F(Signer, LedgerRemembersEnrolmentsAcrossARestart) {
  const auto ledger = dir.path() / "ledger.jsonl";
  const std::string nonce = enroll::new_nonce();
  {
    auto signer = open(ledger);
    ASSERT_EQ(code(answer(signer, "box-1", request("box-1", make_csr(key1.get(), "box-1"), nonce))), "accepted");
  }
  const std::string text = read_file(ledger);
  EXPECT_NE(text.find("\"device_id\":\"box-1\""), std::string::npos) << text;
  EXPECT_EQ(text.find("PRIVATE"), std::string::npos);
  auto signer = open(ledger);
  EXPECT_EQ(signer.ledger().size(), 1u);
  EXPECT_EQ(code(answer(signer, "box-1", request("box-1", make_csr(key1.get(), "box-1")))), "already_enrolled");
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", make_csr(key1.get(), "box-2")))), "replayed_key");
  TestKey key2 = TestKey::generate();
  EXPECT_EQ(code(answer(signer, "box-2", request("box-2", make_csr(key2.get(), "box-2"), nonce))), "replayed_nonce");
}

TEST_F(Signer, RefusesACaKeyThatIsNotTheCertificates) {
  TestCa other;
  pickupbox::testing::write_file(ca_key, other.key().private_pem(), 0600);
  auto signer = EnrollmentSigner::open(ca_cert, ca_key, *EnrollmentLedger::open(std::nullopt), SignerOptions{{"box-1"}});
  ASSERT_FALSE(signer.has_value());
  EXPECT_NE(signer.error().message.find("is not the key of --ca-cert"), std::string::npos) << signer.error().message;
}

// --- against the broker, with the real programs ----------------------------------------------

struct Process {
  pid_t pid = -1;
  std::filesystem::path out, err;
};

Process start(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& dir,
              const std::string& name) {
  Process p{-1, dir / (name + ".out"), dir / (name + ".err")};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&p.pid, program.c_str(), &actions, nullptr, argv.data(), environ) != 0) p.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return p;
}

// Exit status, or -1 when it did not end within timeout (it is then killed).
int wait_exit(Process& p, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(p.pid, &status, WNOHANG);
    if (done == p.pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(p.pid, SIGKILL);
      ::waitpid(p.pid, &status, 0);
      p.pid = -1;
      return -1;
    }
    std::this_thread::sleep_for(20ms);
  }
  p.pid = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct ToolRun {
  int exit = -1;
  std::string out, err;
};

class Enrolment : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_file = ca.write_cert(pki.path());
    ca_key = pki.path() / "ca.key";
    pickupbox::testing::write_file(ca_key, ca.key().private_pem(), 0600);
    broker_files = ca.issue_server().write(pki.path(), "broker");
    office_files = ca.issue_client("backoffice").write(pki.path(), "backoffice");
    claim_files = ca.issue_client("claim").write(pki.path(), "claim");
    broker = std::make_unique<MosquittoBroker>(
        MosquittoBroker::Options{.tls = MosquittoBroker::Tls{ca_file, broker_files.cert, broker_files.key},
                                 .allow_anonymous = false,
                                 .use_project_acl = true,
                                 .extra_config = {"tls_version tlsv1.2"}});
    broker->start();
  }
  void TearDown() override {
    if (signer.pid > 0) {
      ::kill(signer.pid, SIGTERM);
      EXPECT_EQ(wait_exit(signer, 10s), 0) << read_file(signer.err);
    }
  }

  std::string broker_address() const { return std::string(MosquittoBroker::host) + ":" + std::to_string(broker->port()); }

  // backoffice-console sign, running once it says it listens.
  void start_signer(const std::vector<std::string>& allow) {
    std::vector<std::string> args{"--host",  MosquittoBroker::host, "--port",   std::to_string(broker->port()),
                                  "--cafile", ca_file.string(),      "--cert",   office_files.cert.string(),
                                  "--key",    office_files.key.string(), "--clean", "sign",
                                  "--ca-cert", ca_file.string(),      "--ca-key", ca_key.string(),
                                  "--ledger", (pki.path() / "ledger.jsonl").string(), "--allow"};
    args.insert(args.end(), allow.begin(), allow.end());
    signer = start(CONSOLE_PATH, args, pki.path(), "signer");
    ASSERT_GT(signer.pid, 0);
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (read_file(signer.err).find("signing enrolment requests on") == std::string::npos) {
      int status = 0;
      ASSERT_NE(::waitpid(signer.pid, &status, WNOHANG), signer.pid) << "the signer exited: " << read_file(signer.err);
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the signer did not start: " << read_file(signer.err);
      std::this_thread::sleep_for(20ms);
    }
  }

  ToolRun boxctl(const std::vector<std::string>& args, std::chrono::seconds timeout = 60s) {
    static int n = 0;
    Process p = start(BOXCTL_PATH, args, pki.path(), "boxctl-" + std::to_string(++n));
    ToolRun r;
    r.exit = p.pid > 0 ? wait_exit(p, timeout) : -1;
    r.out = read_file(p.out);
    r.err = read_file(p.err);
    return r;
  }

  std::vector<std::string> enroll_args(std::string timeout_s = "20") const {
    return {"provision",    "enroll",        "--claim-cert", claim_files.cert.string(), "--claim-key",
            claim_files.key.string(), "--broker", broker_address(), "--ca", ca_file.string(),
            "--state-dir",  files().state_dir.string(), "--timeout-s", std::move(timeout_s)};
  }

  void init_box(const std::string& device) {
    auto csr = prov::create_identity(files(), device, ca_file, /*force=*/false);
    ASSERT_TRUE(csr.has_value()) << csr.error().message;
  }
  prov::IdentityFiles files() const { return prov::IdentityFiles{state.path() / "state"}; }

  // A raw client with the claim certificate, listening to every answer.
  std::unique_ptr<MqttSubscriber> claim_client() {
    auto client = std::make_unique<MqttSubscriber>(MqttSubscriberOptions{
        .port = broker->port(), .mqtt5 = true, .tls = MqttClientTls{ca_file, claim_files.cert, claim_files.key}});
    EXPECT_EQ(client->connect(), "");
    EXPECT_EQ(client->subscribe(std::string(enroll::cert_filter), 1), 1);
    return client;
  }
  // Publishes a request as the claim identity; the answer's error code, "accepted", or "" (none).
  std::string ask(MqttSubscriber& client, const std::string& topic_device, const std::string& payload) {
    const std::string nonce = json::parse(payload, nullptr, false).value("nonce", "");
    EXPECT_EQ(client.publish(enroll::csr_topic(topic_device), payload, 1), 0);
    auto answer = client.wait_message(enroll::cert_topic(topic_device), answer_timeout, [&](const MqttMessage& m) {
      return json::parse(m.payload, nullptr, false).value("nonce", "") == nonce;
    });
    if (!answer) return "";
    auto a = json::parse(answer->payload);
    return a.contains("error") ? a["error"]["code"].get<std::string>() : "accepted";
  }

  TempDir pki{"enrpki"};
  TempDir state{"enrbox"};
  TestCa ca;
  std::filesystem::path ca_file, ca_key;
  PemFiles broker_files, office_files, claim_files;
  std::unique_ptr<MosquittoBroker> broker;
  Process signer;
};

TEST_F(Enrolment, ClaimEnrolmentInstallsACertificateThatChainsToTheCa) {
  init_box("box-1");
  start_signer({"box-1"});
  const ToolRun r = boxctl(enroll_args());
  ASSERT_EQ(r.exit, 0) << r.out << r.err << read_file(signer.out) << broker->log_tail();
  EXPECT_NE(r.out.find("enrolled box-1"), std::string::npos) << r.out;
  const std::string cert = read_file(files().cert());
  EXPECT_TRUE(chains_to(cert, ca.cert().get())) << cert;
  EXPECT_TRUE(std::filesystem::exists(files().state_dir / "enrolled.json"));
  // The claim identity is not copied into the state directory.
  const std::string claim_cert = read_file(claim_files.cert);
  const std::string claim_key = read_file(claim_files.key);
  for (const auto& entry : std::filesystem::directory_iterator(files().state_dir)) {
    const std::string text = read_file(entry.path());
    EXPECT_EQ(text.find(claim_key), std::string::npos) << entry.path();
    EXPECT_EQ(text.find(claim_cert), std::string::npos) << entry.path();
  }
  // The signer printed one line, without any key material.
  ASSERT_TRUE([&] {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (read_file(signer.out).find("enroll box-1 accepted") == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(20ms);
    }
    return true;
  }()) << read_file(signer.out);
  EXPECT_EQ(read_file(signer.out).find("BEGIN"), std::string::npos);

  // Once enrolled, never again with the claim certificate.
  const ToolRun again = boxctl(enroll_args());
  EXPECT_NE(again.exit, 0);
  EXPECT_NE(again.err.find("provision rotate"), std::string::npos) << again.err;
  EXPECT_EQ(read_file(files().cert()), cert);
}

TEST_F(Enrolment, ReplaysForgeriesAndStrangersAreRefusedOverTheBroker) {
  init_box("box-1");
  start_signer({"box-1", "box-2", "box-3"});
  ASSERT_EQ(boxctl(enroll_args()).exit, 0);
  const std::string box1_csr = read_file(files().csr());

  auto client = claim_client();
  const std::string nonce = enroll::new_nonce();
  TestKey key2 = TestKey::generate();
  EXPECT_EQ(ask(*client, "box-1", request("box-1", box1_csr)), "already_enrolled");             // the same CSR again
  EXPECT_EQ(ask(*client, "box-2", request("box-2", make_csr(key2.get(), "box-1"))), "cn_mismatch");  // CN != topic
  EXPECT_EQ(ask(*client, "box-2", request("box-2", rsa_csr("box-2"))), "wrong_key_type");
  EXPECT_EQ(ask(*client, "box-9", request("box-9", make_csr(key2.get(), "box-9"))), "not_allowed");
  EXPECT_EQ(ask(*client, "box-2", request("box-2", make_csr(key2.get(), "box-2"), nonce)), "accepted");
  TestKey key3 = TestKey::generate();
  EXPECT_EQ(ask(*client, "box-3", request("box-3", make_csr(key3.get(), "box-3"), nonce)), "replayed_nonce");
  EXPECT_EQ(ask(*client, "box-3", request("box-3", make_csr(key2.get(), "box-3"))), "replayed_key");

  // A restarted signer still knows (the ledger).
  ::kill(signer.pid, SIGTERM);
  ASSERT_EQ(wait_exit(signer, 10s), 0) << read_file(signer.err);
  start_signer({"box-1", "box-2", "box-3"});
  EXPECT_EQ(ask(*client, "box-2", request("box-2", make_csr(key2.get(), "box-2"))), "already_enrolled");
  EXPECT_EQ(ask(*client, "box-3", request("box-3", make_csr(key3.get(), "box-3"))), "accepted");
}

TEST_F(Enrolment, ClaimIdentityCannotReachDeviceTopics) {
  auto office = std::make_unique<MqttSubscriber>(MqttSubscriberOptions{
      .port = broker->port(), .tls = MqttClientTls{ca_file, office_files.cert, office_files.key}});
  ASSERT_EQ(office->connect(), "");
  ASSERT_EQ(office->subscribe("pickupbox/v1/#", 1), 1);
  auto client = claim_client();
  EXPECT_EQ(client->publish("pickupbox/v1/box-1/events", "forged", 1), 0x87);
  EXPECT_EQ(client->publish("pickupbox/v1/box-1/status", "forged", 1), 0x87);
  EXPECT_EQ(client->publish(enroll::cert_topic("box-1"), "forged", 1), 0x87);
  ASSERT_EQ(client->subscribe("pickupbox/v1/box-1/cmd/#", 1).has_value(), true);
  ASSERT_EQ(office->publish("pickupbox/v1/box-1/cmd/open", "secret", 1), 0);
  ASSERT_EQ(office->publish(enroll::cert_topic("box-1"), "marker", 1), 0);
  ASSERT_TRUE(client->wait_message(enroll::cert_topic("box-1"), answer_timeout).has_value());
  for (const auto& m : client->messages()) EXPECT_NE(m.payload, "secret") << m.topic;
  for (const auto& m : office->messages()) EXPECT_NE(m.payload, "forged") << m.topic;
}

TEST_F(Enrolment, NoSignerTimesOutWithAClearError) {
  init_box("box-1");
  const ToolRun r = boxctl(enroll_args("2"));
  EXPECT_NE(r.exit, 0);
  EXPECT_NE(r.err.find("no answer on pickupbox/v1/enroll/box-1/cert within 2 s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("backoffice-console sign"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(files().cert()));
  EXPECT_FALSE(std::filesystem::exists(files().state_dir / "enrolled.json"));
}

TEST_F(Enrolment, RefusalIsReportedAndNothingIsInstalled) {
  init_box("box-7");
  start_signer({"box-1"});
  const ToolRun r = boxctl(enroll_args());
  EXPECT_NE(r.exit, 0);
  EXPECT_NE(r.err.find("not_allowed"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(files().cert()));
}

TEST_F(Enrolment, WithoutInitItSaysToRunInitFirst) {
  const ToolRun r = boxctl(enroll_args());
  EXPECT_NE(r.exit, 0);
  EXPECT_NE(r.err.find("provision init"), std::string::npos) << r.err;
}

TEST_F(Enrolment, RefusesWhenAValidCertificateIsInstalled) {
  init_box("box-1");
  // The certificate comes the other way (install-cert), then enrol is refused without connecting.
  auto csr = read_file(files().csr());
  auto signer_ledger = EnrollmentLedger::open(std::nullopt);
  auto direct = EnrollmentSigner::open(ca_file, ca_key, std::move(*signer_ledger), SignerOptions{{"box-1"}});
  ASSERT_TRUE(direct.has_value());
  auto decision = direct->handle(enroll::csr_topic("box-1"), request("box-1", csr), std::chrono::system_clock::now());
  ASSERT_TRUE(decision && decision->accepted);
  ASSERT_TRUE(prov::install_certificate(files(), json::parse(decision->reply_payload)["certificate"].get<std::string>()));
  const ToolRun r = boxctl(enroll_args());
  EXPECT_NE(r.exit, 0);
  EXPECT_NE(r.err.find("valid device certificate is installed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("provision rotate"), std::string::npos) << r.err;
  EXPECT_EQ(broker->log_text().find("u'claim'"), std::string::npos) << "enrol connected anyway";
}

}  // namespace
