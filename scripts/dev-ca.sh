#!/usr/bin/env bash
# The development PKI for ./run.sh and local brokers: a CA, the broker's server certificate,
# the back office's client certificate, the fleet's claim certificate and one client
# certificate per device.
#
#   scripts/dev-ca.sh DIR [DEVICE_ID...]
#
# Makes (EC P-256 keys, SHA-256 signatures; keys 0600, DIR and DIR/devices 0700):
#   DIR/ca.key, DIR/ca.crt                 development CA, 10 years
#   DIR/broker.key, DIR/broker.crt         CN=localhost, SAN DNS:localhost, IP:127.0.0.1; serverAuth
#   DIR/backoffice.key, DIR/backoffice.crt CN=backoffice; clientAuth
#   DIR/claim.key, DIR/claim.crt           CN=claim; clientAuth: the shared claim identity for
#                                          boxctl provision enroll (the ACL lets it only enrol)
#   DIR/devices/<id>.key, <id>.crt         CN=<id>; clientAuth (mosquitto: CN = username = device id)
#
# Idempotent: what exists is checked (key matches certificate, issued by this CA, not expired)
# and kept; only what is missing is made. A file that fails a check is never overwritten: the
# error names it and says what to remove. Development only; never use these on a real box.
#
# To add a kind of certificate: add a profile to write_ext() and one ensure_leaf call below.
set -euo pipefail

readonly CA_DAYS=3650
readonly LEAF_DAYS=825
readonly CA_SUBJECT="/O=Pickup Box development/CN=Pickup Box development CA"

prog=$(basename "$0")
die() { echo "$prog: $*" >&2; exit 1; }
say() { echo "$prog: $*"; }

usage() {
  echo "usage: $prog DIR [DEVICE_ID...]" >&2
  echo "  makes a development CA in DIR, certificates for the broker and the back office," >&2
  echo "  and one client certificate per device id (1..64 of letters, digits, '-', '_')" >&2
  exit 2
}

(($# >= 1)) || usage
[[ $1 != -h && $1 != --help ]] || usage
command -v openssl >/dev/null || die "openssl not found in PATH (install it: scripts/setup.sh)"

dir=$1
shift
for id in "$@"; do
  # The same rule as backoffice::is_valid_device_id: the CN becomes one MQTT topic level.
  [[ $id =~ ^[A-Za-z0-9_-]{1,64}$ ]] ||
    die "device id '$id' is not 1..64 of letters, digits, '-' and '_' (it becomes a topic level)"
  [[ $id != backoffice ]] || die "device id 'backoffice' is reserved: that CN may read and write every box's topics"
  [[ $id != claim ]] || die "device id 'claim' is reserved: it is the shared claim certificate's CN"
  [[ $id != enroll ]] || die "device id 'enroll' is reserved: it is the topic level of claim enrolment"
done

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dev-ca.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ensure_dir() {
  local d=$1
  if [[ -e $d && ! -d $d ]]; then die "$d exists and is not a directory: remove it or choose another DIR"; fi
  if [[ ! -d $d ]]; then
    mkdir -p "$d" || die "cannot create $d: check the parent directory's permissions"
    say "made $d/"
  fi
  chmod 0700 "$d" || die "cannot chmod 0700 $d: are you its owner?"
}

# A new EC P-256 private key, written atomically with mode 0600.
make_key() {
  local key=$1
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve \
    -out "$tmp/new.key" 2>"$tmp/err" || die "cannot make a key for $key: $(cat "$tmp/err")"
  chmod 0600 "$tmp/new.key"
  mv "$tmp/new.key" "$key" || die "cannot write $key: check the permissions of $(dirname "$key")"
  say "made $key"
}

check_key() {
  local key=$1
  openssl pkey -in "$key" -noout 2>/dev/null ||
    die "$key is not a readable private key: remove it (and its certificate) to make a new pair"
  local mode
  mode=$(stat -c %a "$key")
  if [[ $mode != 600 ]]; then
    chmod 0600 "$key" || die "$key has mode $mode and cannot be chmod 0600: are you its owner?"
    say "fixed the mode of $key ($mode -> 600)"
  fi
}

random_serial() { echo "0x$(openssl rand -hex 16)"; }

# Extensions per profile, as an OpenSSL config section [ext].
write_ext() {
  local profile=$1 file=$2
  case $profile in
    server)
      cat >"$file" <<'EOF'
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
      ;;
    client)
      cat >"$file" <<'EOF'
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
      ;;
    *) die "internal error: unknown certificate profile '$profile'" ;;
  esac
}

