// `boxctl provision` as IT runs it, end to end: the real boxctl binary, the project's
// development CA (scripts/dev-ca.sh) signing the CSR with `openssl x509 -req`, a real
// mosquitto with TLS and the project's ACL, and a real boxd that must come online with the
// identity boxctl installed and the configuration it wrote.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "boxctl_runner.hpp"
#include "boxd_process.hpp"
#include "mosquitto_broker.hpp"
#include "subscriber.hpp"
#include "temp_dir.hpp"

namespace pickupbox::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::MosquittoBroker;
using testing::MqttClientTls;
using testing::MqttMessage;
using testing::MqttSubscriber;
using testing::MqttSubscriberOptions;
using testing::TempDir;

const std::string device = "box-prov-1";

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string shell_quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// The back office's signing step, as README "Provisioning a new box" shows it.
void sign_with_dev_ca(const fs::path& pki, const fs::path& csr, const fs::path& cert) {
  const auto ext = pki / "client-ext.cnf";
  std::ofstream(ext) << "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\n"
                        "extendedKeyUsage = clientAuth\n";
  const std::string command = "openssl x509 -req -sha256 -days 30 -in " + shell_quoted(csr) + " -CA " + shell_quoted(pki / "ca.crt") +
                              " -CAkey " + shell_quoted(pki / "ca.key") + " -CAcreateserial -extfile " + shell_quoted(ext) +
                              " -out " + shell_quoted(cert) + " 2>" + shell_quoted(pki / "openssl.err");
  ASSERT_EQ(std::system(command.c_str()), 0) << read(pki / "openssl.err");
}

void make_dev_ca(const fs::path& pki) {
  const std::string command = "bash " + shell_quoted(fs::path(PICKUPBOX_SOURCE_DIR) / "scripts" / "dev-ca.sh") + " " +
                              shell_quoted(pki) + " >" + shell_quoted(pki.string() + ".log") + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << read(pki.string() + ".log");
}

// What IT wrote before provisioning: the doors and the tuning, no identity yet.
const std::string hand_written_config =
    "# Town hall east, installed 2025\n"
    "[box]\n"
    "device_id = box-dev-001   # set by boxctl provision init\n"
    "[bus]\nbackend = sim\nboards = 0 1\n"
    "[doors]\nA01 = 0 1 S\nA02 = 0 2 M\nB01 = 1 1 L\n"
    "[dev]\nstaff = desk1 1234\n"
    "[backoffice]\n"
    "# fast reconnects for the test\n"
    "reconnect_initial_ms = 100\nreconnect_max_ms = 1000\nheartbeat_s = 3600\n";

bool online(const MqttMessage& m) { return contains(m.payload, "\"online\""); }

TEST(ProvisionE2E, InitSignInstallThenBoxdConnectsWithMutualTlsAndAgainAfterARotation) {
  TempDir work{"pbx-prov"};
  const auto pki = work.path() / "pki";
  make_dev_ca(pki);
  MosquittoBroker broker({.tls = MosquittoBroker::Tls{pki / "ca.crt", pki / "broker.crt", pki / "broker.key"},
                          .allow_anonymous = false,
                          .use_project_acl = true});
  broker.start();
  MqttSubscriber office({.port = broker.port(),
                         .tls = MqttClientTls{pki / "ca.crt", pki / "backoffice.crt", pki / "backoffice.key"}});
  ASSERT_EQ(office.connect(), "") << broker.log_tail();
  ASSERT_EQ(office.subscribe("pickupbox/v1/" + device + "/status"), 1);

  const auto config = work.path() / "boxd.conf";
  std::ofstream(config) << hand_written_config;
  const auto state = work.path() / "state";

  const std::string broker_address = "127.0.0.1:" + std::to_string(broker.port());
  const auto init = run_boxctl({"provision", "init", "--device-id", device, "--broker", broker_address, "--ca",
                                (pki / "ca.crt").string(), "--state-dir", state.string(), "--config", config.string()});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(contains(init.out, (state / "device.csr").string())) << init.out;
  EXPECT_FALSE(contains(init.out + init.err, "PRIVATE KEY"));
  const auto written = read(config);
  EXPECT_TRUE(contains(written, "# Town hall east, installed 2025\n")) << written;
  EXPECT_TRUE(contains(written, "device_id = " + device + "   # set by boxctl provision init\n")) << written;
  EXPECT_TRUE(contains(written, "# fast reconnects for the test\n")) << written;
  EXPECT_TRUE(contains(written, "heartbeat_s = 3600\nbroker = " + broker_address + "\ntls = true\n")) << written;

  sign_with_dev_ca(pki, state / "device.csr", work.path() / "device.crt");
  const auto install = run_boxctl({"provision", "install-cert", (work.path() / "device.crt").string(), "--state-dir",
                                   state.string()});
  ASSERT_EQ(install.exit_code, 0) << install.err;

  const auto show = run_boxctl({"provision", "show"}, {{"PICKUPBOX_STATE_DIR", state.string()}});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(contains(show.out, "Device id:    " + device)) << show.out;
  EXPECT_TRUE(contains(show.out, "EC P-256")) << show.out;
  EXPECT_TRUE(contains(show.out, "CN=Pickup Box development CA")) << show.out;
  EXPECT_TRUE(contains(show.out, "Rotation:     none")) << show.out;
  EXPECT_FALSE(contains(show.out, "PRIVATE KEY"));

  // boxd with exactly the file boxctl wrote, on the state directory it provisioned.
  BoxdOptions options;
  options.config_text = read(config);
  BoxdProcess boxd(options);
  fs::rename(state, boxd.state_dir());  // BoxdProcess has its own directory; the state moves in whole
  boxd.start();
  const auto first = office.wait_message("pickupbox/v1/" + device + "/status", 20s, online);
  ASSERT_TRUE(first) << "no online status; boxd log:\n" << boxd.log_tail() << "\nbroker log:\n" << broker.log_tail();

  // Rotation while boxd runs: the old identity stays in place and working.
  const auto rotate = run_boxctl({"provision", "rotate", "--state-dir", boxd.state_dir().string()});
  ASSERT_EQ(rotate.exit_code, 0) << rotate.err;
  EXPECT_TRUE(contains(rotate.out, (boxd.state_dir() / "device.next.csr").string())) << rotate.out;
  sign_with_dev_ca(pki, boxd.state_dir() / "device.next.csr", work.path() / "device-2.crt");
  const auto install2 = run_boxctl({"provision", "install-cert", (work.path() / "device-2.crt").string(),
                                    "--state-dir", boxd.state_dir().string()});
  ASSERT_EQ(install2.exit_code, 0) << install2.err;
  EXPECT_FALSE(fs::exists(boxd.state_dir() / "device.next.key"));

  // boxd reads its identity at start: after a restart it is online with the new key.
  const auto before = office.messages_on("pickupbox/v1/" + device + "/status").size();
  EXPECT_EQ(boxd.stop(), 0) << boxd.log_tail();
  boxd.start();
  const bool again = office.wait_for(
      [&](const std::vector<MqttMessage>& all) {
        std::size_t seen = 0;
        for (const auto& m : all) {
          if (m.topic == "pickupbox/v1/" + device + "/status" && ++seen > before && online(m)) return true;
        }
        return false;
      },
      20s);
  EXPECT_TRUE(again) << "no online status after the rotation; boxd log:\n" << boxd.log_tail();
  EXPECT_EQ(boxd.stop(), 0);
}

