#include "boxctl_runner.hpp"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "spawn.hpp"
#include "wait.hpp"

#ifndef BOXCTL_PATH
#error "BOXCTL_PATH must name the boxctl binary (set by tests/app/CMakeLists.txt)"
#endif

namespace pickupbox::e2e {

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

BoxctlRun run_boxctl(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env,
                     std::chrono::milliseconds timeout) {
  std::string pattern = (fs::temp_directory_path() / "pbx-boxctl-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
  const fs::path dir = pattern;
  // The caller's environment must not leak staff credentials or a socket into the test.
  const pid_t pid = spawn(SpawnSpec{
      BOXCTL_PATH, args, env, {"PICKUPBOX_SOCKET", "PICKUPBOX_STAFF", "PICKUPBOX_PIN"}, dir / "out", dir / "err"});
  BoxctlRun run;
  const bool finished = eventually(
      [&] {
        int raw = 0;
        if (::waitpid(pid, &raw, WNOHANG) != pid) return false;
        run.exit_code = decode_wait_status(raw);
        return true;
      },
      timeout);
  if (!finished) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  run.out = read_all(dir / "out");
  run.err = read_all(dir / "err");
  fs::remove_all(dir);
  return run;
}

}  // namespace pickupbox::e2e
