#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need, and nothing else.
# Idempotent: when everything is present it only asks dpkg and returns.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config
  libssl-dev libsqlite3-dev
  nlohmann-json3-dev libasio-dev libcli11-dev libspdlog-dev libsystemd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libusb-1.0-0-dev umockdev libumockdev-dev
  libmosquitto-dev mosquitto mosquitto-clients openssl
  clang-16 libclang-rt-16-dev
  qt6-base-dev qt6-declarative-dev qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
  qml6-module-qtquick-window qml6-module-qtquick-layouts qml6-module-qtqml-workerscript
  qml6-module-qttest qml6-module-qtqml-models
  fonts-dejavu-core
  dpkg-dev  # dpkg-shlibdeps: the library Depends of the .deb (packaging/)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing missing Debian packages: ${missing[*]}"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
