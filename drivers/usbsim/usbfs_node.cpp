#include "usbsim/usbfs_node.hpp"

// sys/ioctl.h must come first: linux/usbdevice_fs.h uses its _IO* macros.
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <exception>

#include "usbsim/descriptors.hpp"

namespace pickupbox::usbsim {

namespace {

constexpr std::size_t setup_size = 8;
constexpr unsigned max_interfaces = 32;  // the kernel's claim bitmap
constexpr std::uint8_t standard_device_in = 0x80;
constexpr std::uint8_t get_status = 0x00;
constexpr std::uint8_t get_descriptor = 0x06;
constexpr std::uint8_t get_configuration = 0x08;

// struct usb_device_speed codes USBDEVFS_GET_SPEED returns.
constexpr long speed_low = 1;
constexpr long speed_full = 2;
constexpr long speed_high = 3;

template <class T>
T* resolve_arg(UMockdevIoctlData* arg, GRef<UMockdevIoctlData>& holder) {
  holder = GRef<UMockdevIoctlData>::adopt(umockdev_ioctl_data_resolve(arg, 0, sizeof(T), nullptr));
  return holder ? reinterpret_cast<T*>(holder.get()->data) : nullptr;
}

Setup parse_setup(std::span<const std::uint8_t> bytes) {
  auto word = [&](std::size_t at) { return static_cast<std::uint16_t>(bytes[at] | bytes[at + 1] << 8); };
  return {bytes[0], bytes[1], word(2), word(4), word(6)};
}

// devio.c check_ctrlrecip(): class and standard requests addressed to an interface need
// that interface claimed; vendor requests never do.
bool addresses_interface(const Setup& setup) {
  const bool vendor = (setup.request_type & 0x60) == 0x40;
  return !vendor && (setup.request_type & 0x1F) == 0x01;
}

}  // namespace

UsbfsNode::UsbfsNode(std::shared_ptr<DeviceModel> model, std::uint8_t devnum)
    : model_(std::move(model)),
      description_(model_->description()),
      devnum_(devnum),
      handler_(GRef<UMockdevIoctlBase>::adopt(umockdev_ioctl_base_new())),
      bound_(description_.kernel_driver) {
  g_signal_connect(handler_.get(), "handle-ioctl", G_CALLBACK(&UsbfsNode::on_ioctl), this);
  if (!bound_.empty()) events_.push_back(bound_ + " bound to interface 0");
}

UsbfsNode::~UsbfsNode() { g_signal_handlers_disconnect_by_data(handler_.get(), this); }

gboolean UsbfsNode::on_ioctl(UMockdevIoctlBase* /*handler*/, UMockdevIoctlClient* client, gpointer self) {
  return static_cast<UsbfsNode*>(self)->handle(client);
}

gboolean UsbfsNode::handle(UMockdevIoctlClient* client) {
  const gulong request = umockdev_ioctl_client_get_request(client);
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  std::optional<Outcome> outcome;
  try {
    std::lock_guard lock(mutex_);
    forget_closed_clients();
    outcome = dispatch(request, arg, client);
  } catch (const std::exception& e) {
    // Nothing may escape into umockdev's C code; the program sees an I/O error instead.
    std::lock_guard lock(mutex_);
    event(std::string("model threw: ") + e.what());
    outcome = Outcome{-1, EIO};
  }
  if (!outcome) return FALSE;  // umockdev answers ENOTTY, as for an unknown ioctl
  umockdev_ioctl_client_complete(client, outcome->result, outcome->error);
  return TRUE;
}

std::optional<UsbfsNode::Outcome> UsbfsNode::dispatch(gulong request, UMockdevIoctlData* arg,
                                                      UMockdevIoctlClient* client) {
  const bool reaping = request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY;
  // devio.c: after a disconnect only reaping still works.
  if (gone_ && !reaping) return Outcome{-1, ENODEV};
  switch (request) {
    case USBDEVFS_GET_CAPABILITIES: return capabilities(arg);
    case USBDEVFS_CLAIMINTERFACE: return claim_interface(arg, client);
    case USBDEVFS_RELEASEINTERFACE: return release_interface(arg, client);
    case USBDEVFS_SETINTERFACE: return set_interface(arg, client);
    case USBDEVFS_SETCONFIGURATION: return set_configuration(arg);
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP: return endpoint_request(arg, client);
    case USBDEVFS_RESET: return Outcome{};
    case USBDEVFS_GETDRIVER: return get_driver(arg);
    case USBDEVFS_DISCONNECT_CLAIM: return disconnect_claim(arg, client);
    case USBDEVFS_IOCTL: return driver_request(arg);
    case USBDEVFS_CONNECTINFO: return connect_info(arg);
    case USBDEVFS_GET_SPEED:
      return Outcome{description_.speed == UsbSpeed::low    ? speed_low
                     : description_.speed == UsbSpeed::full ? speed_full
                                                            : speed_high,
                     0};
    case USBDEVFS_SUBMITURB: return submit(arg, client);
    case USBDEVFS_DISCARDURB: return discard(arg, client);
    case USBDEVFS_REAPURB:  // libusb only polls; a blocking reap would stall umockdev's thread
    case USBDEVFS_REAPURBNDELAY: return reap(arg, client);
    default: return std::nullopt;
  }
}

UsbfsNode::Outcome UsbfsNode::capabilities(UMockdevIoctlData* arg) {
  GRef<UMockdevIoctlData> holder;
  auto* caps = resolve_arg<std::uint32_t>(arg, holder);
  if (!caps) return {-1, EFAULT};
  *caps = USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
          USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
  return {};
}

UsbfsNode::Outcome UsbfsNode::claim_interface(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  GRef<UMockdevIoctlData> holder;
  auto* interface = resolve_arg<unsigned>(arg, holder);
  if (!interface) return {-1, EFAULT};
  const int error = claim(client, *interface);
  return {error ? -1 : 0, error};
}

UsbfsNode::Outcome UsbfsNode::release_interface(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  GRef<UMockdevIoctlData> holder;
  auto* interface = resolve_arg<unsigned>(arg, holder);
  if (!interface) return {-1, EFAULT};
  if (*interface != 0 || claimer_.get() != client) return {-1, EINVAL};
  claimer_.reset();
  bound_.clear();
  event("RELEASEINTERFACE: usbfs released interface 0");
  return {};
}

UsbfsNode::Outcome UsbfsNode::set_interface(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  GRef<UMockdevIoctlData> holder;
  auto* request = resolve_arg<usbdevfs_setinterface>(arg, holder);
  if (!request) return {-1, EFAULT};
  if (const int error = claim_for_io(client, request->interface)) return {-1, error};
  if (request->altsetting != 0) return {-1, EINVAL};
  return {};
}

UsbfsNode::Outcome UsbfsNode::set_configuration(UMockdevIoctlData* arg) {
  GRef<UMockdevIoctlData> holder;
  auto* config = resolve_arg<int>(arg, holder);
  if (!config) return {-1, EFAULT};
  // devio.c refuses while any driver, usbfs included, holds an interface.
  if (!bound_.empty()) {
    event("SETCONFIGURATION refused: interface 0 is held by " + bound_);
    return {-1, EBUSY};
  }
  return *config == 1 ? Outcome{} : Outcome{-1, EINVAL};
}

UsbfsNode::Outcome UsbfsNode::endpoint_request(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  GRef<UMockdevIoctlData> holder;
  auto* endpoint = resolve_arg<unsigned>(arg, holder);
  if (!endpoint) return {-1, EFAULT};
  if (!has_endpoint(*endpoint)) return {-1, ENOENT};
  const int error = claim_for_io(client, 0);
  return {error ? -1 : 0, error};
}

UsbfsNode::Outcome UsbfsNode::get_driver(UMockdevIoctlData* arg) {
  GRef<UMockdevIoctlData> holder;
  auto* request = resolve_arg<usbdevfs_getdriver>(arg, holder);
  if (!request) return {-1, EFAULT};
  if (request->interface != 0 || bound_.empty()) return {-1, ENODATA};
  std::memset(request->driver, 0, sizeof request->driver);
  bound_.copy(request->driver, sizeof request->driver - 1);
  return {};
}

UsbfsNode::Outcome UsbfsNode::disconnect_claim(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  GRef<UMockdevIoctlData> holder;
  auto* request = resolve_arg<usbdevfs_disconnect_claim>(arg, holder);
  if (!request) return {-1, EFAULT};
  if (request->interface != 0) return {-1, EINVAL};
  if (!bound_.empty()) {
    const std::string named(request->driver, strnlen(request->driver, sizeof request->driver));
    if ((request->flags & USBDEVFS_DISCONNECT_CLAIM_IF_DRIVER) && named != bound_) return {-1, EBUSY};
    if ((request->flags & USBDEVFS_DISCONNECT_CLAIM_EXCEPT_DRIVER) && named == bound_) return {-1, EBUSY};
    unbind("DISCONNECT_CLAIM");
  }
  const int error = claim(client, request->interface);
  return {error ? -1 : 0, error};
}

UsbfsNode::Outcome UsbfsNode::driver_request(UMockdevIoctlData* arg) {
  GRef<UMockdevIoctlData> holder;
  auto* request = resolve_arg<usbdevfs_ioctl>(arg, holder);
  if (!request) return {-1, EFAULT};
  if (request->ifno != 0) return {-1, EINVAL};
  const auto code = static_cast<unsigned long>(static_cast<unsigned>(request->ioctl_code));
  if (code == USBDEVFS_DISCONNECT) {
    if (bound_.empty()) return {-1, ENODATA};
    unbind("IOCTL DISCONNECT");
    return {};
  }
  if (code != USBDEVFS_CONNECT) return {-1, ENOTTY};
  if (bound_ == "usbfs") return {-1, EBUSY};
  if (!bound_.empty() || description_.kernel_driver.empty()) return {};  // 0: nothing (new) bound
  bound_ = description_.kernel_driver;
  event("IOCTL CONNECT: " + bound_ + " bound to interface 0 again");
  return {1, 0};  // device_attach() found a driver
}

UsbfsNode::Outcome UsbfsNode::connect_info(UMockdevIoctlData* arg) {
  GRef<UMockdevIoctlData> holder;
  auto* info = resolve_arg<usbdevfs_connectinfo>(arg, holder);
  if (!info) return {-1, EFAULT};
  info->devnum = devnum_;
  info->slow = description_.speed == UsbSpeed::low ? 1 : 0;
  return {};
}

UsbfsNode::Outcome UsbfsNode::submit(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  auto data = GRef<UMockdevIoctlData>::adopt(umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr));
  if (!data) return {-1, EFAULT};
  const auto& raw = *reinterpret_cast<const usbdevfs_urb*>(data.get()->data);
  if (raw.buffer_length < 0) return {-1, EINVAL};
  GRef<UMockdevIoctlData> buffer;
  std::span<const std::uint8_t> bytes;
  if (raw.buffer_length > 0) {
    buffer = GRef<UMockdevIoctlData>::adopt(
        umockdev_ioctl_data_resolve(data.get(), offsetof(usbdevfs_urb, buffer), raw.buffer_length, nullptr));
    if (!buffer) return {-1, EFAULT};
    bytes = {buffer.get()->data, static_cast<std::size_t>(raw.buffer_length)};
  }
  Urb urb;
  urb.client = GRef<UMockdevIoctlClient>::share(client);
  urb.type = raw.type;
  urb.endpoint = raw.endpoint;
  urb.buffer_length = raw.buffer_length;
  urb.data = std::move(data);
  switch (urb.type) {
    case USBDEVFS_URB_TYPE_CONTROL: return submit_control(std::move(urb), bytes, client);
    case USBDEVFS_URB_TYPE_BULK:
    case USBDEVFS_URB_TYPE_INTERRUPT: return submit_transfer(std::move(urb), bytes, client);
    default: return {-1, EINVAL};  // no simulated device has isochronous endpoints
  }
}

