#!/bin/bash
# Algorithm rollover RSASHA256 -> ECDSAP256SHA256 of CHILD, whose parent signet
# also serves: the child's DNSSECPolicy is changed on the live zone; named
# introduces a KSK and ZSK of the new algorithm (signatures first, then
# DNSKEYs), signet swaps the DS in the parent when named asks and confirms it,
# and the RSASHA256 keys leave. unbound validates with the parent's DS only,
# probed every second (SOA, www A, NXDOMAIN, www.CHILD A; AD on every answer).
# Timing (2 vCPU, netns, BIND 9.18.49, 4 rollover tests at once): ~95 s in
# all; the algorithm rollover 44 s from the policy change to RSASHA256 gone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
mkdir -p "$T/m"
policies() { { policy_yaml fast-kz ksk zsk; echo ---; POLICY_ALG=$1 policy_yaml fast-alg ksk zsk; } >"$T/m/policy.yaml"; }
policies RSASHA256
roll_setup fast-kz fast-alg internal
log "setup done after $SECONDS s"
probe_start
served_algs() { dig +norec +short @127.0.0.1 -p "$P0" $CHILD DNSKEY | awk '{print $3}' | sort -nu | tr '\n' ' '; }
parent_ds_algs() { dig +norec +short @127.0.0.1 -p "$P0" $CHILD DS | awk '{print $2}' | sort -nu | tr '\n' ' '; }
soa_sig_algs() { dig +norec +dnssec @127.0.0.1 -p "$P0" $CHILD SOA | awk '$4=="RRSIG" && $5=="SOA" {print $6}' | sort -nu | tr '\n' ' '; }

check "the child's DS is in the parent and confirmed" eventually 240 settled_ds $CHILD
check "the child is signed with RSASHA256 (8) only" test "$(served_algs)" = "8 "
check "the parent serves an RSASHA256 DS" test "$(parent_ds_algs)" = "8 "
t0=$SECONDS
policies ECDSAP256SHA256
sg apply -f "$T/m/" >/dev/null
check "ECDSAP256SHA256 keys are introduced next to the RSASHA256 ones" eventually 120 bash -c "[ \"\$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DNSKEY | awk '{print \$3}' | sort -nu | tr '\n' ' ')\" = '8 13 ' ]"
log "new algorithm's DNSKEYs after $((SECONDS - t0)) s"
check "the SOA carries signatures of both algorithms meanwhile" test "$(soa_sig_algs)" = "8 13 "
check "signet puts the new algorithm's DS into the parent" eventually 300 bash -c "dig +norec +short @127.0.0.1 -p $P0 $CHILD DS | awk '{print \$2}' | grep -qx 13"
log "new DS in the parent after $((SECONDS - t0)) s (parent DS algorithms: $(parent_ds_algs))"
check "the parent ends up with the new algorithm's DS only" eventually 300 bash -c "[ \"\$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DS | awk '{print \$2}' | sort -nu | tr '\n' ' ')\" = '13 ' ]"
log "old DS gone after $((SECONDS - t0)) s"
check "the RSASHA256 keys leave the DNSKEY RRset" eventually 300 bash -c "[ \"\$(dig +norec +short @127.0.0.1 -p $P0 $CHILD DNSKEY | awk '{print \$3}' | sort -nu | tr '\n' ' ')\" = '13 ' ]"
check "... and their signatures: the SOA is signed with algorithm 13 only" eventually 120 bash -c "[ \"\$(dig +norec +dnssec @127.0.0.1 -p $P0 $CHILD SOA | awk '\$4==\"RRSIG\" && \$5==\"SOA\" {print \$6}' | sort -nu | tr '\n' ' ')\" = '13 ' ]"
log "algorithm rollover took $((SECONDS - t0)) s"
check "the child is Ready" wait_ready $NS child 120s
check "status says ECDSAP256SHA256" eventually 30 bash -c "[ \"\$('$SIGNET' get dnszone child -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"status\"][\"dnssec\"][\"algorithm\"])')\" = ECDSAP256SHA256 ]"
check "status DS is algorithm 13 only" test "$(status_ds_lines child | awk '{print $6}' | sort -u)" = 13
sleep 5
probe_stop
roll_finish
