#include "serial/serial_bridge.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "serial/ch340_protocol.hpp"

namespace pickupbox::serial {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// 512 bytes per bulk IN transfer, as ftdi_sio's bulk_in_size: 8 FTDI or 16 CH340 packets.
// A multiple of the packet size, so libusb never reports an overflow.
constexpr std::size_t transfer_size = 512;
// libusb takes a 0 ms timeout as "wait forever"; the shortest real wait is 1 ms.
constexpr milliseconds shortest_wait{1};

class DeviceHandleIo final : public BridgeIo {
 public:
  explicit DeviceHandleIo(usb::DeviceHandle handle) : handle_(std::move(handle)) {}

  core::Result<std::size_t> control(const usb::ControlSetup& setup, std::span<std::uint8_t> data,
                                    milliseconds timeout) override {
    return handle_.control(setup, data, timeout);
  }
  core::Result<std::size_t> bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                       milliseconds timeout) override {
    return handle_.bulk_write(endpoint, data, timeout);
  }
  core::Result<std::size_t> bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> data,
                                      milliseconds timeout) override {
    return handle_.bulk_read(endpoint, data, timeout);
  }
  bool gone() const override { return handle_.gone(); }
  usb::TransferFailure last_failure() const override { return handle_.last_failure(); }
  const usb::DeviceInfo& info() const override { return handle_.info(); }

 private:
  usb::DeviceHandle handle_;
};

milliseconds time_left(SteadyClock::time_point deadline) {
  return std::max(std::chrono::ceil<milliseconds>(deadline - SteadyClock::now()), shortest_wait);
}

// Checks the settings against the chip before any transfer, so a bad configuration is
// reported as such and not as a USB failure halfway through the init.
core::Result<void> check_chip_supports(BridgeChip chip, const LineSettings& line) {
  if (chip == BridgeChip::ftdi) {
    auto requests = ftdi_open_requests(line, ftdi_low_latency_ms);
    if (!requests) return std::unexpected(requests.error());
    return {};
  }
  auto requests = ch341_line_requests(0, false, line);
  if (!requests) return std::unexpected(requests.error());
  return {};
}

}  // namespace

std::string_view to_string(BridgeChip chip) {
  switch (chip) {
    case BridgeChip::ftdi: return "ftdi";
    case BridgeChip::ch340: return "ch340";
  }
  return "unknown";
}

core::Result<BridgeChip> parse_bridge_chip(std::string_view text) {
  for (auto chip : {BridgeChip::ftdi, BridgeChip::ch340}) {
    if (to_string(chip) == text) return chip;
  }
  return core::fail(core::ErrorCode::invalid_argument,
                    "unknown USB serial bridge chip '" + std::string(text) + "'; expected ftdi (FT232R) or ch340");
}

usb::UsbId default_usb_id(BridgeChip chip) { return chip == BridgeChip::ftdi ? ftdi_ft232r_id : ch340_id; }

std::string BridgeConfig::describe() const {
  usb::DeviceMatch with_id = match;
  if (!with_id.id) with_id.id = default_usb_id(chip);
  return std::string(to_string(chip)) + " bridge " + with_id.describe();
}

SerialBridge::SerialBridge(std::unique_ptr<BridgeIo> io, BridgeChip chip, const LineSettings& line)
    : io_(std::move(io)), chip_(chip), line_(line), transfer_(transfer_size) {}

core::Result<SerialBridge> SerialBridge::open(usb::Context& context, const BridgeConfig& config) {
  if (auto ok = check_chip_supports(config.chip, config.line); !ok) return std::unexpected(ok.error());
  usb::DeviceMatch match = config.match;
  if (!match.id) match.id = default_usb_id(config.chip);
  const int interface = config.chip == BridgeChip::ftdi ? ftdi_interface : ch340_interface;
  auto handle = context.open(match, interface);
  if (!handle) return std::unexpected(handle.error());
  return start(std::make_unique<DeviceHandleIo>(std::move(*handle)), config.chip, config.line);
}

core::Result<SerialBridge> SerialBridge::start(std::unique_ptr<BridgeIo> io, BridgeChip chip, const LineSettings& line) {
  if (auto ok = check_chip_supports(chip, line); !ok) return std::unexpected(ok.error());
  SerialBridge bridge(std::move(io), chip, line);
  auto ok = chip == BridgeChip::ftdi ? bridge.init_ftdi() : bridge.init_ch340();
  if (!ok) {
    return core::fail(ok.error().code, "initialising USB serial bridge " + bridge.describe() + " failed: " +
                                           ok.error().message + "; replug the adapter if this persists");
  }
  return bridge;
}

core::Result<void> SerialBridge::send_all(const std::vector<usb::ControlSetup>& requests) {
  for (const auto& setup : requests) {
    auto sent = io_->control(setup, {}, control_timeout);
    if (!sent) return std::unexpected(sent.error());
  }
  return {};
}