UsbfsNode::Outcome UsbfsNode::submit_control(Urb urb, std::span<const std::uint8_t> buffer,
                                             UMockdevIoctlClient* client) {
  if (buffer.size() < setup_size) return {-1, EINVAL};
  const Setup setup = parse_setup(buffer);
  if (setup_size + setup.length > buffer.size()) return {-1, EINVAL};
  if (addresses_interface(setup)) {
    if (const int error = claim_for_io(client, setup.index & 0xFF)) return {-1, error};
  }
  const auto stage = buffer.subspan(setup_size, setup.length);
  ControlReply reply = answer(setup, setup.is_in() ? std::span<const std::uint8_t>{} : stage);
  urb.data_offset = setup_size;
  if (reply.stall) {
    urb.status = -EPIPE;
  } else if (setup.is_in()) {
    reply.in_data.resize(std::min<std::size_t>(reply.in_data.size(), setup.length));
    urb.actual_length = static_cast<int>(reply.in_data.size());
    urb.in_bytes = std::move(reply.in_data);
  } else {
    urb.actual_length = setup.length;
  }
  completed_.push_back(std::move(urb));
  return {};
}

UsbfsNode::Outcome UsbfsNode::submit_transfer(Urb urb, std::span<const std::uint8_t> buffer,
                                              UMockdevIoctlClient* client) {
  if (!has_endpoint(urb.endpoint)) return {-1, ENOENT};
  if (const int error = claim_for_io(client, 0)) return {-1, error};
  if (urb.endpoint & 0x80) {
    model_->bulk_in_submitted(urb.endpoint);
    in_flight_.push_back(std::move(urb));
    return {};
  }
  model_->bulk_out(urb.endpoint, buffer);
  urb.actual_length = urb.buffer_length;
  completed_.push_back(std::move(urb));
  return {};
}

