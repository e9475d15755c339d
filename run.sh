#!/usr/bin/env bash
# One command: install what is missing, build, and run the whole loop on this machine:
#   a local mosquitto (loopback, TLS with client certificates from a development CA made on
#   the first run), boxd on simulated lock boards connected to it, and the reference
#   back-office console, which prints events, "delivers" SMS by printing them and takes
#   commands on its standard input; and the kiosk's touchscreen: a window when there is a
#   display, else served over VNC (127.0.0.1:5900).
#
#   ./run.sh           the loop; type commands into the console, use boxctl from another terminal
#   ./run.sh --demo    the scripted scenario: the back office creates an order, staff loads it,
#                      the citizen collects it with the code from the SMS; exit 0 only if every step worked
#   ./run.sh --usb     the boards behind a simulated USB bridge (boxd-usbsim); also with --demo
#
# PICKUPBOX_STATE_DIR (default ./state), PICKUPBOX_BROKER_PORT (default 18883) and
# PICKUPBOX_VNC_PORT (default 5900) move things; PICKUPBOX_KIOSK=off runs without the kiosk.
set -euo pipefail
cd "$(dirname "$0")"

usage() { sed -n '2,16p' "$0" >&2; exit 2; }
usb=0 demo=0
for arg in "$@"; do
  case $arg in
    --usb) usb=1 ;;
    --demo) demo=1 ;;
    *) usage ;;
  esac
done

scripts/setup.sh
kiosk=1  # the demo is scripted through boxctl; it needs no screen
if ((demo)) || [[ ${PICKUPBOX_KIOSK:-on} == off ]]; then kiosk=0; fi
scripts/build.sh default boxd boxctl backoffice-console $( ((usb)) && echo boxd-usbsim) $( ((kiosk)) && echo pickupbox-kiosk)

BOXD=build/firmware/app/boxd
((usb)) && BOXD=build/firmware/app/boxd-usbsim
BOXCTL=build/provisioning/boxctl
CONSOLE=build/backoffice-console/backoffice-console
KIOSK=build/kiosk-ui/pickupbox-kiosk
device=box-dev-001

if ((demo)); then
  state=$(mktemp -d /tmp/pickupbox-demo.XXXXXX)
  port=$((20000 + RANDOM % 20000))  # a demo must not collide with a ./run.sh left running
else
  state=${PICKUPBOX_STATE_DIR:-$PWD/state}
  port=${PICKUPBOX_BROKER_PORT:-18883}
fi
mkdir -p "$state" && chmod 700 "$state"
pki=$state/pki

pids=()
cleanup() {
  # boxd first, so that it says goodbye (status offline) to a broker that still listens.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

# The development CA, the broker's, the back office's and this box's certificates (kept).
scripts/dev-ca.sh "$pki" "$device" >/dev/null
install -m 0600 "$pki/devices/$device.key" "$state/device.key"
install -m 0644 "$pki/devices/$device.crt" "$state/device.crt"
install -m 0644 "$pki/ca.crt" "$state/backoffice-ca.crt"

scripts/dev-broker.sh "$pki" "$port" >"$state/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run: the broker did not start:" >&2; tail "$state/broker.log" >&2; exit 1; }
  sleep 0.1
done

# The built-in box, plus the back-office link (the state directory holds its TLS files).
{
  "$BOXD" --print-config
  printf '\n[backoffice]\nbroker = 127.0.0.1:%s\nheartbeat_s = 60\nkeepalive_s = 10\n' "$port"
} >"$state/boxd.conf"

console=("$CONSOLE" --host 127.0.0.1 --port "$port" --cafile "$pki/ca.crt" --cert "$pki/backoffice.crt"
  --key "$pki/backoffice.key")
boxd=("$BOXD" --sim --config "$state/boxd.conf" --state-dir "$state" --socket "$state/api.sock")

if ((demo)); then
  "${console[@]}" --client-id "backoffice-demo-listen-$$" --clean listen --log "$state/backoffice.log" \
    </dev/null >"$state/console.log" 2>&1 &
  pids+=($!)
  "${boxd[@]}" --log-level warn >"$state/boxd.log" 2>&1 &
  pids+=($!)
  # A box that never connected before has no session at the broker yet: a command sent before
  # its first subscription would reach nobody. Wait for its status.
  for _ in $(seq 100); do
    grep -q "$device status online" "$state/console.log" 2>/dev/null && break
    sleep 0.1
  done
  reference=DEMO-$(date +%s)
  echo "The back office sends create-order $reference to $device:"
  "${console[@]}" --client-id "backoffice-demo-send-$$" --clean send "$device" create-order "reference=$reference" \
    kind=passport size=M phone=+4512345678 dob=1990-05-17 language=en --timeout-s 20
  status=0
  "$BOXCTL" --socket "$state/api.sock" demo --state-dir "$state" --order-reference "$reference" \
    --sms-log "$state/backoffice.log" || status=$?
  echo "What the back-office console saw:"
  sed 's/^/  /' "$state/console.log"
  exit $status
fi

"${boxd[@]}" >"$state/boxd.log" 2>&1 &
pids+=($!)
# Commands typed before the box's first connection would reach nobody (no session yet).
for _ in $(seq 100); do
  "$BOXCTL" --socket "$state/api.sock" --json status 2>/dev/null | grep -q '"connected": *true' && break
  sleep 0.1
done

kiosk_note="run: no kiosk (PICKUPBOX_KIOSK=off)"
if ((kiosk)); then
  kiosk_args=(--socket "$state/api.sock" --simulator-controls)
  if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
    kiosk_args+=(--windowed)
    kiosk_note="run: the kiosk is a window on your display (log $state/kiosk.log)"
  else
    vnc_port=${PICKUPBOX_VNC_PORT:-5900}
    export QT_QPA_PLATFORM="vnc:size=1080x1920:port=$vnc_port"
    kiosk_note="run: no display here, so the kiosk is served over VNC: point a VNC viewer at 127.0.0.1:$vnc_port
     (from another machine: ssh -L $vnc_port:127.0.0.1:$vnc_port this-host). Log $state/kiosk.log"
  fi
  mkdir -p "$state/xdg" && chmod 700 "$state/xdg"
  XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$state/xdg} QT_QUICK_BACKEND=software \
    "$KIOSK" "${kiosk_args[@]}" >"$state/kiosk.log" 2>&1 &
  pids+=($!)
fi

cat <<EOF
run: broker 127.0.0.1:$port (TLS, dev CA in $pki), boxd $device (log $state/boxd.log), socket $state/api.sock
run: this is the back-office console. Type 'help' for its commands, e.g.
       create-order $device reference=PAS-1 kind=passport size=M phone=+4512345678 dob=1990-05-17
     and in another terminal: $BOXCTL --socket $state/api.sock status
$kiosk_note
run: at the kiosk, staff logs in (Staff, desk1 / PIN 1234), loads a document, and the SMS
     with the code appears here; then "Collect a document" with that code (and the date of birth).
run: Ctrl-C stops everything.
EOF
"${console[@]}" --client-id backoffice-console listen --log "$state/backoffice.log"
