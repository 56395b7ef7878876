#!/bin/bash
# Rotation of user-supplied keys (keysFrom.secretRef), end to end, under a
# validating resolver. BIND 9.18's dnssec-policy takes as a successor a key of
# the role that has no timing metadata (`dnssec-keygen -G`): the user adds such
# keys to the Secret, signet shows them as standby keys, and `signet rollover`
# has named roll to them. The CHILD zone (cluster "userc", the user's keys) is
# delegated from TOP (cluster "roll", auto-generated keys), which signet also
# serves: the DS swap in the parent is signet's. Asserted on the way:
#  - without a successor in the Secret, `signet rollover` is refused (named would
#    generate a key that is not the user's);
#  - the KSK and the ZSK named rolls to are exactly the user's new keys;
#  - old keys left in the Secret are not copied back once named purged them;
#  - every answer of unbound (trust anchor: TOP's DS only; SOA, www A,
#    NXDOMAIN, www.CHILD A every second) carries AD throughout.
# Timing (2 vCPU, netns, BIND 9.18.49, 4 rollover tests at once): see the log
# lines ("... after N s").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
POLICY_PURGE=15
UCLUSTER=userc
RCONF=$SIGNET_STATE/instances/$NS/$UCLUSTER/primary-0/rndc.conf
mkdir -p "$T/m" "$T/kg/v1" "$T/kg/v2"

# The user's keys: the first pair, then the successors made without times.
dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -K "$T/kg/v1" $CHILD >/dev/null
dnssec-keygen -q -a ECDSAP256SHA256 -K "$T/kg/v1" $CHILD >/dev/null
dnssec-keygen -q -G -a ECDSAP256SHA256 -f KSK -K "$T/kg/v2" $CHILD >/dev/null
dnssec-keygen -q -G -a ECDSAP256SHA256 -K "$T/kg/v2" $CHILD >/dev/null
tag_of() { basename "$(grep -l "DNSKEY $2 " "$1"/K*.key)" .key | sed 's/.*+0*//'; }
KSK1=$(tag_of "$T/kg/v1" 257) ZSK1=$(tag_of "$T/kg/v1" 256)
KSK2=$(tag_of "$T/kg/v2" 257) ZSK2=$(tag_of "$T/kg/v2" 256)
log "user keys: KSK $KSK1 ZSK $ZSK1, successors (dnssec-keygen -G) KSK $KSK2 ZSK $ZSK2"
secret() { # secret FILE... : the user's Secret with these key files
	printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: child-keys, namespace: %s}\ntype: Opaque\ndata:\n' "$NS"
	for f in "$@"; do printf '  %s: %s\n' "$(basename "$f")" "$(base64 -w0 "$f")"; done
}

policy_yaml fast-kz ksk zsk >"$T/m/policy.yaml"
write_top_zone
write_child_zone
secret "$T"/kg/v1/K* >"$T/m/secret.yaml"
cat >"$T/m/site.yaml" <<EOF
apiVersion: bindy.firestoned.io/v1beta1
kind: Bind9Cluster
metadata: {name: $CLUSTER, namespace: $NS}
spec:
  global: {dnssec: {signing: {enabled: true}}}
  primary: {replicas: 1}
---
apiVersion: bindy.firestoned.io/v1beta1
kind: Bind9Cluster
metadata: {name: $UCLUSTER, namespace: $NS}
spec:
  global: {dnssec: {signing: {enabled: true, keysFrom: {secretRef: {name: child-keys}}}}}
  primary: {replicas: 1}
---
apiVersion: bindy.firestoned.io/v1beta1
kind: DNSZone
metadata: {name: top, namespace: $NS}
spec: {zoneName: $TOP, clusterRef: $CLUSTER, dnssecPolicy: fast-kz, zoneFile: top.zone}
---
apiVersion: bindy.firestoned.io/v1beta1
kind: DNSZone
metadata: {name: child, namespace: $NS}
spec: {zoneName: $CHILD, clusterRef: $UCLUSTER, dnssecPolicy: fast-kz, zoneFile: child.zone}
EOF
sg apply -f "$T/m/" >/dev/null
start_run
check "$TOP becomes Ready" wait_ready $NS top 120s
check "$CHILD becomes Ready with the user's keys" wait_ready $NS child 120s
PTOP=$(instance_port $NS $CLUSTER primary-0)
P0=$(instance_port $NS $UCLUSTER primary-0)
KD=$SIGNET_STATE/instances/$NS/$UCLUSTER/primary-0/keys/$CHILD
check "the child serves exactly the user's keys ($KSK1 $ZSK1)" test "$(served_tags $CHILD)" = "$(printf '%s\n' "$KSK1" "$ZSK1" | sort -n | tr '\n' ' ')"
check "signet puts the child's DS into the parent by itself" eventually 120 bash -c \
	"[ -n \"\$(dig +norec +short @127.0.0.1 -p $PTOP $CHILD DS)\" ]"
check "signet confirmed the DS to named: the child's keys settle, DS omnipresent" eventually 240 settled_ds $CHILD
res_start
log "setup done after $SECONDS s"
probe_start

