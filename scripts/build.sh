#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: default | asan.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
dir=build; [[ $preset == asan ]] && dir=build-asan
if [[ ! -f $dir/build.ninja ]]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -j"$(nproc)"
