#include "app/config.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/device_id.hpp"
#include "core/policies.hpp"
#include "serial/line_settings.hpp"

namespace pickupbox::app {
namespace {

using core::ErrorCode;
using core::fail;
using core::Result;

constexpr std::string_view kDefaultConfig = R"(# Pickup Box development configuration: simulated lock boards, 24 doors.
[box]
device_id = box-dev-001
log_level = info

[bus]
backend = sim
boards = 0 1
poll_interval_ms = 200
reply_timeout_ms = 100
unlock_confirm_ms = 1000

[doors]
# door = board channel size
A01 = 0 1 S
A02 = 0 2 S
A03 = 0 3 S
A04 = 0 4 S
A05 = 0 5 S
A06 = 0 6 S
A07 = 0 7 M
A08 = 0 8 M
A09 = 0 9 M
A10 = 0 10 M
A11 = 0 11 M
A12 = 0 12 M
A13 = 0 13 L
A14 = 0 14 L
A15 = 0 15 L
A16 = 0 16 L
B01 = 1 1 S
B02 = 1 2 S
B03 = 1 3 M
B04 = 1 4 M
B05 = 1 5 M
B06 = 1 6 M
B07 = 1 7 L
B08 = 1 8 L

[dev]
# A development staff account, honoured only with the simulated bus.
staff = desk1 1234
)";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const auto start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

// Everything a line parser needs to say where a problem is.
struct Where {
  std::string_view origin;
  int line;
  std::string_view section;
  std::string_view key;

