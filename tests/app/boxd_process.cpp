#include "boxd_process.hpp"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "spawn.hpp"
#include "wait.hpp"

#ifndef BOXD_PATH
#error "BOXD_PATH must name the boxd binary (set by tests/app/CMakeLists.txt)"
#endif

namespace pickupbox::e2e {

namespace fs = std::filesystem;

BoxdProcess::BoxdProcess(BoxdOptions options) : options_(std::move(options)) {
  // Short, so the socket path fits in sun_path (107 bytes).
  std::string pattern = (fs::temp_directory_path() / "pbx-e2e-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
  root_ = pattern;
  state_dir_ = options_.state_dir.empty() ? root_ / "state" : options_.state_dir;
  socket_ = root_ / "api.sock";
  log_ = root_ / "boxd.log";
  if (!options_.config_text.empty()) {
    config_ = root_ / "boxd.conf";
    std::ofstream(config_) << options_.config_text;
  }
}

BoxdProcess::~BoxdProcess() {
  if (pid_ > 0) kill_hard();
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

void BoxdProcess::start() {
  if (pid_ > 0) throw std::logic_error("boxd is already running");
  SpawnSpec spec{
      options_.binary.empty() ? std::string(BOXD_PATH) : options_.binary,
      {"--sim", "--state-dir", state_dir_.string(), "--socket", socket_.string(), "--log-level", options_.log_level},
      {},
      {"PICKUPBOX_SOCKET"},
      log_,
      log_};
  if (!config_.empty()) {
    spec.args.push_back("--config");
    spec.args.push_back(config_.string());
  }
  pid_ = spawn(spec);
  const bool up = eventually(
      [&] {
        if (reap(std::chrono::milliseconds{0})) return true;  // exited: stop waiting, report below
        return static_cast<bool>(api::connect_unix(socket_, std::chrono::milliseconds{200}));
      },
      std::chrono::seconds{20});
  if (pid_ <= 0) throw std::runtime_error("boxd exited during start-up; log:\n" + log_tail());
  if (!up) throw std::runtime_error("boxd did not listen on " + socket_.string() + " within 20 s; log:\n" + log_tail());
}

std::optional<int> BoxdProcess::reap(std::chrono::milliseconds timeout) {
  std::optional<int> status;
  eventually(
      [&] {
        int raw = 0;
        if (::waitpid(pid_, &raw, WNOHANG) != pid_) return false;
        status = decode_wait_status(raw);
        pid_ = -1;
        return true;
      },
      timeout);
  return status;
}

int BoxdProcess::stop() {
  if (pid_ <= 0) throw std::logic_error("boxd is not running");
  ::kill(pid_, SIGTERM);
  if (auto status = reap(std::chrono::seconds{10})) return *status;
  kill_hard();
  return -1;
}

void BoxdProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int raw = 0;
  ::waitpid(pid_, &raw, 0);
  pid_ = -1;
}

bool BoxdProcess::running() {
  if (pid_ <= 0) return false;
  return !reap(std::chrono::milliseconds{0});
}

api::Client BoxdProcess::connect() const {
  auto client = api::Client::connect(socket_, std::chrono::seconds{5});
  if (!client) throw std::runtime_error("cannot connect to boxd: " + client.error().message);
  return std::move(*client);
}

std::string BoxdProcess::log_text() const {
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string BoxdProcess::log_tail(std::size_t bytes) const {
  const auto text = log_text();
  return text.size() <= bytes ? text : text.substr(text.size() - bytes);
}

}  // namespace pickupbox::e2e
