#!/bin/bash
# The roadmap's three appendix examples, loaded verbatim, signed by real named,
# validated by delv with the DS signet reports as the only trust anchor.
. "$(dirname "$0")/lib.sh"
R=$SGN_SRC/tests/data/roadmap
sg apply -f "$R/example1.yaml" -f "$R/example2.yaml" -f "$R/custom-high-security.yaml" \
	-f "$R/example3.yaml" -f "$SGN_SRC/tests/system/data/roadmap-zones.yaml"
start_run
for z in ex1 ex2 special-zone; do
	check "$z becomes Ready" wait_ready dns-system "$z"
done

check_zone() { # check_zone NAME ZONE CLUSTER DENIAL
	local name=$1 zone=$2 cluster=$3 denial=$4 port
	port=$(instance_port dns-system "$cluster" primary-0)
	anchor_file dns-system "$name" "$T/$name.anchor"
	check "$zone: status DS equals dnssec-dsfromkey -2 of the served DNSKEY" \
		test "$(status_ds dns-system "$name")" = "$(served_ds "$port" "$zone")"
	check "$zone: delv fully validates the SOA" delv_validated "$port" "$T/$name.anchor" "$zone" "$zone" SOA
	for label in primary-1 primary-2; do
		local p
		p=$(instance_port dns-system "$cluster" "$label")
		check "$zone: replica $label serves the same DNSKEY RRset" \
			test "$(dig +norec +short @127.0.0.1 -p "$p" "$zone" DNSKEY | sort)" = \
			"$(dig +norec +short @127.0.0.1 -p "$port" "$zone" DNSKEY | sort)"
		check "$zone: delv validates through replica $label" \
			delv_validated "$p" "$T/$name.anchor" "$zone" "$zone" SOA
	done
	check "$zone: NXDOMAIN carries $denial" \
		bash -c "dig +norec +dnssec @127.0.0.1 -p $port nothing-here.$zone A | grep -q 'IN[[:space:]]$denial[[:space:]]'"
}
check_zone ex1 ex1.example dnssec-cluster NSEC
check "ex1.example: delv validates www" delv_validated "$(instance_port dns-system dnssec-cluster primary-0)" "$T/ex1.anchor" ex1.example www.ex1.example A
check_zone ex2 ex2.example dnssec-nsec3-cluster NSEC3
check_zone special-zone special.example.com dnssec-cluster NSEC3
check "example 3 uses its own policy" test "$(status_field dns-system special-zone dnssec.policy)" = custom-high-security
check "example 3 is signed with the policy's algorithm" test "$(status_field dns-system special-zone dnssec.algorithm)" = ECDSAP384SHA384
check "example 1 keeps the cluster policy (ECDSAP256SHA256)" test "$(status_field dns-system ex1 dnssec.algorithm)" = ECDSAP256SHA256
stop_run
check "signet run stopped every named it started" no_named_left
finish
