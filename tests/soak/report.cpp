#include "report.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace pickupbox::soak {

std::string print_report(const RunFacts& facts, const Tally& tally, const Findings& findings) {
  std::ostringstream out;
  out << "=== pickupbox soak summary ===\n"
      << "seed: " << facts.seed << "  (rerun: pickupbox_soak --duration " << facts.duration_asked.count()
      << " --seed " << facts.seed << ")\n"
      << "duration: " << facts.duration_ran.count() << " s (asked " << facts.duration_asked.count() << " s)\n"
      << "cycles: " << tally.loads << " loads, " << tally.pickups << " pickups, " << tally.expiries_retrieved
      << " expiries retrieved\n"
      << "refusals explained by a fault or a full box: " << tally.refusals_expected
      << "; driver steps cut short by a fault and resumed: " << tally.steps_interrupted << "\n"
      << "faults injected:";
  std::int64_t total = 0;
  for (const auto& [kind, count] : tally.faults) {
    out << " " << kind << "=" << count;
    total += count;
  }
  out << " (total " << total << ")\n";
  for (const auto& left_out : tally.faults_left_out) out << "fault left out: " << left_out << "\n";
  out << "checks: " << tally.checks << " checker passes, " << tally.rules_checked << " rule evaluations\n";
  for (const auto& [note, times] : tally.notes) out << "note (" << times << "x): " << note << "\n";
  out << "violations: " << findings.violations().size() << "\n";
  for (const auto& v : findings.violations()) {
    out << "  VIOLATION: " << v.what;
    if (!v.order_id.empty()) out << " [order " << v.order_id << "]";
    if (!v.door.empty()) out << " [door " << v.door << "]";
    out << "\n";
  }
  out << "files: " << (facts.out_dir / "backoffice.jsonl").string() << ", " << (facts.out_dir / "boxd.log").string()
      << ", " << (facts.out_dir / "summary.txt").string() << "\n";
  const auto text = out.str();
  std::cout << text << std::flush;
  std::ofstream(facts.out_dir / "summary.txt", std::ios::trunc) << text;
  return text;
}

}  // namespace pickupbox::soak
