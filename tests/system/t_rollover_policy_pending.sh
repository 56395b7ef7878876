#!/bin/bash
# A policy change submitted while a KSK rollover runs: named does not support
# a new policy during a rollover, so signet keeps the old one in force, says so
# in Ready=False reason PolicyChangePending (naming the new policy), and applies
# the change once the rollover is over. The change here moves the child to an
# NSEC3 policy. unbound validates with the parent's DS only, probed every
# second (SOA, www A, NXDOMAIN, www.CHILD A; AD on every answer) throughout.
# Timing (2 vCPU, netns, BIND 9.18.49, 4 rollover tests at once): ~105 s in
# all; the queued policy is in force 43-56 s after `signet rollover`.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
mkdir -p "$T/m"
{ policy_yaml fast-kz ksk zsk; echo ---; POLICY_NSEC3=1 policy_yaml fast-kz3 ksk zsk; } >"$T/m/policy.yaml"
roll_setup fast-kz fast-kz internal
log "setup done after $SECONDS s"
probe_start
CONF=$SIGNET_STATE/instances/$NS/$CLUSTER/primary-0/named.conf
child_policy_in_conf() { awk -v z="\"$CHILD\"" '$1=="zone" && $2==z {f=1} f && /dnssec-policy/ {print $2; exit} f && /^};/ {exit}' "$CONF" | tr -d '";'; }
ready() { zone_json $NS child | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)["status"]["conditions"] if c["type"] == "Ready"][0]
print(c["status"], c.get("reason"), c.get("message"))'; }

check "the child's keys are settled, DS confirmed" eventually 240 settled_ds $CHILD
OLD=$(keys_of $CHILD ksk)
t0=$SECONDS
check "signet rollover --ksk" sg rollover $CHILD --ksk
check "a successor KSK is pre-published" eventually 60 bash -c \
	"[ \$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DNSKEY | awk '\$1==257' | wc -l) -eq 2 ]"
check "signet's status shows the rollover (a KSK whose predecessor is $OLD)" eventually 30 bash -c \
	"'$SIGNET' get dnszone child -o json | python3 -c 'import json,sys
sys.exit(0 if any(k.get(\"predecessor\") == $OLD for k in json.load(sys.stdin)[\"status\"][\"dnssec\"][\"keys\"]) else 1)'"
write_manifest fast-kz fast-kz3
sg apply -f "$T/m/" >/dev/null
check "the change is queued: Ready=False PolicyChangePending naming fast-kz3" eventually 30 bash -c \
	"r=\$('$SIGNET' get dnszone child -o json | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)[\"status\"][\"conditions\"] if c[\"type\"] == \"Ready\"][0]
print(c[\"status\"], c.get(\"reason\"), c.get(\"message\"))'); [[ \"\$r\" == 'False PolicyChangePending '*fast-kz3* ]]"
log "queued: $(ready)"
check "named keeps the old policy meanwhile" test "$(child_policy_in_conf)" = policy-fast-kz
check "... and the child keeps NSEC" test -z "$(dig +norec +short @127.0.0.1 -p $P0 $CHILD NSEC3PARAM)"
check "the rollover completes: the old KSK $OLD leaves" eventually 300 served_lacks $CHILD "$OLD"
log "rollover over after $((SECONDS - t0)) s"
check "then signet applies the new policy" eventually 120 bash -c "[ \"\$(awk -v z='\"$CHILD\"' '\$1==\"zone\" && \$2==z {f=1} f && /dnssec-policy/ {print \$2; exit}' $CONF | tr -d '\";')\" = policy-fast-kz3 ]"
check "... the child serves NSEC3PARAM 1 0 0 -" eventually 120 bash -c "[ \"\$(dig +norec +short @127.0.0.1 -p $P0 $CHILD NSEC3PARAM)\" = '1 0 0 -' ]"
log "new policy in force after $((SECONDS - t0)) s"
check "the child is Ready with policy fast-kz3" wait_ready $NS child 120s
check "status: policy fast-kz3, NSEC3" test "$(status_field $NS child dnssec.policy) $(status_field $NS child dnssec.denial)" = "fast-kz3 NSEC3"
sleep 5
probe_stop
roll_finish
