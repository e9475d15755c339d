#pragma once
// Everything the soak runs against, real processes all: a mosquitto broker on loopback
// (persistent, so a restart keeps sessions and queued messages), boxd --sim with its state
// directory on a small tmpfs (so the disk can really fill up), and the back office's
// subscriber. The rig starts and restarts them; it decides nothing.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "backoffice_log.hpp"
#include "boxd_process.hpp"
#include "mosquitto_broker.hpp"
#include "tmpfs_mount.hpp"

namespace pickupbox::soak {

inline constexpr const char* device_id = "soak-box-1";
inline constexpr int boards = 2;

class BoxRig {
 public:
  // Starts the broker, the back office and boxd; throws std::runtime_error with the log of
  // whichever did not come up.
  explicit BoxRig(const std::filesystem::path& out_dir);
  ~BoxRig();

  e2e::BoxdProcess& boxd() { return *boxd_; }
  testing::MosquittoBroker& broker() { return *broker_; }
  BackofficeLog& office() { return *office_; }
  // The tmpfs under the state directory; nullptr when it could not be mounted.
  testing::TmpfsMount* disk() { return disk_.get(); }
  const std::string& no_disk_reason() const { return no_disk_reason_; }
  std::filesystem::path database_file() const { return boxd_->state_dir() / "pickupbox.db"; }

  // SIGKILL (a power cut), then start on the same state directory.
  void restart_boxd_hard();
  // A graceful broker restart: mosquitto saves its sessions, boxd and the office reconnect.
  void restart_broker();
  // Counts every disruption (restarts, and faults while they last), so a driver step that
  // failed can tell whether a fault explains it.
  std::uint64_t disruptions() const { return disruptions_; }
  bool degraded() const { return degraded_; }
  void set_degraded(bool on) {
    degraded_ = on;
    ++disruptions_;
  }

  // boxd's log so far copied into the output directory (its own goes with the process's temp dir).
  void keep_boxd_log() const;

 private:
  std::string config_text() const;

  std::filesystem::path out_dir_;
  std::unique_ptr<testing::MosquittoBroker> broker_;
  std::unique_ptr<testing::TmpfsMount> disk_;
  std::string no_disk_reason_;
  std::unique_ptr<BackofficeLog> office_;
  std::unique_ptr<e2e::BoxdProcess> boxd_;
  std::uint64_t disruptions_ = 0;
  bool degraded_ = false;
};

}  // namespace pickupbox::soak
