#!/bin/bash
# Auto-generated keys are backed up to a Secret and restored whenever named
# starts again (its key directory is an emptyDir): the DS stays valid. Without
# the backup named mints new keys, and signet says so loudly.
. "$(dirname "$0")/lib.sh"
sg apply -f "$SGN_SRC/examples/quickstart/" >/dev/null
start_run
check "example.com becomes Ready" wait_ready default example-com
SECRET=dnssec-keys-example-com-generated
DS1=$(status_ds default example-com)
TAG1=$(status_field default example-com dnssec.keyTag)
anchor_file default example-com "$T/old.anchor"
P0=$(instance_port default quickstart primary-0)
KD=$SIGNET_STATE/instances/default/quickstart/primary-0/keys/example.com

secret_json() { sg get secret "$SECRET" -o json; }
check "the keys are exported to Secret $SECRET with the roadmap's labels" python3 -c '
import json, subprocess, sys
s = json.loads(subprocess.check_output([sys.argv[1], "get", "secret", sys.argv[2], "-o", "json"]))
l = s["metadata"]["labels"]
ok = l.get("app.kubernetes.io/component") == "dnssec-keys" and l.get("bindy.firestoned.io/zone") == "example.com" \
     and "app.kubernetes.io/name" in l and l.get("bindy.firestoned.io/instance") == "primary-0"
names = s["data"].keys()
tags = {n.split("+")[2].split(".")[0] for n in names}
for t in tags:
    for ext in ("key", "private", "state"):
        ok = ok and any(n.endswith("+%s.%s" % (t, ext)) for n in names)
sys.exit(0 if ok and len(tags) == 2 else 1)' "$SIGNET" "$SECRET"
check "the Secret's key files are those in named's key directory" bash -c "
	for f in '$KD'/K*.private; do secret_has=\$('$SIGNET' get secret $SECRET -o json | grep -c \"\$(basename \$f)\"); [ \"\$secret_has\" -ge 1 ] || exit 1; done"
check "get secret never prints the key material" bash -c "! '$SIGNET' get secret $SECRET | grep -q 'PrivateKey\\|Private-key'"

named_pid() { pgrep -f "^named .*-c $T/state/instances/default/quickstart/primary-0/" | head -1; }
restarted_from() { local p; p=$(named_pid); [ -n "$p" ] && [ "$p" != "$1" ]; }

PID=$(named_pid)
kill -9 "$PID"
check "kill -9: signet restarts named" eventually 30 restarted_from "$PID"
check "... the zone is Ready again" wait_ready default example-com 60s
check "... the keys were restored from the Secret: DS unchanged" test "$(status_ds default example-com)" = "$DS1"
check "... delv still validates with the old trust anchor" delv_validated "$P0" "$T/old.anchor" example.com www.example.com A
check "... the audit log says restored" bash -c "'$SIGNET' audit | grep -q ' restored .*$TAG1'"

sg delete secret "$SECRET" >/dev/null
PID=$(named_pid)
kill -9 "$PID"
check "Secret deleted, named killed: restarted" eventually 30 restarted_from "$PID"
dsur() { sg get dnszone example-com -o json | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)["status"]["conditions"] if c["type"]=="DSUpdateRequired"]
sys.exit(0 if c and c[0]["status"]=="True" else 1)'; }
check "new keys: DSUpdateRequired=True" eventually 60 dsur
TAG2=$(status_field default example-com dnssec.keyTag)
check "... naming the old ($TAG1) and the new ($TAG2) KSK and the new DS" bash -c "
	'$SIGNET' get dnszone example-com -o json | grep -q 'parent holds DS for KSK $TAG1, which is gone; named now serves KSK $TAG2: publish the new DS records (example.com. IN DS $TAG2 '"
check "... and Ready=False: a broken chain of trust must not look healthy" bash -c "
	'$SIGNET' get dnszones | grep -E '^example-com ' | grep -q 'False\$'"
check "... the old trust anchor no longer validates (as expected: the parent must change)" bash -c "! delv_validated $P0 '$T/old.anchor' example.com www.example.com A 2>/dev/null"
check "... the new keys are backed up again" eventually 20 bash -c "'$SIGNET' get secret $SECRET -o json | grep -q '+$(printf %05d "$TAG2").private'"
for action in restore-missing generated exported ds-update-required; do
	check "... audit line: $action" bash -c "'$SIGNET' audit -o json | grep -q '\"action\": \"$action\"'"
done
check "signet ds-published clears DSUpdateRequired" sg ds-published example.com
check "... Ready again" wait_ready default example-com 30s
check "audit lines carry no key material" python3 -c '
import glob, sys
secrets = set()
for f in glob.glob(sys.argv[1] + "/**/*.private", recursive=True):
    for line in open(f):
        if line.startswith("PrivateKey:"): secrets.add(line.split(":", 1)[1].strip())
text = open(sys.argv[1] + "/audit.log").read() + open(sys.argv[2]).read()
sys.exit(1 if not secrets or any(s in text for s in secrets) else 0)' "$SIGNET_STATE" "$T/run.log"
stop_run
check "signet run stopped every named it started" no_named_left
finish
