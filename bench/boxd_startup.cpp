// boxd start-up and memory: spawn → the API socket accepts a connection, spawn → the first
// `status` is answered, and resident memory once boxd has settled (VmRSS from
// /proc/PID/status, Rss and Pss from smaps_rollup), with `boxd --sim` on its built-in
// 24-door configuration. Run 1 starts on an empty state directory (creates the database and
// the device secret, hashes the development PINs); the others restart on that state, which
// is what a box does on every boot. Warm page cache. Benchmarks are never pass/fail.
// Goal (README, Performance): restart → status answered <= 1 s, steady RSS <= 50 MB.
//
//   build/bench/boxd_startup BOXD [RUNS] [SETTLE_S]   (defaults 6 runs, 3 s)
//
// Besides the table it prints "figure <name> <value>" lines for bench/report.sh.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <expected>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Run {
  double accept_ms = 0;  // spawn → connect() succeeds (boxd is listening)
  double status_ms = 0;  // spawn → the reply to `status` has been read
  long rss_kb = 0;       // VmRSS after settling
  long pss_kb = 0;       // smaps_rollup Pss (shared libraries split between their users)
};

// The value of a "Key:   123 kB" line in a /proc file, or nullopt.
std::optional<long> proc_kb(const fs::path& file, const std::string& key) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key + ":")) return std::strtol(line.c_str() + key.size() + 1, nullptr, 10);
  }
  return std::nullopt;
}

pid_t spawn_boxd(const std::string& boxd, const fs::path& dir) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const int log = ::open((dir / "boxd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (log >= 0) {
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
  }
  const std::string config = (dir / "boxd.conf").string(), state = (dir / "state").string(),
                    socket = (dir / "api.sock").string();
  ::execl(boxd.c_str(), boxd.c_str(), "--sim", "--config", config.c_str(), "--state-dir", state.c_str(), "--socket",
          socket.c_str(), "--log-level", "warn", static_cast<char*>(nullptr));
  std::_Exit(127);
}

// A connected socket, or -1 while boxd is not listening yet.
int try_connect(const fs::path& socket_path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return fd;
  ::close(fd);
  return -1;
}

// Sends `status` and reads the whole reply line; the line, or an error message.
std::expected<std::string, std::string> ask_status(int fd) {
  const std::string request = "{\"v\":1,\"id\":1,\"method\":\"status\"}\n";
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    return std::unexpected("cannot send status");
  }
  std::string reply;
  char buf[4096];
  while (reply.find('\n') == std::string::npos) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return std::unexpected("boxd closed the connection before answering status");
    reply.append(buf, static_cast<std::size_t>(n));
  }
  return reply;
}

std::expected<Run, std::string> one_run(const std::string& boxd, const fs::path& dir, std::chrono::seconds settle) {
  fs::remove(dir / "api.sock");
  Run run;
  const auto t0 = Clock::now();
  const pid_t pid = spawn_boxd(boxd, dir);
  if (pid < 0) return std::unexpected("fork failed");
  auto stop = [pid] {
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  };
  int fd = -1;
  while ((fd = try_connect(dir / "api.sock")) < 0) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) {
      return std::unexpected("boxd exited before listening; see " + (dir / "boxd.log").string());
    }
    if (ms_since(t0) > 30'000) {
      stop();
      return std::unexpected("boxd did not listen within 30 s");
    }
    std::this_thread::sleep_for(200us);
  }
  run.accept_ms = ms_since(t0);
  auto reply = ask_status(fd);
  run.status_ms = ms_since(t0);
  ::close(fd);
  if (!reply || reply->find("\"ok\":true") == std::string::npos) {
    stop();
    return std::unexpected(reply ? "status refused: " + *reply : reply.error());
  }
  std::this_thread::sleep_for(settle);  // board polls (5 Hz), housekeeping armed: steady state
  const fs::path proc = "/proc/" + std::to_string(pid);
  run.rss_kb = proc_kb(proc / "status", "VmRSS").value_or(-1);
  run.pss_kb = proc_kb(proc / "smaps_rollup", "Pss").value_or(-1);
  stop();
  return run;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[(v.size() - 1) / 2];
}
double maximum(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: boxd_startup BOXD [RUNS] [SETTLE_S]\n");
    return 2;
  }
  const std::string boxd = argv[1];
  const int runs = argc > 2 ? std::max(2, std::atoi(argv[2])) : 6;
  const std::chrono::seconds settle{argc > 3 ? std::max(1, std::atoi(argv[3])) : 3};
  char pattern[] = "/tmp/pickupbox-boxd-bench.XXXXXX";
  if (!::mkdtemp(pattern)) {
    std::perror("boxd_startup: mkdtemp");
    return 1;
  }
  const fs::path dir = pattern;
  fs::create_directory(dir / "state");
  fs::permissions(dir / "state", fs::perms::owner_all);
  const std::string print_config = "'" + boxd + "' --print-config > '" + (dir / "boxd.conf").string() + "'";
  if (std::system(print_config.c_str()) != 0) {
    std::fprintf(stderr, "boxd_startup: %s failed\n", print_config.c_str());
    return 1;
  }
  std::vector<Run> all;
  for (int i = 0; i < runs; ++i) {
    auto run = one_run(boxd, dir, settle);
    if (!run) {
      std::fprintf(stderr, "boxd_startup: run %d: %s\n", i + 1, run.error().c_str());
      return 1;
    }
    all.push_back(*run);
  }
  fs::remove_all(dir);

  std::vector<double> accept, status, rss, pss;
  for (std::size_t i = 1; i < all.size(); ++i) {
    accept.push_back(all[i].accept_ms);
    status.push_back(all[i].status_ms);
    rss.push_back(static_cast<double>(all[i].rss_kb) / 1024);
    pss.push_back(static_cast<double>(all[i].pss_kb) / 1024);
  }
  const Run& first = all.front();
  std::printf("boxd start-up, boxd --sim, default 24-door configuration, warm page cache, %d runs\n", runs);
  std::printf("%-42s %9s %9s\n", "", "median", "max");
  std::printf("%-42s %6.1f ms %6.1f ms\n", "restart: spawn -> socket accepts", median(accept), maximum(accept));
  std::printf("%-42s %6.1f ms %6.1f ms  (goal <= 1000 ms)\n", "restart: spawn -> status answered", median(status),
              maximum(status));
  std::printf("%-42s %6.1f ms\n", "first start (empty state): -> accepts", first.accept_ms);
  std::printf("%-42s %6.1f ms\n", "first start (empty state): -> status", first.status_ms);
  std::printf("%-42s %6.1f MB %6.1f MB  (goal <= 50 MB)\n", "steady VmRSS", median(rss), maximum(rss));
  std::printf("%-42s %6.1f MB %6.1f MB\n", "steady Pss (smaps_rollup)", median(pss), maximum(pss));
  std::printf("figure boxd.restart_accept_ms %.1f\n", median(accept));
  std::printf("figure boxd.restart_status_ms %.1f\n", median(status));
  std::printf("figure boxd.restart_status_max_ms %.1f\n", maximum(status));
  std::printf("figure boxd.first_status_ms %.1f\n", first.status_ms);
  std::printf("figure boxd.rss_mb %.1f\n", median(rss));
  std::printf("figure boxd.pss_mb %.1f\n", median(pss));
  return 0;
}
