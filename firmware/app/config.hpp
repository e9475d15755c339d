#pragma once
// boxd's configuration: one INI-style file, every key optional (the embedded default
// runs a simulated 24-door box). Errors name the file, the line and the key.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/locker.hpp"
#include "core/policies.hpp"

namespace pickupbox::app {

struct DoorMapping {
  std::string id;  // "A01"
  int board = 0;
  int channel = 1;
  core::SizeClass size = core::SizeClass::M;
  int line = 0;  // where it was declared, for error messages
};

struct BoardSetting {
  int address = 0;
  bool lock_bit_set_means_open = true;
};

struct DevStaff {
  std::string id;
  std::string pin;
};

enum class BusBackend { sim };

struct Config {
  std::string device_id = "box-dev-001";
  std::string log_level = "info";
  BusBackend backend = BusBackend::sim;
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds reply_timeout{100};
  std::chrono::milliseconds unlock_confirm{1000};
  std::chrono::milliseconds housekeeping_interval{30'000};
  core::Policies policies;
  std::vector<BoardSetting> boards;
  std::vector<DoorMapping> doors;
  std::vector<DevStaff> dev_staff;  // only honoured with the simulated bus
};

// Parses and validates a whole file; `origin` names it in error messages.
core::Result<Config> parse_config(std::string_view text, std::string_view origin);

// The configuration used when no file is given: simulated bus, 2 boards, 24 doors.
std::string_view default_config_text();

core::Result<Config> load_config_file(const std::filesystem::path& file);

}  // namespace pickupbox::app
