#!/usr/bin/env bash
# Every benchmark once, as one Markdown table: figure | measured | goal | met?
# Benchmarks are never pass/fail: the exit status says only whether every figure was measured.
#
#   bench/report.sh [--quick] [BUILD_DIR]
#
# BUILD_DIR (default build/, built with scripts/build.sh default) must be a configured build
# tree with the kiosk and the benches; the script builds the targets it needs in it. --quick
# shortens each run for a smoke check (its figures are not comparable with the goals' runs).
# Each bench's own output goes to BUILD_DIR/bench/report/<bench>.log, every figure to
# BUILD_DIR/bench/report/figures.txt ("<name> <value>"), the table to stdout and report.md.
# The verify bench's million-order state file is built once into BUILD_DIR/bench/cache.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

quick=0 build=
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "report: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) [[ -z $build ]] || { echo "report: one build directory only" >&2; exit 2; }; build=$arg ;;
  esac
done
build=$(realpath -m "${build:-$root/build}")

targets=(boxd pickupbox-kiosk pickupbox_bench boxd_startup usb_unlock_latency mqtt_outbox_bench)
echo "report: building ${targets[*]} in $build" >&2
if [[ $build == "$root/build" ]]; then
  "$root/scripts/build.sh" default "${targets[@]}" >&2
else
  [[ -f $build/build.ninja || -f $build/Makefile ]] ||
    { echo "report: $build is not a configured build tree (cmake -S $root -B $build first)" >&2; exit 1; }
  cmake --build "$build" -j"$(nproc)" $(printf -- '--target %s ' "${targets[@]}") >&2
fi

out=$build/bench/report
mkdir -p "$out"
: >"$out/figures.txt"
export PICKUPBOX_BENCH_CACHE=$build/bench/cache
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# run NAME COMMAND...: runs one bench into its log and collects its "figure" lines. Exit
# status 3 of mqtt_outbox_bench (an event lost) is a result, not a failure: the row shows it.
run() {
  local name=$1
  shift
  echo "report: running $name: $*" >&2
  local status=0
  "$@" >"$out/$name.log" 2>&1 || status=$?
  if ((status != 0)) && ! [[ $name == mqtt_outbox && $status == 3 ]]; then
    echo "report: $name failed (exit $status); its output is in $out/$name.log:" >&2
    tail -20 "$out/$name.log" >&2
    exit 1
  fi
  awk '$1 == "figure" && NF == 3 { print $2, $3 }' "$out/$name.log" >>"$out/figures.txt"
}

# fig NAME: a figure's value, or a clear failure naming the bench that should have printed it.
# Called as one assignment per statement: with set -e only the last $(...) of a statement counts.
fig() {
  local value
  value=$(awk -v n="$1" '$1 == n { v = $2 } END { print v }' "$out/figures.txt")
  if [[ -z $value ]]; then
    local bench
    case ${1%%.*} in
      unlock) bench=usb_unlock_latency ;; mqtt) bench=mqtt_outbox_bench ;; boxd) bench=boxd_startup ;;
      kiosk) bench=kiosk_startup.sh ;; *) bench=pickupbox_bench ;;
    esac
    echo "report: $bench printed no figure '$1'; its output is in $out" >&2
    exit 1
  fi
  echo "$value"
}

# Google Benchmark JSON → "figure" lines: the median of the repetitions (or the one run in
# --quick), in microseconds: cpu_time for the lookup (CPU-bound); real_time (it waits for the
# fsync) and cpu_time for the full verify.
gbench_figures() {
  jq -r '
    def us($unit): if $unit == "ns" then . / 1000 elif $unit == "ms" then . * 1000 elif $unit == "s" then . * 1e6 else . end;
    .benchmarks[]
    | select(.error_occurred | not)
    | select(.aggregate_name == "median" or .run_type == "iteration")
    | .time_unit as $unit
    | ([.run_name | split("/")[1:][] | select(test("^[0-9]+$"))] | join("_")) as $args
    | if (.run_name | startswith("BM_VerifyLookup/")) then "figure verify.lookup.\($args)_us \(.cpu_time | us($unit))"
      elif (.run_name | startswith("BM_VerifyPickup/")) then
        "figure verify.pickup.\($args)_us \(.real_time | us($unit))\nfigure verify.pickup_cpu.\($args)_us \(.cpu_time | us($unit))"
      elif (.run_name | startswith("BM_Decode")) then "figure decoder.\(.run_name | ltrimstr("BM_Decode") | ascii_downcase) \(.items_per_second)"
      else empty end' "$1"
}

if ((quick)); then
  unlocks=1000 events=2000 backlog=5000 boxd_runs=3 boxd_settle=1 kiosk_runs=1 reps=1 min_time=0.05
else
  unlocks=10000 events=20000 backlog=100000 boxd_runs=6 boxd_settle=3 kiosk_runs=5 reps=5 min_time=0.5
fi

run unlock_ftdi "$build/drivers/usbsim/usbsim-run" "$build/bench/usb_unlock_latency" $unlocks ftdi
run unlock_ch340 "$build/drivers/usbsim/usbsim-run" "$build/bench/usb_unlock_latency" $unlocks ch340
run mqtt_outbox "$build/bench/mqtt_outbox_bench" --events $events --backlog $backlog
run boxd_startup "$build/bench/boxd_startup" "$build/firmware/app/boxd" $boxd_runs $boxd_settle
run kiosk_startup "$root/bench/kiosk_startup.sh" $kiosk_runs "$build"
run pickupbox_bench "$build/bench/pickupbox_bench" --benchmark_repetitions=$reps --benchmark_min_time=$min_time \
  --benchmark_report_aggregates_only=true --benchmark_format=json --benchmark_out="$out/pickupbox_bench.json" \
  --benchmark_out_format=json
