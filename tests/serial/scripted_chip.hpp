#pragma once
// A bridge chip played from a script, behind the BridgeIo seam: records every control request
// and bulk write, answers IN control requests and bulk reads from queues, STALLs on request,
// and can be "unplugged" so that every later transfer fails as libusb's NO_DEVICE does.
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "serial/bridge_io.hpp"

namespace pickupbox::testing {

using Bytes = std::vector<std::uint8_t>;

// What the test sets up and inspects; shared with the chip, which the bridge owns.
struct ChipScript {
  usb::DeviceInfo info{usb::UsbId{0x0403, 0x6001}, 1, 2, {1, 4}, "A5XK3RJT", "FT232R USB UART"};
  std::map<std::uint8_t, Bytes> in_replies;  // by bRequest, for IN control requests
  std::vector<std::uint8_t> stalled;         // bRequests answered with a STALL
  std::deque<Bytes> reads;                   // one bulk IN transfer each; empty = timeout
  bool repeat_last_read = false;             // keep returning the last transfer (an idle FTDI)
  std::size_t write_chunk = 0;               // > 0: accept at most this many bytes per bulk write
  bool unplugged = false;

  std::vector<usb::ControlSetup> controls;
  std::vector<Bytes> writes;
  std::vector<std::uint8_t> write_endpoints;
  std::vector<std::uint8_t> read_endpoints;
  std::vector<std::chrono::milliseconds> read_timeouts;
};

class ScriptedChip final : public serial::BridgeIo {
 public:
  explicit ScriptedChip(std::shared_ptr<ChipScript> script) : s_(std::move(script)) {}

  core::Result<std::size_t> control(const usb::ControlSetup& setup, std::span<std::uint8_t> data,
                                    std::chrono::milliseconds) override {
    if (s_->unplugged) return no_device();
    s_->controls.push_back(setup);
    for (auto request : s_->stalled) {
      if (request == setup.request) return fail(usb::TransferFailure::pipe, "Pipe error");
    }
    if ((setup.request_type & 0x80) == 0) return data.size();
    const auto& reply = s_->in_replies[setup.request];
    const std::size_t n = std::min(reply.size(), data.size());
    std::copy_n(reply.begin(), n, data.begin());
    return n;
  }

  core::Result<std::size_t> bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                       std::chrono::milliseconds) override {
    if (s_->unplugged) return no_device();
    const std::size_t n = s_->write_chunk > 0 ? std::min(s_->write_chunk, data.size()) : data.size();
    s_->write_endpoints.push_back(endpoint);
    s_->writes.emplace_back(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }

  core::Result<std::size_t> bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> data,
                                      std::chrono::milliseconds timeout) override {
    if (s_->unplugged) return no_device();
    s_->read_endpoints.push_back(endpoint);
    s_->read_timeouts.push_back(timeout);
    if (s_->reads.empty()) return std::size_t{0};
    Bytes transfer = s_->reads.front();
    if (!s_->repeat_last_read || s_->reads.size() > 1) s_->reads.pop_front();
    const std::size_t n = std::min(transfer.size(), data.size());
    std::copy_n(transfer.begin(), n, data.begin());
    return n;
  }

  bool gone() const override { return gone_; }
  usb::TransferFailure last_failure() const override { return last_failure_; }
  const usb::DeviceInfo& info() const override { return s_->info; }

 private:
  core::Result<std::size_t> fail(usb::TransferFailure kind, const std::string& why) {
    last_failure_ = kind;
    return core::fail(core::ErrorCode::hardware, "scripted chip: " + why);
  }
  core::Result<std::size_t> no_device() {
    gone_ = true;
    return fail(usb::TransferFailure::no_device, "No such device (it may have been disconnected)");
  }

  std::shared_ptr<ChipScript> s_;
  bool gone_ = false;
  usb::TransferFailure last_failure_ = usb::TransferFailure::other;
};

}  // namespace pickupbox::testing