  std::unexpected<core::Error> error(const std::string& what) const {
    std::ostringstream msg;
    msg << "config " << origin << " line " << line << ": [" << section << "] " << key << ": " << what;
    return fail(ErrorCode::invalid_argument, msg.str());
  }
};

Result<long long> parse_int(std::string_view value, const Where& where, long long min, long long max) {
  long long n = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, n);
  if (ec != std::errc{} || ptr != end) {
    return where.error("'" + std::string(value) + "' is not a whole number");
  }
  if (n < min || n > max) {
    return where.error(std::to_string(n) + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
  }
  return n;
}

Result<bool> parse_bool(std::string_view value, const Where& where) {
  if (value == "true" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "no" || value == "0") return false;
  return where.error("'" + std::string(value) + "' is not true or false");
}

// Duration keys carry their unit in the name (_ms, _s, _h) so a file is unambiguous.
Result<void> set_duration(std::chrono::milliseconds& target, std::string_view value, const Where& where,
                          std::chrono::milliseconds unit, long long min, long long max) {
  auto n = parse_int(value, where, min, max);
  if (!n) return std::unexpected(n.error());
  target = unit * *n;
  return {};
}

Result<void> set_int(int& target, std::string_view value, const Where& where, int min, int max) {
  auto n = parse_int(value, where, min, max);
  if (!n) return std::unexpected(n.error());
  target = static_cast<int>(*n);
  return {};
}

Result<void> parse_box_key(Config& config, std::string_view key, std::string_view value, const Where& where) {
  if (key == "device_id") {
    if (!core::is_valid_device_id(value)) {
      return where.error("must be 1-64 characters of letters, digits, '-' or '_' (it becomes an MQTT topic level), "
                         "and not enroll, claim or backoffice (reserved topic names)");
    }
    config.device_id = value;
    return {};
  }
  if (key == "log_level") {
    if (value != "debug" && value != "info" && value != "warn" && value != "error") {
      return where.error("'" + std::string(value) + "' is not one of debug, info, warn, error");
    }
    config.log_level = value;
    return {};
  }
  return where.error("unknown key; known keys: device_id, log_level");
}

// usb_id, port_path and serial pick out a USB device, for the bus bridge and relay boards alike.
// nullopt: not one of these keys.
std::optional<Result<void>> parse_match_key(usb::DeviceMatch& match, std::string_view key, std::string_view value,
                                            const Where& where) {
  if (key == "usb_id") {
    auto id = usb::parse_usb_id(value);
    if (!id) return where.error(id.error().message);
    match.id = *id;
    return Result<void>{};
  }
  if (key == "port_path") {
    if (auto path = usb::parse_port_path(value); !path) return where.error(path.error().message);
    match.port_path = value;
    return Result<void>{};
  }
  if (key == "serial") {
    if (value.empty()) return where.error("give the USB serial number as lsusb -v prints it, or leave the key out");
    match.serial = value;
    return Result<void>{};
  }
  return std::nullopt;
}

Result<void> parse_relay_key(RelayBoardSetting& relay, std::string_view key, std::string_view value,
                             const Where& where) {
  using std::chrono::milliseconds;
  if (auto matched = parse_match_key(relay.match, key, value, where)) return *matched;
  if (key == "relays") return set_int(relay.relays, value, where, 1, 8);
  if (key == "pulse_ms") return set_duration(relay.pulse, value, where, milliseconds{1}, 50, 5'000);
  if (key == "closed_after_ms") return set_duration(relay.closed_after, value, where, milliseconds{1}, 1'000, 600'000);
  return where.error("unknown key; known keys: usb_id, port_path, serial, relays, pulse_ms, closed_after_ms");
}

bool is_relay_name(std::string_view name) {
  return !name.empty() && name.size() <= 16 && ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
             std::string_view::npos;
}

Result<void> parse_bus_key(Config& config, std::string_view key, std::string_view value, const Where& where) {
  using std::chrono::milliseconds;
  if (key == "backend") {
    if (value == "sim") config.backend = BusBackend::sim;
    else if (value == "usb") config.backend = BusBackend::usb;
    else return where.error("'" + std::string(value) + "' is not a known backend; use sim or usb");
    return {};
  }
  if (key == "bridge") {
    if (value != "ftdi" && value != "ch340") {
      return where.error("'" + std::string(value) + "' is not a supported USB bridge; use ftdi (FT232R) or ch340");
    }
    config.bridge.chip = value;
    return {};
  }
  if (key == "line") {
    if (auto line = serial::parse_line_settings(value); !line) return where.error(line.error().message);
    config.bridge.line = value;
    return {};
  }
  if (auto matched = parse_match_key(config.bridge.match, key, value, where)) return *matched;
  if (key == "boards") {
    // A board listed again keeps the polarity set for it so far (board 0 is there before any
    // list, and a later `boards` line, e.g. one appended to switch to the simulator, must not
    // silently reset a lock_bit_set_means_open written above it).
    std::vector<BoardSetting> boards;
    for (auto word : split_words(value)) {
      auto n = parse_int(word, where, 0, 15);
      if (!n) return std::unexpected(n.error());
      for (const auto& b : boards) {
        if (b.address == *n) return where.error("board " + std::to_string(*n) + " is listed twice");
      }
      BoardSetting board{static_cast<int>(*n), true};
      for (const auto& before : config.boards) {
        if (before.address == board.address) board.lock_bit_set_means_open = before.lock_bit_set_means_open;
      }
      boards.push_back(board);
    }
    if (boards.empty()) return where.error("list at least one board address (0-15)");
    config.boards = std::move(boards);
    return {};
  }
  if (key.starts_with("board.") && key.ends_with(".lock_bit_set_means_open")) {
    const auto number = key.substr(6, key.size() - 6 - std::string_view(".lock_bit_set_means_open").size());
    auto n = parse_int(number, where, 0, 15);
    if (!n) return std::unexpected(n.error());
    auto flag = parse_bool(value, where);
    if (!flag) return std::unexpected(flag.error());
    for (auto& b : config.boards) {
      if (b.address == *n) {
        b.lock_bit_set_means_open = *flag;
        return {};
      }
    }
    return where.error("board " + std::to_string(*n) + " is not in 'boards' (declare it first)");
  }
  if (key == "poll_interval_ms") return set_duration(config.poll_interval, value, where, milliseconds{1}, 20, 10'000);
  if (key == "reply_timeout_ms") return set_duration(config.reply_timeout, value, where, milliseconds{1}, 5, 5'000);
  if (key == "unlock_confirm_ms") return set_duration(config.unlock_confirm, value, where, milliseconds{1}, 50, 10'000);
  if (key == "housekeeping_interval_ms")
    return set_duration(config.housekeeping_interval, value, where, milliseconds{1}, 100, 3'600'000);
  return where.error(
      "unknown key; known keys: backend, bridge, usb_id, port_path, serial, line, boards, "
      "board.N.lock_bit_set_means_open, poll_interval_ms, reply_timeout_ms, unlock_confirm_ms, "
      "housekeeping_interval_ms");
}

Result<void> parse_policy_key(core::Policies& p, std::string_view key, std::string_view value, const Where& where) {
  using namespace std::chrono;
  const milliseconds second = seconds{1};
  const milliseconds hour = hours{1};
  if (key == "code_digits") return set_int(p.code_digits, value, where, 6, 8);
  if (key == "attempts_per_order") return set_int(p.attempts_per_order, value, where, 1, 20);
  if (key == "kiosk_failures_before_backoff") return set_int(p.kiosk_failures_before_backoff, value, where, 1, 100);
  if (key == "kiosk_backoff_initial_s") return set_duration(p.kiosk_backoff_initial, value, where, second, 1, 3600);
  if (key == "kiosk_backoff_max_s") return set_duration(p.kiosk_backoff_max, value, where, second, 1, 86'400);
  if (key == "code_lifetime_h") return set_duration(p.code_lifetime, value, where, hour, 1, 24 * 365);
  if (key == "pickup_window_h") return set_duration(p.pickup_window, value, where, hour, 1, 24 * 365);
  if (key == "reminder_after_h") return set_duration(p.reminder_after, value, where, hour, 1, 24 * 365);
  if (key == "grace_reopen_s") return set_duration(p.grace_reopen, value, where, second, 1, 3600);
  if (key == "staff_session_timeout_s") return set_duration(p.staff_session_timeout, value, where, second, 10, 86'400);
  if (key == "door_open_alarm_after_s") return set_duration(p.door_open_alarm_after, value, where, second, 5, 86'400);
  return where.error(
      "unknown key; known keys: code_digits, attempts_per_order, kiosk_failures_before_backoff, "
      "kiosk_backoff_initial_s, kiosk_backoff_max_s, code_lifetime_h, pickup_window_h, reminder_after_h, "
      "grace_reopen_s, staff_session_timeout_s, door_open_alarm_after_s");
}

Result<void> set_seconds(std::chrono::seconds& target, std::string_view value, const Where& where, long long min,
                         long long max) {
  auto n = parse_int(value, where, min, max);
  if (!n) return std::unexpected(n.error());
  target = std::chrono::seconds(*n);
  return {};
}

Result<void> parse_broker(BackofficeSetting& b, std::string_view value, const Where& where) {
  const auto colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return where.error("expected 'host:port', like 'mqtt.example.dk:8883'");
  auto port = parse_int(value.substr(colon + 1), where, 1, 65535);
  if (!port) return std::unexpected(port.error());
  b.host = value.substr(0, colon);
  b.port = static_cast<int>(*port);
  return {};
}

Result<void> parse_backoffice_key(BackofficeSetting& b, std::string_view key, std::string_view value,
                                  const Where& where) {
  using std::chrono::milliseconds;
  if (key == "broker") return parse_broker(b, value, where);
  if (key == "tls") {
    auto flag = parse_bool(value, where);
    if (!flag) return std::unexpected(flag.error());
    b.tls = *flag;
    return {};
  }
  if (key == "ca_file" || key == "cert_file" || key == "key_file") {
    if (value.empty()) return where.error("give a file path, or leave the key out for the state directory's file");
    (key == "ca_file" ? b.ca_file : key == "cert_file" ? b.cert_file : b.key_file) = std::string(value);
    return {};
  }
  if (key == "mqtt_version") {
    if (value != "5" && value != "3.1.1") return where.error("'" + std::string(value) + "' is not 5 or 3.1.1");
    b.mqtt_v5 = value == "5";
    return {};
  }
  if (key == "keepalive_s") return set_seconds(b.keepalive, value, where, 5, 3600);
  if (key == "heartbeat_s") return set_seconds(b.heartbeat, value, where, 1, 86'400);
  if (key == "reconnect_initial_ms") return set_duration(b.reconnect_initial, value, where, milliseconds{1}, 10, 600'000);
  if (key == "reconnect_max_ms") return set_duration(b.reconnect_max, value, where, milliseconds{1}, 100, 3'600'000);
  if (key == "session_expiry_h") {
    auto n = parse_int(value, where, 1, 24 * 365);
    if (!n) return std::unexpected(n.error());
    b.session_expiry = std::chrono::hours(*n);
    return {};
  }
  if (key == "outbox_window") return set_int(b.outbox_window, value, where, 1, 10'000);
  if (key == "outbox_high_water") {
    auto n = parse_int(value, where, 1, 1'000'000'000);
    if (!n) return std::unexpected(n.error());
    b.outbox_high_water = *n;
    return {};
  }
  return where.error(
      "unknown key; known keys: broker, tls, ca_file, cert_file, key_file, mqtt_version, keepalive_s, heartbeat_s, "
      "reconnect_initial_ms, reconnect_max_ms, session_expiry_h, outbox_window, outbox_high_water");
}

Result<void> check_backoffice(const BackofficeSetting& b, std::string_view origin) {
  if (b.reconnect_max < b.reconnect_initial) {
    return Where{origin, b.line, "backoffice", "reconnect_max_ms"}.error(
        "is shorter than reconnect_initial_ms; make the maximum at least the initial");
  }
  if (b.line > 0 && b.host.empty()) {
    return Where{origin, b.line, "backoffice", "broker"}.error(
        "is missing; give 'broker = host:port' or remove the [backoffice] section to run offline");
  }
  return {};
}

bool is_door_id(std::string_view id) {
  return id.size() >= 2 && id.size() <= 8 && id[0] >= 'A' && id[0] <= 'Z' &&
         id.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
}

Result<void> parse_door(Config& config, std::string_view key, std::string_view value, const Where& where) {
  if (!is_door_id(key)) return where.error("a door id is a capital letter and digits, like A01");
  const auto words = split_words(value);
  if (words.size() != 3) {
    return where.error("expected 'board channel size' like '0 7 M', or 'relay-board relay size' like 'R1 2 M'");
  }
  DoorMapping door{std::string(key), {}, 0, 1, core::SizeClass::M, where.line};
  // A relay board is named (resolved once the whole file is read); a Kerong board is a number.
  if (is_relay_name(words[0])) {
    door.relay = words[0];
  } else {
    auto board = parse_int(words[0], where, 0, 15);
    if (!board) return std::unexpected(board.error());
    door.board = static_cast<int>(*board);
  }
  auto channel = parse_int(words[1], where, 1, 16);
  if (!channel) return std::unexpected(channel.error());
  door.channel = static_cast<int>(*channel);
  auto size = core::parse_size_class(words[2]);
  if (!size) return where.error("size '" + std::string(words[2]) + "' is not S, M or L");
  door.size = *size;
  config.doors.push_back(std::move(door));
  return {};
}

Result<void> parse_dev_key(Config& config, std::string_view key, std::string_view value, const Where& where) {
  if (key != "staff") return where.error("unknown key; known keys: staff");
  const auto words = split_words(value);
  if (words.size() != 2) return where.error("expected 'id pin', like 'desk1 1234'");
  config.dev_staff.push_back(DevStaff{std::string(words[0]), std::string(words[1])});
  return {};
}

// The door map must be consistent before boxd touches a board: a duplicate door or
// channel would open the wrong door.
Result<void> resolve_relay(const Config& config, DoorMapping& door, const Where& where) {
  if (door.relay.empty()) return {};
  for (const auto& relay : config.relay_boards) {
    if (relay.name != door.relay) continue;
    if (door.channel > relay.relays) {
      return where.error("relay " + std::to_string(door.channel) + " is beyond relay board " + relay.name + "'s " +
                         std::to_string(relay.relays) + " relays");
    }
    door.board = relay.board;
    return {};
  }
  return where.error("'" + door.relay + "' is neither a board address 0-15 nor a relay board declared in a [relay." +
                     door.relay + "] section");
}

Result<void> check_door_map(Config& config, std::string_view origin) {
  std::map<std::string, int> ids;
  std::map<std::pair<int, int>, std::string> channels;
  for (auto& door : config.doors) {
    const Where where{origin, door.line, "doors", door.id};
    if (auto resolved = resolve_relay(config, door, where); !resolved) return resolved;
    if (auto [it, fresh] = ids.emplace(door.id, door.line); !fresh) {
      return where.error("door declared twice (first on line " + std::to_string(it->second) + ")");
    }
    if (auto [it, fresh] = channels.emplace(std::pair{door.board, door.channel}, door.id); !fresh) {
      return where.error("board " + std::to_string(door.board) + " channel " + std::to_string(door.channel) +
                         " is already door " + it->second);
    }
    bool known = !door.relay.empty();
    for (const auto& b : config.boards) known = known || b.address == door.board;
    if (!known) {
      return where.error("board " + std::to_string(door.board) + " is not listed in [bus] boards");
    }
  }
  // No doors is allowed: a new box runs like that until `boxctl provision layout` has
  // scanned its boards (which needs boxd) and written the door map. It is out of order meanwhile.
  return {};
}

Result<void> add_relay_board(Config& config, std::string_view name, const Where& where) {
  if (!is_relay_name(name)) {
    return where.error("a relay board name starts with a letter and has up to 16 letters, digits, '-' or '_'");
  }
  for (const auto& relay : config.relay_boards) {
    if (relay.name == name) return where.error("relay board declared twice (first on line " + std::to_string(relay.line) + ")");
  }
  RelayBoardSetting relay;
  relay.name = name;
  relay.board = first_relay_board + static_cast<int>(config.relay_boards.size());
  relay.line = where.line;
  config.relay_boards.push_back(std::move(relay));
  return {};
}

}  // namespace

const RelayBoardSetting* Config::relay_board(int board) const {
  for (const auto& relay : relay_boards) {
    if (relay.board == board) return &relay;
  }
  return nullptr;
}

Result<Config> parse_config(std::string_view text, std::string_view origin) {
  Config config;
  config.boards = {BoardSetting{0, true}};
  std::string section = "box";
  int line_no = 0;
  std::istringstream in{std::string(text)};
  for (std::string raw; std::getline(in, raw);) {
    ++line_no;
    auto line = trim(raw);
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = trim(line.substr(0, hash));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']') return Where{origin, line_no, section, line}.error("section header must end with ']'");
      section = std::string(trim(line.substr(1, line.size() - 2)));
      if (section.starts_with("relay.")) {
        if (auto added = add_relay_board(config, section.substr(6), Where{origin, line_no, section, ""}); !added) {
          return std::unexpected(added.error());
        }
        continue;
      }
      if (section != "box" && section != "bus" && section != "policies" && section != "doors" && section != "dev" &&
          section != "backoffice") {
        return Where{origin, line_no, section, ""}.error(
            "unknown section; known: box, bus, relay.NAME, policies, doors, backoffice, dev");
      }
      if (section == "backoffice") config.backoffice.line = line_no;
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return Where{origin, line_no, section, line}.error("expected 'key = value'");
    }
    const auto key = trim(line.substr(0, eq));
    const auto value = trim(line.substr(eq + 1));
    const Where where{origin, line_no, section, key};
    Result<void> ok;
    if (section == "box") ok = parse_box_key(config, key, value, where);
    else if (section == "bus") ok = parse_bus_key(config, key, value, where);
    else if (section == "policies") ok = parse_policy_key(config.policies, key, value, where);
    else if (section == "doors") ok = parse_door(config, key, value, where);
    else if (section == "backoffice") ok = parse_backoffice_key(config.backoffice, key, value, where);
    else if (section.starts_with("relay.")) ok = parse_relay_key(config.relay_boards.back(), key, value, where);
    else ok = parse_dev_key(config, key, value, where);
    if (!ok) return std::unexpected(ok.error());
  }
  if (config.policies.kiosk_backoff_max < config.policies.kiosk_backoff_initial) {
    return fail(ErrorCode::invalid_argument, "config " + std::string(origin) +
                                                 ": [policies] kiosk_backoff_max_s is shorter than "
                                                 "kiosk_backoff_initial_s; make the maximum at least the initial");
  }
  if (auto ok = check_door_map(config, origin); !ok) return std::unexpected(ok.error());
  if (auto ok = check_backoffice(config.backoffice, origin); !ok) return std::unexpected(ok.error());
  return config;
}

std::string_view default_config_text() { return kDefaultConfig; }

Result<Config> load_config_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    return fail(ErrorCode::invalid_argument,
                "cannot read config file " + file.string() + "; check the path and its permissions");
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), file.string());
}

}  // namespace pickupbox::app
