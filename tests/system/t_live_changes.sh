#!/bin/bash
# Changes applied while `signet run` runs are served within seconds, a zone
# named would refuse never replaces the data in service, a killed named is
# restarted with the same keys, and SIGTERM stops everything.
. "$(dirname "$0")/lib.sh"
D=$SGN_SRC/tests/system/data/live
sg apply -f "$SGN_SRC/examples/quickstart/"
start_run
check "example.com becomes Ready" wait_ready default example-com
P0=$(instance_port default quickstart primary-0)
S0=$(instance_port default quickstart secondary-0)
DS_BEFORE=$(status_ds default example-com)

answers() { # answers PORT NAME TYPE EXPECTED
	dig +norec +short @127.0.0.1 -p "$1" "$2" "$3" | grep -qF -- "$4"
}
signed_answer() { # signed_answer PORT NAME TYPE
	dig +norec +dnssec @127.0.0.1 -p "$1" "$2" "$3" | grep -q "RRSIG[[:space:]]$3 "
}

sg apply -f "$D/new-record.yaml"
check "a new record is served by the signer within 10 s" eventually 10 answers "$P0" fresh.example.com A 192.0.2.99
check "... signed" signed_answer "$P0" fresh.example.com A
check "... and transferred to the secondary within 10 s" eventually 10 answers "$S0" fresh.example.com A 192.0.2.99

sg apply -f "$D/second-zone.yaml"
check "a new zone becomes Ready" wait_ready default second 60s
check "the new zone is served with its TXT record" answers "$P0" second.example TXT 'hello \"quoted\" world'
anchor_file default second "$T/second.anchor"
check "the new zone validates" delv_validated "$P0" "$T/second.anchor" second.example second.example TXT
check "the new zone denies with NSEC3 (the cluster policy)" test "$(status_field default second dnssec.denial)" = NSEC3

sg apply -f "$D/conflicting-cname.yaml"
check "data named refuses is reported: Ready=False, ConfigRejected" \
	eventually 20 bash -c "'$SIGNET' get dnszone example-com -o json | grep -q ConfigRejected"
check "... with named-checkzone's reason" bash -c "'$SIGNET' get dnszone example-com -o json | grep -q 'CNAME and other data'"
check "... and the data in service stays (www A still answered)" answers "$P0" www.example.com A 192.0.2.10
sg delete cnamerecord www-alias
check "removing the bad record makes the zone Ready again" wait_ready default example-com 30s

OLD_TAG=$(status_field default second dnssec.keyTag)
sg apply -f "$D/second-zone-policy.yaml"
# named 9.18 replaces the keys at once (it was never told a DS is published),
# so the parent's DS no longer matches: signet must say so, not look healthy.
check "a policy change (NSEC3 -> NSEC, P-256 -> P-384 keys) is applied" \
	eventually 120 bash -c "[ \"\$('$SIGNET' get dnszone second -o json | python3 -c 'import json,sys; d=json.load(sys.stdin)[\"status\"]; print(d[\"dnssec\"].get(\"denial\"), d[\"dnssec\"].get(\"policy\"), [(c[\"type\"], c[\"status\"]) for c in d[\"conditions\"] if c[\"type\"] in (\"Ready\", \"DSUpdateRequired\")])')\" = \"NSEC nsec-p384 [('Ready', 'False'), ('DSUpdateRequired', 'True')]\" ]"
NEW_TAG=$(status_field default second dnssec.keyTag)
check "... DSUpdateRequired names the old KSK ($OLD_TAG) and the new one ($NEW_TAG)" bash -c \
	"'$SIGNET' get dnszone second -o json | grep -q 'parent holds DS for KSK $OLD_TAG, which is gone; named now serves KSK $NEW_TAG'"
check "... the NXDOMAIN proof is NSEC" bash -c "dig +norec +dnssec @127.0.0.1 -p $P0 nope.second.example A | grep -q 'IN[[:space:]]NSEC[[:space:]]'"
check "signet ds-published records the new DS at the parent" sg ds-published second.example
check "... and the zone is Ready again" wait_ready default second 30s
check "... with DSUpdateRequired False" bash -c \
	"'$SIGNET' get dnszone second -o json | python3 -c 'import json,sys; c=[c for c in json.load(sys.stdin)[\"status\"][\"conditions\"] if c[\"type\"]==\"DSUpdateRequired\"]; sys.exit(0 if c and c[0][\"status\"]==\"False\" else 1)'"
anchor_file default second "$T/second-new.anchor"
check "... and validates with the DS signet now reports" \
	delv_validated "$P0" "$T/second-new.anchor" second.example second.example TXT
# Not asserted here: with the old DS, validation breaks, because named 9.18
# drops keys whose DS it believes unpublished as soon as the policy changes.
# Keeping the old DS working needs ds-published bookkeeping (issue 4).

sg delete dnszone second
check "a deleted zone is no longer served within 10 s" \
	eventually 10 bash -c "dig +norec @127.0.0.1 -p $P0 second.example SOA | grep -q 'status: REFUSED'"

PID=$(pgrep -f "^named .*-c $T/state/instances/default/quickstart/primary-0/" | head -1)
kill -9 "$PID"
check "a killed named is restarted" eventually 30 bash -c "pgrep -f '^named .*-c $T/state/instances/default/quickstart/primary-0/' | grep -vqx '$PID'"
check "... and the zone is Ready again" wait_ready default example-com 60s
check "... with the same keys (DS unchanged)" test "$(status_ds default example-com)" = "$DS_BEFORE"

stop_run
check "SIGTERM stopped every named signet started" no_named_left
finish
