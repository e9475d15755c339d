#pragma once
// One USB-to-RS-485 bridge chip driven through libusb, so boxd needs no kernel tty: the
// chip's init sequence as its Linux driver sends it, then raw bulk I/O with timeouts.
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "serial/bridge_io.hpp"
#include "serial/ftdi_protocol.hpp"
#include "serial/line_settings.hpp"
#include "usb/usb_context.hpp"

namespace pickupbox::serial {

enum class BridgeChip { ftdi, ch340 };

std::string_view to_string(BridgeChip chip);  // "ftdi" | "ch340", as the configuration names them
core::Result<BridgeChip> parse_bridge_chip(std::string_view text);
usb::UsbId default_usb_id(BridgeChip chip);  // 0403:6001 | 1a86:7523

struct BridgeConfig {
  BridgeChip chip = BridgeChip::ftdi;
  usb::DeviceMatch match;  // an unset id means the chip's default_usb_id
  LineSettings line;

  // "ftdi bridge 0403:6001 at port 1-1.4" for messages before the device is open.
  std::string describe() const;
};

class SerialBridge {
 public:
  // Control transfers during init; both kernel drivers allow about 1 s.
  static constexpr std::chrono::milliseconds control_timeout{1000};

  // Opens the matching device (interface 0, kernel driver detached) and runs the chip's init.
  static core::Result<SerialBridge> open(usb::Context& context, const BridgeConfig& config);
  // The same init over any BridgeIo: the seam unit tests use.
  static core::Result<SerialBridge> start(std::unique_ptr<BridgeIo> io, BridgeChip chip, const LineSettings& line);

  // Sends every byte or fails (hardware, or the timeout passed with N of M bytes sent).
  core::Result<void> write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout);

  // Copies received bytes into out: returns as soon as any are there, 0 when the timeout
  // passes with none. Bytes beyond out.size() are kept for the next call. A zero timeout
  // returns what is buffered, or what one 1 ms read brings (libusb takes 0 as "forever").
  core::Result<std::size_t> read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout);

  bool gone() const { return io_->gone(); }
  usb::TransferFailure last_failure() const { return io_->last_failure(); }
  const usb::DeviceInfo& device() const { return io_->info(); }
  BridgeChip chip() const { return chip_; }
  const LineSettings& line() const { return line_; }
  // CH340 only: the version byte the chip reported and whether it has the limited prescaler.
  std::uint8_t chip_version() const { return chip_version_; }
  bool limited_prescaler() const { return limited_prescaler_; }
  // FTDI only: overrun/parity/framing/break counts since open (noise on the RS-485 pair).
  const FtdiLineErrors& line_errors() const { return splitter_.errors(); }
  // "ftdi 0403:6001 at 1-1.4 (serial A5XK3RJT), 19200 8N1" for logs and link events.
  std::string describe() const;

 private:
  SerialBridge(std::unique_ptr<BridgeIo> io, BridgeChip chip, const LineSettings& line);
  core::Result<void> init_ftdi();
  core::Result<void> init_ch340();
  core::Result<void> send_all(const std::vector<usb::ControlSetup>& requests);
  core::Result<std::uint8_t> read_ch340_version();
  core::Result<bool> detect_limited_prescaler();
  core::Result<std::size_t> read_transfer(std::chrono::milliseconds timeout);
  std::size_t take_pending(std::span<std::uint8_t> out);
  std::uint8_t in_endpoint() const;
  std::uint8_t out_endpoint() const;

  std::unique_ptr<BridgeIo> io_;
  BridgeChip chip_ = BridgeChip::ftdi;
  LineSettings line_{};
  std::uint8_t chip_version_ = 0;
  bool limited_prescaler_ = false;
  FtdiPacketSplitter splitter_{};
  std::vector<std::uint8_t> transfer_;  // one bulk IN transfer, a multiple of the packet size
  std::vector<std::uint8_t> pending_;   // payload received but not yet handed out
  std::size_t pending_from_ = 0;
};

}  // namespace pickupbox::serial
