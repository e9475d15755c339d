#include "app/device_secret.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace pickupbox::app {

using core::ErrorCode;
using core::fail;
using core::Result;

namespace {
constexpr std::size_t kSecretBytes = 32;

std::string errno_text() { return std::strerror(errno); }
}  // namespace

Result<void> prepare_state_dir(const std::filesystem::path& state_dir) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return fail(ErrorCode::storage, "cannot create state directory " + state_dir.string() + ": " + ec.message() +
                                        "; check the path and permissions");
  }
  if (::chmod(state_dir.c_str(), 0700) != 0) {
    return fail(ErrorCode::storage,
                "cannot set mode 0700 on state directory " + state_dir.string() + ": " + errno_text());
  }
  return {};
}

Result<std::vector<std::uint8_t>> load_or_create_device_secret(const std::filesystem::path& state_dir,
                                                              core::Random& random) {
  const auto file = state_dir / "device.secret";
  if (int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    std::vector<std::uint8_t> secret(kSecretBytes);
    const auto n = ::read(fd, secret.data(), secret.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(kSecretBytes)) {
      return fail(ErrorCode::storage, "device secret " + file.string() +
                                          " is damaged (wrong length); restore it from backup or factory-reset");
    }
    return secret;
  }
  if (errno != ENOENT) {
    return fail(ErrorCode::storage, "cannot read device secret " + file.string() + ": " + errno_text());
  }
  std::array<std::byte, kSecretBytes> bytes{};
  random.fill(bytes);
  // Write to a temporary file and rename, so a crash never leaves a half secret.
  const auto tmp = state_dir / "device.secret.tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(ErrorCode::storage, "cannot create " + tmp.string() + ": " + errno_text());
  const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(tmp.c_str(), file.c_str()) != 0) {
    return fail(ErrorCode::storage, "cannot write device secret " + file.string() + ": " + errno_text() +
                                        "; check free space in " + state_dir.string());
  }
  std::vector<std::uint8_t> secret(kSecretBytes);
  std::memcpy(secret.data(), bytes.data(), kSecretBytes);
  return secret;
}

}  // namespace pickupbox::app
