#pragma once
// Space held back on the state filesystem for what a box must be able to record when the
// disk is full: a citizen's pickup, a door shut on a loaded document, an alarm, an expiry.
// It is a plain file of real blocks (posix_fallocate) that the store deletes when such a
// commit fails, then retries. New work (a load, a new order) never uses it: while the
// reserve cannot be held, new work is refused, so a full disk stops documents going in, not
// the ones inside coming out.
#include <cstdint>
#include <filesystem>

#include "core/error.hpp"

namespace pickupbox::store {

class SpaceReserve {
 public:
  SpaceReserve(std::filesystem::path file, std::uint64_t bytes);

  // Whether the file is there at its full size (read from the filesystem each time, so a
  // reserve someone deleted counts as used).
  bool held() const;
  // Creates the file unless it is held. ErrorCode::storage, naming the directory to free,
  // when the filesystem has no room for it.
  core::Result<void> ensure();
  // Deletes the file; true when it was held, i.e. when a retry has more room than before.
  bool release();

  const std::filesystem::path& file() const { return file_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  std::filesystem::path file_;
  std::uint64_t bytes_;
};

}  // namespace pickupbox::store
