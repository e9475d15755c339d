#!/usr/bin/env bash
# ctest mqtt.DevCa.ChainsAndKeyModes: scripts/dev-ca.sh makes a CA whose broker, back-office and
# device certificates chain, keys are 0600, a second run keeps everything, bad ids are refused;
# scripts/dev-broker.sh serves a device with those certificates.
#   dev_ca_test.sh path/to/scripts/dev-ca.sh
set -uo pipefail

dev_ca=$1
dev_broker=$(dirname "$dev_ca")/dev-broker.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/devca-test.XXXXXX")
broker_pid=
cleanup() {
  if [[ -n $broker_pid ]]; then kill "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pki=$tmp/pki

bash "$dev_ca" "$pki" box-1 box_2 >"$tmp/first.out" 2>&1 || { cat "$tmp/first.out" >&2; fail "dev-ca.sh failed"; exit 1; }
cat "$tmp/first.out"

for crt in broker.crt backoffice.crt claim.crt devices/box-1.crt devices/box_2.crt; do
  out=$(openssl verify -CAfile "$pki/ca.crt" "$pki/$crt" 2>&1) || fail "$crt does not chain to ca.crt: $out"
done
for key in ca.key broker.key backoffice.key claim.key devices/box-1.key devices/box_2.key; do
  mode=$(stat -c %a "$pki/$key")
  [[ $mode == 600 ]] || fail "$key has mode $mode, want 600"
  openssl pkey -in "$pki/$key" -noout -text 2>/dev/null | grep -q "NIST CURVE: P-256" || fail "$key is not EC P-256"
done
for d in "$pki" "$pki/devices"; do
  mode=$(stat -c %a "$d")
  [[ $mode == 700 ]] || fail "$d has mode $mode, want 700"
done

text() { openssl x509 -in "$pki/$1" -noout -text; }
subject() { openssl x509 -in "$pki/$1" -noout -subject -nameopt RFC2253; }
[[ $(subject broker.crt) == "subject=CN=localhost" ]] || fail "broker subject: $(subject broker.crt)"
[[ $(subject backoffice.crt) == "subject=CN=backoffice" ]] || fail "backoffice subject: $(subject backoffice.crt)"
[[ $(subject claim.crt) == "subject=CN=claim" ]] || fail "claim subject: $(subject claim.crt)"
text claim.crt | grep -q "TLS Web Client Authentication" || fail "claim.crt lacks clientAuth"
[[ $(subject devices/box-1.crt) == "subject=CN=box-1" ]] || fail "box-1 subject: $(subject devices/box-1.crt)"
text broker.crt | grep -q "DNS:localhost, IP Address:127.0.0.1" || fail "broker.crt lacks SAN DNS:localhost, IP:127.0.0.1"
text broker.crt | grep -q "TLS Web Server Authentication" || fail "broker.crt lacks serverAuth"
text devices/box-1.crt | grep -q "TLS Web Client Authentication" || fail "box-1.crt lacks clientAuth"
text backoffice.crt | grep -q "TLS Web Client Authentication" || fail "backoffice.crt lacks clientAuth"
text ca.crt | grep -q "CA:TRUE" || fail "ca.crt is not a CA"
text broker.crt | grep -q "ecdsa-with-SHA256" || fail "broker.crt is not signed with ECDSA SHA-256"
openssl x509 -in "$pki/ca.crt" -noout -checkend $((9 * 365 * 86400)) >/dev/null || fail "ca.crt expires within 9 years"

# Idempotent: a second run makes nothing and changes nothing.
before=$(cd "$pki" && sha256sum ca.* broker.* backoffice.* claim.* devices/*)
bash "$dev_ca" "$pki" box-1 box_2 >"$tmp/second.out" 2>&1 || fail "second run failed: $(cat "$tmp/second.out")"
grep -q "made" "$tmp/second.out" && fail "second run made something: $(cat "$tmp/second.out")"
after=$(cd "$pki" && sha256sum ca.* broker.* backoffice.* claim.* devices/*)
[[ $before == "$after" ]] || fail "second run changed files"

# Refusals name the problem.
for bad in "a/b" "box+1" "backoffice" "claim" "enroll" ""; do
  if out=$(bash "$dev_ca" "$pki" "$bad" 2>&1); then fail "device id '$bad' was accepted"; fi
  [[ $out == *"'$bad'"* ]] || fail "refusal of '$bad' does not name it: $out"
done
cp "$pki/devices/box_2.crt" "$pki/devices/box-1.crt"
out=$(bash "$dev_ca" "$pki" box-1 2>&1) && fail "a certificate not matching its key was kept"
[[ $out == *"devices/box-1.crt"*"remove"* ]] || fail "mismatch error does not name the file and the fix: $out"
rm "$pki/devices/box-1.crt"
bash "$dev_ca" "$pki" box-1 >/dev/null 2>&1 || fail "re-issuing a removed certificate failed"

# dev-broker.sh with these certificates: a device publishes its event, the back office gets it.
sub_out=$tmp/sub.out
for _attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  bash "$dev_broker" "$pki" "$port" >"$tmp/broker.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 100); do
    grep -q " running" "$tmp/broker.log" && break
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 0.05
  done
  grep -q " running" "$tmp/broker.log" && break
  wait "$broker_pid" 2>/dev/null
  broker_pid=
done
if [[ -z $broker_pid ]]; then
  fail "dev-broker.sh did not start: $(cat "$tmp/broker.log")"
else
  conf=$pki/mosquitto.conf
  for line in "listener $port 127.0.0.1" "require_certificate true" "use_identity_as_username true" \
    "allow_anonymous false" "tls_version tlsv1.2" "persistence true" "acl_file $pki/acl"; do
    grep -qxF "$line" "$conf" || fail "mosquitto.conf lacks '$line'"
  done
  cmp -s "$pki/acl" "$(dirname "$dev_ca")/../packaging/mosquitto/pickupbox.acl" || fail "DIR/acl is not pickupbox.acl"
  tls=(-h localhost -p "$port" --cafile "$pki/ca.crt")
  mosquitto_sub "${tls[@]}" --cert "$pki/backoffice.crt" --key "$pki/backoffice.key" \
    -t 'pickupbox/v1/#' -C 1 -W 10 -v >"$sub_out" 2>&1 &
  sub_pid=$!
  # Publish until the subscriber (which may still be connecting) has it; at most ~5 s.
  for _ in $(seq 50); do
    mosquitto_pub "${tls[@]}" --cert "$pki/devices/box-1.crt" --key "$pki/devices/box-1.key" \
      -t pickupbox/v1/box-1/events -m hello -q 1 || { fail "box-1 could not publish"; break; }
    [[ -s $sub_out ]] && break
    sleep 0.1
  done
  wait "$sub_pid"
  [[ $(head -1 "$sub_out") == "pickupbox/v1/box-1/events hello" ]] || fail "back office got: $(cat "$sub_out")"
  if mosquitto_pub -h localhost -p "$port" --cafile "$pki/ca.crt" -t x -m y -q 1 2>/dev/null; then
    fail "a client without a certificate could publish"
  fi
fi

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "dev-ca.sh and dev-broker.sh: all checks passed"
