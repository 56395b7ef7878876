#!/bin/bash
# What the CLI shows agrees with what named does: the table, -o json/yaml,
# `ds`, `render`, `wait` on timeout, nextKeyRollover vs `rndc dnssec -status`;
# and the state directory keeps keys private.
. "$(dirname "$0")/lib.sh"
sg apply -f "$SGN_SRC/examples/quickstart/" >/dev/null
OUT=$T/out.txt
: >"$OUT"

check "render writes configs named-checkconf accepts" bash -c "
	'$SIGNET' render --out '$T/render' >>'$OUT' 2>&1 &&
	for c in \$(find '$T/render' -name named.conf); do named-checkconf \"\$c\" || exit 1; done &&
	test -f '$T/render/default/quickstart/primary-0/zones/example.com.db'"
check "wait times out with exit 1 and says why" bash -c "
	! '$SIGNET' wait dnszone/example-com --for=condition=Ready --timeout=1s 2>'$T/wait.err' &&
	grep -q 'timed out' '$T/wait.err'"

start_run
check "example.com becomes Ready" wait_ready default example-com
sg get dnszones >"$T/table.txt"; cat "$T/table.txt" >>"$OUT"
check "table header" grep -qE '^NAME +ZONE +CLUSTER +DNSSEC +KEYTAG +ALGORITHM +READY$' "$T/table.txt"
TAG=$(status_field default example-com dnssec.keyTag)
check "table row: signed, key tag, algorithm, Ready" \
	grep -qE "^example-com +example.com +quickstart +signed +$TAG +ECDSAP256SHA256 +True$" "$T/table.txt"
check "-o yaml parses back to the same resource as -o json" python3 -c '
import json, subprocess, sys
sig = sys.argv[1]
j = json.loads(subprocess.check_output([sig, "get", "dnszone", "example-com", "-o", "json"]))
y = subprocess.check_output([sig, "get", "dnszone", "example-com", "-o", "yaml"]).decode()
try:
    import yaml
except ImportError:
    sys.exit(0 if "keyTag: %d" % j["status"]["dnssec"]["keyTag"] in y else 1)
sys.exit(0 if yaml.safe_load(y) == j else 1)' "$SIGNET"
check "json has apiVersion, kind, metadata, spec, status" python3 -c '
import json, subprocess, sys
j = json.loads(subprocess.check_output([sys.argv[1], "get", "dnszone", "example-com", "-o", "json"]))
sys.exit(0 if all(k in j for k in ("apiVersion","kind","metadata","spec","status")) else 1)' "$SIGNET"
check "signet ds prints the status DS lines" test "$(sg ds example.com)" = \
	"$(status_field default example-com dnssec.dsRecords | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))')"
check "signet ds of an unknown zone fails" bash -c "! '$SIGNET' ds nowhere.example 2>/dev/null"

P0=$(instance_port default quickstart primary-0)
RNDC="rndc -c $SIGNET_STATE/instances/default/quickstart/primary-0/rndc.conf"
NEXT=$($RNDC dnssec -status example.com | sed -n 's/.*Next rollover scheduled on //p' | sort | head -1)
check "nextKeyRollover agrees with rndc dnssec -status ($NEXT)" python3 -c '
import datetime, subprocess, sys, json
want = min(datetime.datetime.strptime(l.strip(), "%a %b %d %H:%M:%S %Y") for l in sys.argv[1].splitlines() if l.strip())
j = json.loads(subprocess.check_output([sys.argv[2], "get", "dnszone", "example-com", "-o", "json"]))
got = datetime.datetime.strptime(j["status"]["dnssec"]["nextKeyRollover"], "%Y-%m-%dT%H:%M:%SZ")
sys.exit(0 if got == want else 1)' "$($RNDC dnssec -status example.com | sed -n 's/.*Next rollover scheduled on //p')" "$SIGNET"
check "the rndc port answers only with signet's key (no key, no answer)" \
	bash -c "! rndc -s 127.0.0.1 -p $(sg get bind9cluster quickstart -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["instances"][0]["rndcPort"])') -y nokey status 2>/dev/null"

# --- the state directory: private keys stay private ---
KD=$SIGNET_STATE/instances/default/quickstart/primary-0/keys/example.com
check "named's key directory is 0700" test "$(stat -c %a "$KD")" = 700
check "private key files are 0600" bash -c "for f in '$KD'/*.private; do [ \"\$(stat -c %a \"\$f\")\" = 600 ] || exit 1; done"
check "every file signet wrote is 0600, every directory 0700" bash -c "
	cd '$SIGNET_STATE' &&
	bad=\$(find . \\( -type d ! -perm 700 \\) -o \\( -type f \\( -path './resources/*' -o -path './status/*' \\
		-o -path './state/*' -o -name named.conf -o -name rndc.conf -o -name '*.db' -o -name generation \\
		-o -name lock \\) ! -perm 600 \\) -print)
	[ -z \"\$bad\" ] || { echo \"\$bad\" >&2; exit 1; }"
sg get dnszone example-com -o yaml >>"$OUT"
stop_run
# Every PrivateKey / Ed25519 secret in the key files must appear nowhere else.
check "no private key material in logs, status or command output" python3 -c '
import glob, os, sys
state, out, runlog = sys.argv[1], sys.argv[2], sys.argv[3]
secrets = set()
for f in glob.glob(state + "/**/*.private", recursive=True):
    for line in open(f):
        k, _, v = line.partition(":")
        if k.strip() in ("PrivateKey", "Prime1", "Prime2", "PrivateExponent", "Exponent1", "Exponent2", "Coefficient"):
            secrets.add(v.strip())
assert secrets, "no private keys found"
for path in [out, runlog] + glob.glob(state + "/status/**/*.json", recursive=True) + glob.glob(state + "/**/named.log", recursive=True):
    text = open(path, errors="replace").read()
    for s in secrets:
        if s in text:
            print("key material in", path); sys.exit(1)' "$SIGNET_STATE" "$OUT" "$T/run.log"
check "signet run stopped every named it started" no_named_left
finish
