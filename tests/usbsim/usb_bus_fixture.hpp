#pragma once
// A fresh simulated bus per test, with raw libusb on top: the fixture owns the testbed,
// the libusb context (created after the testbed, destroyed before it) and every handle a
// test opens. A simulated bank of lock boards stands behind the serial bridges.
#include <libusb.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sim/sim_bank.hpp"
#include "usbsim/testbed.hpp"

namespace pickupbox::usbsim::testing {

// libusb_get_device_list() with the matching free.
class DeviceList {
 public:
  explicit DeviceList(libusb_context* context) : count_(libusb_get_device_list(context, &devices_)) {}
  ~DeviceList() {
    if (devices_) libusb_free_device_list(devices_, 1);
  }
  DeviceList(const DeviceList&) = delete;
  DeviceList& operator=(const DeviceList&) = delete;

  ssize_t size() const { return count_; }
  libusb_device* find(std::uint16_t vendor, std::uint16_t product) const {
    for (ssize_t i = 0; i < count_; ++i) {
      libusb_device_descriptor descriptor{};
      if (libusb_get_device_descriptor(devices_[i], &descriptor) == 0 && descriptor.idVendor == vendor &&
          descriptor.idProduct == product) {
        return devices_[i];
      }
    }
    return nullptr;
  }

 private:
  libusb_device** devices_ = nullptr;
  ssize_t count_ = 0;
};

inline std::vector<std::uint8_t> port_numbers(libusb_device* device) {
  std::uint8_t ports[8]{};
  const int count = libusb_get_port_numbers(device, ports, sizeof ports);
  return count < 0 ? std::vector<std::uint8_t>{} : std::vector<std::uint8_t>(ports, ports + count);
}

class UsbBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Testbed::preload_active()) << "usbsim tests must run under umockdev-wrapper (ctest does that)";
    testbed_ = std::make_unique<Testbed>();
  }

  void TearDown() override {
    for (auto* handle : handles_) libusb_close(handle);
    handles_.clear();
    if (context_) libusb_exit(context_);
    context_ = nullptr;
    testbed_.reset();
  }

  Testbed& bed() { return *testbed_; }

  libusb_context* usb() {
    if (!context_) {
      EXPECT_EQ(libusb_init(&context_), 0);
    }
    return context_;
  }

  // Opens the first vendor:product device; with `claim`, claims interface 0 the way the
  // production drivers do (kernel driver detached automatically).
  libusb_device_handle* open(std::uint16_t vendor, std::uint16_t product, bool claim = true) {
    DeviceList list(usb());
    libusb_device* device = list.find(vendor, product);
    if (!device) {
      ADD_FAILURE() << "no device " << std::hex << vendor << ":" << product << " on the simulated bus";
      return nullptr;
    }
    libusb_device_handle* handle = nullptr;
    if (libusb_open(device, &handle) != 0) {
      ADD_FAILURE() << "libusb_open failed";
      return nullptr;
    }
    handles_.push_back(handle);
    if (claim) {
      EXPECT_EQ(libusb_set_auto_detach_kernel_driver(handle, 1), 0);
      EXPECT_EQ(libusb_claim_interface(handle, 0), 0);
    }
    return handle;
  }

  // Lets libusb deliver events (hotplug callbacks) until `done` or `limit` passes.
  bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds{5}) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      timeval tick{0, 10'000};
      libusb_handle_events_timeout_completed(usb(), &tick, nullptr);
    }
    return true;
  }

  // The far end of every serial bridge in a test: one lock board at address 0, answering
  // inside write() so nothing waits.
  sim::SimBank bank_{{sim::SimBoardOptions{}}, sim::TimeoutMode::immediate};

 private:
  std::unique_ptr<Testbed> testbed_;
  libusb_context* context_ = nullptr;
  std::vector<libusb_device_handle*> handles_;
};

// Sends a vendor/class OUT request without data; returns libusb's result.
inline int control_out(libusb_device_handle* handle, std::uint8_t type, std::uint8_t request, std::uint16_t value,
                       std::uint16_t index) {
  return libusb_control_transfer(handle, type, request, value, index, nullptr, 0, 1000);
}

struct InReply {
  int result = 0;  // bytes received, or a libusb error
  std::vector<std::uint8_t> data;
};

inline InReply control_in(libusb_device_handle* handle, std::uint8_t type, std::uint8_t request, std::uint16_t value,
                          std::uint16_t index, std::uint16_t length) {
  InReply reply;
  reply.data.resize(length);
  reply.result = libusb_control_transfer(handle, type, request, value, index, reply.data.data(), length, 1000);
  reply.data.resize(reply.result > 0 ? static_cast<std::size_t>(reply.result) : 0);
  return reply;
}

struct BulkReply {
  int result = 0;  // 0 or a libusb error
  std::vector<std::uint8_t> data;
};

inline BulkReply bulk_read(libusb_device_handle* handle, std::uint8_t endpoint, int length,
                           std::chrono::milliseconds timeout = std::chrono::seconds{2}) {
  BulkReply reply;
  reply.data.resize(static_cast<std::size_t>(length));
  int transferred = 0;
  reply.result = libusb_bulk_transfer(handle, endpoint, reply.data.data(), length, &transferred,
                                      static_cast<unsigned>(timeout.count()));
  reply.data.resize(static_cast<std::size_t>(transferred));
  return reply;
}

inline int bulk_write(libusb_device_handle* handle, std::uint8_t endpoint, std::vector<std::uint8_t> bytes) {
  int transferred = 0;
  const int result = libusb_bulk_transfer(handle, endpoint, bytes.data(), static_cast<int>(bytes.size()),
                                          &transferred, 1000);
  return result == 0 ? transferred : result;
}

}  // namespace pickupbox::usbsim::testing