pubkey_of_cert() { openssl x509 -in "$1" -noout -pubkey 2>/dev/null; }
pubkey_of_key() { openssl pkey -in "$1" -pubout 2>/dev/null; }

# Checks an existing certificate against its key and (for leaves) the CA.
check_cert() {
  local crt=$1 key=$2 what=$3
  openssl x509 -in "$crt" -noout 2>/dev/null ||
    die "$crt is not a PEM certificate: remove it to have it issued again"
  [[ "$(pubkey_of_cert "$crt")" == "$(pubkey_of_key "$key")" ]] ||
    die "$crt does not belong to $key: remove $crt to have it issued again for that key"
  openssl x509 -in "$crt" -noout -checkend 0 >/dev/null ||
    die "$crt has expired: remove it to have it issued again"
  if [[ $what == leaf ]]; then
    openssl verify -CAfile "$dir/ca.crt" "$crt" >/dev/null 2>&1 ||
      die "$crt was not issued by $dir/ca.crt (a different CA?): remove $crt to have it issued again"
  fi
}

# ensure_key KEY CRT HINT: KEY checked, or made when absent (refused when CRT exists without it).
ensure_key() {
  local key=$1 crt=$2 hint=$3
  if [[ -e $key ]]; then
    check_key "$key"
    return
  fi
  [[ ! -e $crt ]] || die "$crt exists but $key does not: $hint"
  make_key "$key"
}

# keep_cert CRT KEY KIND: true (and CRT checked) when CRT already exists.
keep_cert() {
  [[ -e $1 ]] || return 1
  check_cert "$1" "$2" "$3"
  say "kept $1"
}

ensure_ca() {
  local key=$dir/ca.key crt=$dir/ca.crt
  ensure_key "$key" "$crt" "without the key it cannot issue; remove $crt (and every certificate it issued) to start a new CA"
  keep_cert "$crt" "$key" ca && return
  cat >"$tmp/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
[dn]
[ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
  openssl req -new -x509 -sha256 -days "$CA_DAYS" -key "$key" -subj "$CA_SUBJECT" \
    -config "$tmp/ca.cnf" -extensions ext -set_serial "$(random_serial)" -out "$tmp/new.crt" 2>"$tmp/err" ||
    die "cannot make $crt: $(cat "$tmp/err")"
  chmod 0644 "$tmp/new.crt"
  mv "$tmp/new.crt" "$crt"
  say "made $crt (valid $CA_DAYS days)"
}

# ensure_leaf BASE CN PROFILE: BASE.key and BASE.crt with subject CN, signed by the CA.
ensure_leaf() {
  local base=$1 cn=$2 profile=$3
  local key=$base.key crt=$base.crt
  ensure_key "$key" "$crt" "remove $crt to make a new key and certificate"
  keep_cert "$crt" "$key" leaf && return
  write_ext "$profile" "$tmp/ext.cnf"
  openssl req -new -key "$key" -subj "/CN=$cn" -out "$tmp/new.csr" 2>"$tmp/err" ||
    die "cannot make a request for $crt: $(cat "$tmp/err")"
  openssl x509 -req -sha256 -days "$LEAF_DAYS" -in "$tmp/new.csr" \
    -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -set_serial "$(random_serial)" \
    -extfile "$tmp/ext.cnf" -extensions ext -out "$tmp/new.crt" 2>"$tmp/err" ||
    die "cannot issue $crt: $(cat "$tmp/err")"
  chmod 0644 "$tmp/new.crt"
  mv "$tmp/new.crt" "$crt"
  say "made $crt (CN=$cn, $profile, valid $LEAF_DAYS days)"
}

ensure_dir "$dir"
ensure_ca
ensure_leaf "$dir/broker" localhost server
ensure_leaf "$dir/backoffice" backoffice client
ensure_leaf "$dir/claim" claim client
if (($# > 0)); then
  ensure_dir "$dir/devices"
  for id in "$@"; do
    ensure_leaf "$dir/devices/$id" "$id" client
  done
fi
