#include "usbsim/testbed.hpp"

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "usbsim/descriptors.hpp"
#include "usbsim/hub_model.hpp"
#include "usbsim/usbfs_node.hpp"

namespace pickupbox::usbsim {

namespace {

std::atomic<bool> testbed_alive{false};
constexpr std::size_t max_port_depth = 7;
constexpr unsigned max_devnum = 127;

std::string three_digits(unsigned number) {
  char text[8];
  std::snprintf(text, sizeof text, "%03u", number);
  return text;
}

std::string hex4(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "%04x", value);
  return text;
}

// The kernel's uevent PRODUCT=403/6001/600 has no leading zeros.
std::string plain_hex(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "%x", value);
  return text;
}

std::string hex2(std::uint8_t value) {
  char text[4];
  std::snprintf(text, sizeof text, "%02x", value);
  return text;
}

std::string speed_text(UsbSpeed speed) {
  switch (speed) {
    case UsbSpeed::low: return "1.5";
    case UsbSpeed::full: return "12";
    case UsbSpeed::high: return "480";
  }
  return "12";
}

// umockdev unescapes "A:" values like a C string; sysfs attributes end with a newline.
std::string attribute(const std::string& key, const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\') escaped += "\\\\";
    else if (c == '\n') escaped += "\\n";
    else escaped += c;
  }
  return "A: " + key + "=" + escaped + "\\n\n";
}

std::string join_ports(const std::vector<std::uint8_t>& ports) {
  std::string out;
  for (auto port : ports) out += (out.empty() ? "" : ".") + std::to_string(port);
  return out;
}

std::vector<std::uint8_t> first_ports(const Placement& placement, std::size_t count) {
  return {placement.ports.begin(), placement.ports.begin() + static_cast<std::ptrdiff_t>(count)};
}

// sysfs nests every device under the hubs it hangs from: /devices/usb1/1-1/1-1.4.
std::string devpath_of(const Placement& placement) {
  std::string devpath = "/devices/usb" + std::to_string(placement.bus);
  for (std::size_t depth = 1; depth <= placement.ports.size(); ++depth) {
    devpath += "/" + Placement{placement.bus, first_ports(placement, depth)}.port_path();
  }
  return devpath;
}

void validate(const Placement& placement) {
  const auto where = "Testbed::add: placement " + placement.port_path();
  if (placement.bus == 0) throw std::invalid_argument(where + ": bus numbers start at 1");
  if (placement.ports.empty()) {
    throw std::invalid_argument(where + " has no ports; give the chain from the root hub, e.g. {1, 4} for 1-1.4");
  }
  if (placement.ports.size() > max_port_depth) {
    throw std::invalid_argument(where + " is deeper than USB allows (7 ports)");
  }
  for (auto port : placement.ports) {
    if (port == 0) throw std::invalid_argument(where + ": port numbers start at 1");
  }
}

}  // namespace

std::string Placement::port_path() const { return std::to_string(bus) + "-" + join_ports(ports); }

struct Testbed::Impl {
  struct Device {
    std::shared_ptr<DeviceModel> model;
    std::uint8_t bus = 1;
    std::string name;     // sysfs name: "usb1", "1-1.4"
    std::string devpath;  // "/devices/usb1/1-1/1-1.4"
    std::string devpath_attribute;  // "0" for a root hub, else "1.4"
    bool hub = false;
    bool plugged = false;
    unsigned devnum = 0;
    UsbfsNode* node = nullptr;
  };

  mutable std::mutex mutex;
  UMockdevTestbed* testbed = nullptr;
  // Every plug-in's node lives as long as the testbed: a program may still hold the old
  // device node open and ask it things after an unplug.
  std::vector<std::unique_ptr<UsbfsNode>> nodes;
  std::vector<Device> devices;          // index = DeviceId.value - 1
  std::map<std::string, Device> hubs;   // by sysfs name
  std::map<std::uint8_t, unsigned> last_devnum;
  std::set<std::string> attached;  // device nodes with an ioctl handler

  unsigned next_devnum(std::uint8_t bus);
  bool in_use(std::uint8_t bus, unsigned devnum) const;

  Device& device(DeviceId id);
  const Device& device(DeviceId id) const;
  bool taken(const std::string& name) const;
  void ensure_hubs(const Placement& placement);
  void add_hub(const std::string& name, std::string devpath, std::string devpath_attribute, std::uint8_t bus,
               HubModel::Kind kind);
  void plug(Device& device);
  void unplug(Device& device);
  std::string record(const Device& device) const;
};

Testbed::Impl::Device& Testbed::Impl::device(DeviceId id) {
  return const_cast<Device&>(static_cast<const Impl&>(*this).device(id));
}

