#!/bin/bash
# DNSZone.spec.zoneFile: the real root zone (case 021, 2026, 22k RRs; case 020,
# the signed root of 2011) imported as zone "." and re-signed with our own keys.
# The old signer's RRSIG/NSEC/DNSKEY/ZONEMD are dropped (and noted in status);
# delv validates with the status DS as the only trust anchor.
# Both roots carry TTLs above the policy's max-zone-ttl (NS 518400, glue 172800);
# named 9.18 refuses such a zone ("out of range"), so signet lowers them to
# max-zone-ttl and says so in the notes.
# delv: `+root=.` with the static-ds anchor for "." from anchor_file works as is.
# Timings (2 vCPU, netns, ECDSAP256SHA256): root-2026 (22k RRs) Ready ~4 s after
# `signet run`, root-2011 ~8 s (both clusters start together); whole test ~11 s.
. "$(dirname "$0")/lib.sh"
D=$SGN_SRC/tests/system/data/import
C=$SGN_SRC/tests/data/cases
NS=imp
sg apply -f "$D/root.yaml"
start_run
t0=$SECONDS

tags() { # key ids of the served DNSKEY RRset
	dig +norec +multi @127.0.0.1 -p "$1" . DNSKEY | sed -n 's/.*key id = \([0-9]*\).*/\1/p' | sort -n | tr '\n' ' '
}
notes() { status_field $NS "$1" notes; }
note_has() { # note_has NAME WORD...
	local n w
	n=$(notes "$1"); shift
	for w in "$@"; do
		echo "$n" | grep -qw -- "$w" || { echo "notes lack $w: $n" >&2; return 1; }
	done
}

check_root() { # check_root NAME CLUSTER FILE TLD OLDTAG...
	local name=$1 cluster=$2 file=$3 tld=$4 port t; shift 4
	check "$name becomes Ready within 180 s" wait_ready $NS "$name" 180s
	log "$name Ready after $((SECONDS - t0)) s"
	port=$(instance_port $NS "$cluster" primary-0)
	anchor_file $NS "$name" "$T/$name.anchor"
	check "$name: status is signed with ECDSAP256SHA256" \
		test "$(status_field $NS "$name" dnssec.algorithm)" = ECDSAP256SHA256
	check "$name: status DS equals dnssec-dsfromkey -2 of the served DNSKEY" \
		test "$(status_ds $NS "$name")" = "$(served_ds "$port" .)"
	check "$name: delv +root=. fully validates . SOA" delv_validated "$port" "$T/$name.anchor" . . SOA
	check "$name: delv +root=. fully validates $tld DS" delv_validated "$port" "$T/$name.anchor" . "$tld" DS
	check "$name: delv validates the re-created NSEC chain (NXDOMAIN for nosuchtld.)" bash -c \
		"delv @127.0.0.1 -p $port -a $T/$name.anchor +root=. nosuchtld. A 2>&1 | grep -q 'negative response, fully validated'"
	check "$name: $tld DS is served as in the file" test \
		"$(dig +norec +short @127.0.0.1 -p "$port" "$tld" DS | tr -d ' ' | sort)" = \
		"$(awk -v t="$tld" '$1==t && $4=="DS" {s=""; for (i=5;i<=NF;i++) s=s $i; print s}' "$file" | sort)"
	log "$name: served DNSKEY key ids: $(tags "$port")"
	for t in "$@"; do
		check "$name: old root key $t is not served" bash -c "! echo ' $(tags "$port")' | grep -qw $t"
	done
	check "$name: every served DNSKEY is algorithm 13" test \
		"$(dig +norec +short @127.0.0.1 -p "$port" . DNSKEY | awk '{print $3}' | sort -u)" = 13
	check "$name: no ZONEMD served" bash -c \
		"! dig +norec +short @127.0.0.1 -p $port . ZONEMD | grep -q ."
	log "$name notes: $(notes "$name")"
}

check_root root-2026 root2026 "$C/021-root-zone-2026-large/root-2026082201.zone" com. 20326 38696 57780
check "root-2026: notes name the dropped ZONEMD, RRSIG, NSEC and DNSKEY" \
	note_has root-2026 ZONEMD RRSIG NSEC DNSKEY
check "root-2026: notes count 1439 NSEC and 3 DNSKEY" note_has root-2026 "1439 NSEC" "3 DNSKEY"
check_root root-2011 root2011 "$C/020-root-zone-2011-signed/root-2011030200.zone" se. 19036 21639
check "root-2011: notes name the dropped RRSIG, NSEC and DNSKEY" note_has root-2011 RRSIG NSEC DNSKEY
check "root-2011: notes count 372 RRSIG, 307 NSEC and 2 DNSKEY" \
	note_has root-2011 "372 RRSIG" "307 NSEC" "2 DNSKEY"
stop_run
check "signet run stopped every named it started" no_named_left
log "total $SECONDS s"
finish
