#pragma once
// The Kerong bus over a USB serial bridge that comes and goes: opened on first use, closed
// when a transfer fails (cable pulled, chip reset), reopened at most once a second or at
// once when hotplug says the device is back. Link changes are reported once each way.
//
// Threads: write/read/drain_input run on the one board worker thread (as does on_link);
// request_reopen and connected may be called from any thread (the libusb event thread).
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "kerong/transport.hpp"
#include "serial/serial_bridge.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::serial {

class BridgeTransport final : public kerong::Transport {
 public:
  using LinkHandler = std::function<void(bool connected, const std::string& detail)>;
  using Opener = std::function<core::Result<SerialBridge>()>;
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  static constexpr std::chrono::seconds reopen_period{1};
  // A Kerong frame is at most 9 bytes (5 ms at 19200 baud); the chip takes it at once
  // unless it is wedged, which the reopen then cures.
  static constexpr std::chrono::milliseconds write_timeout{1000};

  BridgeTransport(usb::Context& context, BridgeConfig config, LinkHandler on_link);
  // Seam for tests: how to open the bridge, how to name it, and what time it is.
  BridgeTransport(Opener open, std::string describe, LinkHandler on_link,
                  Now now = [] { return std::chrono::steady_clock::now(); });

  core::Result<void> write(std::span<const std::uint8_t> bytes) override;
  core::Result<std::size_t> read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) override;

  // Asks the worker to try opening at its next write/read, without the 1 s wait.
  void request_reopen() { reopen_requested_.store(true); }
  bool connected() const { return connected_.load(); }

 private:
  core::Result<SerialBridge*> ensure_open();
  bool may_try_open();
  core::Error link_lost(const core::Error& cause);
  void report_link(bool up, const std::string& detail);

  Opener open_;
  std::string describe_;
  LinkHandler on_link_;
  Now now_;
  std::optional<SerialBridge> bridge_;
  std::optional<bool> reported_;  // the link state on_link was last told; none yet at start
  std::optional<std::chrono::steady_clock::time_point> last_attempt_;
  std::string last_reason_;
  std::atomic<bool> reopen_requested_{false};
  std::atomic<bool> connected_{false};
};

}  // namespace pickupbox::serial
