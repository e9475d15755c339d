#pragma once
// One simulated device node, /dev/bus/usb/BBB/DDD. It answers the usbdevfs ioctls that
// libusb's Linux backend sends the way the kernel's drivers/usb/core/devio.c does, and
// turns transfers into DeviceModel calls. Internal to the testbed: it includes umockdev.h.
//
// umockdev calls it on its own thread; the state is guarded by one mutex, and the URB
// queues belong to this node alone (a queue shared between devices corrupts the heap).
#include <umockdev.h>

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "usbsim/device_model.hpp"

namespace pickupbox::usbsim {

// Owns one GObject reference.
template <class T>
class GRef {
 public:
  GRef() = default;
  static GRef adopt(T* object) {
    GRef ref;
    ref.object_ = object;
    return ref;
  }
  static GRef share(T* object) {
    if (object) g_object_ref(object);
    return adopt(object);
  }
  GRef(GRef&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  GRef& operator=(GRef&& other) noexcept {
    if (this != &other) {
      reset();
      object_ = std::exchange(other.object_, nullptr);
    }
    return *this;
  }
  GRef(const GRef&) = delete;
  GRef& operator=(const GRef&) = delete;
  ~GRef() { reset(); }

  T* get() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }
  void reset() {
    if (object_) g_object_unref(object_);
    object_ = nullptr;
  }

 private:
  T* object_ = nullptr;
};

class UsbfsNode {
 public:
  UsbfsNode(std::shared_ptr<DeviceModel> model, std::uint8_t devnum);
  ~UsbfsNode();
  UsbfsNode(const UsbfsNode&) = delete;
  UsbfsNode& operator=(const UsbfsNode&) = delete;

  UMockdevIoctlBase* handler() const { return handler_.get(); }
  const DeviceDescription& description() const { return description_; }

  // From now on transfers fail with ENODEV (libusb: LIBUSB_ERROR_NO_DEVICE), including
  // those already in flight, as after a real unplug.
  void mark_gone();
  // "ftdi_sio" (kernel driver), "usbfs" (claimed through libusb) or "" (none).
  std::string bound_driver() const;
  std::vector<std::string> driver_events() const;

 private:
  struct Urb {
    GRef<UMockdevIoctlData> data;  // the client's struct usbdevfs_urb
    GRef<UMockdevIoctlClient> client;
    std::uint8_t type = 0;
    std::uint8_t endpoint = 0;
    int buffer_length = 0;
    int status = 0;
    int actual_length = 0;
    std::size_t data_offset = 0;  // control transfers: the data stage follows the setup packet
    std::vector<std::uint8_t> in_bytes;
  };
  struct Outcome {
    long result = 0;
    int error = 0;
  };

  static gboolean on_ioctl(UMockdevIoctlBase* handler, UMockdevIoctlClient* client, gpointer self);
  gboolean handle(UMockdevIoctlClient* client);
  std::optional<Outcome> dispatch(gulong request, UMockdevIoctlData* arg, UMockdevIoctlClient* client);

  Outcome capabilities(UMockdevIoctlData* arg);
  Outcome claim_interface(UMockdevIoctlData* arg, UMockdevIoctlClient* client);
  Outcome release_interface(UMockdevIoctlData* arg, UMockdevIoctlClient* client);
  Outcome set_interface(UMockdevIoctlData* arg, UMockdevIoctlClient* client);
  Outcome set_configuration(UMockdevIoctlData* arg);
  Outcome endpoint_request(UMockdevIoctlData* arg, UMockdevIoctlClient* client);
  Outcome get_driver(UMockdevIoctlData* arg);
  Outcome disconnect_claim(UMockdevIoctlData* arg, UMockdevIoctlClient* client);
  Outcome driver_request(UMockdevIoctlData* arg);
  Outcome connect_info(UMockdevIoctlData* arg);
  Outcome submit(UMockdevIoctlData* arg, UMockdevIoctlClient* client);
  Outcome submit_control(Urb urb, std::span<const std::uint8_t> buffer, UMockdevIoctlClient* client);
  Outcome submit_transfer(Urb urb, std::span<const std::uint8_t> buffer, UMockdevIoctlClient* client);
  Outcome discard(UMockdevIoctlData* arg, UMockdevIoctlClient* client);
  Outcome reap(UMockdevIoctlData* arg, UMockdevIoctlClient* client);

  ControlReply answer(const Setup& setup, std::span<const std::uint8_t> out_data);
  std::optional<ControlReply> standard_reply(const Setup& setup) const;
  ControlReply descriptor_reply(const Setup& setup) const;
  std::optional<Urb> next_reapable(UMockdevIoctlClient* client);
  std::optional<Urb> serve_in_flight(UMockdevIoctlClient* client);
  bool write_back(Urb& urb, UMockdevIoctlData* arg);
  int claim(UMockdevIoctlClient* client, unsigned interface);
  int claim_for_io(UMockdevIoctlClient* client, unsigned interface);
  void unbind(const std::string& why);
  bool has_endpoint(unsigned address) const;
  void forget_closed_clients();
  void event(std::string text);

  const std::shared_ptr<DeviceModel> model_;
  const DeviceDescription description_;
  const std::uint8_t devnum_;
  GRef<UMockdevIoctlBase> handler_;
  mutable std::mutex mutex_;
  bool gone_ = false;
  std::string bound_;  // driver bound to interface 0
  GRef<UMockdevIoctlClient> claimer_;
  std::list<Urb> in_flight_;
  std::list<Urb> completed_;
  std::list<Urb> discarded_;
  std::vector<std::string> events_;
};

}  // namespace pickupbox::usbsim
