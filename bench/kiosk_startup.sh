#!/usr/bin/env bash
# Kiosk start-up and memory: launch to first frame, and resident memory once it has settled,
# with software rendering (QT_QUICK_BACKEND=software, offscreen), against a real boxd --sim.
# Goal (README): first frame <= 1.5 s, steady RSS <= 150 MB.
#   bench/kiosk_startup.sh [RUNS] [BUILD_DIR]   (default 5 runs, build/; builds nothing: run
#                                               scripts/build.sh default boxd pickupbox-kiosk first)
# Besides the table it prints "figure <name> <value>" lines for bench/report.sh.
set -euo pipefail
build=$(realpath -m "${2:-$(dirname "$0")/../build}")
cd "$(dirname "$0")/.."
runs=${1:-5}
BOXD=$build/firmware/app/boxd
KIOSK=$build/kiosk-ui/pickupbox-kiosk
for program in "$BOXD" "$KIOSK"; do
  [[ -x $program ]] || { echo "kiosk_startup: $program is missing; run: scripts/build.sh default boxd pickupbox-kiosk" >&2; exit 1; }
done

dir=$(mktemp -d /tmp/pickupbox-kiosk-bench.XXXXXX)
chmod 700 "$dir"
boxd_pid=
cleanup() { [[ -n $boxd_pid ]] && kill "$boxd_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$BOXD" --print-config >"$dir/boxd.conf"
"$BOXD" --sim --config "$dir/boxd.conf" --state-dir "$dir" --socket "$dir/api.sock" --log-level warn >"$dir/boxd.log" 2>&1 &
boxd_pid=$!
for _ in $(seq 100); do [[ -S $dir/api.sock ]] && break; sleep 0.05; done

export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software XDG_RUNTIME_DIR=$dir
# A cold page cache needs root; without it every run but the first starts warm.
cold="warm page cache"
if sync && echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then cold="page cache dropped before each run"; fi

first_frames=() inner=() rss=()
for ((i = 1; i <= runs; i++)); do
  [[ $cold == page* ]] && echo 3 >/proc/sys/vm/drop_caches
  start=$(date +%s%N)
  "$KIOSK" --socket "$dir/api.sock" --report-first-frame --quit-after-s 6 >"$dir/kiosk.out" 2>"$dir/kiosk.err" &
  pid=$!
  until grep -q first_frame_ms "$dir/kiosk.out" 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "kiosk_startup: the kiosk exited before its first frame:" >&2; cat "$dir/kiosk.err" >&2; exit 1; }
    sleep 0.005
  done
  first_frames+=($((($(date +%s%N) - start) / 1000000)))
  inner+=($(sed -n 's/^first_frame_ms=//p' "$dir/kiosk.out"))
  sleep 4  # connected to boxd, status and lockers polled, idle: steady state
  rss+=($(awk '/^VmRSS/ {print int($2 / 1024)}' /proc/$pid/status))
  wait $pid
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
maximum() { printf '%s\n' "$@" | sort -n | tail -1; }
echo "kiosk start-up, $runs runs, software rendering, offscreen 1080x1920 ($cold)"
printf '%-44s %8s %8s %8s\n' "" median max goal
printf '%-44s %6s ms %5s ms %8s\n' "launch -> first frame (wall clock)" "$(median "${first_frames[@]}")" "$(maximum "${first_frames[@]}")" "1500 ms"
printf '%-44s %6s ms %5s ms\n' "  of which main() -> first frame" "$(median "${inner[@]}")" "$(maximum "${inner[@]}")"
printf '%-44s %6s MB %5s MB %8s\n' "steady RSS (4 s after first frame)" "$(median "${rss[@]}")" "$(maximum "${rss[@]}")" "150 MB"
echo "figure kiosk.first_frame_ms $(median "${first_frames[@]}")"
echo "figure kiosk.first_frame_max_ms $(maximum "${first_frames[@]}")"
echo "figure kiosk.rss_mb $(median "${rss[@]}")"
