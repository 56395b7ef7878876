# SPDX-License-Identifier: MIT
# rollover_lib.sh -- harness for the rollover system tests (t_rollover_*.sh),
# sourced after lib.sh:
#  - a parent zone TOP and a child zone CHILD delegated from it, both signed by
#    the one primary of cluster "roll"; the delegation (NS, glue, DS) is in the
#    parent's zoneFile, rewritten and re-applied whenever the child's DS changes;
#  - a policy whose every TTL, delay and signature interval is seconds, not
#    hours (see POLICY_* below);
#  - unbound as a caching validating resolver on 127.0.0.1:$RES_PORT whose only
#    trust anchor is TOP's DS (from signet's status), with stub zones to the signer;
#  - a prober that asks the resolver every second for TOP SOA, www.TOP A, a
#    non-existent name (NXDOMAIN) and www.CHILD A and demands AD on every answer.
#
# Time compression, honestly: named's state machine is untouched; every TTL
# (DNSKEY, records, DS, negative) and every delay and safety margin it waits on
# is scaled from hours down to seconds, the resolver honours those TTLs (its
# cache-max-ttl equals the zone's largest TTL, so it caches exactly as long as a
# real one would), and the signature validity/refresh are minutes. Only the
# moment a rollover starts is chosen by the test (`rndc dnssec -rollover`)
# instead of waiting for a key lifetime to run out: the rollover itself then
# runs on named's own timers.

TOP=roll.example
CHILD=child.roll.example
NS=default
CLUSTER=roll
RES_PORT=${RES_PORT:-5399}
# Policy (durations in seconds). named 9.18 limits honoured: refresh < 90% of
# validity, jitter <= validity; lifetimes are unlimited (rollovers started by rndc).
POLICY_DNSKEY_TTL=10
POLICY_MAX_ZONE_TTL=10
POLICY_ZONE_PROP=2
POLICY_PUBLISH_SAFETY=2
POLICY_RETIRE_SAFETY=2
POLICY_SIG_VALIDITY=300
POLICY_SIG_REFRESH=240
POLICY_SIG_JITTER=10
POLICY_PARENT_DS_TTL=10
POLICY_PARENT_PROP=2
POLICY_PURGE=60
RR_TTL=10 # every record TTL in both zones (<= max-zone-ttl)

PROBE_PID=
UNBOUND_PID=
RCONF=$SIGNET_STATE/instances/$NS/$CLUSTER/primary-0/rndc.conf

roll_cleanup() {
	[ -n "$PROBE_PID" ] && kill "$PROBE_PID" 2>/dev/null || true
	[ -n "${DSWATCH_PID:-}" ] && kill "$DSWATCH_PID" 2>/dev/null || true
	# a second `signet run` (the external parent's, t_rollover_ksk_external)
	if [ -n "${PARENT_RUN_PID:-}" ] && kill -0 "$PARENT_RUN_PID" 2>/dev/null; then
		kill -TERM "$PARENT_RUN_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$PARENT_RUN_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$PARENT_RUN_PID" 2>/dev/null || true
	fi
	if [ -n "$UNBOUND_PID" ] && kill -0 "$UNBOUND_PID" 2>/dev/null; then
		kill -TERM "$UNBOUND_PID" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$UNBOUND_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$UNBOUND_PID" 2>/dev/null || true
	fi
	if [ -f "$T/probe.fail" ] && [ -s "$T/probe.fail" ]; then
		echo "--- prober failures (head) ---"; head -n 60 "$T/probe.fail"
	fi
	if [ -f "$T/unbound/unbound.log" ]; then
		echo "--- unbound log (validation failures) ---"
		grep -i "validation failure\|bogus\|error" "$T/unbound/unbound.log" | head -n 20 || true
	fi
}
# lib.sh's EXIT trap stops signet and removes $T: run ours first
trap 'rc=$?; roll_cleanup; set +e; (exit $rc); cleanup' EXIT

rndc_() { rndc -c "$RCONF" "$@"; }

