// pickupbox_soak: the chaos soak. Simulated citizens and staff run load / pickup / expiry /
// retrieve cycles against a real boxd (--sim) and a real mosquitto, while a fault injector
// kills boxd, restarts the broker, unplugs boards, jams doors, fills the disk and sends
// malformed input; an independent checker reads the database, the back office's log and
// boxd's log after every fault and at the end. Exit 0 with no violations, 1 with any, 2 when
// the run could not be carried out at all.
//
//   pickupbox_soak --duration 1800 --seed 7          (a long run by hand)
//   ctest -L soak                                    (soak.short, about two minutes)
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>

#include "box_rig.hpp"
#include "checker.hpp"
#include "desk.hpp"
#include "fault_injector.hpp"
#include "findings.hpp"
#include "ledger.hpp"
#include "options.hpp"
#include "report.hpp"
#include "tally.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace soak = pickupbox::soak;

// The gap to the next fault: random around the mean, so faults land at every point of the
// cycles, never closer than a third of the mean (the box gets to do some work in between).
Clock::duration next_gap(std::mt19937_64& random, std::chrono::milliseconds mean) {
  std::uniform_real_distribution<double> factor(0.33, 1.67);
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(mean.count()) * factor(random)));
}

int run(const soak::Options& options) {
  std::filesystem::create_directories(options.out_dir);
  std::cout << "pickupbox soak: seed " << options.seed << ", " << options.duration.count() << " s, output in "
            << options.out_dir.string() << std::endl;
  std::mt19937_64 random(options.seed);
  soak::Tally tally;
  soak::Findings findings;
  soak::Ledger ledger;
  const auto started = Clock::now();

  soak::BoxRig rig(options.out_dir);
  if (!rig.disk()) std::cout << "disk_full fault left out: " << rig.no_disk_reason() << std::endl;
  soak::Desk desk(rig, ledger, tally, findings, random);
  soak::FaultInjector injector(rig, desk, ledger, tally, findings, random, options.mid_flow_kill);
  desk.set_hazard([&](std::string_view where) { injector.hazard(where); });
  soak::Checker checker(rig, ledger, tally, findings);

  checker.check("start");
  // Leave time at the end for the drain and the final check inside the asked duration.
  const auto work_until = started + options.duration - std::min<Clock::duration>(options.duration / 6, 60s);
  auto next_fault = Clock::now() + next_gap(random, options.fault_every);
  while (Clock::now() < work_until) {
    desk.step();
    if (Clock::now() < next_fault) continue;
    const auto kind = injector.inject();
    std::cout << "[" << std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count() << " s] fault "
              << kind << "; violations so far: " << findings.violations().size() << std::endl;
    checker.check(kind);
    next_fault = Clock::now() + next_gap(random, options.fault_every);
  }
  checker.final_check(60s);
  rig.keep_boxd_log();

  soak::RunFacts facts;
  facts.seed = options.seed;
  facts.duration_asked = options.duration;
  facts.duration_ran = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started);
  facts.out_dir = options.out_dir;
  soak::print_report(facts, tally, findings);
  return findings.violations().empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = soak::parse_options(argc, argv);
  if (!options) {
    std::cerr << options.error() << "\n";
    return 2;
  }
  try {
    return run(*options);
  } catch (const std::exception& e) {
    std::cerr << "pickupbox soak could not run (seed " << options->seed << "): " << e.what() << "\n";
    return 2;
  }
}
