#!/bin/bash
# A parent zone signet also serves gets the child's delegation (NS, glue) and,
# when named asks for it, the child's DS; signet confirms to named once every
# parent instance serves it. With only the PARENT's DS as trust anchor the
# child validates: the chain of trust is built with no human step.
. "$(dirname "$0")/lib.sh"
sg apply -f "$SGN_SRC/tests/system/data/parent/zones.yaml" >/dev/null
start_run
check "parent becomes Ready" wait_ready default parent
check "child becomes Ready" wait_ready default child
P0=$(instance_port default tree primary-0)
S0=$(instance_port default tree secondary-0)
check "the parent delegates to the child (NS in the parent)" bash -c \
	"dig +norec @127.0.0.1 -p $P0 www.child.parent.example A +norecurse | grep -q 'ns1.child.parent.example' || dig +norec +short @127.0.0.1 -p $P0 child.parent.example NS | grep -q ns1.child"
CHILD_DS=$(status_field default child dnssec.dsRecords | python3 -c 'import json,sys; print(json.load(sys.stdin)[0])')
parent_serves_ds() { dig +norec +short @127.0.0.1 -p "$1" child.parent.example DS | grep -qi "$(echo "$CHILD_DS" | awk '{print $4" "$5" "$6}')"; }
check "the parent serves the child's DS once named asks for it (signer)" eventually 120 parent_serves_ds "$P0"
check "... and so does the parent's secondary" eventually 30 parent_serves_ds "$S0"
ds_omnipresent() { sg get dnszone child -o json | python3 -c 'import json,sys
k=[k for k in json.load(sys.stdin)["status"]["dnssec"]["keys"] if k["role"] in ("KSK","CSK")]
sys.exit(0 if k and all(x["states"]["ds"]=="omnipresent" for x in k) else 1)'; }
check "signet confirmed it to named: the child's DS state becomes omnipresent" eventually 120 ds_omnipresent
check "... audited as ds-published by the internal parent" bash -c "'$SIGNET' audit | grep -q 'child.parent.example .*ds-published'"
check "... DSPublicationRequired=False" bash -c "'$SIGNET' get dnszone child -o json | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)[\"status\"][\"conditions\"] if c[\"type\"]==\"DSPublicationRequired\"]
sys.exit(0 if c and c[0][\"status\"]==\"False\" else 1)'"
anchor_file default parent "$T/parent.anchor"
check "with only the parent's DS as anchor, the child's record is fully validated" \
	delv_validated "$P0" "$T/parent.anchor" parent.example www.child.parent.example A
stop_run
check "signet run stopped every named it started" no_named_left
finish
