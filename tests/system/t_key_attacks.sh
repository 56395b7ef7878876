#!/bin/bash
# Attacks on key custody: a backup Secret edited into something that cannot be
# restored must not be re-keyed over; user key lifecycle data that would make
# named drop the user's keys is refused; an unreadable key file keeps the zone
# out of named; no key material anywhere; the state dir stays private.
. "$(dirname "$0")/lib.sh"
KG=$T/keygen
mkdir -p "$KG"
dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -K "$KG" user.example >/dev/null
dnssec-keygen -q -a ECDSAP256SHA256 -K "$KG" user.example >/dev/null
KSKB=$(grep -l "DNSKEY 257" "$KG"/*.key); KSKB=${KSKB%.key}
# named would purge this KSK and generate one of its own
printf 'Algorithm: 13\nLifetime: 0\nKSK: yes\nZSK: no\nRetired: 20000101000000\nRemoved: 20000101000000\nGoalState: hidden\n' >"$KSKB.state"
user_secret() {
	printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: user-keys, namespace: custody}\ntype: Opaque\ndata:\n'
	for f in "$KG"/K*; do printf '  %s: %s\n' "$(basename "$f")" "$(base64 -w0 "$f")"; done
}
user_secret >"$T/user-keys.yaml"
sg apply -f "$SGN_SRC/tests/system/data/custody/sources.yaml" -f "$T/user-keys.yaml" >/dev/null
cond() { # cond NAME TYPE -> "status reason message"
	sg -n custody get dnszone "$1" -o json | python3 -c 'import json,sys
for c in json.load(sys.stdin)["status"].get("conditions", []):
    if c["type"] == sys.argv[1]: print(c["status"], c["reason"], c["message"])' "$2"
}
cond_has() { cond "$1" "$2" | grep -q -- "$3"; }

start_run
check "auto-zone becomes Ready" wait_ready custody auto-zone
check "kept-zone becomes Ready" wait_ready custody kept-zone
check "a user .state that retires the KSK is rejected" eventually 60 cond_has user-zone Ready "^False KeysRejected .*$(basename "$KSKB").state: field Retired"
UKD=$SIGNET_STATE/instances/custody/user/primary-0/keys/user.example
check "... named never generated a key of its own" test -z "$(ls "$UKD" 2>/dev/null)"
rm "$KSKB.state"
printf 'Inactive: 20000101000000\n' >>"$KSKB.private"
user_secret | sg apply -f - >/dev/null
check "a user .private with Inactive is rejected" eventually 30 cond_has user-zone Ready "^False KeysRejected .*$(basename "$KSKB").private: field Inactive"
sed -i '/^Inactive:/d' "$KSKB.private"
user_secret | sg apply -f - >/dev/null
check "the clean user keys are taken" wait_ready custody user-zone 60s

SECRET=dnssec-keys-auto-example-generated
DS1=$(status_ds custody auto-zone)
sg -n custody get secret $SECRET -o json >"$T/good.json"
to_yaml() { # to_yaml JSON EDIT: re-apply the Secret with an edit
	python3 - "$1" "$2" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); d = s["data"]; extra = {}
if sys.argv[2] == "long":
    extra["Kauto.example.+" + "x" * 236 + ".key"] = "junk"
elif sys.argv[2] == "nokey":
    del d[[n for n in d if n.endswith(".key")][0]]
print("apiVersion: v1\nkind: Secret\nmetadata: {name: %s, namespace: custody}\ntype: Opaque\ndata:" % s["metadata"]["name"])
for n, v in d.items(): print("  %s: %s" % (n, json.dumps(v)))
if extra:
    print("stringData:")
    for n, v in extra.items(): print("  %s: %s" % (json.dumps(n), json.dumps(v)))
PY
}
generated() { sg audit -o json | grep -c '"generated"' || true; }
GEN1=$(generated)

stop_run
to_yaml "$T/good.json" long | sg apply -f - >/dev/null
start_run
check "a stray over-long entry in the backup Secret: the keys are restored" wait_ready custody auto-zone 90s
check "... DS unchanged" test "$(status_ds custody auto-zone)" = "$DS1"
check "... nothing generated" test "$(generated)" = "$GEN1"

stop_run
to_yaml "$T/good.json" nokey | sg apply -f - >/dev/null
start_run
check "a backup Secret missing a .key: KeyBackupUnusable" eventually 60 cond_has auto-zone Ready "^False KeyBackupUnusable .*has no matching .key"
sleep 3
check "... named did not generate keys over the backup" test "$(generated)" = "$GEN1"
check "... the backup Secret was not overwritten" bash -c "'$SIGNET' -n custody get secret $SECRET -o json | grep -q \"\$(python3 -c 'import json,sys; print([n for n in json.load(open(sys.argv[1]))[\"data\"] if n.endswith(\".private\")][0])' '$T/good.json')\""
check "... the audit log says restore-failed" bash -c "'$SIGNET' audit | grep -q 'auto.example .*restore-failed'"
to_yaml "$T/good.json" none | sg apply -f - >/dev/null
check "the Secret repaired: the zone comes back with its keys" wait_ready custody auto-zone 90s
check "... DS unchanged" test "$(status_ds custody auto-zone)" = "$DS1"

AKD=$SIGNET_STATE/instances/custody/auto/primary-0/keys/auto.example
AP=$(instance_port custody auto primary-0)
refused() { dig +norec @127.0.0.1 -p "$AP" auto.example SOA | grep -q 'status: REFUSED'; }
ln -s "$T/nowhere" "$AKD/Kauto.example.+013+00001.private"
check "a dangling symlink key file: KeyFileUnreadable naming it" eventually 30 cond_has auto-zone Ready "^False KeyFileUnreadable .*Kauto.example.+013+00001.private"
check "... the zone is not served" eventually 20 refused
rm "$AKD/Kauto.example.+013+00001.private"
mkdir "$AKD/Kauto.example.+013+00002.key"
check "a directory named like a key file: KeyFileUnreadable naming it" eventually 30 cond_has auto-zone Ready "^False KeyFileUnreadable .*Kauto.example.+013+00002.key"
check "... the zone is not served" eventually 20 refused
rmdir "$AKD/Kauto.example.+013+00002.key"
check "removed: Ready again, same DS" wait_ready custody auto-zone 60s
check "... DS unchanged" test "$(status_ds custody auto-zone)" = "$DS1"

for z in auto-zone kept-zone user-zone; do sg -n custody get dnszone $z -o json; done >"$T/status.out"
{ sg -n custody get dnszones; sg -n custody get secrets; sg audit; sg -n custody get secret $SECRET; } >"$T/get.out" 2>&1
stop_run
check "no private key material in logs, audit, status, get output or named.log" python3 -c '
import glob, sys, os
secrets = set()
for f in glob.glob(sys.argv[1] + "/**/*.private", recursive=True) + glob.glob(sys.argv[2] + "/keygen/*.private"):
    for line in open(f):
        k, _, v = line.partition(":")
        if k.strip() in ("PrivateKey", "PrivateExponent", "Prime1", "Prime2") and v.strip(): secrets.add(v.strip())
text = ""
for f in [sys.argv[1] + "/audit.log", sys.argv[2] + "/run.log", sys.argv[2] + "/status.out", sys.argv[2] + "/get.out"] + \
         glob.glob(sys.argv[1] + "/instances/**/named.log", recursive=True):
    text += open(f, errors="replace").read()
sys.exit(1 if not secrets or any(s in text or s[:24] in text for s in secrets) else 0)' "$SIGNET_STATE" "$T"
check "every directory of the state dir is 0700 and every file 0600" bash -c "
	bad=\$(find '$SIGNET_STATE' \\( -type d ! -perm 700 \\) -o \\( -type f ! -perm 600 \\) -print)
	[ -z \"\$bad\" ] || { echo \"\$bad\" | head >&2; exit 1; }"
check "signet run stopped every named" no_named_left
finish