# policy_yaml NAME ROLES... : ROLES like "ksk zsk" or "csk"; POLICY_ALG sets the
# algorithm (ECDSAP256SHA256), POLICY_NSEC3=1 makes it NSEC3 (RFC 9276: 0 iterations, no salt)
policy_yaml() {
	local name=$1 r; shift
	cat <<EOF
apiVersion: bindy.firestoned.io/v1beta1
kind: DNSSECPolicy
metadata: {name: $name, namespace: $NS}
spec:
  keys:
EOF
	for r in "$@"; do echo "    - {role: $r, lifetime: unlimited, algorithm: ${POLICY_ALG:-ECDSAP256SHA256}}"; done
	[ -z "${POLICY_NSEC3:-}" ] || echo "  nsec3: {iterations: 0, optOut: false, saltLength: 0}"
	cat <<EOF
  dnskeyTtl: ${POLICY_DNSKEY_TTL}s
  maxZoneTtl: ${POLICY_MAX_ZONE_TTL}s
  zonePropagationDelay: ${POLICY_ZONE_PROP}s
  publishSafety: ${POLICY_PUBLISH_SAFETY}s
  retireSafety: ${POLICY_RETIRE_SAFETY}s
  signaturesValidity: ${POLICY_SIG_VALIDITY}s
  signaturesValidityDnskey: ${POLICY_SIG_VALIDITY}s
  signaturesRefresh: ${POLICY_SIG_REFRESH}s
  signaturesJitter: ${POLICY_SIG_JITTER}s
  parentDsTtl: ${POLICY_PARENT_DS_TTL}s
  parentPropagationDelay: ${POLICY_PARENT_PROP}s
  purgeKeys: ${POLICY_PURGE}s
EOF
}

# write_top_zone ["DS-LINES"] : TOP's master file with the delegation of CHILD
write_top_zone() {
	{
		echo "\$ORIGIN $TOP."
		echo "\$TTL $RR_TTL"
		echo "@ IN SOA ns1.$TOP. hostmaster.$TOP. $(date +%s) 60 30 600 $RR_TTL"
		echo "@ IN NS ns1.$TOP."
		echo "ns1 IN A 127.0.0.1"
		echo "www IN A 192.0.2.1"
		echo "child IN NS ns1.child.$TOP."
		echo "ns1.child IN A 127.0.0.1"
		[ -z "${1:-}" ] || printf '%s\n' "$1"
	} >"${TOP_DIR:-$T/m}/top.zone"
}

write_child_zone() {
	cat >"$T/m/child.zone" <<EOF
\$ORIGIN $CHILD.
\$TTL $RR_TTL
@ IN SOA ns1.$CHILD. hostmaster.$CHILD. 1 60 30 600 $RR_TTL
@ IN NS ns1.$CHILD.
ns1 IN A 127.0.0.1
www IN A 192.0.2.2
EOF
}

# write_manifest TOP-POLICY CHILD-POLICY : cluster, zones; policies come separately
write_manifest() {
	cat >"$T/m/site.yaml" <<EOF
apiVersion: bindy.firestoned.io/v1beta1
kind: Bind9Cluster
metadata: {name: $CLUSTER, namespace: $NS}
spec:
  global:
    dnssec:
      signing: {enabled: true}
  primary: {replicas: 1}
$([ -z "${ROLL_SECONDARIES:-}" ] || echo "  secondary: {replicas: $ROLL_SECONDARIES}")
---
apiVersion: bindy.firestoned.io/v1beta1
kind: DNSZone
metadata: {name: top, namespace: $NS}
spec:
  zoneName: $TOP
  clusterRef: $CLUSTER
  dnssecPolicy: $1
  zoneFile: top.zone
---
apiVersion: bindy.firestoned.io/v1beta1
kind: DNSZone
metadata: {name: child, namespace: $NS}
spec:
  zoneName: $CHILD
  clusterRef: $CLUSTER
  dnssecPolicy: $2
  zoneFile: child.zone
EOF
}

# DS lines (zone-file form, owner relative to TOP) from signet's status of a zone
status_ds_lines() { # status_ds_lines ZONE-RESOURCE
	status_field $NS "$1" dnssec.dsRecords | python3 -c 'import json,sys
for ds in json.load(sys.stdin):
    f = ds.split(); print("child %s IN DS %s" % (sys.argv[1], " ".join(f[3:])))' "$RR_TTL"
}