UsbfsNode::Outcome UsbfsNode::discard(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  gulong address = 0;
  std::memcpy(&address, arg->data, std::min<std::size_t>(sizeof address, static_cast<std::size_t>(arg->data_len)));
  auto it = std::find_if(in_flight_.begin(), in_flight_.end(), [&](const Urb& urb) {
    return urb.client.get() == client && urb.data.get()->client_addr == address;
  });
  // Not in flight: already completed and waiting to be reaped, as devio.c reports it.
  if (it == in_flight_.end()) return {-1, EINVAL};
  it->status = -ENOENT;
  it->actual_length = 0;
  discarded_.splice(discarded_.end(), in_flight_, it);
  return {};
}

UsbfsNode::Outcome UsbfsNode::reap(UMockdevIoctlData* arg, UMockdevIoctlClient* client) {
  auto urb = next_reapable(client);
  if (!urb) return {-1, gone_ ? ENODEV : EAGAIN};
  if (!write_back(*urb, arg)) return {-1, EFAULT};
  return {};
}

std::optional<UsbfsNode::Urb> UsbfsNode::next_reapable(UMockdevIoctlClient* client) {
  auto take_first = [client](std::list<Urb>& list) -> std::optional<Urb> {
    auto it = std::find_if(list.begin(), list.end(), [client](const Urb& urb) { return urb.client.get() == client; });
    if (it == list.end()) return std::nullopt;
    Urb urb = std::move(*it);
    list.erase(it);
    return urb;
  };
  if (auto urb = take_first(discarded_)) return urb;
  if (gone_) {
    auto urb = take_first(in_flight_);
    if (urb) {
      urb->status = -ENODEV;
      urb->actual_length = 0;
    }
    return urb;
  }
  if (auto urb = take_first(completed_)) return urb;
  return serve_in_flight(client);
}

