#!/bin/bash
# CSK rollover of the CHILD zone (the parent's DS for the child is the part of
# the chain that changes; the parent itself is the resolver's trust anchor and
# keeps its keys), under unbound validating with the parent's DS only, probed
# every second (SOA, www A, NXDOMAIN, www.CHILD A; every answer must carry AD).
# Steps: the child's first DS goes into the parent's zoneFile and named is told
# (`rndc dnssec -checkds -key OLD published`); `rndc dnssec -rollover` starts the
# rollover; when the child publishes the new key's CDS, the new DS is added to
# the parent's zoneFile (re-applied) and, once served, confirmed with
# `-checkds -key NEW published`; when named withdraws the old CDS, the old DS is
# removed from the parent and confirmed with `-checkds -key OLD withdrawn`; then
# the old CSK must leave the child's DNSKEY RRset.
# Rollover started by rndc, then on named's timers (every TTL/delay in seconds,
# see rollover_lib.sh).
# Timing (2 vCPU, netns, BIND 9.18.49, unbound 1.17.1): ~140 s in all: setup 4 s,
# first DS omnipresent after checkds ~18 s, rollover 89 s from rndc to the old
# CSK gone (new CDS after 15 s, old CDS withdrawn 2 s after the new DS is
# confirmed); ~400 probes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
mkdir -p "$T/m"
{ policy_yaml fast-kz ksk zsk; echo ---; policy_yaml fast-csk csk; } >"$T/m/policy.yaml"
roll_setup fast-kz fast-csk
log "setup done after $SECONDS s"
probe_start

checkds() { # checkds TAG published|withdrawn : rndc may fail with exit 0, read its text
	local out
	out=$(rndc_ dnssec -checkds -key "$1" "$2" $CHILD 2>&1) || true
	log "rndc dnssec -checkds -key $1 $2 $CHILD: $out"
	grep -q "Marked DS as $2" <<<"$out"
}
cds_tags() { dig +norec +short @127.0.0.1 -p "$P0" $CHILD CDS | awk '{print $1}' | sort -n | tr '\n' ' '; }
ds_line_for() { # DS line (parent zone-file form) for a served child key TAG, SHA-256
	dig +norec @127.0.0.1 -p "$P0" $CHILD DNSKEY | awk '$4=="DNSKEY"' |
		dnssec-dsfromkey -2 -f - $CHILD | awk -v t="$1" -v ttl="$RR_TTL" '$4==t {d=""; for (i=7;i<=NF;i++) d=d $i; print "child", ttl, "IN DS", $4, $5, $6, d}'
}
signet_ds_tags() { status_field $NS child dnssec.dsRecords | python3 -c 'import json,sys; print(" ".join(sorted(d.split()[3] for d in json.load(sys.stdin))))'; }
child_conditions() { zone_json $NS child | python3 -c 'import json,sys
print("; ".join("%s=%s %s" % (c["type"], c["status"], c.get("message", "")[:120]) for c in json.load(sys.stdin)["status"].get("conditions", [])))'; }

OLD=$(keys_of $CHILD csk)
check "the child has one CSK ($OLD)" test "$(echo "$OLD" | wc -w)" -eq 1
check "rndc: the DS of CSK $OLD is published in the parent" checkds "$OLD" published
check "every key of $CHILD is omnipresent, DS included" eventually 240 settled_ds $CHILD
log "child settled after $SECONDS s: $(key_states $CHILD | tr '\n' ';')"

t0=$SECONDS
out=$(rndc_ dnssec -rollover -key "$OLD" $CHILD 2>&1) || true
log "rndc dnssec -rollover -key $OLD $CHILD: $out"
check "rndc accepted the CSK rollover" bash -c "echo '$out' | grep -q 'Rollover scheduled'"
check "a successor CSK is pre-published next to $OLD" eventually 60 bash -c \
	"[ \$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DNSKEY | wc -l) -eq 2 ]"
NEW=$(keys_of $CHILD csk | grep -vx "$OLD" | head -1)
log "new CSK $NEW after $((SECONDS - t0)) s; DNSKEY ids: $(served_tags $CHILD); CDS: $(cds_tags)"
check "the child publishes the CDS of the new CSK $NEW (named wants its DS at the parent)" \
	eventually 240 bash -c "dig +norec +short @127.0.0.1 -p $P0 $CHILD CDS | awk '{print \$1}' | grep -qx $NEW"
log "CDS of $NEW after $((SECONDS - t0)) s; CDS now: $(cds_tags); signet status DS tags: $(signet_ds_tags); conditions: $(child_conditions)"
NEWDS=$(ds_line_for "$NEW")
OLDDS=$(ds_line_for "$OLD")
if grep -qw "$NEW" <<<" $(signet_ds_tags) "; then
	pass "signet's status reports the DS of the new CSK $NEW"
	NEWDS=$(status_ds_lines child | awk -v t="$NEW" '$5==t')
else
	fail "signet's status reports the DS of the new CSK $NEW (it reports: $(signet_ds_tags)); using dnssec-dsfromkey's"
fi
set_child_ds "$(printf '%s\n%s' "$OLDDS" "$NEWDS")"
check "rndc: the DS of the new CSK $NEW is published" checkds "$NEW" published
check "named withdraws the old CSK's CDS" eventually 240 bash -c \
	"! dig +norec +short @127.0.0.1 -p $P0 $CHILD CDS | awk '{print \$1}' | grep -qx $OLD"
log "old CDS withdrawn after $((SECONDS - t0)) s; states: $(key_states $CHILD | tr '\n' ';')"
set_child_ds "$NEWDS"
check "rndc: the DS of the old CSK $OLD is withdrawn" checkds "$OLD" withdrawn
check "the old CSK $OLD leaves the child's DNSKEY RRset" eventually 240 served_lacks $CHILD "$OLD"
log "old CSK gone after $((SECONDS - t0)) s; DNSKEY ids: $(served_tags $CHILD); SOA signed by $(soa_signers $CHILD)"
check "the new CSK $NEW alone signs the child's SOA" test "$(soa_signers $CHILD)" = "$NEW "
log "CSK rollover took $((SECONDS - t0)) s"
sleep 10
probe_stop
# After this orderly rollover (the parent got the new DS before the old one
# went) the child must be Ready with no DSUpdateRequired: signet follows
# named's checkds knowledge of the parent, not the first DS it saw.
check "signet: the child is Ready after the rollover (named's checkds moved the parent's DS along)" \
	wait_ready $NS child 30s
check "signet's status DS for the child is now the new CSK's only ($NEW)" test "$(signet_ds_tags)" = "$NEW"
log "child conditions: $(child_conditions)"
rndc_ dnssec -status $CHILD | sed 's/^/#   /'
roll_finish