core::Result<void> SerialBridge::init_ftdi() {
  auto requests = ftdi_open_requests(line_, ftdi_low_latency_ms);
  if (!requests) return std::unexpected(requests.error());
  return send_all(*requests);
}

core::Result<std::uint8_t> SerialBridge::read_ch340_version() {
  // ch341_configure: "expect two bytes 0x27 0x00"; usb_control_msg_recv wants both.
  std::array<std::uint8_t, 2> reply{};
  auto got = io_->control(ch341_read_version_request(), reply, control_timeout);
  if (!got) return std::unexpected(got.error());
  if (*got != reply.size()) {
    return core::fail(core::ErrorCode::hardware,
                      "CH340 answered the version request with " + std::to_string(*got) + " bytes instead of 2");
  }
  return reply[0];
}

core::Result<bool> SerialBridge::detect_limited_prescaler() {
  // ch341_detect_quirks: chips without a break register STALL this read, and the same
  // chips have the limited prescaler that ch341_divisor must allow for.
  std::array<std::uint8_t, 2> reply{};
  auto got = io_->control(ch341_read_break_request(), reply, control_timeout);
  if (got) return false;
  if (io_->last_failure() == usb::TransferFailure::pipe) return true;
  return std::unexpected(got.error());
}

core::Result<void> SerialBridge::init_ch340() {
  auto version = read_ch340_version();
  if (!version) return std::unexpected(version.error());
  chip_version_ = *version;
  // ch341_configure resets the UART before anything else is written.
  if (auto sent = io_->control(ch341_serial_init_request(), {}, control_timeout); !sent) {
    return std::unexpected(sent.error());
  }
  auto limited = detect_limited_prescaler();
  if (!limited) return std::unexpected(limited.error());
  limited_prescaler_ = *limited;
  // The kernel writes its 9600 default here and the tty's rate at open; knowing the quirk
  // first, we write the configured rate once.
  auto requests = ch341_line_requests(chip_version_, limited_prescaler_, line_);
  if (!requests) return std::unexpected(requests.error());
  return send_all(*requests);
}

std::uint8_t SerialBridge::in_endpoint() const { return chip_ == BridgeChip::ftdi ? ftdi_bulk_in : ch340_bulk_in; }
std::uint8_t SerialBridge::out_endpoint() const { return chip_ == BridgeChip::ftdi ? ftdi_bulk_out : ch340_bulk_out; }

std::string SerialBridge::describe() const {
  return std::string(to_string(chip_)) + " " + device().describe() + ", " + to_string(line_);
}

core::Result<void> SerialBridge::write(std::span<const std::uint8_t> bytes, milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = io_->bulk_write(out_endpoint(), bytes.subspan(sent), time_left(deadline));
    if (!n) return std::unexpected(n.error());
    sent += std::min(*n, bytes.size() - sent);
    if (sent < bytes.size() && SteadyClock::now() >= deadline) {
      return core::fail(core::ErrorCode::hardware, "USB serial bridge " + describe() + " took only " +
                                                       std::to_string(sent) + " of " + std::to_string(bytes.size()) +
                                                       " bytes within " + std::to_string(timeout.count()) +
                                                       " ms; check that nothing else holds the bus");
    }
  }
  return {};
}

// One bulk IN transfer; returns how many payload bytes it added to pending_.
core::Result<std::size_t> SerialBridge::read_transfer(milliseconds timeout) {
  auto got = io_->bulk_read(in_endpoint(), transfer_, timeout);
  if (!got) return std::unexpected(got.error());
  const auto received = std::span<const std::uint8_t>(transfer_).first(std::min(*got, transfer_.size()));
  if (chip_ == BridgeChip::ftdi) return splitter_.split(received, pending_);
  pending_.insert(pending_.end(), received.begin(), received.end());
  return received.size();
}

std::size_t SerialBridge::take_pending(std::span<std::uint8_t> out) {
  const std::size_t n = std::min(out.size(), pending_.size() - pending_from_);
  std::copy_n(pending_.begin() + static_cast<std::ptrdiff_t>(pending_from_), n, out.begin());
  pending_from_ += n;
  if (pending_from_ == pending_.size()) {
    pending_.clear();
    pending_from_ = 0;
  }
  return n;
}

core::Result<std::size_t> SerialBridge::read(std::span<std::uint8_t> out, milliseconds timeout) {
  if (out.empty()) return 0;
  if (auto n = take_pending(out); n > 0) return n;
  // An idle FTDI still completes a transfer every latency period with its two status
  // bytes, so one transfer is not the whole wait: keep reading until data or the deadline.
  const auto deadline = SteadyClock::now() + timeout;
  do {
    auto added = read_transfer(time_left(deadline));
    if (!added) return std::unexpected(added.error());
    if (*added > 0) return take_pending(out);
  } while (SteadyClock::now() < deadline);
  return 0;
}

}  // namespace pickupbox::serial