// --- the command line's refusals ----------------------------------------------------------------

class ProvisionCli : public ::testing::Test {
 protected:
  TempDir work{"pbx-provcli"};
  fs::path state = work.path() / "state";
  fs::path config = work.path() / "boxd.conf";
  fs::path ca = work.path() / "ca.crt";

  void SetUp() override {
    const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "
                                "'/CN=cli test CA' -keyout " +
                                shell_quoted(work.path() / "ca.key") + " -out " + shell_quoted(ca) + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  BoxctlRun init(std::vector<std::string> extra = {}, const std::string& id = "box-1",
                 const std::string& broker = "mqtt.example.dk:8883") {
    std::vector<std::string> args{"provision", "init", "--device-id", id, "--broker", broker, "--ca", ca.string(),
                                  "--state-dir", state.string(), "--config", config.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_boxctl(args);
  }
};

TEST_F(ProvisionCli, InitTwiceIsRefusedThenForceReplacesTheKey) {
  ASSERT_EQ(init().exit_code, 0);
  const auto key = read(state / "device.key");
  const auto again = init();
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(contains(again.err, "already has a key")) << again.err;
  EXPECT_EQ(read(state / "device.key"), key);
  const auto forced = init({"--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(read(state / "device.key"), key);
}

TEST_F(ProvisionCli, PrintCsrPrintsTheRequestAndNeverTheKey) {
  const auto run = init({"--print-csr"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("-----BEGIN CERTIFICATE REQUEST-----")) << run.out;
  EXPECT_EQ(run.out, read(state / "device.csr"));
  EXPECT_FALSE(contains(run.out + run.err, "PRIVATE"));
}

TEST_F(ProvisionCli, BadDeviceIdOrBrokerIsAUsageErrorAndChangesNothing) {
  const auto id = init({}, "box/1");
  EXPECT_EQ(id.exit_code, 2);
  EXPECT_TRUE(contains(id.err, "--device-id 'box/1'")) << id.err;
  const auto broker = init({}, "box-1", "mqtt.example.dk");
  EXPECT_EQ(broker.exit_code, 2);
  EXPECT_TRUE(contains(broker.err, "HOST:PORT")) << broker.err;
  const auto missing = run_boxctl({"provision", "init", "--device-id", "box-1", "--broker", "h:1"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "--ca")) << missing.err;
  EXPECT_FALSE(fs::exists(state));
  EXPECT_FALSE(fs::exists(config));
}

TEST_F(ProvisionCli, ACorruptConfigLineStopsInitBeforeAnyKeyIsMade) {
  std::ofstream(config) << "[box]\ndevice_id = x\n[backoffice\n";
  const auto run = init();
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(contains(run.err, "config " + config.string() + " line 3")) << run.err;
  EXPECT_FALSE(fs::exists(state / "device.key"));
  EXPECT_EQ(read(config), "[box]\ndevice_id = x\n[backoffice\n");
}

TEST_F(ProvisionCli, InstallCertOfAMissingFileAndShowWithoutIdentityFail) {
  const auto install = run_boxctl({"provision", "install-cert", (work.path() / "nope.crt").string(), "--state-dir",
                                   state.string()});
  EXPECT_EQ(install.exit_code, 1);
  EXPECT_TRUE(contains(install.err, (work.path() / "nope.crt").string() + " cannot be read")) << install.err;
  const auto show = run_boxctl({"provision", "show", "--state-dir", state.string()});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_TRUE(contains(show.err, "provision init")) << show.err;
  const auto rotate = run_boxctl({"provision", "rotate", "--state-dir", state.string()});
  EXPECT_EQ(rotate.exit_code, 1);
  EXPECT_TRUE(contains(rotate.err, "provision init")) << rotate.err;
}

}  // namespace
}  // namespace pickupbox::e2e
