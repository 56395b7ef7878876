#!/bin/bash
# ZSK pre-publication rollover, two in a row, on the parent zone and (at the
# same time) on the child zone, under a validating resolver (unbound) whose only
# trust anchor is the parent's DS; a prober asks it every second for the SOA,
# www A, a non-existent name and the child's www A, and every answer must carry AD.
# Rollovers are started by `rndc dnssec -rollover` and then run on named's own
# timers with every TTL/delay in seconds (see rollover_lib.sh).
# Timing (2 vCPU, netns, BIND 9.18.49, unbound 1.17.1): ~190 s in all: setup 4 s,
# keys settled (omnipresent) ~6-15 s, each ZSK rollover 74-75 s from rndc to the
# old ZSK gone (publication interval 14 s, retire interval 74 s); ~660 probes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
mkdir -p "$T/m"
policy_yaml fast-kz ksk zsk >"$T/m/policy.yaml"
roll_setup fast-kz fast-kz
log "setup done after $SECONDS s"
probe_start
sleep 5

zsk_roll() { # zsk_roll ROUND: roll the ZSK of TOP and CHILD, wait until the old ones are gone
	local round=$1 z old new t0=$SECONDS
	declare -A OLD
	for z in $TOP $CHILD; do
		check "round $round: every key of $z is omnipresent (or hidden) before the rollover" eventually 240 settled $z
		log "round $round: $z settled after $((SECONDS - t0)) s: $(key_states $z | tr '\n' ';')"
	done
	t0=$SECONDS
	for z in $TOP $CHILD; do
		old=$(keys_of $z zsk)
		check "round $round: $z has one ZSK ($old)" test "$(echo "$old" | wc -w)" -eq 1
		OLD[$z]=$old
		out=$(rndc_ dnssec -rollover -key "$old" $z 2>&1) || true
		log "rndc dnssec -rollover -key $old $z: $out"
		check "round $round: rndc accepted the rollover of $z ZSK $old" bash -c "! echo '$out' | grep -qi 'fail\|error\|not found'"
	done
	for z in $TOP $CHILD; do
		old=${OLD[$z]}
		check "round $round: $z pre-publishes a successor ZSK next to $old" \
			eventually 60 bash -c "[ \$(dig +norec +short @127.0.0.1 -p $P0 $z DNSKEY | awk '\$1==256' | wc -l) -eq 2 ]"
		log "round $round: $z DNSKEY ids after $((SECONDS - t0)) s: $(served_tags $z)"
	done
	for z in $TOP $CHILD; do
		old=${OLD[$z]}
		# named co-signs with the successor at once (seen: SOA RRSIGs by old and new ZSK at t=0)
		check "round $round: a ZSK other than $old signs the SOA of $z" \
			eventually 240 bash -c "dig +norec +dnssec @127.0.0.1 -p $P0 $z SOA | awk '\$4==\"RRSIG\" && \$5==\"SOA\" {print \$11}' | grep -vqx $old"
		log "round $round: $z SOA signed by $(soa_signers $z) after $((SECONDS - t0)) s"
		check "round $round: old ZSK $old leaves the $z DNSKEY RRset" \
			eventually 240 served_lacks $z "$old"
		new=$(keys_of $z zsk | grep -vx "$old" | head -1)
		log "round $round: $z old ZSK $old gone after $((SECONDS - t0)) s; new ZSK $new; DNSKEY ids $(served_tags $z)"
		check "round $round: $z new ZSK $new is served" served_has $z "$new"
		check "round $round: $z new ZSK $new signs the SOA" test "$(soa_signers $z)" = "$new "
	done
	log "round $round took $((SECONDS - t0)) s"
}
zsk_roll 1
zsk_roll 2
sleep 10
probe_stop
check "$TOP is still Ready for signet" wait_ready $NS top 60s
check "$CHILD is still Ready for signet" wait_ready $NS child 60s
rndc_ dnssec -status $TOP | sed 's/^/#   /'
roll_finish