gbench_figures "$out/pickupbox_bench.json" >"$out/gbench.log"
awk '$1 == "figure" && NF == 3 { print $2, $3 }' "$out/gbench.log" >>"$out/figures.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ---

# met VALUE OP GOAL: yes/no by an awk comparison (<= or >= or ==).
met() { awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN {
  ok = (op == "<=") ? v + 0 <= g + 0 : (op == ">=") ? v + 0 >= g + 0 : v + 0 == g + 0
  print ok ? "yes" : "**no**" }'; }
both() { [[ $1 == yes && $2 == yes ]] && echo yes || echo "**no**"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
thousands() { awk -v v="$1" 'BEGIN { printf "%.1fk", v / 1000 }'; }

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }

for chip in ftdi ch340; do
  label=$([[ $chip == ftdi ]] && echo FT232R || echo CH340)
  p50=$(fig unlock.$chip.to_board_p50_ms)
  p99=$(fig unlock.$chip.to_board_p99_ms)
  row "1. unlock request entering the bus master → frame at the board, $label on the simulated USB bus, p50 / p99 ($unlocks unlocks)" \
    "$p50 / $p99 ms" "p99 ≤ 5 ms" "$(met "$p99" "<=" 5)"
done
for t in tcp tls; do
  T=${t^^}
  raw=$(fig mqtt.$t.raw_per_s)
  box=$(fig mqtt.$t.outbox_per_s)
  r=$(fig mqtt.$t.ratio)
  row "2. events/s through the outbox vs raw libmosquitto, $T ($events × 200 B, QoS 1)" \
    "$(thousands "$box") vs $(thousands "$raw") msg/s = **$r**" "ratio ≥ 0.5" "$(met "$r" ">=" 0.5)"
done
drain_goal=$(awk -v n="$backlog" 'BEGIN { printf "%g", 30 * n / 100000 }')
for t in tcp tls; do
  T=${t^^}
  n=$(fig mqtt.$t.backlog_events)
  s=$(fig mqtt.$t.backlog_drain_s)
  lost=$(fig mqtt.$t.backlog_lost)
  row "3. backlog of $n events queued while the broker is down, $T: broker starts → outbox empty" \
    "$s s, $lost lost" "≤ $drain_goal s, 0 lost" "$(both "$(met "$s" "<=" "$drain_goal")" "$(met "$lost" "==" 0)")"
done
accept=$(fig boxd.restart_accept_ms)
status=$(fig boxd.restart_status_ms)
first=$(fig boxd.first_status_ms)
rss=$(fig boxd.rss_mb)
pss=$(fig boxd.pss_mb)
row "4. boxd start-up, 24 doors, restart on its state: spawn → socket accepts / → status answered (median of $((boxd_runs - 1)))" \
  "$accept / $status ms" "≤ 1000 ms" "$(met "$status" "<=" 1000)"
row "4. boxd first start (empty state directory): spawn → status answered" "$first ms" "≤ 1000 ms" "$(met "$first" "<=" 1000)"
row "4. boxd steady RSS (VmRSS; Pss from smaps_rollup)" "$rss MB (Pss $pss MB)" "≤ 50 MB" "$(met "$rss" "<=" 50)"
kf=$(fig kiosk.first_frame_ms)
kmax=$(fig kiosk.first_frame_max_ms)
krss=$(fig kiosk.rss_mb)
row "5. kiosk launch → first frame, median (max) of $kiosk_runs, software rendering 1080×1920" \
  "$kf ms ($kmax ms)" "≤ 1500 ms" "$(met "$kf" "<=" 1500)"
row "5. kiosk steady RSS" "$krss MB" "≤ 150 MB" "$(met "$krss" "<=" 150)"
small=$(fig verify.pickup.24_100_us)
big=$(fig verify.pickup.1000_1000000_us)
r=$(ratio "$big" "$small")
row "6. pickup.verify → unlock request (BoxService, commit fsync'ed): 24 doors + 100 past orders → 1,000 doors + 1,000,000 past" \
  "$(printf '%.0f → %.0f µs = **%s×**' "$small" "$big" "$r")" "ratio ≤ 2" "$(met "$r" "<=" 2)"
small=$(fig verify.pickup_cpu.24_100_us)
big=$(fig verify.pickup_cpu.1000_1000000_us)
r=$(ratio "$big" "$small")
row "6. the same, CPU time only (the fsync wait left out: what the store's size can change)" \
  "$(printf '%.0f → %.0f µs = **%s×**' "$small" "$big" "$r")" "ratio ≤ 2" "$(met "$r" "<=" 2)"
small=$(fig verify.lookup.24_100_us)
big=$(fig verify.lookup.1000_1000000_us)
r=$(ratio "$big" "$small")
row "6. of which the code lookup (hash, SQLite index, compare), CPU" \
  "$(printf '%.1f → %.1f µs = **%s×**' "$small" "$big" "$r")" "ratio ≤ 2" "$(met "$r" "<=" 2)"
clean=$(fig decoder.cleanstatusreplies)
noisy=$(fig decoder.noisystatusreplies)
row "Kerong frame decoder, status replies/s clean / with line noise (the bus carries ~200/s)" \
  "$(awk -v a="$clean" -v b="$noisy" 'BEGIN { printf "%.0f M / %.0f M", a / 1e6, b / 1e6 }')" "—" "—"

{
  echo "bench/report.sh$( ((quick)) && echo ' --quick'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores; load average (1, 5, 15 min) $load_before before, $load_after after"
  echo
  echo "| figure | measured | goal | met? |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out/report.md"
