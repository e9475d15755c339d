#!/usr/bin/env bash
# A local mosquitto for development: TLS with client certificates, the Pickup Box ACL.
#
#   scripts/dev-ca.sh DIR box-1     # once: the CA, broker, back-office and device certificates
#   scripts/dev-broker.sh DIR PORT  # writes DIR/mosquitto.conf and DIR/acl, then runs mosquitto
#
# Listens on 127.0.0.1:PORT only. Clients must present a certificate from DIR/ca.crt; the
# certificate's CN is the MQTT username the ACL (packaging/mosquitto/pickupbox.acl) is checked
# against. Sessions and retained messages persist in DIR. Ctrl-C (SIGINT/SIGTERM) stops it.
set -euo pipefail

prog=$(basename "$0")
die() { echo "$prog: $*" >&2; exit 1; }

if (($# != 2)) || [[ $1 == -h || $1 == --help ]]; then
  echo "usage: $prog DIR PORT   (DIR made by scripts/dev-ca.sh DIR)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "$1" 2>/dev/null && pwd) || die "$1 is not a directory: run scripts/dev-ca.sh $1 first"
port=$2
if ! [[ $port =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
  die "PORT '$port' is not a TCP port (1..65535)"
fi

for f in ca.crt broker.crt broker.key; do
  [[ -r $dir/$f ]] || die "$dir/$f is missing or unreadable: run scripts/dev-ca.sh $1 first"
done
acl_source=$here/../packaging/mosquitto/pickupbox.acl
[[ -r $acl_source ]] || die "$acl_source is missing: the ACL ships with the source tree"

mosquitto_bin=$(command -v mosquitto || true)
if [[ -z $mosquitto_bin && -x /usr/sbin/mosquitto ]]; then mosquitto_bin=/usr/sbin/mosquitto; fi
[[ -n $mosquitto_bin ]] || die "mosquitto not found in PATH or /usr/sbin (install it: scripts/setup.sh)"

umask 077
cp "$acl_source" "$dir/acl.new" && mv "$dir/acl.new" "$dir/acl"

{
  echo "# Written by scripts/dev-broker.sh; rewritten on every start, edit the script instead."
  # mosquitto started as root drops to user mosquitto and could then not read the 0600 key.
  if ((EUID == 0)); then echo "user root"; fi
  echo "per_listener_settings false"
  echo "allow_anonymous false"
  echo "acl_file $dir/acl"
  echo "persistence true"
  echo "persistence_location $dir/"
  echo "log_dest stderr"
  echo "log_type error"
  echo "log_type warning"
  echo "log_type notice"
  echo "log_type information"
  echo "log_timestamp_format %Y-%m-%dT%H:%M:%S"
  echo ""
  echo "listener $port 127.0.0.1"
  echo "cafile $dir/ca.crt"
  echo "certfile $dir/broker.crt"
  echo "keyfile $dir/broker.key"
  # Since mosquitto 2.0 tls_version is the minimum version (1.6 took it as the only one).
  echo "tls_version tlsv1.2"
  echo "require_certificate true"
  echo "use_identity_as_username true"
} >"$dir/mosquitto.conf.new"
mv "$dir/mosquitto.conf.new" "$dir/mosquitto.conf"

echo "$prog: mosquitto on 127.0.0.1:$port (TLS, client certificates from $dir/ca.crt); config $dir/mosquitto.conf" >&2
exec "$mosquitto_bin" -c "$dir/mosquitto.conf"
