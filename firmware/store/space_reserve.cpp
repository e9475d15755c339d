#include "store/space_reserve.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace pickupbox::store {

SpaceReserve::SpaceReserve(std::filesystem::path file, std::uint64_t bytes) : file_(std::move(file)), bytes_(bytes) {}

bool SpaceReserve::held() const {
  struct stat info{};
  return ::stat(file_.c_str(), &info) == 0 && static_cast<std::uint64_t>(info.st_size) >= bytes_ &&
         static_cast<std::uint64_t>(info.st_blocks) * 512 >= bytes_;
}

core::Result<void> SpaceReserve::ensure() {
  if (held()) return {};
  const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return std::unexpected(core::Error{core::ErrorCode::storage, "cannot create the space reserve " + file_.string() +
                                                                     ": " + std::strerror(err) + ": check that " +
                                                                     file_.parent_path().string() +
                                                                     " is writable by boxd"});
  }
  // posix_fallocate returns the error instead of setting errno; real blocks, not a sparse
  // file, or deleting it would free nothing.
  int err = ::posix_fallocate(fd, 0, static_cast<off_t>(bytes_));
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  ::close(fd);
  if (err == 0) return {};
  ::unlink(file_.c_str());
  std::string message = "cannot set aside " + std::to_string(bytes_) + " bytes for pickups at " + file_.string() +
                        ": " + std::strerror(err) + ": ";
  message += err == ENOSPC ? "disk full: free space in " + file_.parent_path().string() +
                                 " (new loads are refused until then; pickups go on)"
                           : "check the storage device";
  return std::unexpected(core::Error{core::ErrorCode::storage, std::move(message)});
}

bool SpaceReserve::release() {
  const bool was_held = held();
  std::error_code ignored;
  std::filesystem::remove(file_, ignored);
  return was_held;
}

}  // namespace pickupbox::store
