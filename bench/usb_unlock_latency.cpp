// Unlock latency through the real USB path: from an unlock request entering the bus
// master to its frame reaching the simulated board behind a simulated FT232R (libusb,
// the bridge driver, usbdevfs ioctls under umockdev). Software time only: the simulated
// wire has no baud-rate delay. Goal: p99 <= 5 ms. Run: build/drivers/usbsim/usbsim-run
// build/bench/usb_unlock_latency [unlocks] [ftdi|ch340]
// Besides the text it prints "figure <name> <value>" lines for bench/report.sh.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "kerong/bus_master.hpp"
#include "serial/bridge_transport.hpp"
#include "sim/sim_bank.hpp"
#include "usb/usb_context.hpp"
#include "usbsim/ch340_chip_model.hpp"
#include "usbsim/ftdi_chip_model.hpp"
#include "usbsim/testbed.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace pickupbox;

// The far end of the bridge: stamps the moment each frame arrives, then lets the boards act.
class StampingWire final : public kerong::Transport {
 public:
  explicit StampingWire(kerong::Transport& boards) : boards_(boards) {}
  core::Result<void> write(std::span<const std::uint8_t> bytes) override {
    last_arrival = Clock::now();
    return boards_.write(bytes);
  }
  core::Result<std::size_t> read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) override {
    return boards_.read(out, timeout);
  }
  std::atomic<Clock::time_point> last_arrival{};

 private:
  kerong::Transport& boards_;
};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int unlocks = argc > 1 ? std::atoi(argv[1]) : 10'000;
  const std::string chip = argc > 2 ? argv[2] : "ftdi";
  sim::SimBoardOptions board;
  board.address = 0;
  board.answers_unlock = true;  // so each unlock ends on the reply, not on the reply timeout
  sim::SimBank bank({board}, sim::TimeoutMode::immediate);
  StampingWire wire(bank.transport());
  usbsim::Testbed testbed;
  if (chip == "ch340") testbed.add(std::make_shared<usbsim::Ch340ChipModel>(wire), usbsim::Placement{1, {1, 4}});
  else testbed.add(std::make_shared<usbsim::FtdiChipModel>(wire), usbsim::Placement{1, {1, 4}});
  usb::Context usb;
  serial::BridgeConfig config;
  config.chip = chip == "ch340" ? serial::BridgeChip::ch340 : serial::BridgeChip::ftdi;
  config.match.port_path = "1-1.4";
  serial::BridgeTransport transport(usb, config, [](bool, const std::string&) {});
  kerong::BusSettings settings;
  settings.boards = {kerong::BoardConfig{0}};
  kerong::BusMaster bus(transport, settings);
  if (!bus.status(0)) {
    std::fprintf(stderr, "usb_unlock_latency: the simulated bridge did not come up\n");
    return 1;
  }
  std::vector<double> to_board_ms, round_trip_ms;
  for (int i = 0; i < unlocks; ++i) {
    const auto start = Clock::now();
    if (auto ok = bus.unlock(0, 1 + i % 16); !ok) {
      std::fprintf(stderr, "unlock %d failed: %s\n", i, ok.error().message.c_str());
      return 1;
    }
    const auto done = Clock::now();
    to_board_ms.push_back(std::chrono::duration<double, std::milli>(wire.last_arrival.load() - start).count());
    round_trip_ms.push_back(std::chrono::duration<double, std::milli>(done - start).count());
  }
  std::printf("%d unlocks over a simulated %s (umockdev):\n", unlocks, chip.c_str());
  std::printf("  request -> frame at the board: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (goal p99 <= 5 ms)\n",
              percentile(to_board_ms, 0.5), percentile(to_board_ms, 0.99), percentile(to_board_ms, 1.0));
  std::printf("  request -> board's reply read back: p50 %.3f ms  p99 %.3f ms  max %.3f ms\n",
              percentile(round_trip_ms, 0.5), percentile(round_trip_ms, 0.99), percentile(round_trip_ms, 1.0));
  // For bench/report.sh: one "figure <name> <value>" per line.
  std::printf("figure unlock.%s.to_board_p50_ms %.3f\n", chip.c_str(), percentile(to_board_ms, 0.5));
  std::printf("figure unlock.%s.to_board_p99_ms %.3f\n", chip.c_str(), percentile(to_board_ms, 0.99));
  std::printf("figure unlock.%s.round_trip_p99_ms %.3f\n", chip.c_str(), percentile(round_trip_ms, 0.99));
  return 0;
}
