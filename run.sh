#!/usr/bin/env bash
# One command: install what is missing, build, and run the pickup box on simulated lock boards.
#   ./run.sh           start boxd (Ctrl-C stops it); talk to it with build/provisioning/boxctl
#   ./run.sh --demo    run the scripted end-to-end scenario and exit 0 only if every step worked
#   ./run.sh --usb     the same box with its boards behind a simulated USB bridge (boxd-usbsim);
#                      --usb --demo runs the scenario through the USB path
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
scripts/build.sh default

BOXD=build/firmware/app/boxd
if [[ ${1:-} == --usb ]]; then
  BOXD=build/firmware/app/boxd-usbsim
  shift
fi
BOXCTL=build/provisioning/boxctl

if [[ ${1:-} == --demo ]]; then
  state=$(mktemp -d /tmp/pickupbox-demo.XXXXXX)
  trap 'kill "$boxd_pid" 2>/dev/null; wait "$boxd_pid" 2>/dev/null' EXIT
  "$BOXD" --sim --state-dir "$state" --socket "$state/api.sock" --log-level warn &
  boxd_pid=$!
  "$BOXCTL" --socket "$state/api.sock" demo --state-dir "$state"
  exit $?
fi

state=${PICKUPBOX_STATE_DIR:-$PWD/state}
mkdir -p "$state"
echo "run: boxd on simulated lock boards; state in $state; socket $state/api.sock"
echo "run: try:  $BOXCTL --socket $state/api.sock status"
exec "$BOXD" --sim --state-dir "$state" --socket "$state/api.sock" "$@"
