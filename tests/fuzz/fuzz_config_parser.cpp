// libFuzzer target: boxd's INI configuration parser (app::parse_config) on arbitrary text.
// Invariants (trap on violation, so libFuzzer records the input):
//   - no exception escapes; a refusal is invalid_argument, one non-empty message that starts
//     "config <origin>" and, when it names a line, names one the file has;
//   - an accepted configuration keeps the promises config.cpp makes before boxd touches a
//     board: door ids and (board, channel) pairs unique, every door on a listed board or a
//     declared relay board within its relays, board addresses 0..15 and unique, relay boards
//     numbered from first_relay_board, ranges and max >= initial, a broker when [backoffice];
//   - written back out as INI (every field, by this file's own writer) it parses to an equal
//     configuration: nothing accepted is lost or altered;
//   - "\r\n" line ends give exactly the same answer as "\n";
//   - listing the same boards again at the end changes nothing (it once reset their polarity).
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "app/config.hpp"
#include "core/device_id.hpp"
#include "core/locker.hpp"
#include "usb/usb_device.hpp"

namespace {

namespace app = pickupbox::app;
namespace core = pickupbox::core;
namespace usb = pickupbox::usb;
using namespace std::chrono;

constexpr std::string_view origin = "fuzz.ini";

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  __builtin_trap();
}

template <class Rep, class Period>
bool within(duration<Rep, Period> d, milliseconds min, milliseconds max) {
  return d >= min && d <= max;
}

void write_match(std::ostream& out, const usb::DeviceMatch& match) {
  if (match.id) out << "usb_id = " << usb::to_string(*match.id) << "\n";
  if (!match.port_path.empty()) out << "port_path = " << match.port_path << "\n";
  if (!match.serial.empty()) out << "serial = " << match.serial << "\n";
}

// The whole configuration as INI, every field written whether or not it is a default.
std::string write_config(const app::Config& c) {
  std::ostringstream out;
  out << "[box]\ndevice_id = " << c.device_id << "\nlog_level = " << c.log_level << "\n";
  out << "[bus]\nbackend = " << (c.backend == app::BusBackend::usb ? "usb" : "sim") << "\nbridge = " << c.bridge.chip
      << "\nline = " << c.bridge.line << "\n";
  write_match(out, c.bridge.match);
  out << "boards =";
  for (const auto& b : c.boards) out << " " << b.address;
  out << "\n";
  for (const auto& b : c.boards) {
    out << "board." << b.address << ".lock_bit_set_means_open = " << (b.lock_bit_set_means_open ? "yes" : "no") << "\n";
  }
  out << "poll_interval_ms = " << c.poll_interval.count() << "\nreply_timeout_ms = " << c.reply_timeout.count()
      << "\nunlock_confirm_ms = " << c.unlock_confirm.count()
      << "\nhousekeeping_interval_ms = " << c.housekeeping_interval.count() << "\n";
  const auto& p = c.policies;
  const auto s = [](milliseconds d) { return duration_cast<seconds>(d).count(); };
  const auto h = [](milliseconds d) { return duration_cast<hours>(d).count(); };
  out << "[policies]\ncode_digits = " << p.code_digits << "\nattempts_per_order = " << p.attempts_per_order
      << "\nkiosk_failures_before_backoff = " << p.kiosk_failures_before_backoff
      << "\nkiosk_backoff_initial_s = " << s(p.kiosk_backoff_initial) << "\nkiosk_backoff_max_s = "
      << s(p.kiosk_backoff_max) << "\ncode_lifetime_h = " << h(p.code_lifetime) << "\npickup_window_h = "
      << h(p.pickup_window) << "\nreminder_after_h = " << h(p.reminder_after) << "\ngrace_reopen_s = "
      << s(p.grace_reopen) << "\nstaff_session_timeout_s = " << s(p.staff_session_timeout)
      << "\ndoor_open_alarm_after_s = " << s(p.door_open_alarm_after) << "\n";
  for (const auto& r : c.relay_boards) {
    out << "[relay." << r.name << "]\n";
    write_match(out, r.match);
    out << "relays = " << r.relays << "\npulse_ms = " << r.pulse.count() << "\nclosed_after_ms = "
        << r.closed_after.count() << "\n";
  }
  out << "[doors]\n";
  for (const auto& d : c.doors) {
    out << d.id << " = " << (d.relay.empty() ? std::to_string(d.board) : d.relay) << " " << d.channel << " "
        << core::to_string(d.size) << "\n";
  }
  const auto& b = c.backoffice;
  if (b.line > 0) {
    out << "[backoffice]\nbroker = " << b.host << ":" << b.port << "\ntls = " << (b.tls ? "true" : "false") << "\n";
    if (!b.ca_file.empty()) out << "ca_file = " << b.ca_file.string() << "\n";
    if (!b.cert_file.empty()) out << "cert_file = " << b.cert_file.string() << "\n";
    if (!b.key_file.empty()) out << "key_file = " << b.key_file.string() << "\n";
    out << "mqtt_version = " << (b.mqtt_v5 ? "5" : "3.1.1") << "\nkeepalive_s = " << b.keepalive.count()
        << "\nheartbeat_s = " << b.heartbeat.count() << "\nreconnect_initial_ms = " << b.reconnect_initial.count()
        << "\nreconnect_max_ms = " << b.reconnect_max.count() << "\nsession_expiry_h = " << b.session_expiry.count()
        << "\noutbox_window = " << b.outbox_window << "\noutbox_high_water = " << b.outbox_high_water << "\n";
  }
  out << "[dev]\n";
  for (const auto& staff : c.dev_staff) out << "staff = " << staff.id << " " << staff.pin << "\n";
  return out.str();
}

