#!/bin/bash
# Regenerates the rndc vectors: ./capture.sh OUTDIR (needs named, rndc, unshare; run as root).
set -eu
out=$(realpath "${1:?outdir}")
d=$(mktemp -d /tmp/sgn-capture-XXXXXX)
trap 'rm -rf "$d"' EXIT
cat >"$d/rndc.key" <<K
key "rndc-key" { algorithm hmac-sha256; secret "c2lnbmV0LXRlc3Qtcm5kYy1rZXktMzItYnl0ZXMhIQ=="; };
K
cat >"$d/rndc.conf" <<K
include "$d/rndc.key";
options { default-key "rndc-key"; default-server 127.0.0.1; default-port 15953; };
K
cat >"$d/named.conf" <<K
include "$d/rndc.key";
controls { inet 127.0.0.1 port 15953 allow { 127.0.0.1; } keys { "rndc-key"; }; };
options { directory "$d"; listen-on port 15353 { 127.0.0.1; }; listen-on-v6 { none; };
  pid-file none; recursion no; notify no; dnssec-validation no; };
dnssec-policy "p" { keys { ksk lifetime P1Y algorithm 13; zsk lifetime P60D algorithm 13; }; };
zone "example.test" { type primary; file "example.test.db"; dnssec-policy default; inline-signing yes; };
zone "custom.test" { type primary; file "custom.test.db"; dnssec-policy "p"; inline-signing yes; };
zone "plain.test" { type primary; file "plain.test.db"; };
K
for z in example.test custom.test plain.test; do
	printf '$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 604800 300\n@ NS ns1\nns1 A 127.0.0.1\n' >"$d/$z.db"
done
exec unshare -n bash -c '
ip link set lo up
d=$1 out=$2 R="rndc -c $1/rndc.conf"
TZ=UTC named -g -n 1 -c "$d/named.conf" >"$d/named.log" 2>&1 &
for i in $(seq 1 40); do $R status >/dev/null 2>&1 && break; sleep 0.5; done
sleep 3
$R status >"$out/status.txt" 2>&1 || true
$R dnssec -status example.test >"$out/dnssec-status-default-csk.txt" 2>&1 || true
$R dnssec -status custom.test >"$out/dnssec-status-ksk-zsk.txt" 2>&1 || true
$R dnssec -status plain.test >"$out/dnssec-status-unsigned.txt" 2>&1 || true
$R dnssec -status nonexist.test >"$out/dnssec-status-nozone.txt" 2>&1 || true
$R dnssec -checkds -key 1 published custom.test >"$out/checkds-error-exit0.txt" 2>&1 || true
zsk=$(sed -n "s/^key: \([0-9]*\) .*ZSK$/\1/p" "$out/dnssec-status-ksk-zsk.txt")
$R dnssec -rollover -key "$zsk" custom.test >/dev/null
sleep 2
$R dnssec -status custom.test >"$out/dnssec-status-zsk-rollover.txt" 2>&1 || true
$R stop
wait' bash "$d" "$out"
