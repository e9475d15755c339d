// boxd-usbsim: boxd driving simulated lock boards through the real USB path. The boards
// sit behind a simulated FT232R or CH340 (and HID relay boards) on an in-process umockdev
// USB bus, so libusb, the bridge driver, hotplug and the bus master all run for real.
// For development, demos and end-to-end tests; never installed on a box.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/daemon.hpp"
#include "usbsim/ch340_chip_model.hpp"
#include "usbsim/ftdi_chip_model.hpp"
#include "usbsim/hid_relay_model.hpp"
#include "usbsim/testbed.hpp"

namespace pickupbox::app {
namespace {

constexpr std::string_view kUsbSimConfig = R"(# boxd-usbsim: the development box, its bus on a USB bridge.
[box]
device_id = box-dev-001

[bus]
backend = usb
bridge = ftdi
port_path = 1-1.4
line = 19200 8N1
boards = 0 1

[relay.R1]
port_path = 1-2
relays = 2
closed_after_ms = 10000

[doors]
A01 = 0 1 S
A02 = 0 2 S
A03 = 0 3 S
A04 = 0 4 S
A05 = 0 5 M
A06 = 0 6 M
A07 = 0 7 M
A08 = 0 8 M
A09 = 0 9 L
A10 = 0 10 L
B01 = 1 1 S
B02 = 1 2 M
B03 = 1 3 M
B04 = 1 4 L
R01 = R1 1 M
R02 = R1 2 L

[dev]
staff = desk1 1234
)";

usbsim::Placement placement_of(const usb::DeviceMatch& match, std::vector<std::uint8_t> fallback) {
  if (auto path = usb::parse_port_path(match.port_path)) return usbsim::Placement{path->bus, path->ports};
  return usbsim::Placement{1, std::move(fallback)};
}

// The simulated hardware: it must outlive the daemon, which opens it through libusb.
struct SimulatedUsb {
  std::unique_ptr<sim::SimBank> bank;
  usbsim::Testbed testbed;
  std::vector<std::shared_ptr<usbsim::DeviceModel>> chips;
};

void plug_in(SimulatedUsb& usb, const Config& config) {
  if (config.backend != BusBackend::usb) {
    throw std::runtime_error("boxd-usbsim simulates the USB path: the configuration needs [bus] backend = usb");
  }
  std::shared_ptr<usbsim::DeviceModel> bridge;
  if (config.bridge.chip == "ch340") bridge = std::make_shared<usbsim::Ch340ChipModel>(usb.bank->transport());
  else bridge = std::make_shared<usbsim::FtdiChipModel>(usb.bank->transport());
  usb.testbed.add(bridge, placement_of(config.bridge.match, {1}));
  usb.chips.push_back(bridge);
  std::uint8_t next_port = 2;
  for (const auto& relay : config.relay_boards) {
    auto model = std::make_shared<usbsim::HidRelayModel>(relay.relays);
    usb.testbed.add(model, placement_of(relay.match, {next_port++}));
    usb.chips.push_back(model);
  }
}

// The umockdev preload must be in place before the process starts: start again under it,
// as umockdev-wrapper would (ASan must then accept not coming first in the library list).
void ensure_preload() {
  if (usbsim::Testbed::preload_active()) return;
  const char* preload = std::getenv("LD_PRELOAD");
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string preloads = std::string("libumockdev-preload.so.0") + (preload ? std::string(":") + preload : "");
  const char* asan = std::getenv("ASAN_OPTIONS");
  const std::string asan_options = std::string("verify_asan_link_order=0") + (asan ? std::string(":") + asan : "");
  setenv("LD_PRELOAD", preloads.c_str(), 1);
  setenv("ASAN_OPTIONS", asan_options.c_str(), 1);
  std::ifstream cmdline("/proc/self/cmdline");
  std::vector<std::string> words;
  for (std::string word; std::getline(cmdline, word, '\0');) words.push_back(word);
  std::vector<char*> args;
  for (auto& word : words) args.push_back(word.data());
  args.push_back(nullptr);
  if (!ec) execv(self.c_str(), args.data());
  std::cerr << "boxd-usbsim: cannot restart with the umockdev preload (" << std::strerror(errno)
            << "); install umockdev (scripts/setup.sh) or run under umockdev-wrapper\n";
  std::exit(1);
}

}  // namespace
}  // namespace pickupbox::app

int main(int argc, char** argv) {
  using namespace pickupbox::app;
  ensure_preload();
  DaemonOptions options;
  options.builtin_config = kUsbSimConfig;
  CLI::App cli{"boxd-usbsim: boxd on simulated lock boards behind a simulated USB bridge (development)"};
  return daemon_main(cli, options, argc, argv, [](const DaemonOptions& given) {
    DaemonOptions run = given;
    run.sim = true;
    const Config config = load_config(run);
    SimulatedUsb usb{make_sim_bank(config), {}, {}};
    plug_in(usb, config);
    return run_daemon(run, usb.bank.get());
  });
}
