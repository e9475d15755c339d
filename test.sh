#!/usr/bin/env bash
# One command: install what is missing, build, and run every test (ASan+UBSan build, then
# the plain build, which adds the 2-minute chaos soak), then a short fuzz run of every
# libFuzzer target (PICKUPBOX_FUZZ_SECONDS, default 30 each). The long runs are by hand:
# build/tests/soak/pickupbox_soak --duration 1800, scripts/fuzz.sh 600 (README: Reliability).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
jobs=$(nproc)

status=0
for preset in asan default; do
  echo "== $preset build"
  scripts/build.sh "$preset"
  echo "== $preset tests"
  # The soak runs once, in the plain build: under ASan its cycles are too slow to be a soak.
  exclude=(); [[ $preset == asan ]] && exclude=(-LE soak)
  ctest --preset "$preset" -j"$jobs" "${exclude[@]}" || status=1
done
echo "== fuzz (${PICKUPBOX_FUZZ_SECONDS:-30} s per target)"
scripts/fuzz.sh "${PICKUPBOX_FUZZ_SECONDS:-30}" || status=1
exit $status
