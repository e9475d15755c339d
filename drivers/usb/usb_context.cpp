#include "usb/usb_context.hpp"

#include <libusb.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "log/log.hpp"

namespace pickupbox::usb {
namespace {

constexpr std::chrono::milliseconds string_timeout{500};
constexpr std::uint8_t hub_class = 0x09;

std::string usb_error(int rc) { return libusb_strerror(static_cast<libusb_error>(rc)); }

TransferFailure failure_kind(int rc) {
  switch (rc) {
    case LIBUSB_ERROR_TIMEOUT: return TransferFailure::timeout;
    case LIBUSB_ERROR_NO_DEVICE: return TransferFailure::no_device;
    case LIBUSB_ERROR_PIPE: return TransferFailure::pipe;
    default: return TransferFailure::other;
  }
}

unsigned int timeout_ms(std::chrono::milliseconds timeout) {
  // libusb reads 0 as "wait forever"; nobody here means that.
  return static_cast<unsigned int>(std::max<std::int64_t>(1, timeout.count()));
}

std::string read_string(libusb_device_handle* handle, std::uint8_t index) {
  if (index == 0) return {};
  std::array<unsigned char, 128> text{};
  const int n = libusb_get_string_descriptor_ascii(handle, index, text.data(), static_cast<int>(text.size()));
  if (n <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text.data()), static_cast<std::size_t>(n));
}

// What to tell an operator when a device cannot be opened or claimed.
std::string open_hint(int rc) {
  switch (rc) {
    case LIBUSB_ERROR_ACCESS:
      return "; boxd may not use this device: install the udev rule from the README (packaging/udev) and replug it";
    case LIBUSB_ERROR_BUSY:
      return "; another program holds it: stop it (e.g. ModemManager) or unbind its kernel driver";
    case LIBUSB_ERROR_NO_DEVICE: return "; it was unplugged: check the cable";
    default: return "; replug the device and check the kernel log (dmesg)";
  }
}

struct DeviceList {
  libusb_device** devices = nullptr;
  ssize_t count = 0;
  explicit DeviceList(libusb_context* context) { count = libusb_get_device_list(context, &devices); }
  ~DeviceList() {
    if (devices) libusb_free_device_list(devices, 1);
  }
  DeviceList(const DeviceList&) = delete;
  DeviceList& operator=(const DeviceList&) = delete;
  std::span<libusb_device*> all() const {
    return count > 0 ? std::span(devices, static_cast<std::size_t>(count)) : std::span<libusb_device*>{};
  }
};

}  // namespace

// ---------------------------------------------------------------- DeviceHandle

DeviceHandle::DeviceHandle(libusb_device_handle* handle, int interface, DeviceInfo info)
    : handle_(handle), interface_(interface), info_(std::move(info)) {}

DeviceHandle::DeviceHandle(DeviceHandle&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      interface_(other.interface_),
      info_(std::move(other.info_)),
      gone_(other.gone_),
      last_failure_(other.last_failure_) {}

DeviceHandle& DeviceHandle::operator=(DeviceHandle&& other) noexcept {
  if (this != &other) {
    close();
    handle_ = std::exchange(other.handle_, nullptr);
    interface_ = other.interface_;
    info_ = std::move(other.info_);
    gone_ = other.gone_;
    last_failure_ = other.last_failure_;
  }
  return *this;
}

DeviceHandle::~DeviceHandle() { close(); }

void DeviceHandle::close() {
  if (!handle_) return;
  // Releasing the interface lets libusb's auto-detach give the device back to its kernel driver.
  if (!gone_) libusb_release_interface(handle_, interface_);
  libusb_close(handle_);
  handle_ = nullptr;
}

core::Result<std::size_t> DeviceHandle::failed(int rc, const std::string& what) {
  last_failure_ = failure_kind(rc);
  if (rc == LIBUSB_ERROR_NO_DEVICE) gone_ = true;
  return core::fail(core::ErrorCode::hardware, "USB device " + info_.describe() + ": " + what +
                                                   " failed: " + usb_error(rc) + open_hint(rc));
}

core::Result<std::size_t> DeviceHandle::control(const ControlSetup& setup, std::span<std::uint8_t> data,
                                                std::chrono::milliseconds timeout) {
  const int rc = libusb_control_transfer(handle_, setup.request_type, setup.request, setup.value, setup.index,
                                         data.data(), static_cast<std::uint16_t>(data.size()), timeout_ms(timeout));
  if (rc < 0) {
    char what[64];
    std::snprintf(what, sizeof what, "control request %02x/%02x value %04x index %04x", setup.request_type,
                  setup.request, setup.value, setup.index);
    return failed(rc, what);
  }
  return static_cast<std::size_t>(rc);
}

core::Result<std::size_t> DeviceHandle::bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                                   std::chrono::milliseconds timeout) {
  int sent = 0;
  // libusb takes a non-const buffer for both directions; an OUT transfer only reads it.
  const int rc = libusb_bulk_transfer(handle_, endpoint, const_cast<std::uint8_t*>(data.data()),
                                      static_cast<int>(data.size()), &sent, timeout_ms(timeout));
  if (rc < 0) return failed(rc, "bulk write of " + std::to_string(data.size()) + " bytes");
  return static_cast<std::size_t>(sent);
}