# served_child_ds PORT -> "TAG ALG DIGESTTYPE DIGEST" lines the parent serves
served_child_ds() {
	dig +norec +short @127.0.0.1 -p "$1" "$CHILD" DS | awk '{d=""; for (i=4;i<=NF;i++) d=d $i; print $1, $2, $3, toupper(d)}' | sort
}
ds_lines_norm() { # DS zone-file lines on stdin -> same form as served_child_ds
	awk '{d=""; for (i=8;i<=NF;i++) d=d $i; print $5, $6, $7, toupper(d)}' | sort
}

# roll_setup TOP-POLICY CHILD-POLICY [internal]: apply, run, wait Ready, put the
# child's DS into the parent (by the test through the parent's zoneFile, or with
# "internal" by signet itself, the parent being its own), start unbound with
# TOP's DS as its only trust anchor.
roll_setup() {
	mkdir -p "$T/m"
	write_child_zone
	write_top_zone
	write_manifest "$1" "$2"
	sg apply -f "$T/m/"
	start_run
	check "$TOP becomes Ready" wait_ready $NS top 120s
	check "$CHILD becomes Ready" wait_ready $NS child 120s
	P0=$(instance_port $NS $CLUSTER primary-0)
	if [ "${3:-}" = internal ]; then
		check "signet puts the child's DS into the parent by itself" eventually 120 bash -c \
			"[ -n \"\$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DS)\" ]"
	else
		set_child_ds "$(status_ds_lines child)"
	fi
	res_start
}

# set_child_ds "DS-LINES": rewrite the parent's file with these DS lines,
# re-apply, wait until the signer serves exactly them (signed). The parent is
# TOP_STATE / TOP_DIR / PTOP when set (a parent signet does not manage), else
# this signet's.
set_child_ds() {
	local lines=$1 want
	write_top_zone "$lines"
	SIGNET_STATE=${TOP_STATE:-$SIGNET_STATE} sg apply -f "${TOP_DIR:-$T/m}/" >/dev/null
	want=$(printf '%s\n' "$lines" | ds_lines_norm)
	if eventually 60 bash -c "[ \"\$(dig +norec +short @127.0.0.1 -p ${PTOP:-$P0} $CHILD DS | awk '{d=\"\"; for (i=4;i<=NF;i++) d=d \$i; print \$1, \$2, \$3, toupper(d)}' | sort)\" = \"$want\" ]"; then
		pass "the parent serves the child DS set: $(echo "$want" | awk '{print $1}' | tr '\n' ' ')"
	else
		fail "the parent serves the child DS set $want (serves: $(served_child_ds "${PTOP:-$P0}"))"
	fi
}