std::optional<UsbfsNode::Urb> UsbfsNode::serve_in_flight(UMockdevIoctlClient* client) {
  // Data goes to the oldest transfer of each endpoint first, as on the bus.
  std::vector<std::uint8_t> asked;
  for (auto it = in_flight_.begin(); it != in_flight_.end(); ++it) {
    if (it->client.get() != client || std::find(asked.begin(), asked.end(), it->endpoint) != asked.end()) continue;
    asked.push_back(it->endpoint);
    auto bytes = model_->bulk_in(it->endpoint, static_cast<std::size_t>(it->buffer_length));
    if (!bytes) continue;
    bytes->resize(std::min(bytes->size(), static_cast<std::size_t>(it->buffer_length)));
    Urb urb = std::move(*it);
    in_flight_.erase(it);
    urb.actual_length = static_cast<int>(bytes->size());
    urb.in_bytes = std::move(*bytes);
    return urb;
  }
  return std::nullopt;
}

bool UsbfsNode::write_back(Urb& urb, UMockdevIoctlData* arg) {
  auto& raw = *reinterpret_cast<usbdevfs_urb*>(urb.data.get()->data);
  raw.status = urb.status;
  raw.actual_length = urb.actual_length;
  if (!urb.in_bytes.empty()) {
    auto buffer = GRef<UMockdevIoctlData>::adopt(
        umockdev_ioctl_data_resolve(urb.data.get(), offsetof(usbdevfs_urb, buffer), urb.buffer_length, nullptr));
    if (!buffer || urb.data_offset + urb.in_bytes.size() > static_cast<std::size_t>(buffer.get()->data_len)) {
      return false;
    }
    std::memcpy(buffer.get()->data + urb.data_offset, urb.in_bytes.data(), urb.in_bytes.size());
  }
  // REAPURB hands back the client's own URB pointer, which umockdev maps to urb.data.
  auto slot = GRef<UMockdevIoctlData>::adopt(umockdev_ioctl_data_resolve(arg, 0, sizeof(void*), nullptr));
  if (!slot) return false;
  umockdev_ioctl_data_set_ptr(slot.get(), 0, urb.data.get());
  return true;
}

