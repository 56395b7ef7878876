#!/bin/bash
# KSK rollover (double-KSK) of the CHILD zone whose parent signet also serves:
# no human step. signet keeps the delegation in the parent (NS, glue and the DS
# RRset named asks for), adds the new KSK's DS when named wants it, confirms it
# to named once every parent instance serves it and the DS TTL has passed,
# withdraws the old DS when named lets it go, and confirms that too. The
# rollover is started with `signet rollover --ksk`.
# unbound validates with the parent's DS only, probed every second (SOA, www A,
# NXDOMAIN, www.CHILD A; every answer must carry AD).
# Timing (2 vCPU, netns, BIND 9.18.49, unbound 1.17.1, 4 rollover tests at once):
# ~95 s in all; the KSK rollover 42 s from `signet rollover` to the old KSK
# gone (new DS in the parent after 18 s, old DS out at the same time).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
mkdir -p "$T/m"
# a secondary too: while it catches up the child is unverified for a moment, and
# the parent must keep the child's DS all the same (it dropped it once)
ROLL_SECONDARIES=1
policy_yaml fast-kz ksk zsk >"$T/m/policy.yaml"
roll_setup fast-kz fast-kz internal
log "setup done after $SECONDS s"
probe_start

# audit_has ACTION [TAG]: an audit line of the child's by signet's internal-parent logic
audit_has() { "$SIGNET" audit -o json | python3 -c 'import json,sys
a, tag = sys.argv[1], (int(sys.argv[2]) if len(sys.argv) > 2 else None)
ok = any(e.get("zone") == sys.argv[3] and e.get("action") == a and "internal parent" in e.get("actor", "")
         and (tag is None or e.get("keyTag") == tag) for e in json.load(sys.stdin))
sys.exit(0 if ok else 1)' "$1" "${2:-}" "$CHILD"; }
no_ds_alarm() { ! "$SIGNET" audit -o json | python3 -c 'import json,sys
sys.exit(0 if any(e.get("zone") == sys.argv[1] and e.get("action") == "ds-update-required" for e in json.load(sys.stdin)) else 1)' "$CHILD"; }
ds_served() { served_child_ds "$P0" | awk '{print $1}' | sort -n | tr '\n' ' '; }

OLD=$(keys_of $CHILD ksk)
check "the child has one KSK ($OLD)" test "$(echo "$OLD" | wc -w)" -eq 1
check "signet confirmed the first DS to named: every key of the child is omnipresent, DS too" \
	eventually 240 settled_ds $CHILD
check "... audited as ds-published by the internal parent" audit_has ds-published "$OLD"
log "child settled after $SECONDS s: $(key_states $CHILD | tr '\n' ';')"

dswatch_start
t0=$SECONDS
check "signet rollover --ksk starts the rollover" "$SIGNET" rollover $CHILD --ksk
check "a successor KSK is pre-published next to $OLD" eventually 60 bash -c \
	"[ \$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DNSKEY | awk '\$1==257' | wc -l) -eq 2 ]"
NEW=$(key_states $CHILD | awk -v o="$OLD" '$2=="KSK" && $1!=o {print $1}' | head -1)
log "new KSK $NEW after $((SECONDS - t0)) s; DNSKEY ids: $(served_tags $CHILD)"
check "the parent serves the DS of the new KSK $NEW next to the old one (added by signet)" \
	eventually 240 bash -c "grep -qw $NEW <<<\"\$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DS | awk '{print \$1}')\""
log "new DS in the parent after $((SECONDS - t0)) s; parent DS tags: $(ds_served)"
check "signet confirmed the new DS to named (ds-published, internal parent)" eventually 120 audit_has ds-published "$NEW"
check "the parent no longer serves the old DS $OLD (withdrawn by signet)" \
	eventually 240 bash -c "! grep -qw $OLD <<<\"\$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DS | awk '{print \$1}')\""
log "old DS gone from the parent after $((SECONDS - t0)) s; parent DS tags: $(ds_served)"
check "signet confirmed the withdrawal to named (ds-withdrawn, internal parent)" eventually 120 audit_has ds-withdrawn "$OLD"
check "the old KSK $OLD leaves the child's DNSKEY RRset" eventually 240 served_lacks $CHILD "$OLD"
log "old KSK gone after $((SECONDS - t0)) s; DNSKEY ids: $(served_tags $CHILD)"
check "the parent serves exactly the new KSK's DS" test "$(ds_served)" = "$NEW "
log "KSK rollover took $((SECONDS - t0)) s"
sleep 10
dswatch_stop
probe_stop
check "the child is Ready after the rollover" wait_ready $NS child 60s
check "signet's status DS for the child is the new KSK's only" test "$(status_ds_lines child | awk '{print $5}')" = "$NEW"
check "no DSUpdateRequired alarm during the orderly rollover (none in the audit log)" no_ds_alarm
check "DSUpdateRequired is False" test "$(zone_json $NS child | python3 -c 'import json,sys
print([c["status"] for c in json.load(sys.stdin)["status"]["conditions"] if c["type"] == "DSUpdateRequired"])')" = "['False']"
check "the parent is Ready" wait_ready $NS top 60s
"$SIGNET" audit | grep "$CHILD" | sed 's/^/#   /' || true
roll_finish
