#pragma once
// posix_spawn with stdin from /dev/null and stdout/stderr appended to files.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace pickupbox::e2e {

struct SpawnSpec {
  std::filesystem::path program;
  std::vector<std::string> args;                               // without argv[0]
  std::vector<std::pair<std::string, std::string>> extra_env;  // set on top of this process's
  std::vector<std::string> unset_env;
  std::filesystem::path stdout_file;
  std::filesystem::path stderr_file;
};

// Throws std::runtime_error when the process cannot be started.
pid_t spawn(const SpawnSpec& spec);

// Exit status; 128 + signal when a signal ended it.
int decode_wait_status(int status);

}  // namespace pickupbox::e2e
