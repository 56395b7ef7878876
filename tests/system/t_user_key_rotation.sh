#!/bin/bash
# What happens to user-supplied keys added to or removed from the Secret outside a
# rollover (see README, Key custody; the rollover to a user's successor keys is
# t_rollover_user_keys.sh): a key with timing metadata added to the Secret is
# imported but named does not adopt it, status lists it as a standby key that is
# no successor, and `signet rollover` says why; the zone keeps validating.
# A key removed from the Secret stays in service (named needs it) and its DS is
# withheld (KeyNotInSecret) -- never a zone broken by a Secret edit.
. "$(dirname "$0")/lib.sh"
KG=$T/kg
mkdir -p "$KG/new"
dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -K "$KG" user.example >/dev/null
dnssec-keygen -q -a ECDSAP256SHA256 -K "$KG" user.example >/dev/null
dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -K "$KG/new" user.example >/dev/null
KSK=$(basename "$(grep -l 'DNSKEY 257' "$KG"/K*.key)" .key)
ZSK=$(basename "$(grep -l 'DNSKEY 256' "$KG"/K*.key)" .key)
NEW=$(basename "$(ls "$KG"/new/K*.key)" .key)
dnssec-dsfromkey -2 "$KG/$KSK.key" | awk '{printf "trust-anchors { %s static-ds %s %s %s \"%s\"; };\n", $1, $4, $5, $6, $7}' >"$T/user.anchor"
secret() { # secret FILE...
	printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: user-keys, namespace: custody}\ntype: Opaque\ndata:\n'
	for f in "$@"; do printf '  %s: %s\n' "$(basename "$f")" "$(base64 -w0 "$f")"; done
}
secret "$KG"/K* >"$T/s1.yaml"
sg apply -f "$SGN_SRC/tests/system/data/custody/sources.yaml" -f "$T/s1.yaml" >/dev/null
start_run
check "user-zone becomes Ready with the user's keys" wait_ready custody user-zone
P=$(instance_port custody user primary-0)
KD=$SIGNET_STATE/instances/custody/user/primary-0/keys/user.example
SERVED=$(dig +norec +short @127.0.0.1 -p "$P" user.example DNSKEY | sort)

secret "$KG"/K* "$KG"/new/K* >"$T/s2.yaml"
sg apply -f "$T/s2.yaml" >/dev/null
check "a KSK added to the Secret is imported into named's key directory" eventually 20 test -f "$KD/$NEW.private"
check "... audited as imported" eventually 10 bash -c "'$SIGNET' audit | grep -q 'user.example .* imported *$((10#${NEW##*+})) '"
sleep 3
check "... named does not adopt it: the served DNSKEY RRset is unchanged" test "$(dig +norec +short @127.0.0.1 -p "$P" user.example DNSKEY | sort)" = "$SERVED"
check "... the zone stays Ready" wait_ready custody user-zone 10s
NEWTAG=$((10#${NEW##*+}))
standby_not_successor() { sg -n custody get dnszone user-zone -o json | python3 -c 'import json,sys
t = int(sys.argv[1])
sys.exit(0 if any(k["tag"] == t and not k["successor"] and "Publish/Activate" in k["note"]
                  for k in json.load(sys.stdin)["status"]["dnssec"].get("standbyKeys", [])) else 1)' "$NEWTAG"; }
check "... status lists it as a standby key that named will not take (it has Publish/Activate times)" eventually 20 standby_not_successor
check "... \`get dnszone\` shows it under STANDBY KEYS" bash -c "'$SIGNET' -n custody get dnszone user-zone | grep -A3 '^STANDBY KEYS' | grep -qE '^$NEWTAG +KSK +ECDSAP256SHA256 +false'"
check "signet rollover --ksk is refused (exit 1): no successor, and it says why $NEWTAG is none" \
	bash -c "'$SIGNET' -n custody rollover user.example --ksk 2>'$T/r.err'; [ \$? -eq 1 ] && grep -q 'key $NEWTAG is in the Secret but it has Publish/Activate times' '$T/r.err'"
check "... and validates with the DS computed before signet ran" delv_validated "$P" "$T/user.anchor" user.example user.example SOA

secret "$KG/$ZSK.key" "$KG/$ZSK.private" "$KG"/new/K* >"$T/s3.yaml"
sg apply -f "$T/s3.yaml" >/dev/null
notinsecret() { sg -n custody get dnszone user-zone -o json | grep -q KeyNotInSecret; }
check "the KSK removed from the Secret: its DS is withheld (KeyNotInSecret)" eventually 20 notinsecret
check "... the key stays in service (named needs it): same DNSKEY RRset" test "$(dig +norec +short @127.0.0.1 -p "$P" user.example DNSKEY | sort)" = "$SERVED"
check "... and the zone still validates" delv_validated "$P" "$T/user.anchor" user.example user.example SOA
check "... its key files were not deleted" test -f "$KD/$KSK.private"
stop_run
check "signet run stopped every named it started" no_named_left
finish
