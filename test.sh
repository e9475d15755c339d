#!/usr/bin/env bash
# One command: install what is missing, build, and run every test (ASan+UBSan build, then
# the plain build), then a short fuzz run of every libFuzzer target (PICKUPBOX_FUZZ_SECONDS,
# default 60 each; longer runs by hand: scripts/fuzz.sh 600).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
jobs=$(nproc)

status=0
for preset in asan default; do
  echo "== $preset build"
  scripts/build.sh "$preset"
  echo "== $preset tests"
  ctest --preset "$preset" -j"$jobs" || status=1
done
echo "== fuzz (${PICKUPBOX_FUZZ_SECONDS:-60} s per target)"
scripts/fuzz.sh "${PICKUPBOX_FUZZ_SECONDS:-60}" || status=1
exit $status