const Testbed::Impl::Device& Testbed::Impl::device(DeviceId id) const {
  if (id.value < 1 || static_cast<std::size_t>(id.value) > devices.size()) {
    throw std::out_of_range("usbsim::Testbed: unknown device id " + std::to_string(id.value) +
                            "; use the id add() returned");
  }
  return devices[static_cast<std::size_t>(id.value - 1)];
}

bool Testbed::Impl::taken(const std::string& name) const {
  for (const auto& d : devices) {
    if (d.name == name) return true;
  }
  return false;
}

void Testbed::Impl::ensure_hubs(const Placement& placement) {
  const std::string root = "usb" + std::to_string(placement.bus);
  if (!hubs.contains(root)) add_hub(root, "/devices/" + root, "0", placement.bus, HubModel::Kind::root);
  for (std::size_t depth = 1; depth < placement.ports.size(); ++depth) {
    const Placement hub{placement.bus, first_ports(placement, depth)};
    const std::string name = hub.port_path();
    if (taken(name)) {
      throw std::invalid_argument("Testbed::add: " + name + " is a simulated device, not a hub; " +
                                  placement.port_path() + " cannot sit behind it");
    }
    if (!hubs.contains(name)) {
      add_hub(name, devpath_of(hub), join_ports(hub.ports), placement.bus, HubModel::Kind::external);
    }
  }
}

void Testbed::Impl::add_hub(const std::string& name, std::string devpath, std::string devpath_attribute,
                            std::uint8_t bus, HubModel::Kind kind) {
  Device hub{std::make_shared<HubModel>(kind), bus, name, std::move(devpath), std::move(devpath_attribute), true};
  plug(hub);
  hubs.emplace(name, std::move(hub));
}

bool Testbed::Impl::in_use(std::uint8_t bus, unsigned devnum) const {
  auto same = [&](const Device& d) { return d.plugged && d.bus == bus && d.devnum == devnum; };
  for (const auto& d : devices) {
    if (same(d)) return true;
  }
  for (const auto& [name, hub] : hubs) {
    if (same(hub)) return true;
  }
  return false;
}

// Like the kernel: the next free address after the last one given, wrapping round past
// 127 (address 1 stays with the root hub).
unsigned Testbed::Impl::next_devnum(std::uint8_t bus) {
  unsigned candidate = last_devnum[bus];
  for (unsigned tries = 0; tries < max_devnum; ++tries) {
    candidate = candidate >= max_devnum ? 2 : candidate + 1;
    if (!in_use(bus, candidate)) return last_devnum[bus] = candidate;
  }
  throw std::runtime_error("usbsim::Testbed: all 127 addresses on bus " + std::to_string(bus) +
                           " are in use; put further devices on another bus");
}

void Testbed::Impl::plug(Device& device) {
  const unsigned devnum = next_devnum(device.bus);
  auto node = std::make_unique<UsbfsNode>(device.model, static_cast<std::uint8_t>(devnum));
  device.devnum = devnum;
  device.node = node.get();
  nodes.push_back(std::move(node));

  const std::string devnode = "/dev/bus/usb/" + three_digits(device.bus) + "/" + three_digits(devnum);
  GError* error = nullptr;
  // A reused address gets a fresh handler; the old one served a device that is gone.
  if (attached.contains(devnode)) umockdev_testbed_detach_ioctl(testbed, devnode.c_str(), nullptr);
  attached.insert(devnode);
  // The handler must be in place before the node appears: libusb may open it at once.
  if (!umockdev_testbed_attach_ioctl(testbed, devnode.c_str(), device.node->handler(), &error) ||
      !umockdev_testbed_add_from_string(testbed, record(device).c_str(), &error)) {
    const std::string why = error ? error->message : "unknown error";
    if (error) g_error_free(error);
    throw std::runtime_error("usbsim::Testbed: cannot add " + device.name + " at " + devnode + ": " + why);
  }
  device.plugged = true;  // add_from_string has sent the "add" uevent
}

void Testbed::Impl::unplug(Device& device) {
  device.node->mark_gone();
  const std::string syspath = "/sys" + device.devpath;
  umockdev_testbed_uevent(testbed, syspath.c_str(), "remove");
  umockdev_testbed_remove_device(testbed, syspath.c_str());
  device.plugged = false;
}

