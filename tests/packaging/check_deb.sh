#!/usr/bin/env bash
# Builds the pickupbox .deb from a build tree with cpack and checks what a box would get:
# the files and their modes (and nothing else), the control fields, the maintainer scripts,
# the units, the udev rule, users and directories; systemd-analyze verify when it exists.
# Usage: check_deb.sh BUILD_DIR BOXD   (ctest: packaging.deb, label packaging)
# Every problem is reported, each naming what is missing or wrong; exit 1 if there was any.
set -uo pipefail

build=${1:?usage: check_deb.sh BUILD_DIR BOXD}
boxd=${2:?usage: check_deb.sh BUILD_DIR BOXD}
tmp=$(mktemp -d /tmp/pickupbox-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
note() { echo "check_deb: $*"; }

# --- build the package --------------------------------------------------------------------
start=$(date +%s%N)
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log" >&2
  echo "FAIL: cpack could not build the package (log above)" >&2
  exit 1
fi
shopt -s nullglob
debs=("$tmp"/out/*.deb)
if ((${#debs[@]} != 1)); then
  echo "FAIL: expected one .deb in $tmp/out, found ${#debs[@]}" >&2
  exit 1
fi
deb=${debs[0]}
note "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $((($(date +%s%N) - start) / 1000000)) ms"

# --- control fields -----------------------------------------------------------------------
info=$(dpkg-deb --info "$deb")
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == pickupbox ]] || fail "control: Package is '$(field Package)', not pickupbox"
[[ -n $(field Version) ]] || fail "control: no Version"
[[ -n $(field Maintainer) ]] || fail "control: no Maintainer"
depends=$(field Depends)
for dep in libusb-1.0-0 libmosquitto1 libssl3 libsqlite3-0 libsystemd0 libqt6quick6 libqt6opengl6 \
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates \
  qml6-module-qtquick-window systemd udev init-system-helpers fonts-dejavu-core; do
  # A package name in the comma-separated list, with or without a version constraint.
  grep -Eq "(^|, )$dep( \(|,|$)" <<<"$depends" || fail "control: Depends does not list $dep (Depends: $depends)"
done
for script in postinst prerm postrm conffiles; do
  grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\*? *$script( |$)" <<<"$info" || fail "control: no $script in the package"
done

# --- the file list: exactly these files, with these modes, owned by root ------------------
declare -A expected=(
  [./usr/bin/boxd]=-rwxr-xr-x
  [./usr/bin/boxctl]=-rwxr-xr-x
  [./usr/bin/pickupbox-kiosk]=-rwxr-xr-x
  [./lib/systemd/system/pickupbox-boxd.service]=-rw-r--r--
  [./lib/systemd/system/pickupbox-kiosk.service]=-rw-r--r--
  [./lib/udev/rules.d/70-pickupbox-lockboards.rules]=-rw-r--r--
  [./usr/lib/tmpfiles.d/pickupbox.conf]=-rw-r--r--
  [./usr/lib/sysusers.d/pickupbox.conf]=-rw-r--r--
  [./etc/pickupbox/boxd.conf]=-rw-r--r--
  [./usr/share/doc/pickupbox/README.md]=-rw-r--r--
  [./usr/share/doc/pickupbox/examples/pickupbox.acl]=-rw-r--r--
)
declare -A seen=()
while read -r mode owner _size _date _time path _rest; do
  [[ $owner == root/root ]] || fail "contents: $path is owned by $owner, not root/root"
  if [[ $mode == d* ]]; then
    [[ $mode == drwxr-xr-x ]] || fail "contents: directory $path has mode $mode, not drwxr-xr-x"
    continue
  fi
  if [[ -z ${expected[$path]+x} ]]; then
    fail "contents: unexpected file $path (only the product belongs in the package)"
    continue
  fi
  seen[$path]=1
  [[ $mode == "${expected[$path]}" ]] || fail "contents: $path has mode $mode, not ${expected[$path]}"
done < <(dpkg-deb --contents "$deb")
for path in "${!expected[@]}"; do
  [[ -n ${seen[$path]+x} ]] || fail "contents: $path is missing"
done

# --- control files ------------------------------------------------------------------------
dpkg-deb -e "$deb" "$tmp/control"
grep -qx /etc/pickupbox/boxd.conf "$tmp/control/conffiles" 2>/dev/null ||
  fail "conffiles does not list /etc/pickupbox/boxd.conf"
for script in postinst prerm postrm; do
  [[ $(stat -c %a "$tmp/control/$script" 2>/dev/null) == 755 ]] || fail "control: $script is not mode 0755"
  sh -n "$tmp/control/$script" 2>/dev/null || fail "control: $script is not valid sh"
done
grep -q 'systemd-sysusers' "$tmp/control/postinst" || fail "postinst does not run systemd-sysusers"
grep -q 'systemd-tmpfiles --create' "$tmp/control/postinst" || fail "postinst does not run systemd-tmpfiles --create"
grep -q 'udevadm control --reload' "$tmp/control/postinst" || fail "postinst does not reload udev"
grep -q 'deb-systemd-helper' "$tmp/control/postinst" || fail "postinst does not enable the units"

# --- the files themselves -----------------------------------------------------------------
root=$tmp/root
dpkg-deb -x "$deb" "$root"
unit=$root/lib/systemd/system/pickupbox-boxd.service
kiosk=$root/lib/systemd/system/pickupbox-kiosk.service
has() { grep -Eq "^$2" "$1" 2>/dev/null; }
has "$unit" 'Type=notify$' || fail "pickupbox-boxd.service: no Type=notify"
has "$unit" 'WatchdogSec=[1-9]' || fail "pickupbox-boxd.service: no WatchdogSec="
has "$unit" 'Restart=(on-failure|always)$' || fail "pickupbox-boxd.service: no Restart=on-failure|always"
has "$unit" 'User=pickupbox$' || fail "pickupbox-boxd.service: no User=pickupbox"
has "$unit" 'Group=pickupbox$' || fail "pickupbox-boxd.service: no Group=pickupbox"
has "$unit" 'ExecStart=/usr/bin/boxd .*--config /etc/pickupbox/boxd.conf' ||
  fail "pickupbox-boxd.service: ExecStart does not run /usr/bin/boxd --config /etc/pickupbox/boxd.conf"
has "$unit" 'DeviceAllow=char-usb_device rw$' || fail "pickupbox-boxd.service: no DeviceAllow=char-usb_device rw (libusb)"
has "$unit" 'RestrictAddressFamilies=.*AF_NETLINK' || fail "pickupbox-boxd.service: AF_NETLINK not allowed (libusb hotplug)"
has "$kiosk" 'User=pickupbox-kiosk$' || fail "pickupbox-kiosk.service: no User=pickupbox-kiosk"
has "$kiosk" 'Wants=pickupbox-boxd.service$' || fail "pickupbox-kiosk.service: no Wants=pickupbox-boxd.service"
has "$kiosk" 'After=pickupbox-boxd.service' || fail "pickupbox-kiosk.service: not After=pickupbox-boxd.service"
has "$kiosk" 'ExecStart=/usr/bin/pickupbox-kiosk ' || fail "pickupbox-kiosk.service: ExecStart does not run /usr/bin/pickupbox-kiosk"
has "$kiosk" 'Environment=QT_QPA_PLATFORM=' || fail "pickupbox-kiosk.service: no QT_QPA_PLATFORM"
has "$kiosk" 'Restart=always$' || fail "pickupbox-kiosk.service: no Restart=always"

# Each supported lock-board VID:PID on one rule line that gives it to group pickupbox, 0660.
rules=$root/lib/udev/rules.d/70-pickupbox-lockboards.rules
for id in 0403:6001 1a86:7523 16c0:05df; do
  vid=${id%:*} pid=${id#*:}
  grep -v '^#' "$rules" 2>/dev/null | grep "ATTR{idVendor}==\"$vid\"" | grep "ATTR{idProduct}==\"$pid\"" |
    grep 'GROUP="pickupbox"' | grep -q 'MODE="0660"' ||
    fail "udev rule: no line giving $id to GROUP=\"pickupbox\" with MODE=\"0660\""
done

# Users and directories, applied to a scratch root with the real tools.
sysroot=$tmp/sysroot
mkdir -p "$sysroot/etc"
if ! command -v systemd-sysusers >/dev/null; then
  note "systemd-sysusers not installed (package systemd): sysusers.d/pickupbox.conf not applied"
elif systemd-sysusers --root="$sysroot" "$root/usr/lib/sysusers.d/pickupbox.conf" >"$tmp/sysusers.log" 2>&1; then
  grep -q '^pickupbox:' "$sysroot/etc/passwd" || fail "sysusers: no user pickupbox"
  grep -q '^pickupbox-kiosk:' "$sysroot/etc/passwd" || fail "sysusers: no user pickupbox-kiosk"
  grep -Eq '^pickupbox:[^:]*:[0-9]+:(.*,)?pickupbox-kiosk(,|$)' "$sysroot/etc/group" ||
    fail "sysusers: pickupbox-kiosk is not a member of group pickupbox"
else
  fail "systemd-sysusers rejects sysusers.d/pickupbox.conf: $(cat "$tmp/sysusers.log")"
fi
tmpfiles=$root/usr/lib/tmpfiles.d/pickupbox.conf
grep -Eq '^d +/var/lib/pickupbox +0700 +pickupbox +pickupbox' "$tmpfiles" 2>/dev/null ||
  fail "tmpfiles: /var/lib/pickupbox is not 'd ... 0700 pickupbox pickupbox'"
grep -Eq '^d +/run/pickupbox +0750 +pickupbox +pickupbox' "$tmpfiles" 2>/dev/null ||
  fail "tmpfiles: /run/pickupbox is not 'd ... 0750 pickupbox pickupbox'"

# systemd's own parser on the units, against the extracted tree (so ExecStart= paths resolve),
# with the host's units beside ours (sysinit.target & co. for the default dependencies).
# verify exits 0 on "Unknown key ... ignoring", so any output at all is a failure.
if command -v systemd-analyze >/dev/null && [[ -d /lib/systemd/system ]]; then
  verify_root=$tmp/verify
  cp -a "$root" "$verify_root"
  cp -rn /lib/systemd/system/. "$verify_root/lib/systemd/system/"
  if ! systemd-analyze verify --root="$verify_root" \
      /lib/systemd/system/pickupbox-boxd.service /lib/systemd/system/pickupbox-kiosk.service \
      >"$tmp/verify.log" 2>&1 || [[ -s $tmp/verify.log ]]; then
    fail "systemd-analyze verify: $(cat "$tmp/verify.log")"
  fi
else
  note "systemd-analyze not installed: the units were not verified by systemd (only grepped)"
fi

# The shipped configuration is one boxd accepts: a bad key or line makes boxd exit at once
# naming it; a good one leaves it running (no boards here) until timeout stops it.
mkdir -p "$tmp/state"
timeout 3 "$boxd" --config "$root/etc/pickupbox/boxd.conf" --state-dir "$tmp/state" \
  --socket "$tmp/state/api.sock" >"$tmp/boxd.log" 2>&1
rc=$?
((rc == 124)) || fail "boxd does not run with the shipped /etc/pickupbox/boxd.conf (exit $rc): $(cat "$tmp/boxd.log")"

if ((failures > 0)); then
  echo "check_deb: $failures problem(s) in $(basename "$deb")" >&2
  exit 1
fi
note "ok: $(dpkg-deb --contents "$deb" | grep -vc '/$') files, Depends: $depends"
