#!/bin/bash
# KSK rollover (double-KSK) of CHILD whose parent signet does NOT manage: the
# parent TOP is served by a second, independent `signet run` (its own state
# dir and ports), whose zone file the test edits as the parent's operator would.
# Round 1, confirmed by hand: status says which DS to publish / withdraw and
# when; the operator changes the parent and runs `signet ds-published` /
# `signet ds-withdrawn`. Round 2, with parentalAgents: the operator changes the
# parent when status says so, and named sees it at the parental agents by itself.
# unbound validates with TOP's DS only, probed every second (SOA, www A,
# NXDOMAIN, www.CHILD A; every answer must carry AD).
# Timing (2 vCPU, netns, BIND 9.18.49, 4 rollover tests at once): ~125 s in
# all; round 1 (by hand) 30 s from `signet rollover` to the old KSK gone,
# round 2 (parental agents) 47 s.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
TOP_STATE=$T/parent-state
TOP_DIR=$T/pm
PPORT=5453
mkdir -p "$T/m" "$TOP_DIR"
policy_yaml fast-kz ksk zsk >"$T/m/policy.yaml"
cp "$T/m/policy.yaml" "$TOP_DIR/policy.yaml"
write_child_zone
write_top_zone
# the parent's signet: cluster "par", zone TOP only
cat >"$TOP_DIR/site.yaml" <<YAML
apiVersion: bindy.firestoned.io/v1beta1
kind: Bind9Cluster
metadata: {name: par, namespace: $NS}
spec: {global: {dnssec: {signing: {enabled: true}}}, primary: {replicas: 1}}
---
apiVersion: bindy.firestoned.io/v1beta1
kind: DNSZone
metadata: {name: top, namespace: $NS}
spec: {zoneName: $TOP, clusterRef: par, dnssecPolicy: fast-kz, zoneFile: top.zone}
YAML
# child_manifest [AGENTS-YAML]: this signet: cluster "roll", zone CHILD only
child_manifest() {
	cat >"$T/m/site.yaml" <<YAML
apiVersion: bindy.firestoned.io/v1beta1
kind: Bind9Cluster
metadata: {name: $CLUSTER, namespace: $NS}
spec: {global: {dnssec: {signing: {enabled: true}}}, primary: {replicas: 1}}
---
apiVersion: bindy.firestoned.io/v1beta1
kind: DNSZone
metadata: {name: child, namespace: $NS}
spec:
  zoneName: $CHILD
  clusterRef: $CLUSTER
  dnssecPolicy: fast-kz
  zoneFile: child.zone
${1:-}
YAML
}
child_manifest
SIGNET_STATE=$TOP_STATE sg apply -f "$TOP_DIR/" >/dev/null
SIGNET_STATE=$TOP_STATE "$SIGNET" run --dns-port $PPORT >"$T/prun.log" 2>&1 &
PARENT_RUN_PID=$!
sg apply -f "$T/m/" >/dev/null
start_run
check "the parent (other signet) becomes Ready" bash -c "SIGNET_STATE=$TOP_STATE '$SIGNET' wait dnszone/top --for=condition=Ready --timeout=120s"
check "the child becomes Ready" wait_ready $NS child 120s
P0=$(instance_port $NS $CLUSTER primary-0)
PTOP=$(SIGNET_STATE=$TOP_STATE instance_port $NS par primary-0)
log "child signer on port $P0, parent on $PTOP"
check "signet sees no parent of its own for the child" bash -c "! grep -q '\"$TOP\"' $SIGNET_STATE/instances/$NS/$CLUSTER/primary-0/named.conf"

cond() { # cond TYPE -> "STATUS REASON MESSAGE"
	zone_json $NS child | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)["status"]["conditions"] if c["type"] == sys.argv[1]]