core::Result<std::size_t> DeviceHandle::bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> data,
                                                  std::chrono::milliseconds timeout) {
  int received = 0;
  const int rc = libusb_bulk_transfer(handle_, endpoint, data.data(), static_cast<int>(data.size()), &received,
                                      timeout_ms(timeout));
  if (rc == LIBUSB_ERROR_TIMEOUT) return static_cast<std::size_t>(received);
  if (rc < 0) return failed(rc, "bulk read");
  return static_cast<std::size_t>(received);
}

// ---------------------------------------------------------------- Context

Context::Context() {
  if (const int rc = libusb_init(&context_); rc < 0) {
    throw std::runtime_error("cannot initialise libusb: " + usb_error(rc));
  }
  events_ = std::thread([this] { run_events(); });
}

Context::~Context() {
  stopping_ = true;
  for (int handle : hotplug_handles_) libusb_hotplug_deregister_callback(context_, handle);
  libusb_interrupt_event_handler(context_);
  if (events_.joinable()) events_.join();
  libusb_exit(context_);
}

bool Context::native_hotplug() const { return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0; }

void Context::run_events() {
  auto next_poll = std::chrono::steady_clock::now();
  while (!stopping_) {
    timeval tv{0, 100'000};
    libusb_handle_events_timeout_completed(context_, &tv, nullptr);
    bool polling = false;
    {
      std::lock_guard lock(handlers_mutex_);
      polling = polling_;
    }
    if (polling && std::chrono::steady_clock::now() >= next_poll) {
      poll_for_changes();
      next_poll = std::chrono::steady_clock::now() + poll_period_;
    }
  }
}

core::Result<DeviceInfo> Context::describe(libusb_device* device, bool read_strings) {
  libusb_device_descriptor descriptor{};
  if (const int rc = libusb_get_device_descriptor(device, &descriptor); rc < 0) {
    return core::fail(core::ErrorCode::hardware, "cannot read a USB device descriptor: " + usb_error(rc));
  }
  DeviceInfo info;
  info.id = UsbId{descriptor.idVendor, descriptor.idProduct};
  info.bus = libusb_get_bus_number(device);
  info.address = libusb_get_device_address(device);
  std::array<std::uint8_t, 8> ports{};
  const int depth = libusb_get_port_numbers(device, ports.data(), static_cast<int>(ports.size()));
  if (depth > 0) info.ports.assign(ports.begin(), ports.begin() + depth);
  if (read_strings && descriptor.bDeviceClass != hub_class && (descriptor.iSerialNumber || descriptor.iProduct)) {
    libusb_device_handle* handle = nullptr;
    if (libusb_open(device, &handle) == 0) {
      info.serial = read_string(handle, descriptor.iSerialNumber);
      info.product = read_string(handle, descriptor.iProduct);
      libusb_close(handle);
    }
  }
  return info;
}

core::Result<std::vector<DeviceInfo>> Context::devices() {
  const DeviceList list(context_);
  if (list.count < 0) {
    return core::fail(core::ErrorCode::hardware,
                      "cannot list USB devices: " + usb_error(static_cast<int>(list.count)));
  }
  std::vector<DeviceInfo> found;
  for (auto* device : list.all()) {
    if (auto info = describe(device, true)) found.push_back(std::move(*info));
  }
  return found;
}

core::Result<DeviceHandle> Context::open(const DeviceMatch& match, int interface) {
  const DeviceList list(context_);
  libusb_device* chosen = nullptr;
  DeviceInfo chosen_info;
  std::string seen;
  int matches = 0;
  for (auto* device : list.all()) {
    auto info = describe(device, true);
    if (!info) continue;
    if (!seen.empty()) seen += ", ";
    seen += info->describe();
    if (!match.matches(*info)) continue;
    ++matches;
    chosen = device;
    chosen_info = std::move(*info);
  }
  if (matches == 0) {
    return core::fail(core::ErrorCode::not_found, "no USB device matches " + match.describe() + " (present: " +
                                                      (seen.empty() ? std::string("none") : seen) +
                                                      "); check the cable and the port path in the configuration");
  }
  if (matches > 1) {
    return core::fail(core::ErrorCode::invalid_argument,
                      std::to_string(matches) + " USB devices match " + match.describe() + " (present: " + seen +
                          "); name the device by its port path in the configuration");
  }
  libusb_device_handle* handle = nullptr;
  if (const int rc = libusb_open(chosen, &handle); rc < 0) {
    return core::fail(core::ErrorCode::hardware,
                      "cannot open USB device " + chosen_info.describe() + ": " + usb_error(rc) + open_hint(rc));
  }
  // The kernel's own driver (ftdi_sio, ch341, usbhid) may hold the interface: detach it
  // while boxd uses the device and let libusb re-attach it on release.
  libusb_set_auto_detach_kernel_driver(handle, 1);
  if (const int rc = libusb_claim_interface(handle, interface); rc < 0) {
    libusb_close(handle);
    return core::fail(core::ErrorCode::hardware, "cannot claim interface " + std::to_string(interface) +
                                                     " of USB device " + chosen_info.describe() + ": " +
                                                     usb_error(rc) + open_hint(rc));
  }
  log::info("usb.opened", {{"device", chosen_info.describe()}, {"interface", interface}});
  return DeviceHandle(handle, interface, std::move(chosen_info));
}

void Context::notify(Hotplug what, const DeviceInfo& device) {
  std::vector<HotplugHandler> handlers;
  {
    std::lock_guard lock(handlers_mutex_);
    handlers = handlers_;
  }
  for (const auto& handler : handlers) handler(what, device);
}

void Context::on_hotplug(HotplugHandler handler, std::chrono::milliseconds poll_period) {
  bool first = false;
  {
    std::lock_guard lock(handlers_mutex_);
    first = handlers_.empty();
    handlers_.push_back(std::move(handler));
    poll_period_ = poll_period;
  }
  if (!first) return;
  if (!native_hotplug()) {
    start_polling();
    return;
  }
  const auto callback = [](libusb_context*, libusb_device* device, libusb_hotplug_event event, void* self) -> int {
    auto* context = static_cast<Context*>(self);
    // No strings here: libusb forbids synchronous transfers inside a hotplug callback.
    if (auto info = context->describe(device, false)) {
      context->notify(event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED ? Hotplug::arrived : Hotplug::left, *info);
    }
    return 0;  // stay registered
  };
  int handle = 0;
  const int rc = libusb_hotplug_register_callback(
      context_,
      static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
      static_cast<libusb_hotplug_flag>(0), LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
      LIBUSB_HOTPLUG_MATCH_ANY, callback, this, &handle);
  if (rc != LIBUSB_SUCCESS) {
    log::warn("usb.hotplug_unavailable", {{"error", usb_error(rc)}});
    start_polling();
    return;
  }
  std::lock_guard lock(handlers_mutex_);
  hotplug_handles_.push_back(handle);
  log::info("usb.hotplug", {{"mode", "native"}});
}

void Context::start_polling() {
  auto now = devices();
  if (now) last_seen_ = std::move(*now);
  std::lock_guard lock(handlers_mutex_);
  polling_ = true;
  log::info("usb.hotplug", {{"mode", "polling"}, {"period_ms", poll_period_.count()}});
}

void Context::poll_for_changes() {
  auto now = devices();
  if (!now) return;
  const auto same_place = [](const DeviceInfo& a, const DeviceInfo& b) {
    return a.id == b.id && a.bus == b.bus && a.address == b.address;
  };
  for (const auto& old : last_seen_) {
    if (std::ranges::none_of(*now, [&](const DeviceInfo& d) { return same_place(d, old); })) notify(Hotplug::left, old);
  }
  for (const auto& fresh : *now) {
    if (std::ranges::none_of(last_seen_, [&](const DeviceInfo& d) { return same_place(d, fresh); })) {
      notify(Hotplug::arrived, fresh);
    }
  }
  last_seen_ = std::move(*now);
}

}  // namespace pickupbox::usb
