#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: default | asan; all targets, or those named.
#   scripts/build.sh default boxd boxctl
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
shift || true
dir=build; [[ $preset == asan ]] && dir=build-asan
if [[ ! -f $dir/build.ninja ]]; then
  cmake --preset "$preset" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build --preset "$preset" -j"$(nproc)" "${targets[@]}"
