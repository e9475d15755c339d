#pragma once
// A small tmpfs of its own, for tests that need a filesystem that really fills up (ENOSPC
// from the kernel, not a simulated limit). Mounting needs CAP_SYS_ADMIN: as root it is
// mounted directly; otherwise TmpfsMount::create says why it cannot, and the caller decides
// (a test skips with that reason, the soak leaves that fault out and says so).
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <expected>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace pickupbox::testing {

class TmpfsMount {
 public:
  // Mounts a tmpfs of `bytes` at a fresh directory; unmounted (lazily, so an open file of a
  // process that is still dying cannot keep it) when the object goes away.
  static std::expected<std::unique_ptr<TmpfsMount>, std::string> create(std::uint64_t bytes) {
    auto mount = std::unique_ptr<TmpfsMount>(new TmpfsMount());
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
    if (::mount("pickupbox-test", mount->dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      return std::unexpected("cannot mount a " + std::to_string(bytes) + "-byte tmpfs at " +
                             mount->dir_.path().string() + ": " + std::strerror(errno) +
                             " (needs root or CAP_SYS_ADMIN)");
    }
    mount->mounted_ = true;
    return mount;
  }

  ~TmpfsMount() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  const std::filesystem::path& path() const { return dir_.path(); }

  std::uint64_t free_bytes() const {
    struct statvfs info{};
    if (::statvfs(dir_.path().c_str(), &info) != 0) return 0;
    return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
  }

  // Writes a ballast file until the kernel says ENOSPC, so every later write to this
  // filesystem fails the way it would on a full card. remove_ballast() frees the space.
  void fill() {
    std::ofstream ballast(ballast_path(), std::ios::binary | std::ios::app);
    const std::vector<char> block(4096, '\0');
    while (ballast.write(block.data(), static_cast<std::streamsize>(block.size())) && ballast.flush()) {
    }
  }
  void remove_ballast() {
    std::error_code ignored;
    std::filesystem::remove(ballast_path(), ignored);
  }

 private:
  TmpfsMount() : dir_("pbx-tmpfs") {}
  std::filesystem::path ballast_path() const { return dir_.path() / "ballast"; }

  TempDir dir_;
  bool mounted_ = false;
};

}  // namespace pickupbox::testing
