#include "box_rig.hpp"

#include <fstream>
#include <stdexcept>

namespace pickupbox::soak {

namespace {
// Far more room than 30 minutes of orders and audit records need, small enough to fill at once.
constexpr std::uint64_t disk_bytes = 32ull * 1024 * 1024;
}

BoxRig::BoxRig(const std::filesystem::path& out_dir) : out_dir_(out_dir) {
  testing::MosquittoBrokerOptions broker_options;
  broker_options.persistence = true;
  broker_ = std::make_unique<testing::MosquittoBroker>(broker_options);
  broker_->start();

  if (auto mounted = testing::TmpfsMount::create(disk_bytes)) {
    disk_ = std::move(*mounted);
  } else {
    no_disk_reason_ = mounted.error();
  }

  // The office first: it must hear the box's very first event.
  office_ = std::make_unique<BackofficeLog>(broker_->port(), device_id, out_dir_ / "backoffice.jsonl");
  office_->connect();

  e2e::BoxdOptions options;
  options.config_text = config_text();
  options.log_level = "debug";  // every line boxd can write goes through the personal-data check
  if (disk_) {
    options.state_dir = disk_->path() / "state";
    std::filesystem::create_directories(options.state_dir);
  }
  boxd_ = std::make_unique<e2e::BoxdProcess>(options);
  boxd_->start();
}

BoxRig::~BoxRig() {
  keep_boxd_log();
  // boxd before the tmpfs under it; the broker last, after the office has said goodbye.
  boxd_.reset();
  office_.reset();
  disk_.reset();
  broker_.reset();
}

std::string BoxRig::config_text() const {
  // 16 doors of three sizes on two boards. Housekeeping every 500 ms so that orders expire
  // within a second of their expires_at; short MQTT back-off so the box is back quickly after
  // a broker restart; heartbeats effectively off (they carry no seq and only add noise).
  return std::string("[box]\ndevice_id = ") + device_id +
         "\n"
         "[bus]\nbackend = sim\nboards = 0 1\nhousekeeping_interval_ms = 500\n"
         "[policies]\nstaff_session_timeout_s = 3600\ngrace_reopen_s = 30\n"
         "[doors]\n"
         "A01 = 0 1 S\nA02 = 0 2 S\nA03 = 0 3 S\nA04 = 0 4 M\nA05 = 0 5 M\nA06 = 0 6 M\nA07 = 0 7 L\nA08 = 0 8 L\n"
         "B01 = 1 1 S\nB02 = 1 2 S\nB03 = 1 3 M\nB04 = 1 4 M\nB05 = 1 5 M\nB06 = 1 6 M\nB07 = 1 7 L\nB08 = 1 8 L\n"
         "[dev]\nstaff = desk1 1234\n"
         "[backoffice]\nbroker = 127.0.0.1:" +
         std::to_string(broker_->port()) +
         "\ntls = false\nkeepalive_s = 5\nheartbeat_s = 86400\nreconnect_initial_ms = 100\nreconnect_max_ms = 1000\n";
}

void BoxRig::restart_boxd_hard() {
  ++disruptions_;
  boxd_->kill_hard();
  boxd_->start();
}

void BoxRig::restart_broker() {
  ++disruptions_;
  broker_->restart();
}

void BoxRig::keep_boxd_log() const {
  if (!boxd_) return;
  std::ofstream(out_dir_ / "boxd.log", std::ios::trunc) << boxd_->log_text();
}

}  // namespace pickupbox::soak
