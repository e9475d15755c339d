#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz with clang and runs each for N seconds
# (default 60), starting from the seed corpus in tests/fuzz/corpus/<target>/ and, when there is
# one, the token dictionary tests/fuzz/<target>.dict.
# Exits non-zero when a target crashes or breaks an invariant; the input that did it is
# left in build-fuzz/ as crash-<target>-* (rerun: build-fuzz/fuzz_<target> FILE).
#
# Needs clang >= 16 (libstdc++'s std::expected does not compile with Debian 12's clang 14);
# installs clang-16 from Debian when it is missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
dir=build-fuzz
targets=(frame_decoder ftdi_splitter command_parser api_request config_parser enrollment_messages)

find_clang() {
  local candidate
  for candidate in clang++-19 clang++-18 clang++-17 clang++-16; do
    if command -v "$candidate" >/dev/null; then echo "$candidate"; return; fi
  done
}

cxx=$(find_clang)
if [[ -z $cxx ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "fuzz.sh: needs clang >= 16; run: sudo apt-get install clang-16 libclang-rt-16-dev" >&2
    exit 2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang-16 libclang-rt-16-dev >/dev/null
  cxx=clang++-16
fi

cmake -S tests/fuzz -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPICKUPBOX_FUZZ=ON >/dev/null
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

status=0
for target in "${targets[@]}"; do
  # New finds go to a scratch corpus in the build dir; the checked-in seeds stay as they are.
  scratch=$dir/corpus/$target
  mkdir -p "$scratch"
  dict=()
  [[ -f tests/fuzz/$target.dict ]] && dict=(-dict="tests/fuzz/$target.dict")
  echo "== fuzz_$target for ${seconds}s"
  if ! "$dir/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 "${dict[@]}" \
      -artifact_prefix="$dir/crash-$target-" "$scratch" "tests/fuzz/corpus/$target" 2>"$dir/fuzz_$target.log"; then
    echo "fuzz_$target FAILED; see $dir/fuzz_$target.log and $dir/crash-$target-*" >&2
    tail -40 "$dir/fuzz_$target.log" >&2
    status=1
    continue
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$dir/fuzz_$target.log"
done
exit $status
