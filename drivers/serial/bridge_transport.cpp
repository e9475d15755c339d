#include "serial/bridge_transport.hpp"

#include <utility>

namespace pickupbox::serial {

BridgeTransport::BridgeTransport(usb::Context& context, BridgeConfig config, LinkHandler on_link)
    : BridgeTransport([&context, config] { return SerialBridge::open(context, config); }, config.describe(),
                      std::move(on_link)) {}

BridgeTransport::BridgeTransport(Opener open, std::string describe, LinkHandler on_link, Now now)
    : open_(std::move(open)), describe_(std::move(describe)), on_link_(std::move(on_link)), now_(std::move(now)) {}

void BridgeTransport::report_link(bool up, const std::string& detail) {
  connected_.store(up);
  if (reported_ == up) return;
  reported_ = up;
  if (on_link_) on_link_(up, detail);
}

bool BridgeTransport::may_try_open() {
  if (reopen_requested_.exchange(false)) return true;
  if (!last_attempt_) return true;
  return now_() - *last_attempt_ >= reopen_period;
}

core::Result<SerialBridge*> BridgeTransport::ensure_open() {
  if (bridge_) return &*bridge_;
  if (!may_try_open()) {
    return core::fail(core::ErrorCode::hardware, "USB serial bridge " + describe_ + " is not connected (" +
                                                     last_reason_ +
                                                     "); retrying every second; check the USB cable");
  }
  last_attempt_ = now_();
  auto opened = open_();
  if (!opened) {
    last_reason_ = opened.error().message;
    report_link(false, last_reason_);
    return core::fail(core::ErrorCode::hardware, "USB serial bridge " + describe_ + " cannot be opened: " +
                                                     last_reason_ + "; check the USB cable and the configured port");
  }
  bridge_.emplace(std::move(*opened));
  report_link(true, bridge_->describe());
  return &*bridge_;
}

core::Error BridgeTransport::link_lost(const core::Error& cause) {
  const std::string name = bridge_ ? bridge_->describe() : describe_;
  const bool unplugged = bridge_ && (bridge_->gone() || bridge_->last_failure() == usb::TransferFailure::no_device);
  bridge_.reset();  // releases the interface; the kernel driver is re-attached
  // Counted from now: the next attempt comes a second later unless hotplug asks sooner.
  last_attempt_ = now_();
  last_reason_ = (unplugged ? "unplugged: " : "I/O error: ") + cause.message;
  report_link(false, last_reason_);
  return core::Error{core::ErrorCode::hardware,
                     "USB serial bridge " + name + " disconnected: " + last_reason_ + "; check the USB cable"};
}

core::Result<void> BridgeTransport::write(std::span<const std::uint8_t> bytes) {
  auto bridge = ensure_open();
  if (!bridge) return std::unexpected(bridge.error());
  auto sent = (*bridge)->write(bytes, write_timeout);
  if (!sent) return std::unexpected(link_lost(sent.error()));
  return {};
}

core::Result<std::size_t> BridgeTransport::read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) {
  auto bridge = ensure_open();
  if (!bridge) return std::unexpected(bridge.error());
  auto got = (*bridge)->read(out, timeout);
  if (!got) return std::unexpected(link_lost(got.error()));
  return *got;
}

}  // namespace pickupbox::serial
