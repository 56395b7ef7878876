#!/bin/bash
# NSEC -> NSEC3 -> NSEC on a live zone: the parent TOP (the resolver's trust
# anchor, probed for a non-existent name every second) is moved to a policy
# with NSEC3 (RFC 9276: 0 iterations, no salt) and back to its NSEC policy.
# unbound validates throughout: every NXDOMAIN must carry AD, so each denial
# chain named serves, and every mix of cached and new ones, must validate.
# Timing (2 vCPU, netns, BIND 9.18.49): ~50 s in all; each switch is served
# within 2 s of the apply.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rollover_lib.sh"
mkdir -p "$T/m"
{ policy_yaml fast-kz ksk zsk; echo ---; POLICY_NSEC3=1 policy_yaml fast-kz3 ksk zsk; } >"$T/m/policy.yaml"
roll_setup fast-kz fast-kz
log "setup done after $SECONDS s"
probe_start
denial() { # denial ZONE -> NSEC or NSEC3, from an NXDOMAIN answer
	local out; out=$(dig +norec +dnssec @127.0.0.1 -p "$P0" "nosuch.$1" A)
	if grep -q "IN[[:space:]]NSEC3[[:space:]]" <<<"$out"; then echo NSEC3; elif grep -q "IN[[:space:]]NSEC[[:space:]]" <<<"$out"; then echo NSEC; fi
}
check "$TOP denies with NSEC" test "$(denial $TOP)" = NSEC
check "the keys of $TOP are settled" eventually 120 settled $TOP
KEYS0="$(keys_of $TOP ksk) $(keys_of $TOP zsk)"
t0=$SECONDS
write_manifest fast-kz3 fast-kz
sg apply -f "$T/m/" >/dev/null
check "$TOP denies with NSEC3 after the move to policy fast-kz3" eventually 120 bash -c "dig +norec +dnssec @127.0.0.1 -p $P0 nosuch.$TOP A | grep -q 'IN[[:space:]]NSEC3[[:space:]]'"
check "... and serves NSEC3PARAM 1 0 0 -" eventually 30 bash -c "[ \"\$(dig +norec +short @127.0.0.1 -p $P0 $TOP NSEC3PARAM)\" = '1 0 0 -' ]"
check "status: denial NSEC3" eventually 30 bash -c "[ \"\$('$SIGNET' get dnszone top -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"status\"][\"dnssec\"].get(\"denial\"))')\" = NSEC3 ]"
check "the keys were kept (no rollover for a denial change)" test "$(keys_of $TOP ksk) $(keys_of $TOP zsk)" = "$KEYS0"
log "NSEC3 after $((SECONDS - t0)) s"
sleep 15 # resolvers hold both kinds of proof in cache
t0=$SECONDS
write_manifest fast-kz fast-kz
sg apply -f "$T/m/" >/dev/null
check "$TOP denies with NSEC again" eventually 120 bash -c "dig +norec +dnssec @127.0.0.1 -p $P0 nosuch.$TOP A | grep -q 'IN[[:space:]]NSEC[[:space:]]'"
check "... and serves no NSEC3PARAM" eventually 60 bash -c "[ -z \"\$(dig +norec +short @127.0.0.1 -p $P0 $TOP NSEC3PARAM)\" ]"
log "NSEC again after $((SECONDS - t0)) s"
check "$TOP is Ready" wait_ready $NS top 60s
sleep 15
probe_stop
roll_finish
