#!/bin/bash
# Signing algorithms: RSASHA256 and ED25519 set per Bind9Cluster
# (spec.global.dnssec.signing.algorithm), ECDSAP384SHA384 from a DNSSECPolicy that
# a zone names in spec.dnssecPolicy. Every zone is validated by delv with the DS
# signet reports as the only trust anchor.
. "$(dirname "$0")/lib.sh"
D=$SGN_SRC/tests/system/data/algorithms
NS=alg
sg apply -f "$D/clusters.yaml" -f "$D/zones.yaml"
start_run

check_alg() { # check_alg NAME ZONE CLUSTER ALGNAME ALGNUM
	local name=$1 zone=$2 cluster=$3 an=$4 anum=$5 port
	check "$zone becomes Ready" wait_ready $NS "$name"
	port=$(instance_port $NS "$cluster" primary-0)
	anchor_file $NS "$name" "$T/$name.anchor"
	check "$zone: status algorithm is $an" test "$(status_field $NS "$name" dnssec.algorithm)" = "$an"
	check "$zone: status is signed" test "$(status_field $NS "$name" dnssec.signed)" = true
	local algs
	algs=$(status_ds $NS "$name" | awk '{print $3}' | sort -u)
	check "$zone: every status DS has algorithm $anum (got '$algs')" test "$algs" = "$anum"
	check "$zone: served DNSKEYs are all algorithm $anum" test \
		"$(dig +norec +short @127.0.0.1 -p "$port" "$zone" DNSKEY | awk '{print $3}' | sort -u)" = "$anum"
	check "$zone: status DS equals dnssec-dsfromkey -2 of the served DNSKEY" \
		test "$(status_ds $NS "$name")" = "$(served_ds "$port" "$zone")"
	check "$zone: status keyTag is the DS key tag" \
		test "$(status_field $NS "$name" dnssec.keyTag)" = "$(status_ds $NS "$name" | awk 'NR==1{print $2}')"
	check "$zone: delv fully validates the SOA" delv_validated "$port" "$T/$name.anchor" "$zone" "$zone" SOA
	check "$zone: delv fully validates www A" delv_validated "$port" "$T/$name.anchor" "$zone" "www.$zone" A
	check "$zone: RRSIG on www A has algorithm $anum" bash -c \
		"dig +norec +dnssec @127.0.0.1 -p $port www.$zone A | awk '\$4==\"RRSIG\" && \$5==\"A\" {print \$6}' | grep -qx $anum"
}
check_alg rsa rsa.example rsa-cluster RSASHA256 8
check_alg ed25519 ed25519.example ed25519-cluster ED25519 15
check_alg p384 p384.example rsa-cluster ECDSAP384SHA384 14
check "p384 zone reports the DNSSECPolicy" test "$(status_field $NS p384 dnssec.policy)" = p384
check "rsa zone reports the cluster policy" test "$(status_field $NS rsa dnssec.policy)" = rsa
# a trust anchor of another zone must not validate (the checks above are not vacuous)
not_validated() { ! delv_validated "$@" 2>/dev/null; }
check "ed25519.example does not validate with the rsa zone's anchor" \
	not_validated "$(instance_port $NS ed25519-cluster primary-0)" "$T/rsa.anchor" ed25519.example ed25519.example SOA
stop_run
check "signet run stopped every named it started" no_named_left
finish
