#pragma once
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pickupbox::testing {

// A fresh private directory, removed with everything in it when the test ends.
// Prefixes stay short: Unix socket paths inside it must fit in 107 bytes.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "pickupbox",
                   const std::filesystem::path& root = std::filesystem::temp_directory_path()) {
    std::string pattern = (root / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace pickupbox::testing