print("%s %s %s" % (c[0]["status"], c[0].get("reason"), c[0].get("message")) if c else "absent")' "$1"; }
cond_is() { [ "$(cond "$1" | cut -d' ' -f1)" = "$2" ]; } # cond_is TYPE True|False
cond_names() { local c; c=$(cond "$1"); [ "${c%% *}" = True ] && grep -qw "$2" <<<"$c" && grep -q "$3" <<<"$c"; }
key_ds_line() { # key_ds_line TAG -> the DS of that key from status, in the parent's zone-file form
	zone_json $NS child | python3 -c 'import json,sys
for k in json.load(sys.stdin)["status"]["dnssec"]["keys"]:
    if k["tag"] == int(sys.argv[1]) and k.get("dsRecord"):
        f = k["dsRecord"].split(); print("child %s IN DS %s" % (sys.argv[2], " ".join(f[3:])))' "$1" "$RR_TTL"; }
operator_actions() { "$SIGNET" audit -o json | python3 -c 'import json,sys
print(sum(1 for e in json.load(sys.stdin) if e.get("zone") == sys.argv[1] and e.get("actor", "").startswith("signet ds-")))' "$CHILD"; }

OLD=$(keys_of $CHILD ksk)
check "DSPublicationRequired names KSK $OLD and says to run ds-published" eventually 60 cond_names DSPublicationRequired "$OLD" "signet ds-published"
check "AwaitingParent says it waits for the operator" eventually 10 cond_names AwaitingParent DSChangePending operator
set_child_ds "$(key_ds_line "$OLD")"
res_start
check "signet ds-published records the parent's DS" sg ds-published $CHILD
check "the child's keys settle, DS omnipresent" eventually 240 settled_ds $CHILD
check "DSPublicationRequired becomes False" eventually 30 cond_is DSPublicationRequired False
log "setup done after $SECONDS s"
probe_start

# rollover ROUND: start a KSK rollover and play the parent's operator
rollover() {
	local round=$1 manual=$2 t0=$SECONDS old new
	old=$(keys_of $CHILD ksk)
	check "round $round: signet rollover --ksk" sg rollover $CHILD --ksk
	check "round $round: a successor KSK is pre-published" eventually 60 bash -c \
		"[ \$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DNSKEY | awk '\$1==257' | wc -l) -eq 2 ]"
	new=$(keys_of $CHILD ksk | grep -vx "$old" | head -1)
	check "round $round: the old DS is not to be withdrawn before named swaps it (DSWithdrawalRequired=False)" \
		test "$(cond DSWithdrawalRequired | cut -d' ' -f1)" = False
	check "round $round: status asks for the DS of $new (PublishDS)" eventually 120 cond_names DSPublicationRequired "$new" PublishDS
	check "round $round: ... and for the withdrawal of $old's DS (named swaps them)" eventually 30 cond_names DSWithdrawalRequired "$old" WithdrawDS
	log "round $round: DS swap asked for after $((SECONDS - t0)) s"
	set_child_ds "$(key_ds_line "$new")"
	if [ "$manual" = manual ]; then
		check "round $round: ds-withdrawn --key $old before $new's DS is confirmed is refused (named would drop $old at once)" \
			bash -c "'$SIGNET' ds-withdrawn $CHILD --key $old 2>'$T/w.err'; [ \$? -eq 1 ] && grep -q 'not known to hold the DS of KSK $new' '$T/w.err'"
		check "round $round: signet ds-published --key $new" sg ds-published $CHILD --key "$new"
		check "round $round: signet ds-withdrawn --key $old" sg ds-withdrawn $CHILD --key "$old"
	fi
	check "round $round: the old KSK $old leaves the child's DNSKEY RRset" eventually 300 served_lacks $CHILD "$old"
	log "round $round: old KSK gone after $((SECONDS - t0)) s; DNSKEY ids: $(served_tags $CHILD)"
	check "round $round: nothing awaited from the parent any more" eventually 60 cond_is AwaitingParent False
	log "round $round: $(cond AwaitingParent); keys: $(key_states $CHILD | tr '\n' ';')"
	check "round $round: the child is Ready" wait_ready $NS child 60s
	check "round $round: status DS is $new's only" test "$(status_ds_lines child | awk '{print $5}')" = "$new"
}

rollover 1 manual
n_manual=$(operator_actions)
child_manifest "  parentalAgents: [{address: 127.0.0.1, port: $PTOP}]"
sg apply -f "$T/m/" >/dev/null
check "named.conf gets the parental agent" eventually 30 grep -q "parental-agents { 127.0.0.1 port $PTOP; };" \
	"$SIGNET_STATE/instances/$NS/$CLUSTER/primary-0/named.conf"
check "every key of the child is settled before round 2" eventually 120 settled_ds $CHILD
rollover 2 agents
check "round 2 needed no ds-published / ds-withdrawn (named asked the parental agents)" test "$(operator_actions)" -eq "$n_manual"
sleep 5
probe_stop
check "no DSUpdateRequired alarm in either round" bash -c "! '$SIGNET' audit | grep 'ds-update-required'"
stop_run
kill -TERM "$PARENT_RUN_PID"; wait "$PARENT_RUN_PID" || true; PARENT_RUN_PID=
check "both signet runs stopped every named they started" no_named_left
log "total $SECONDS s"
finish
