#!/usr/bin/env bash
# One command: install what is missing, build, and run every test (plain build, then ASan+UBSan).
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
exit $status