bool same_match(const usb::DeviceMatch& a, const usb::DeviceMatch& b) {
  return a.id == b.id && a.serial == b.serial && a.port_path == b.port_path;
}

// Every field but the line numbers, which a rewritten file changes.
bool same_config(const app::Config& a, const app::Config& b) {
  const auto boards = [](const app::BoardSetting& x, const app::BoardSetting& y) {
    return x.address == y.address && x.lock_bit_set_means_open == y.lock_bit_set_means_open;
  };
  const auto relays = [](const app::RelayBoardSetting& x, const app::RelayBoardSetting& y) {
    return x.name == y.name && x.board == y.board && x.relays == y.relays && same_match(x.match, y.match) &&
           x.pulse == y.pulse && x.closed_after == y.closed_after;
  };
  const auto doors = [](const app::DoorMapping& x, const app::DoorMapping& y) {
    return x.id == y.id && x.relay == y.relay && x.board == y.board && x.channel == y.channel && x.size == y.size;
  };
  const auto staff = [](const app::DevStaff& x, const app::DevStaff& y) { return x.id == y.id && x.pin == y.pin; };
  const auto& x = a.backoffice;
  const auto& y = b.backoffice;
  const bool same_backoffice =
      x.host == y.host && x.port == y.port && x.tls == y.tls && x.ca_file == y.ca_file && x.cert_file == y.cert_file &&
      x.key_file == y.key_file && x.mqtt_v5 == y.mqtt_v5 && x.keepalive == y.keepalive &&
      x.reconnect_initial == y.reconnect_initial && x.reconnect_max == y.reconnect_max && x.heartbeat == y.heartbeat &&
      x.session_expiry == y.session_expiry && x.outbox_window == y.outbox_window &&
      x.outbox_high_water == y.outbox_high_water && (x.line > 0) == (y.line > 0);
  return a.device_id == b.device_id && a.log_level == b.log_level && a.backend == b.backend &&
         a.poll_interval == b.poll_interval && a.reply_timeout == b.reply_timeout &&
         a.unlock_confirm == b.unlock_confirm && a.housekeeping_interval == b.housekeeping_interval &&
         a.policies == b.policies && std::ranges::equal(a.boards, b.boards, boards) && a.bridge.chip == b.bridge.chip &&
         a.bridge.line == b.bridge.line && same_match(a.bridge.match, b.bridge.match) &&
         std::ranges::equal(a.relay_boards, b.relay_boards, relays) && std::ranges::equal(a.doors, b.doors, doors) &&
         std::ranges::equal(a.dev_staff, b.dev_staff, staff) && same_backoffice;
}