standby() { # standby -> "TAG ROLE successor" lines of status.dnssec.standbyKeys
	zone_json $NS child | python3 -c 'import json,sys
for k in json.load(sys.stdin)["status"].get("dnssec", {}).get("standbyKeys", []):
    print(k["tag"], k["role"], "successor" if k["successor"] else "not-successor")'
}
standby_has() { local s; s=$(standby); grep -qx "$KSK2 KSK successor" <<<"$s" && grep -qx "$ZSK2 ZSK successor" <<<"$s"; }
old_not_standby() { ! standby | grep -q "^$KSK1 \|^$ZSK1 "; }
succeeds() { # succeeds NEW OLD: status says key NEW has OLD as predecessor
	zone_json $NS child | python3 -c 'import json,sys
n, o = int(sys.argv[1]), int(sys.argv[2])
sys.exit(0 if any(k["tag"] == n and k.get("predecessor") == o for k in json.load(sys.stdin)["status"]["dnssec"]["keys"]) else 1)' "$1" "$2"
}
ksk_ds_omnipresent() { # in signet's status (what `signet rollover` goes by), not only in named
	zone_json $NS child | python3 -c 'import json,sys
ks = [k for k in json.load(sys.stdin)["status"]["dnssec"]["keys"] if k["role"] == "KSK" and k["goal"] == "omnipresent"]
sys.exit(0 if ks and all(k["states"]["ds"] == "omnipresent" for k in ks) else 1)'
}
parent_ds_has() { grep -qw "$1" <<<"$(dig +norec +short @127.0.0.1 -p "$PTOP" $CHILD DS | awk '{print $1}')"; }
parent_ds_lacks() { ! parent_ds_has "$1"; }
soa_signed_by() { [ "$(soa_signers $CHILD)" = "$1 " ]; }
check "no standby keys yet" test -z "$(standby)"
check "signet rollover --ksk without a successor in the Secret is refused (exit 1), naming dnssec-keygen -G" \
	bash -c "'$SIGNET' rollover $CHILD --ksk 2>'$T/r.err'; [ \$? -eq 1 ] && grep -q 'dnssec-keygen -G' '$T/r.err'"
check "... and named generated no key of its own" test "$(key_states $CHILD | wc -l)" -eq 2

secret "$T"/kg/v1/K* "$T"/kg/v2/K* >"$T/m/secret.yaml"
sg apply -f "$T/m/secret.yaml" >/dev/null
check "the successors show as standby keys named can take" eventually 30 standby_has
check "... named does not use them yet: same DNSKEY RRset" test "$(served_tags $CHILD)" = "$(printf '%s\n' "$KSK1" "$ZSK1" | sort -n | tr '\n' ' ')"

check "signet's status has the KSK's DS omnipresent" eventually 30 ksk_ds_omnipresent
t0=$SECONDS
check "signet rollover --ksk" sg rollover $CHILD --ksk
check "named pre-publishes the user's KSK $KSK2 (not one of its own)" eventually 60 served_has $CHILD "$KSK2"
check "... and status shows it as the successor of $KSK1" eventually 30 succeeds "$KSK2" "$KSK1"
log "KSK $KSK2 published after $((SECONDS - t0)) s; DNSKEY ids: $(served_tags $CHILD)"
check "the parent serves the DS of $KSK2 (added by signet)" eventually 240 parent_ds_has "$KSK2"
check "the old KSK $KSK1 leaves the child's DNSKEY RRset" eventually 240 served_lacks $CHILD "$KSK1"
check "... and its DS leaves the parent" eventually 60 parent_ds_lacks "$KSK1"
log "KSK rollover to the user's key took $((SECONDS - t0)) s"

check "the child's keys settle before the ZSK rollover" eventually 240 settled_ds $CHILD
check "... in signet's status too" eventually 30 ksk_ds_omnipresent
t0=$SECONDS
check "signet rollover --zsk" sg rollover $CHILD --zsk
check "named pre-publishes the user's ZSK $ZSK2" eventually 60 served_has $CHILD "$ZSK2"
check "the user's ZSK $ZSK2 alone signs the SOA" eventually 240 soa_signed_by "$ZSK2"
check "the old ZSK $ZSK1 leaves the DNSKEY RRset" eventually 240 served_lacks $CHILD "$ZSK1"
log "ZSK rollover to the user's key took $((SECONDS - t0)) s"
check "the child serves exactly the user's new keys" test "$(served_tags $CHILD)" = "$(printf '%s\n' "$KSK2" "$ZSK2" | sort -n | tr '\n' ' ')"

# the old keys are still in the Secret: once named purges their files they must stay out
purged() { ! ls "$KD" | grep -q "+0*$KSK1\.\|+0*$ZSK1\."; }
# named purges at a run of its key manager (a key event, or hourly): have it run
purge_now() { rndc_ loadkeys $CHILD >/dev/null 2>&1; sleep 1; purged; }
check "named purges the old keys' files (purge-keys ${POLICY_PURGE}s)" eventually 180 purge_now
sleep 8
check "... and signet does not copy them back from the Secret" purged
check "the old keys are not standby keys either" old_not_standby
secret "$T"/kg/v2/K* >"$T/m/secret.yaml"
sg apply -f "$T/m/secret.yaml" >/dev/null
sleep 6
probe_stop
check "the child is Ready with only the new keys in the Secret" wait_ready $NS child 60s
check "signet's status DS is the user's new KSK's only" test "$(status_field $NS child dnssec.dsRecords | python3 -c 'import json,sys; print(" ".join(d.split()[3] for d in json.load(sys.stdin)))')" = "$KSK2"
check "the parent serves exactly that DS" test "$(served_child_ds "$PTOP" | awk '{print $1}' | tr '\n' ' ')" = "$KSK2 "
check "no DSUpdateRequired alarm in the audit log" bash -c "! '$SIGNET' audit | grep -q 'ds-update-required'"
roll_finish
