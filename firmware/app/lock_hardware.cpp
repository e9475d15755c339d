#include "app/lock_hardware.hpp"

#include <asio/post.hpp>
#include <stdexcept>

#include "log/log.hpp"

namespace pickupbox::app {
namespace {

kerong::BusSettings bus_settings(const Config& config) {
  kerong::BusSettings settings;
  settings.reply_timeout = config.reply_timeout;
  for (const auto& b : config.boards) {
    settings.boards.push_back(kerong::BoardConfig{b.address, b.lock_bit_set_means_open, true});
  }
  return settings;
}

std::vector<int> kerong_addresses(const Config& config) {
  std::vector<int> addresses;
  for (const auto& b : config.boards) addresses.push_back(b.address);
  return addresses;
}

}  // namespace

serial::BridgeConfig bridge_config(const Config& config) {
  serial::BridgeConfig bridge;
  bridge.chip = config.bridge.chip == "ch340" ? serial::BridgeChip::ch340 : serial::BridgeChip::ftdi;
  bridge.match = config.bridge.match;
  // Validated when the configuration was read.
  bridge.line = serial::parse_line_settings(config.bridge.line).value();
  return bridge;
}

LockHardware::LockHardware(asio::io_context& loop, const Config& config, sim::SimBank* bank,
                           StatusHandler on_status, LinkHandler on_link)
    : loop_(loop), config_(config), on_link_(std::move(on_link)) {
  const bool usb_bus = config.backend == BusBackend::usb;
  if (usb_bus || !config.relay_boards.empty()) usb_ = std::make_unique<usb::Context>();
  kerong::Transport* transport = nullptr;
  if (usb_bus) {
    bridge_ = std::make_unique<serial::BridgeTransport>(
        *usb_, bridge_config(config), [this](bool connected, const std::string& detail) {
          asio::post(loop_, [this, connected, detail] {
            link_up_ = connected;
            on_link_(connected, detail);
          });
        });
    transport = bridge_.get();
  } else {
    if (!bank) throw std::logic_error("LockHardware: backend sim needs a simulated bank");
    transport = &bank->transport();
  }
  bus_ = std::make_unique<kerong::BusMaster>(*transport, bus_settings(config));
  auto forward = [on_status](int board, core::Result<kerong::BoardStatus> status) { on_status(board, status); };
  bus_worker_ = std::make_unique<BoardWorker>(loop, *bus_, kerong_addresses(config), config.poll_interval,
                                              config.unlock_confirm, forward);
  if (!config.relay_boards.empty()) {
    relay_worker_ = std::make_unique<RelayWorker>(loop, *usb_, config.relay_boards, config.poll_interval, forward);
  }
}

LockHardware::~LockHardware() { stop(); }

void LockHardware::start() {
  if (usb_) watch_hotplug();
  bus_worker_->start();
  if (relay_worker_) relay_worker_->start();
  bus_worker_->scan([this](core::Result<std::vector<int>> answered) {
    if (!answered) {
      log::warn("bus.scan_failed", {{"error", answered.error().message}});
      return;
    }
    const auto report = scan_report(*answered);
    log::info("bus.scan", {{"answered", report["answered"].dump()}, {"missing", report["missing"].dump()},
                           {"unexpected", report["unexpected"].dump()}});
  });
}

void LockHardware::stop() {
  if (bus_worker_) bus_worker_->stop();
  if (relay_worker_) relay_worker_->stop();
}

// Hotplug news arrives on libusb's thread: it only nudges the transports, which reopen
// on their own worker threads, so a replugged bus resumes at the next poll.
void LockHardware::watch_hotplug() {
  usb_->on_hotplug([this](usb::Context::Hotplug what, const usb::DeviceInfo& device) {
    log::info("usb.hotplug", {{"event", what == usb::Context::Hotplug::arrived ? "arrived" : "left"},
                              {"device", device.describe()}});
    if (what != usb::Context::Hotplug::arrived) return;
    if (bridge_) bridge_->request_reopen();
    if (relay_worker_) relay_worker_->request_reopen();
  });
}

void LockHardware::open(int board, int channel, std::function<void(core::Result<void>)> done) {
  if (board >= first_relay_board) {
    if (!relay_worker_) {
      done(core::fail(core::ErrorCode::invalid_argument,
                      "board " + std::to_string(board) + " is not a configured relay board"));
      return;
    }
    relay_worker_->open(board, channel, std::move(done));
    return;
  }
  bus_worker_->unlock(board, channel, std::move(done));
}

void LockHardware::confirm_closed(int board, int channel) {
  if (relay_worker_ && board >= first_relay_board) relay_worker_->confirm_closed(board, channel);
}

void LockHardware::scan(std::function<void(core::Result<nlohmann::json>)> done) {
  bus_worker_->scan([this, done = std::move(done)](core::Result<std::vector<int>> answered) {
    if (!answered) {
      done(std::unexpected(answered.error()));
      return;
    }
    done(scan_report(*answered));
  });
}

nlohmann::json LockHardware::scan_report(const std::vector<int>& answered) const {
  nlohmann::json missing = nlohmann::json::array();
  nlohmann::json unexpected = nlohmann::json::array();
  for (const auto& b : config_.boards) {
    if (std::ranges::find(answered, b.address) == answered.end()) missing.push_back(b.address);
  }
  for (int address : answered) {
    if (std::ranges::find(config_.boards, address, &BoardSetting::address) == config_.boards.end()) {
      unexpected.push_back(address);
    }
  }
  auto report = describe();
  report["answered"] = answered;
  report["missing"] = missing;
  report["unexpected"] = unexpected;
  return report;
}

nlohmann::json LockHardware::describe() const {
  nlohmann::json bus;
  if (config_.backend == BusBackend::usb) {
    bus = {{"backend", "usb"},
           {"bridge", config_.bridge.chip},
           {"device", config_.bridge.match.describe()},
           {"line", config_.bridge.line},
           {"connected", link_up_}};
  } else {
    bus = {{"backend", "sim"}, {"connected", true}};
  }
  nlohmann::json relays = nlohmann::json::array();
  for (const auto& relay : config_.relay_boards) {
    relays.push_back({{"name", relay.name}, {"board", relay.board}, {"device", relay.match.describe()}});
  }
  return {{"bus", bus}, {"relay_boards", relays}};
}

}  // namespace pickupbox::app
