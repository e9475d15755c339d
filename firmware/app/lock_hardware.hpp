#pragma once
// Everything that opens doors and reads their sensors, built from the configuration:
// the Kerong bus (simulated, or over a USB serial bridge) with its worker thread, the
// HID relay boards with theirs, and the one libusb context with its hotplug events.
// Routes each door to the board that drives it. Lives on boxd's event loop thread;
// every callback it makes runs there too.
#include <asio/io_context.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/board_worker.hpp"
#include "app/box_service.hpp"
#include "app/config.hpp"
#include "app/relay_worker.hpp"
#include "kerong/bus_master.hpp"
#include "serial/bridge_transport.hpp"
#include "sim/sim_bank.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::app {

class LockHardware final : public DoorOpener {
 public:
  using StatusHandler = std::function<void(int board, const core::Result<kerong::BoardStatus>&)>;
  // The USB link of the Kerong bus went down or came back (cable pulled, replugged).
  using LinkHandler = std::function<void(bool connected, const std::string& detail)>;

  // `bank` is the simulated bus for backend=sim (required then, ignored otherwise).
  // Throws std::runtime_error at start-up when libusb cannot be initialised.
  LockHardware(asio::io_context& loop, const Config& config, sim::SimBank* bank, StatusHandler on_status,
               LinkHandler on_link);
  ~LockHardware() override;

  // Starts the workers and scans the bus once (logged: which addresses answered).
  void start();
  void stop();

  void open(int board, int channel, std::function<void(core::Result<void>)> done) override;
  // For relay doors, which have no sensor: the user confirmed the door is shut.
  void confirm_closed(int board, int channel);
  // Which addresses answer on the Kerong bus, against the configuration.
  void scan(std::function<void(core::Result<nlohmann::json>)> done);

  // Backend, USB device and link state, for status and diagnostics.
  nlohmann::json describe() const;

 private:
  void watch_hotplug();
  nlohmann::json scan_report(const std::vector<int>& answered) const;

  asio::io_context& loop_;
  const Config& config_;
  LinkHandler on_link_;
  std::unique_ptr<usb::Context> usb_;
  std::unique_ptr<serial::BridgeTransport> bridge_;
  std::unique_ptr<kerong::BusMaster> bus_;
  std::unique_ptr<BoardWorker> bus_worker_;
  std::unique_ptr<RelayWorker> relay_worker_;
  bool link_up_ = false;
};

// The bridge of the Kerong bus as the serial driver takes it.
serial::BridgeConfig bridge_config(const Config& config);

}  // namespace pickupbox::app