res_start() {
	local d=$T/unbound anchor
	mkdir -p "$d"
	# the anchor from signet's status, read again until it has one (a status between
	# two verifications has no DS)
	top_anchor() { SIGNET_STATE=${TOP_STATE:-$SIGNET_STATE} status_field $NS top dnssec.dsRecords | python3 -c 'import json,sys
for ds in json.load(sys.stdin): print("trust-anchor: \"%s\"" % ds)' 2>/dev/null | sed 's/^/    /' >"$d/anchor" && grep -q ' DS ' "$d/anchor"; }
	eventually 60 top_anchor || fail "signet's status has TOP's DS"
	: >"$d/root.hints" # empty: the stubs below are the only way out (and the netns has only lo)
	anchor=$(cat "$d/anchor")
	cat >"$d/unbound.conf" <<EOF
server:
    interface: 127.0.0.1
    port: $RES_PORT
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "$d"
    pidfile: "$d/unbound.pid"
    logfile: "$d/unbound.log"
    use-syslog: no
    verbosity: 1
    log-time-ascii: yes
    num-threads: 1
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    root-hints: "$d/root.hints"
    module-config: "validator iterator"
$anchor
    val-log-level: 2
    # TTLs of the zones are $RR_TTL s: cache exactly as long as they say
    cache-max-ttl: $RR_TTL
    cache-max-negative-ttl: $RR_TTL
    val-bogus-ttl: 5
    prefetch: no
    prefetch-key: no
    qname-minimisation: no
    harden-dnssec-stripped: yes
    val-permissive-mode: no
stub-zone:
    name: "$TOP"
    stub-addr: 127.0.0.1@${PTOP:-$P0}
stub-zone:
    name: "$CHILD"
    stub-addr: 127.0.0.1@$P0
EOF
	unbound-checkconf "$d/unbound.conf" >/dev/null || { fail "unbound-checkconf"; return 1; }
	unbound -d -c "$d/unbound.conf" >"$d/stderr" 2>&1 &
	UNBOUND_PID=$!
	log "unbound started (pid $UNBOUND_PID) on 127.0.0.1@$RES_PORT, trust anchor: $(echo "$anchor" | tr -s ' ')"
	check "the resolver validates $TOP SOA (AD)" eventually 20 ad_answer "$TOP" SOA NOERROR
	check "the resolver validates www.$CHILD A through the child DS (AD)" eventually 20 ad_answer "www.$CHILD" A NOERROR
}

ad_answer() { # ad_answer NAME TYPE RCODE
	local out
	out=$(dig +dnssec +tries=1 +time=2 @127.0.0.1 -p "$RES_PORT" "$1" "$2" 2>&1) || return 1
	grep -q "status: $3," <<<"$out" || return 1
	grep -q "^;; flags:[^;]* ad[ ;]" <<<"$out" || return 1
}

# The prober: every second, four questions; any answer without AD, with the
# wrong rcode, or a timeout is a failure, logged with the time and the answer.
probe_loop() {
	local n=0 q f=0 out name type rc
	while [ ! -e "$T/probe.stop" ] && [ $n -lt 3600 ]; do
		for q in "$TOP SOA NOERROR" "www.$TOP A NOERROR" "nosuch-$RANDOM.$TOP A NXDOMAIN" "www.$CHILD A NOERROR"; do
			read -r name type rc <<<"$q"
			n=$((n + 1))
			out=$(dig +dnssec +tries=1 +time=2 @127.0.0.1 -p "$RES_PORT" "$name" "$type" 2>&1) || true
			# here-strings, not `echo | grep -q`: under pipefail an early grep exit can SIGPIPE echo
			# once the child is being unsigned (probe.child-insecure), an answer for it
			# may be provably insecure (no AD); never bogus (SERVFAIL)
			if [ "$name" = "www.$CHILD" ] && [ -e "$T/probe.child-insecure" ] &&
				grep -q "status: $rc," <<<"$out" && ! grep -q "^;; flags:[^;]* ad[ ;]" <<<"$out"; then
				echo x >>"$T/probe.insecure"
			elif ! grep -q "status: $rc," <<<"$out" || ! grep -q "^;; flags:[^;]* ad[ ;]" <<<"$out"; then
				f=$((f + 1))
				{ echo "=== $(date -u +%H:%M:%S) $name $type (want $rc + AD)"; echo "$out" | grep -v '^;; \(Query time\|SERVER\|WHEN\|MSG SIZE\)\|^$'; } >>"$T/probe.fail"
			fi
		done
		echo "$n $f" >"$T/probe.count"
		sleep 1
	done
}

probe_start() {
	rm -f "$T/probe.stop" "$T/probe.fail" "$T/probe.insecure"; : >"$T/probe.fail"; : >"$T/probe.insecure"
	probe_loop &
	PROBE_PID=$!
	PROBE_T0=$SECONDS
	log "prober started (pid $PROBE_PID)"
}

probe_stop() {
	touch "$T/probe.stop"
	wait "$PROBE_PID" 2>/dev/null || true
	PROBE_PID=
	local n f
	read -r n f <"$T/probe.count"
	log "prober: $n queries in $((SECONDS - PROBE_T0)) s, $f failures"
	check "every one of $n resolver answers was validated (AD, right rcode): $f failures" test "$f" -eq 0
}

# The DS watcher: asks the parent's signer five times a second for the child's DS
# RRset, which must never be empty once it is there (an empty answer, even for a
# moment, is cached by resolvers as "the child is insecure").
DSWATCH_PID=
dswatch_loop() {
	local n=0 out
	while [ ! -e "$T/dswatch.stop" ] && [ $n -lt 20000 ]; do
		n=$((n + 1))
		out=$(dig +norec +short +tries=1 +time=1 @127.0.0.1 -p "${PTOP:-$P0}" "$CHILD" DS 2>&1) || true
		[ -n "$out" ] || echo "$(date -u +%H:%M:%S.%N | cut -c1-12) no DS" >>"$T/dswatch.fail"
		echo "$n" >"$T/dswatch.count"
		sleep 0.2
	done
}
dswatch_start() { rm -f "$T/dswatch.stop"; : >"$T/dswatch.fail"; dswatch_loop & DSWATCH_PID=$!; }
dswatch_stop() {
	touch "$T/dswatch.stop"
	wait "$DSWATCH_PID" 2>/dev/null || true
	DSWATCH_PID=
	local f; f=$(wc -l <"$T/dswatch.fail")
	[ "$f" -eq 0 ] || head -5 "$T/dswatch.fail" | sed 's/^/#   /'
	check "the parent served the child's DS on every one of $(cat "$T/dswatch.count") queries (5/s): $f without" test "$f" -eq 0
}

# The end of a rollover test: signet stops, and with it every named it started.
roll_finish() {
	stop_run
	check "signet run stopped every named it started" no_named_left
	log "total $SECONDS s"
	finish
}

# `rndc dnssec -status ZONE` as "TAG ROLE GOAL dnskey=.. zrrsig=.. krrsig=.. ds=.." lines
key_states() {
	rndc_ dnssec -status "$1" | python3 -c 'import sys
keys = []
for line in sys.stdin:
    w = line.split()
    if line.startswith("key: "):
        keys.append({"tag": w[1], "role": w[-1], "goal": "?"})
    elif keys and line.strip().startswith("- ") and ":" in line:
        k, v = line.strip()[2:].split(":", 1)
        keys[-1][k.strip().replace(" ", "")] = v.strip()
for k in keys:
    print(k["tag"], k["role"], k.get("goal", "?"), " ".join("%s=%s" % (f, k[f]) for f in ("dnskey", "zonerrsig", "keyrrsig", "ds") if f in k))'
}
# keys_of ZONE ROLE -> tags of the keys of that role whose goal is omnipresent (ROLE: ksk|zsk|csk)
keys_of() {
	key_states "$1" | awk -v r="$(echo "$2" | tr a-z A-Z)" '$2==r && $3=="omnipresent" {print $1}'
}
# settled ZONE: every key is fully in (goal omnipresent, records omnipresent) or
# fully out (goal hidden, records hidden); DS states are not looked at.
# named treats keys still "rumoured" as not yet relied upon and may swap them at
# once: a rollover started before this holds breaks validation (seen: new ZSK
# signing with the old ZSK still in resolver caches).
settled() {
	local s; s=$(key_states "$1")
	[ -n "$s" ] && ! sed 's/ ds=[a-z]*//' <<<"$s" | grep -q 'rumoured\|unretentive'
}
# settled_ds ZONE: like settled, and every key still wanted has its DS omnipresent too
settled_ds() {
	local s; s=$(key_states "$1")
	[ -n "$s" ] && ! grep -q 'rumoured\|unretentive' <<<"$s" &&
		! awk '$3=="omnipresent" && /ds=/ && !/ds=omnipresent/' <<<"$s" | grep -q .
}
served_tags() { # served_tags ZONE -> key ids in the served DNSKEY RRset
	dig +norec +multi @127.0.0.1 -p "$P0" "$1" DNSKEY | sed -n 's/.*key id = \([0-9]*\).*/\1/p' | sort -n | tr '\n' ' '
}
# tags of the keys whose signatures cover the SOA
soa_signers() {
	dig +norec +dnssec @127.0.0.1 -p "$P0" "$1" SOA | awk '$4=="RRSIG" && $5=="SOA" {print $11}' | sort -u | tr '\n' ' '
}
served_has() { grep -qw "$2" <<<" $(served_tags "$1")"; }
served_lacks() { ! served_has "$@"; }
