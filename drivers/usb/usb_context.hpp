#pragma once
// The one libusb context boxd owns. A dedicated thread handles libusb events (transfer
// completions, hotplug), so synchronous transfers made from the board worker never need
// boxd's event loop, and the loop never blocks on USB. Hotplug callbacks run on that
// thread: a handler must only hand the news on (post to the loop, set a flag).
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "usb/usb_device.hpp"

struct libusb_context;
struct libusb_device_handle;
struct libusb_device;

namespace pickupbox::usb {

// One control request as the USB spec lays out the setup packet.
struct ControlSetup {
  std::uint8_t request_type = 0;  // bmRequestType: direction | type | recipient
  std::uint8_t request = 0;       // bRequest
  std::uint16_t value = 0;        // wValue
  std::uint16_t index = 0;        // wIndex
  bool operator==(const ControlSetup&) const = default;
};

// libusb's error, kept so callers can tell a pulled cable from a slow device.
enum class TransferFailure { timeout, no_device, pipe, other };

// An open device with one interface claimed. The kernel driver (ftdi_sio, ch341,
// usbhid) is detached on claim and re-attached on close by libusb's auto-detach.
// Not copyable; closing releases the interface and the handle.
class DeviceHandle {
 public:
  DeviceHandle(DeviceHandle&& other) noexcept;
  DeviceHandle& operator=(DeviceHandle&& other) noexcept;
  DeviceHandle(const DeviceHandle&) = delete;
  DeviceHandle& operator=(const DeviceHandle&) = delete;
  ~DeviceHandle();

  const DeviceInfo& info() const { return info_; }

  // OUT (host to device): sends `data`; IN: fills `data`, returns the bytes received.
  // Errors are ErrorCode::hardware with the device, the request and libusb's reason.
  core::Result<std::size_t> control(const ControlSetup& setup, std::span<std::uint8_t> data,
                                    std::chrono::milliseconds timeout);
  core::Result<std::size_t> bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                       std::chrono::milliseconds timeout);
  // A timeout with nothing received is 0 bytes, not an error.
  core::Result<std::size_t> bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> data,
                                      std::chrono::milliseconds timeout);

  // Set after a transfer failed because the device went away (unplugged, reset).
  bool gone() const { return gone_; }
  // Why the last failed transfer failed.
  TransferFailure last_failure() const { return last_failure_; }

 private:
  friend class Context;
  DeviceHandle(libusb_device_handle* handle, int interface, DeviceInfo info);
  core::Result<std::size_t> failed(int rc, const std::string& what);
  void close();

  libusb_device_handle* handle_ = nullptr;
  int interface_ = -1;
  DeviceInfo info_;
  bool gone_ = false;
  TransferFailure last_failure_ = TransferFailure::other;
};

class Context {
 public:
  enum class Hotplug { arrived, left };
  using HotplugHandler = std::function<void(Hotplug, const DeviceInfo&)>;

  // Start-up: throws std::runtime_error when libusb cannot initialise.
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Every device on every bus, with serial and product strings where readable.
  core::Result<std::vector<DeviceInfo>> devices();

  // Opens the one device that matches and claims `interface`. not_found when none
  // matches (the message lists what is there), invalid_argument when several do
  // (name a port path), hardware when it cannot be opened (permissions: the udev rule).
  core::Result<DeviceHandle> open(const DeviceMatch& match, int interface);

  // Calls `handler` on libusb's event thread for devices arriving or leaving. Uses
  // libusb's hotplug support where the platform has it, else compares device lists
  // every `poll_period`. Handlers stay registered for the context's life.
  void on_hotplug(HotplugHandler handler, std::chrono::milliseconds poll_period = std::chrono::milliseconds{500});

  bool native_hotplug() const;

 private:
  void run_events();
  void start_polling();
  void poll_for_changes();
  void notify(Hotplug what, const DeviceInfo& device);
  core::Result<DeviceInfo> describe(libusb_device* device, bool read_strings);

  libusb_context* context_ = nullptr;
  std::mutex handlers_mutex_;
  std::vector<HotplugHandler> handlers_;
  std::vector<int> hotplug_handles_;
  bool polling_ = false;  // no native hotplug: compare device lists instead
  std::chrono::milliseconds poll_period_{500};
  std::vector<DeviceInfo> last_seen_;  // for polling without native hotplug
  std::atomic<bool> stopping_{false};
  std::thread events_;
};

}  // namespace pickupbox::usb
