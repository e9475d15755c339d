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
#include "usb/usb_device.hpp"

namespace pickupbox::app {

// Relay boards get board numbers above the Kerong bus's 0..15, so that one number
// names a board everywhere in boxd (lockers, events, the door router).
inline constexpr int first_relay_board = 100;

struct DoorMapping {
  std::string id;     // "A01"
  std::string relay;  // relay board name, empty for a door on the Kerong bus
  int board = 0;      // Kerong address, or first_relay_board + index of the relay board
  int channel = 1;    // Kerong channel or relay number
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

enum class BusBackend { sim, usb };

// Where the USB-to-RS-485 bridge of the Kerong bus is and how its line is set.
struct UsbBridgeSetting {
  std::string chip = "ftdi";  // ftdi | ch340
  usb::DeviceMatch match;     // usb_id defaults to the chip's own VID:PID
  std::string line = "19200 8N1";
};

// A dcttech-style HID relay board: no door sensors, so a door counts as closed
// `closed_after` after it was opened (or when the user confirms it at the kiosk).
struct RelayBoardSetting {
  std::string name;
  int board = first_relay_board;
  int relays = 8;
  usb::DeviceMatch match;
  std::chrono::milliseconds pulse{500};
  std::chrono::milliseconds closed_after{10'000};
  int line = 0;
};

// The MQTT link to the back office ([backoffice]). Without a broker the box works offline
// and its outbox waits.
struct BackofficeSetting {
  std::string host;  // empty: no back-office link
  int port = 8883;
  bool tls = true;
  // Empty: the state directory's backoffice-ca.crt, device.crt and device.key.
  std::filesystem::path ca_file;
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  bool mqtt_v5 = true;  // false: MQTT 3.1.1 only
  std::chrono::seconds keepalive{30};
  std::chrono::milliseconds reconnect_initial{1000};
  std::chrono::milliseconds reconnect_max{60'000};
  std::chrono::seconds heartbeat{60};
  std::chrono::hours session_expiry{24 * 7};
  int outbox_window = 256;
  long long outbox_high_water = 10'000;
  int line = 0;  // where [backoffice] began, for error messages
};

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
  UsbBridgeSetting bridge;
  std::vector<RelayBoardSetting> relay_boards;
  std::vector<DoorMapping> doors;
  std::vector<DevStaff> dev_staff;  // only honoured on simulated hardware (boxd --sim)
  BackofficeSetting backoffice;
  bool simulated_hardware = false;  // set by boxd --sim, not by the file

  const RelayBoardSetting* relay_board(int board) const;
  bool has_door_sensor(int board) const { return board < first_relay_board; }
};

// Parses and validates a whole file; `origin` names it in error messages.
core::Result<Config> parse_config(std::string_view text, std::string_view origin);

// The configuration used when no file is given: simulated bus, 2 boards, 24 doors.
std::string_view default_config_text();

core::Result<Config> load_config_file(const std::filesystem::path& file);

}  // namespace pickupbox::app
