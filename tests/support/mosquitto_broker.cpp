#include "mosquitto_broker.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef PICKUPBOX_SOURCE_DIR
#error "PICKUPBOX_SOURCE_DIR must name the source tree (tests/support/CMakeLists.txt defines it)"
#endif

namespace pickupbox::testing {

namespace {

using namespace std::chrono_literals;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A port the kernel just handed out for 127.0.0.1; free until somebody else binds it.
std::uint16_t pick_free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("MosquittoBroker: socket: ") + std::strerror(errno));
  sockaddr_in addr = loopback(0);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int err = errno;
    ::close(fd);
    throw std::runtime_error(std::string("MosquittoBroker: cannot get a free port: ") + std::strerror(err));
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts_connections(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  return "stopped (status " + std::to_string(status) + ")";
}

}  // namespace

MosquittoBroker::MosquittoBroker(Options options)
    : options_(std::move(options)), dir_("mqb"), binary_(mosquitto_binary()) {}

MosquittoBroker::~MosquittoBroker() {
  try {
    stop();
  } catch (...) {  // a destructor must not throw; the broker is gone or orphaned to PDEATHSIG
  }
}

std::filesystem::path MosquittoBroker::project_acl_path() {
  return std::filesystem::path(PICKUPBOX_SOURCE_DIR) / "packaging" / "mosquitto" / "pickupbox.acl";
}

std::filesystem::path MosquittoBroker::mosquitto_binary() {
  if (const char* path_env = std::getenv("PATH")) {
    std::string_view rest(path_env);
    while (!rest.empty()) {
      auto colon = rest.find(':');
      auto entry = rest.substr(0, colon);
      if (!entry.empty()) {
        auto candidate = std::filesystem::path(entry) / "mosquitto";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
      }
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  for (const char* candidate : {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  throw std::runtime_error("MosquittoBroker: mosquitto not found in PATH or /usr/sbin (run scripts/setup.sh)");
}

void MosquittoBroker::write_config() const {
  std::ostringstream conf;
  conf << "# Written by the MosquittoBroker test fixture (tests/support/mosquitto_broker.cpp)\n";
  // Started as root, mosquitto drops to user mosquitto and then cannot read a 0600 key.
  if (::geteuid() == 0) conf << "user root\n";
  conf << "per_listener_settings false\n";
  conf << "allow_anonymous " << (options_.allow_anonymous.value_or(!options_.tls) ? "true" : "false") << "\n";
  if (options_.use_project_acl) {
    conf << "acl_file " << project_acl_path().string() << "\n";
  } else if (options_.acl_file) {
    conf << "acl_file " << options_.acl_file->string() << "\n";
  }
  conf << "persistence " << (options_.persistence ? "true" : "false") << "\n";
  if (options_.persistence) conf << "persistence_location " << dir_.path().string() << "/\n";
  conf << "log_dest stderr\n";
  conf << "log_type all\n";
  conf << "log_timestamp_format %Y-%m-%dT%H:%M:%S\n";
  conf << "listener " << port_ << " " << host << "\n";
  if (options_.tls) {
    const Tls& tls = *options_.tls;
    conf << "cafile " << tls.ca_file.string() << "\n";
    conf << "certfile " << tls.cert_file.string() << "\n";
    conf << "keyfile " << tls.key_file.string() << "\n";
    conf << "require_certificate " << (tls.require_certificate ? "true" : "false") << "\n";
    conf << "use_identity_as_username " << (tls.use_identity_as_username ? "true" : "false") << "\n";
  }
  for (const auto& line : options_.extra_config) conf << line << "\n";

  std::ofstream out(config_path(), std::ios::trunc);
  out << conf.str();
  out.close();
  if (!out) throw std::runtime_error("MosquittoBroker: cannot write " + config_path().string());
}

bool MosquittoBroker::spawn_and_wait() {
  write_config();
  const std::size_t log_offset = log_text().size();

  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  const std::string binary = binary_.string();
  const std::string conf = config_path().string();
  const std::string log = log_path().string();
  std::vector<char*> argv = {const_cast<char*>(binary.c_str()), const_cast<char*>("-c"),
                             const_cast<char*>(conf.c_str()), nullptr};
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("MosquittoBroker: fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log_fd < 0 || null_fd < 0) ::_exit(126);
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    // The test's own sockets (MQTT clients) must not stay open inside the broker.
    ::close_range(3, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl{};
    dfl.sa_handler = SIG_DFL;
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGPIPE}) ::sigaction(sig, &dfl, nullptr);
    ::execv(argv[0], argv.data());
    static const char msg[] = "MosquittoBroker: execv of mosquitto failed\n";
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
  }
  pid_ = pid;

  const auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (true) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      std::string fresh = log_text().substr(log_offset);
      if (fresh.find("Address already in use") != std::string::npos) return false;
      throw std::runtime_error("MosquittoBroker: mosquitto " + describe_status(status) + " while starting on port " +
                               std::to_string(port_) + "; config " + conf + "; log tail:\n" + log_tail());
    }
    // "running" is logged once every listener is open; the connect proves it is ours that listens.
    if (log_text().find(" running", log_offset) != std::string::npos && accepts_connections(port_)) return true;
    if (std::chrono::steady_clock::now() > deadline) {
      reap(SIGKILL, 0ms);
      throw std::runtime_error("MosquittoBroker: mosquitto did not listen on port " + std::to_string(port_) +
                               " within " + std::to_string(start_timeout.count()) + " s; log tail:\n" + log_tail());
    }
    std::this_thread::sleep_for(10ms);
  }
}

void MosquittoBroker::start() {
  if (running()) throw std::logic_error("MosquittoBroker::start: already running on port " + std::to_string(port_));
  if (port_ != 0) {
    if (!spawn_and_wait()) {
      throw std::runtime_error("MosquittoBroker: port " + std::to_string(port_) +
                               " was taken by another process while the broker was down; log tail:\n" + log_tail());
    }
    return;
  }
  // Between closing the probe socket and mosquitto's bind another process may take the port:
  // then mosquitto exits with "Address already in use" and we try a new one.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = pick_free_port();
    if (spawn_and_wait()) return;
  }
  throw std::runtime_error("MosquittoBroker: no free port after 5 attempts; log tail:\n" + log_tail());
}

void MosquittoBroker::reap(int signal, std::chrono::milliseconds grace) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_ || (done < 0 && errno == ECHILD)) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  pid_ = -1;
}

void MosquittoBroker::stop() { reap(SIGTERM, 10s); }

void MosquittoBroker::kill_hard() { reap(SIGKILL, 10s); }

void MosquittoBroker::restart() {
  stop();
  start();
}

std::string MosquittoBroker::config_text() const { return read_file(config_path()); }

std::string MosquittoBroker::log_text() const { return read_file(log_path()); }

std::string MosquittoBroker::log_tail(std::size_t lines) const {
  std::string text = log_text();
  std::size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (std::size_t seen = 0; pos > 0; --pos) {
    if (text[pos - 1] == '\n' && ++seen == lines) break;
  }
  return text.substr(pos);
}

}  // namespace pickupbox::testing
