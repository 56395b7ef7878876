#!/bin/bash
# Key states as named tracks them, in status and in the CLI; `rollover`,
# `ds-published` and `ds-withdrawn` act on named through rndc, and say so when
# named refuses (rndc can print a failure with exit status 0).
. "$(dirname "$0")/lib.sh"
sg apply -f "$SGN_SRC/examples/quickstart/" >/dev/null
start_run
check "example.com becomes Ready" wait_ready default example-com
RNDC="rndc -c $SIGNET_STATE/instances/default/quickstart/primary-0/rndc.conf"

keys() { sg get dnszone example-com -o json | python3 -c 'import json,sys
for k in json.load(sys.stdin)["status"]["dnssec"]["keys"]:
    print(k["tag"], k["role"], k["goal"], k["states"]["dnskey"], k["states"]["ds"], k.get("predecessor"), k.get("successor"))'; }
cond() { sg get dnszone example-com -o json | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)["status"]["conditions"] if c["type"]==sys.argv[1]]
print(c[0]["status"], c[0]["reason"]) if c else print("absent")' "$1"; }
roles() { keys | awk '{print $2}' | sort | tr '\n' ' '; }
has_key() { keys | grep -q "^$1 "; }
zsk_with_predecessor() { keys | awk -v p="$1" '$2=="ZSK" && $6==p' | grep -q .; }

check "status lists the KSK and the ZSK" test "$(roles)" = "KSK ZSK "
KSK=$(keys | awk '$2=="KSK"{print $1}')
ZSK=$(keys | awk '$2=="ZSK"{print $1}')
check "states agree with rndc dnssec -status" bash -c "
	$RNDC dnssec -status example.com | grep -q 'key: $KSK (ECDSAP256SHA256), KSK' &&
	$RNDC dnssec -status example.com | grep -q 'key: $ZSK (ECDSAP256SHA256), ZSK'"
check "the table form lists the keys" bash -c "'$SIGNET' get dnszone example-com | grep -qE '^$KSK +KSK +ECDSAP256SHA256 +omnipresent'"
check "-o wide has NEXT-ROLLOVER and DS-STATE" bash -c "'$SIGNET' get dnszones -o wide | head -1 | grep -qE 'NEXT-ROLLOVER +DS-STATE'"
check "a new zone needs its DS published (DSPublicationRequired=True)" test "$(cond DSPublicationRequired | cut -d' ' -f1)" = True
check "... AwaitingParent=True" test "$(cond AwaitingParent | cut -d' ' -f1)" = True
check "nothing to withdraw (DSWithdrawalRequired=False)" test "$(cond DSWithdrawalRequired | cut -d' ' -f1)" = False

check "rollover --zsk starts a ZSK rollover" sg rollover example.com --zsk
check "... a successor ZSK appears with the old one as predecessor" eventually 40 zsk_with_predecessor "$ZSK"
check "... the audit log has rollover-requested" bash -c "'$SIGNET' audit | grep -q 'rollover-requested  *$ZSK '"
sg apply -f "$SGN_SRC/tests/system/data/keystatus/policy-change.yaml" >/dev/null
pending() { cond Ready | grep -q '^False PolicyChangePending'; }
check "a policy change during the ZSK rollover is queued (PolicyChangePending)" eventually 30 pending
check "... named keeps the policy in force" bash -c "$RNDC dnssec -status example.com | grep -q '^dnssec-policy: signing-quickstart-default'"
check "... and the zone is still signed and verified" test "$(status_field default example-com dnssec.signed)" = true
check "rollover --csk on a KSK/ZSK zone fails with exit 1" bash -c "! '$SIGNET' rollover example.com --csk 2>/dev/null"
check "rollover with a bad --at is bad usage (exit 2)" bash -c "'$SIGNET' rollover example.com --ksk --at tomorrow 2>/dev/null; [ \$? -eq 2 ]"
check "rollover --ksk now is refused while named does not know the parent has the DS (it would swap at once)" \
	bash -c "'$SIGNET' rollover example.com --ksk 2>'$T/r.err'; [ \$? -eq 1 ] && grep -q 'DS of KSK $KSK (DS hidden)' '$T/r.err' && grep -q 'signet ds-published example.com' '$T/r.err'"
check "... and named was not asked (no rollover-requested for $KSK in the audit log)" bash -c "! '$SIGNET' audit | grep -q 'rollover-requested  *$KSK '"
check "rollover --ksk --at a future time schedules it" bash -c "'$SIGNET' rollover example.com --ksk --at 2030-01-01T00:00:00Z 2>'$T/at.err'"
check "... with a warning that the DS must be confirmed before then" grep -q "warning: .*before the rollover is due" "$T/at.err"
check "... named reports the KSK's rollover then" bash -c "$RNDC dnssec -status example.com | grep -A6 'key: $KSK' | grep -q 'Next rollover scheduled on .* 2030'"

# rndc refuses checkds on a DS that is not yet rumoured: signet must report the failure
check "ds-withdrawn for a KSK that is not retiring is refused (it would break the chain)" bash -c "! '$SIGNET' ds-withdrawn example.com --key $KSK 2>'$T/w.err' && grep -q 'not being retired' '$T/w.err'"
check "ds-published is accepted" sg ds-published example.com
check "signet reads rndc's text: a failing checkds is an error even with exit 0" bash -c "
	out=\$($RNDC dnssec -checkds -key 1 published example.com 2>&1); rc=\$?
	[ \$rc -eq 0 ] && echo \"\$out\" | grep -qi 'error\\|fail' && ! '$SIGNET' ds-published example.com --key 1 2>/dev/null"
stop_run
check "signet run stopped every named it started" no_named_left
finish
