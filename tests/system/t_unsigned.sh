#!/bin/bash
# Zones served unsigned: (a) dnssecPolicy none in a signing cluster, (b) clusters
# without signing / with signing disabled, (c) dnssecPolicy insecure, and (d) a
# zone whose cluster does not exist yet (ClusterNotFound until it is applied).
. "$(dirname "$0")/lib.sh"
D=$SGN_SRC/tests/system/data/unsigned
NS=uns
sg apply -f "$D/clusters.yaml" -f "$D/zones.yaml"
check "(d) a zone naming a missing cluster is stored (apply exits 0)" sg apply -f "$D/orphan.yaml"
start_run

ports() { # ports CLUSTER -> every instance's DNS port
	sg -n $NS get bind9cluster "$1" -o json | python3 -c 'import json,sys
for i in json.load(sys.stdin)["status"]["instances"]: print(i["port"])'
}
has_no() { # has_no PORT NAME TYPE RRTYPE: the +dnssec answer for NAME/TYPE holds no RRTYPE
	local out
	out=$(dig +norec +dnssec @127.0.0.1 -p "$1" "$2" "$3")
	echo "$out" | grep -q 'status: NOERROR' || { echo "$out" | head -5 >&2; return 1; }
	! echo "$out" | awk -v t="$4" '$4==t' | grep -q .
}
answers() { # answers PORT NAME TYPE VALUE
	test "$(dig +norec +short @127.0.0.1 -p "$1" "$2" "$3")" = "$4"
}
reason() { zone_json $NS "$1" | python3 -c 'import json,sys
for c in json.load(sys.stdin)["status"]["conditions"]:
    if c["type"] == "Ready": print(c["status"], c.get("reason", ""), c.get("message", ""))'; }

check_unsigned() { # check_unsigned NAME CLUSTER WHAT
	local name=$1 cluster=$2 what=$3 zone=$1.example p
	check "$what: $zone becomes Ready" wait_ready $NS "$name" 60s
	check "$what: status dnssec.signed is false" test "$(status_field $NS "$name" dnssec.signed)" = false
	for p in $(ports "$cluster"); do
		check "$what: port $p answers www.$zone A" answers "$p" "www.$zone" A 192.0.2.80
		check "$what: port $p: no RRSIG with the SOA" has_no "$p" "$zone" SOA RRSIG
		check "$what: port $p: no RRSIG with www A" has_no "$p" "www.$zone" A RRSIG
		check "$what: port $p: no DNSKEY RRset" has_no "$p" "$zone" DNSKEY DNSKEY
		check "$what: port $p: no NSEC/NSEC3 in a negative answer" bash -c \
			"! dig +norec +dnssec @127.0.0.1 -p $p nothing.$zone A | grep -qE 'IN[[:space:]]NSEC3?[[:space:]]'"
	done
}

# control: the signing cluster does sign a zone without a dnssecPolicy
check "control: signed.example becomes Ready" wait_ready $NS signed 60s
check "control: signed.example is signed" test "$(status_field $NS signed dnssec.signed)" = true
check "control: signed.example serves a DNSKEY" bash -c \
	"dig +norec +short @127.0.0.1 -p $(instance_port $NS signer primary-0) signed.example DNSKEY | grep -q ."

check_unsigned none signer "(a) dnssecPolicy none"
check "(a) status policy is none" test "$(status_field $NS none dnssec.policy)" = none
check_unsigned plain plain "(b) no signing block"
check_unsigned disabled disabled "(b) signing enabled: false"
check_unsigned insecure signer "(c) dnssecPolicy insecure"
check "(c) status policy is insecure" test "$(status_field $NS insecure dnssec.policy)" = insecure

check "(d) orphan gets Ready=False" sg -n $NS wait dnszone/orphan --for=condition=Ready=False --timeout=30s
r=$(reason orphan)
log "orphan: $r"
check "(d) reason is ClusterNotFound" test "$(echo "$r" | awk '{print $2}')" = ClusterNotFound
check "(d) message names the cluster" bash -c "echo '$r' | grep -q 'late-cluster'"
sg apply -f "$D/late-cluster.yaml"
check "(d) applying the cluster makes orphan Ready" wait_ready $NS orphan 60s
check "(d) orphan is now signed by late-cluster" test "$(status_field $NS orphan dnssec.signed)" = true
anchor_file $NS orphan "$T/orphan.anchor"
check "(d) delv validates orphan.example" delv_validated "$(instance_port $NS late-cluster primary-0)" \
	"$T/orphan.anchor" orphan.example orphan.example SOA
stop_run
check "signet run stopped every named it started" no_named_left
finish