std::string Testbed::Impl::record(const Device& device) const {
  const DeviceDescription& d = device.node->description();
  const std::string bus = three_digits(device.bus);
  const std::string num = three_digits(device.devnum);
  std::string out = "P: " + device.devpath + "\n";
  out += "N: bus/usb/" + bus + "/" + num + "\n";
  out += "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n";
  out += "E: DEVNAME=/dev/bus/usb/" + bus + "/" + num + "\n";
  out += "E: BUSNUM=" + bus + "\nE: DEVNUM=" + num + "\n";
  out += "E: PRODUCT=" + plain_hex(d.vendor) + "/" + plain_hex(d.product) + "/" + plain_hex(d.bcd_device) + "\n";
  out += attribute("busnum", std::to_string(device.bus));
  out += attribute("devnum", std::to_string(device.devnum));
  out += attribute("devpath", device.devpath_attribute);
  out += attribute("idVendor", hex4(d.vendor));
  out += attribute("idProduct", hex4(d.product));
  out += attribute("bcdDevice", hex4(d.bcd_device));
  out += attribute("bDeviceClass", hex2(d.device_class));
  out += attribute("bNumConfigurations", "1");
  out += attribute("bConfigurationValue", "1");
  out += attribute("bNumInterfaces", " 1");
  out += attribute("bMaxPower", std::to_string(2 * d.max_power_2ma) + "mA");
  out += attribute("speed", speed_text(d.speed));
  out += attribute("version", " 2.00");
  if (device.hub) out += attribute("maxchild", "4");
  if (!d.manufacturer.empty()) out += attribute("manufacturer", d.manufacturer);
  if (!d.product_name.empty()) out += attribute("product", d.product_name);
  if (!d.serial.empty()) out += attribute("serial", d.serial);
  auto descriptors = device_descriptor(d);
  const auto configuration = configuration_descriptor(d);
  descriptors.insert(descriptors.end(), configuration.begin(), configuration.end());
  out += "H: descriptors=" + upper_hex(descriptors) + "\n";
  return out;
}

Testbed::Testbed() : impl_(std::make_unique<Impl>()) {
  if (!preload_active()) {
    throw std::runtime_error(
        "usbsim::Testbed: libumockdev-preload is not loaded, so libusb would see the real /sys and /dev; start "
        "the program under umockdev-wrapper (or with LD_PRELOAD=libumockdev-preload.so.0)");
  }
  if (testbed_alive.exchange(true)) {
    throw std::runtime_error(
        "usbsim::Testbed: another Testbed is alive in this process; umockdev serves one at a time, so destroy "
        "the first before creating the next");
  }
  impl_->testbed = umockdev_testbed_new();
}

Testbed::~Testbed() {
  // Dropping the testbed joins umockdev's ioctl thread, so no node is called after this.
  g_object_unref(impl_->testbed);
  impl_->nodes.clear();
  testbed_alive = false;
}

bool Testbed::preload_active() {
  // umockdev_in_mock_environment() answers something else (it is false in a plain
  // umockdev-wrapper process); the preload itself is what libusb needs.
  const char* preload = std::getenv("LD_PRELOAD");
  return preload && std::string_view(preload).find("libumockdev-preload") != std::string_view::npos;
}

DeviceId Testbed::add(std::shared_ptr<DeviceModel> model, Placement placement) {
  if (!model) throw std::invalid_argument("Testbed::add: no model given for " + placement.port_path());
  validate(placement);
  std::lock_guard lock(impl_->mutex);
  const std::string name = placement.port_path();
  if (impl_->taken(name)) throw std::invalid_argument("Testbed::add: " + name + " already holds a simulated device");
  if (impl_->hubs.contains(name)) {
    throw std::invalid_argument("Testbed::add: " + name + " is a hub with devices behind it; pick a free port");
  }
  impl_->ensure_hubs(placement);
  Impl::Device device{std::move(model), placement.bus, name, devpath_of(placement), join_ports(placement.ports)};
  impl_->plug(device);
  impl_->devices.push_back(std::move(device));
  return DeviceId{static_cast<int>(impl_->devices.size())};
}

void Testbed::unplug(DeviceId id) {
  std::lock_guard lock(impl_->mutex);
  auto& device = impl_->device(id);
  if (device.plugged) impl_->unplug(device);
}

void Testbed::replug(DeviceId id) {
  std::lock_guard lock(impl_->mutex);
  auto& device = impl_->device(id);
  if (device.plugged) return;
  device.model->power_cycled();
  impl_->plug(device);
}

bool Testbed::plugged(DeviceId id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->device(id).plugged;
}

std::uint8_t Testbed::address(DeviceId id) const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<std::uint8_t>(impl_->device(id).devnum);
}

std::string Testbed::sysfs_path(DeviceId id) const {
  std::lock_guard lock(impl_->mutex);
  return "/sys" + impl_->device(id).devpath;
}

std::string Testbed::device_node(DeviceId id) const {
  std::lock_guard lock(impl_->mutex);
  const auto& device = impl_->device(id);
  return "/dev/bus/usb/" + three_digits(device.bus) + "/" + three_digits(device.devnum);
}

std::string Testbed::bound_driver(DeviceId id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->device(id).node->bound_driver();
}

std::vector<std::string> Testbed::driver_events(DeviceId id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->device(id).node->driver_events();
}

}  // namespace pickupbox::usbsim