ControlReply UsbfsNode::answer(const Setup& setup, std::span<const std::uint8_t> out_data) {
  if (auto reply = standard_reply(setup)) return *reply;
  return model_->control(setup, out_data);
}

std::optional<ControlReply> UsbfsNode::standard_reply(const Setup& setup) const {
  if (setup.request_type != standard_device_in) return std::nullopt;
  switch (setup.request) {
    case get_status: return ControlReply::data({0x00, 0x00});  // bus powered, no remote wakeup
    case get_configuration: return ControlReply::data({0x01});
    case get_descriptor: return descriptor_reply(setup);
    default: return std::nullopt;
  }
}

ControlReply UsbfsNode::descriptor_reply(const Setup& setup) const {
  const unsigned type = setup.value >> 8;
  const auto index = static_cast<std::uint8_t>(setup.value & 0xFF);
  switch (type) {
    case 0x01: return ControlReply::data(device_descriptor(description_));
    case 0x02: return index == 0 ? ControlReply::data(configuration_descriptor(description_)) : ControlReply::stalled();
    case 0x03: {
      if (index == 0) return ControlReply::data(language_descriptor());
      auto text = string_for_index(description_, index);
      return text ? ControlReply::data(string_descriptor(*text)) : ControlReply::stalled();
    }
    default: return ControlReply::stalled();  // e.g. DEVICE_QUALIFIER: these are not high-speed devices
  }
}

int UsbfsNode::claim(UMockdevIoctlClient* client, unsigned interface) {
  if (interface >= max_interfaces) return EINVAL;
  if (interface != 0) return ENOENT;
  if (claimer_ && claimer_.get() == client) return 0;
  if (!bound_.empty()) {
    event("CLAIMINTERFACE refused: interface 0 is held by " + bound_);
    return EBUSY;
  }
  bound_ = "usbfs";
  claimer_ = GRef<UMockdevIoctlClient>::share(client);
  event("CLAIMINTERFACE: interface 0 claimed by usbfs");
  return 0;
}

int UsbfsNode::claim_for_io(UMockdevIoctlClient* client, unsigned interface) {
  if (claimer_ && claimer_.get() == client && interface == 0) return 0;
  // devio.c checkintf() claims on the program's behalf (and warns in the kernel log).
  event("implicit claim: the program used interface " + std::to_string(interface) + " without claiming it");
  return claim(client, interface);
}

void UsbfsNode::unbind(const std::string& why) {
  event(why + ": " + bound_ + " unbound from interface 0");
  bound_.clear();
  claimer_.reset();
}

bool UsbfsNode::has_endpoint(unsigned address) const {
  return std::any_of(description_.endpoints.begin(), description_.endpoints.end(),
                     [address](const EndpointDescription& e) { return e.address == address; });
}

void UsbfsNode::forget_closed_clients() {
  auto closed = [](const Urb& urb) { return !umockdev_ioctl_client_get_connected(urb.client.get()); };
  in_flight_.remove_if(closed);
  completed_.remove_if(closed);
  discarded_.remove_if(closed);
  if (claimer_ && !umockdev_ioctl_client_get_connected(claimer_.get())) {
    // Closing the device node releases its claims, but no kernel driver comes back.
    event("device node closed: usbfs claim on interface 0 dropped");
    claimer_.reset();
    bound_.clear();
  }
}

void UsbfsNode::mark_gone() {
  std::lock_guard lock(mutex_);
  gone_ = true;
  event("unplugged");
}

std::string UsbfsNode::bound_driver() const {
  std::lock_guard lock(mutex_);
  return bound_;
}

std::vector<std::string> UsbfsNode::driver_events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

void UsbfsNode::event(std::string text) { events_.push_back(std::move(text)); }

}  // namespace pickupbox::usbsim