void check_accepted(const app::Config& c) {
  require(core::is_valid_device_id(c.device_id), "device_id valid");
  require(c.log_level == "debug" || c.log_level == "info" || c.log_level == "warn" || c.log_level == "error",
          "log_level");
  require(c.bridge.chip == "ftdi" || c.bridge.chip == "ch340", "bridge chip");
  require(!c.boards.empty(), "at least one board");
  std::set<int> addresses;
  for (const auto& b : c.boards) {
    require(b.address >= 0 && b.address <= 15 && addresses.insert(b.address).second, "board addresses 0..15, unique");
  }
  for (std::size_t i = 0; i < c.relay_boards.size(); ++i) {
    const auto& r = c.relay_boards[i];
    require(r.board == app::first_relay_board + static_cast<int>(i), "relay boards numbered in order");
    require(r.relays >= 1 && r.relays <= 8, "relays 1..8");
    require(c.relay_board(r.board) == &r, "relay_board() finds it");
  }
  std::set<std::string> ids;
  std::set<std::pair<int, int>> channels;
  for (const auto& d : c.doors) {
    require(ids.insert(d.id).second, "door ids unique");
    require(channels.insert({d.board, d.channel}).second, "one door per board channel");
    require(d.line >= 1, "a door knows its line");
    if (d.relay.empty()) {
      require(addresses.contains(d.board) && d.channel >= 1 && d.channel <= 16, "a Kerong door on a listed board");
      require(c.has_door_sensor(d.board), "a Kerong door has a sensor");
    } else {
      const auto* relay = c.relay_board(d.board);
      require(relay != nullptr && relay->name == d.relay, "a relay door on its declared board");
      require(d.channel >= 1 && d.channel <= relay->relays, "a relay door within the board's relays");
      require(!c.has_door_sensor(d.board), "a relay door has no sensor");
    }
  }
  require(c.policies.kiosk_backoff_max >= c.policies.kiosk_backoff_initial, "backoff max >= initial");
  require(core::validate(c.policies).has_value(), "policies pass core::validate");
  require(within(c.poll_interval, 20ms, 10s) && within(c.reply_timeout, 5ms, 5s), "bus durations");
  const auto& b = c.backoffice;
  require(b.reconnect_max >= b.reconnect_initial, "reconnect max >= initial");
  require(b.line == 0 || (!b.host.empty() && b.port >= 1 && b.port <= 65535), "a [backoffice] has a broker");
  require(b.line > 0 || b.host.empty(), "a broker only from [backoffice]");
}

void check_refused(const core::Error& error, std::string_view text) {
  require(error.code == core::ErrorCode::invalid_argument, "refusals are invalid_argument");
  require(!error.message.empty() && error.message.find('\n') == std::string::npos, "one non-empty line");
  const std::string prefix = "config " + std::string(origin);
  require(error.message.starts_with(prefix), "the message names the file");
  const std::string at_line = prefix + " line ";
  if (!error.message.starts_with(at_line)) return;
  const auto lines = static_cast<long long>(std::ranges::count(text, '\n') + 1);
  const long long named = std::atoll(error.message.c_str() + at_line.size());
  require(named >= 1 && named <= lines, "the line named is one the file has");
}

std::string with_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool default_ok = app::parse_config(app::default_config_text(), "default").has_value();
  require(default_ok, "the built-in default parses");
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto config = app::parse_config(text, origin);
  const auto crlf = app::parse_config(with_crlf(text), origin);
  require(config.has_value() == crlf.has_value(), "CRLF gives the same answer");
  if (!config) {
    check_refused(config.error(), text);
    require(crlf.error().message == config.error().message, "CRLF gives the same message");
    return 0;
  }
  require(same_config(*config, *crlf), "CRLF gives the same configuration");
  check_accepted(*config);

  const std::string written = write_config(*config);
  const auto again = app::parse_config(written, origin);
  if (!again) std::fprintf(stderr, "rewritten:\n%s\nrefused: %s\n", written.c_str(), again.error().message.c_str());
  require(again.has_value(), "the configuration written back parses");
  require(same_config(*config, *again), "the configuration written back is the same");

  std::string relisted = std::string(text) + "\n[bus]\nboards =";
  for (const auto& b : config->boards) relisted += " " + std::to_string(b.address);
  const auto restated = app::parse_config(relisted + "\n", origin);
  require(restated.has_value() && same_config(*config, *restated), "listing the boards again changes nothing");
  return 0;
}
