#!/bin/bash
# How far a user can rotate supplied keys with BIND 9.18 (see README, Key custody):
# a key added to the Secret is imported but named does not adopt it (dnssec-policy
# cannot take a pre-supplied successor): the zone keeps validating with its DS.
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
