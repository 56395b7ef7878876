#!/bin/bash
# demo.sh -- signet's main job on examples/quickstart: apply, run, wait until
# the zone is signed and verified, show the zones, the DS and a delv validation.
# DEMO_KEEP=1 leaves signet and named running (state in ./.signet-demo).
set -euo pipefail
cd "$(dirname "$0")/.."
SIGNET=$PWD/build/signet
export SIGNET_STATE=${SIGNET_STATE:-$PWD/.signet-demo}
PORT=${PORT:-5353}
rm -rf "$SIGNET_STATE"
"$SIGNET" apply -f examples/quickstart/
"$SIGNET" run --dns-port "$PORT" >"$SIGNET_STATE.log" 2>&1 &
RUN=$!
stop() { [ "${DEMO_KEEP:-0}" = 1 ] || { kill -TERM "$RUN" 2>/dev/null; wait "$RUN" 2>/dev/null || true; }; }
trap stop EXIT
"$SIGNET" wait dnszone/example-com --for=condition=Ready --timeout=120s
echo
"$SIGNET" get dnszones
echo
echo "DS records to publish in the parent zone:"
"$SIGNET" ds example.com
anchor=$(mktemp)
"$SIGNET" ds example.com | awk '{printf "trust-anchors { %s static-ds %s %s %s \"%s\"; };\n", $1, $4, $5, $6, $7}' >"$anchor"
echo
echo "delv, with that DS as the only trust anchor:"
delv @127.0.0.1 -p "$PORT" -a "$anchor" +root=example.com www.example.com A | grep -E "validated|IN"
rm -f "$anchor"
if [ "${DEMO_KEEP:-0}" = 1 ]; then
	echo
	echo "signet run is still running (pid $RUN, log $SIGNET_STATE.log); try:"
	echo "  dig @127.0.0.1 -p $PORT www.example.com A +dnssec"
	echo "  SIGNET_STATE=$SIGNET_STATE build/signet get dnszone example-com -o yaml"
	echo "stop it with: kill $RUN"
fi
