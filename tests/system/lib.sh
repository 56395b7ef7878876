# SPDX-License-Identifier: MIT
# lib.sh -- helpers for system tests: a private state dir, `signet run` in the
# background, and checks with the real dig, delv and dnssec-dsfromkey.
# Every test sources this; the EXIT trap stops signet (and so every named) even on failure.
set -euo pipefail

: "${SIGNET:?SIGNET must point at the signet binary}"
: "${SGN_SRC:?SGN_SRC must point at the source tree}"
T=$(mktemp -d /tmp/signet-test.XXXXXX)
export SIGNET_STATE=$T/state
RUN_PID=
PORT=${PORT:-5353}
FAILS=0
CHECKS=0

log() { printf '# %s\n' "$*"; }

cleanup() {
	local rc=$?
	if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
		kill -TERM "$RUN_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$RUN_PID" 2>/dev/null || true
	fi
	# a named left behind by a crashed controller: only ours (its config is under $T)
	pkill -KILL -f "^named .*-c $T/" 2>/dev/null || true
	if [ "$rc" -ne 0 ] && [ -f "$T/run.log" ]; then
		echo "--- signet run log (tail) ---"; tail -n 40 "$T/run.log"
	fi
	rm -rf "$T"
	exit "$rc"
}
trap cleanup EXIT

sg() { "$SIGNET" "$@"; }

# pids of the named processes this test's signet started (their config is under $T)
named_pids() { pgrep -f "^named .*-c $T/" || true; }
no_named_left() { [ -z "$(named_pids)" ]; }

start_run() {
	"$SIGNET" run --dns-port "$PORT" >"$T/run.log" 2>&1 &
	RUN_PID=$!
	log "signet run started (pid $RUN_PID)"
}

stop_run() {
	kill -TERM "$RUN_PID"
	local rc=0
	wait "$RUN_PID" || rc=$?
	RUN_PID=
	[ "$rc" -eq 0 ] || fail "signet run exited $rc on SIGTERM"
}

fail() { echo "not ok - $*"; FAILS=$((FAILS + 1)); CHECKS=$((CHECKS + 1)); }
pass() { echo "ok - $*"; CHECKS=$((CHECKS + 1)); }
eventually() { # eventually SECONDS COMMAND... : retries every 0.5 s
	local until=$(( $(date +%s) + $1 )); shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$until" ] || return 1
		sleep 0.5
	done
}

check() { # check DESCRIPTION COMMAND...
	local what=$1; shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

finish() {
	echo "$((CHECKS - FAILS)) passed, $FAILS failed"
	[ "$FAILS" -eq 0 ]
}

wait_ready() { # wait_ready NS NAME [TIMEOUT]
	sg -n "$1" wait "dnszone/$2" --for=condition=Ready --timeout="${3:-180s}"
}

zone_json() { sg -n "$1" get dnszone "$2" -o json; }

status_field() { # status_field NS NAME JQ-PATH
	zone_json "$1" "$2" | python3 -c 'import json,sys
v=json.load(sys.stdin).get("status", {})
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v.get(k) if v is not None else None
print("" if v is None else (json.dumps(v) if isinstance(v,(list,dict,bool)) else v))' "$3"
}

instance_port() { # instance_port NS CLUSTER LABEL
	sg -n "$1" get bind9cluster "$2" -o json | python3 -c 'import json,sys
for i in json.load(sys.stdin)["status"]["instances"]:
    if i["name"] == sys.argv[1]: print(i["port"])' "$3"
}

# trust anchor file for delv from the DS lines signet reports
anchor_file() { # anchor_file NS NAME FILE
	status_field "$1" "$2" dnssec.dsRecords | python3 -c 'import json,sys
print("trust-anchors {")
for ds in json.load(sys.stdin):
    f = ds.split()
    print("  %s static-ds %s %s %s \"%s\";" % (f[0], f[3], f[4], f[5], f[6]))
print("};")' >"$3"
}

delv_validated() { # delv_validated PORT ANCHOR ZONE NAME TYPE
	local out
	out=$(delv @127.0.0.1 -p "$1" -a "$2" +root="$3" "$4" "$5" 2>&1) || true
	if echo "$out" | grep -q "fully validated"; then return 0; fi
	echo "$out" | head -5 >&2
	return 1
}

served_ds() { # served_ds PORT ZONE -> dnssec-dsfromkey -2 lines of the served KSKs
	dig +norec +short @127.0.0.1 -p "$1" "$2" DNSKEY >/dev/null
	dig +norec @127.0.0.1 -p "$1" "$2" DNSKEY | awk '$4=="DNSKEY" && $5==257' |
		dnssec-dsfromkey -2 -f - "$2" | awk '{print toupper($1)" "$4" "$5" "$6" "toupper($7)}' | sort
}

status_ds() { # status_ds NS NAME -> same normalised form
	status_field "$1" "$2" dnssec.dsRecords | python3 -c 'import json,sys
for ds in json.load(sys.stdin):
    f = ds.split(); print(f[0].upper(), f[3], f[4], f[5], f[6].upper())' | sort
}
