#!/bin/bash
# User-supplied keys (issue 3, key source 1): keys made with dnssec-keygen and
# handed over in a Secret are the zone's keys, exactly; the DS computed before
# signet ever ran validates; every broken Secret is rejected with its own
# message, never served when the zone has no keys yet, and never displaces the
# keys of a zone already signed; a restart of `signet run` changes nothing; no
# private key material shows up anywhere but the key directory and the Secret.
. "$(dirname "$0")/lib.sh"
D=$SGN_SRC/tests/system/data/userkeys
K=$T/keys
mkdir -p "$K"
# everything this test prints is kept, to be scanned for key material at the end
exec > >(tee -a "$T/test.out") 2>&1
T0=$(date +%s)
lap() { log "t+$(( $(date +%s) - T0 ))s: $*"; }

# keygen DIR ZONE ALG [KSK] -> the key's base name (K<zone>.+<alg>+<tag>)
keygen() {
	mkdir -p "$1"
	dnssec-keygen -q -a "$3" ${4:+-f KSK} -K "$1" "$2" 2>/dev/null
}
tag_of() { local b=${1##*+}; echo $((10#$b)); } # tag_of BASE
site() { # site CLUSTER SECRET NAME ZONE SECONDARIES
	sed -e "s/@CLUSTER@/$1/g" -e "s/@SECRET@/$2/g" -e "s/@NAME@/$3/g" -e "s/@ZONE@/$4/g" \
		-e "s/@SECONDARIES@/$5/g" "$D/site.yaml.in"
}
secret() { "$D/mk-secret.sh" "$@"; } # secret NAME DIR

# Sorted tags of the DNSKEYs a server answers for ZONE.
served_tags() { # served_tags PORT ZONE
	dig +norec +multi @127.0.0.1 -p "$1" "$2" DNSKEY | grep -o 'key id = [0-9]*' |
		awk '{print $4}' | sort -n | tr '\n' ' '
}
refused() { # refused PORT ZONE
	dig +norec @127.0.0.1 -p "$1" "$2" SOA | grep -q 'status: REFUSED'
}
cond() { # cond NS NAME TYPE -> "status|reason|message"
	zone_json "$1" "$2" | python3 -c 'import json,sys
for c in json.load(sys.stdin).get("status", {}).get("conditions", []):
    if c["type"] == sys.argv[1]: print("%s|%s|%s" % (c["status"], c.get("reason",""), c.get("message","")))' "$3"
}
rejected_with() { # rejected_with NAME PHRASE : Ready=False, KeysRejected, PHRASE in the message
	local c; c=$(cond default "$1" Ready)
	case "$c" in "False|KeysRejected|"*"$2"*) return 0 ;; esac
	return 1
}
audit_count() { # audit_count ZONE ACTION [PHRASE] [TAG] -> number of matching audit lines
	sg audit -o json | python3 -c 'import json,sys
z, a, p, t = sys.argv[1:5]
n = 0
for e in json.load(sys.stdin):
    if e.get("zone","").rstrip(".").lower() == z and e.get("action") == a and p in e.get("message","") \
       and (t == "" or str(e.get("keyTag")) == t):
        n += 1
print(n)' "$1" "$2" "${3:-}" "${4:-}"
}
audit_has() { [ "$(audit_count "$@")" -ge 1 ]; }

# ---------------------------------------------------------------- the user's keys
Z=user.example
KSK=$(keygen "$K/user" $Z ECDSAP256SHA256 ksk)
ZSK=$(keygen "$K/user" $Z ECDSAP256SHA256)
KSK_TAG=$(tag_of "$KSK")
ZSK_TAG=$(tag_of "$ZSK")
USER_TAGS=$(printf '%s\n' "$KSK_TAG" "$ZSK_TAG" | sort -n | tr '\n' ' ')
# the DS the parent would hold: computed before signet ever sees the keys
dnssec-dsfromkey -2 "$K/user/$KSK.key" >"$K/user.ds"
DS_USER=$(awk '{print toupper($1)" "$4" "$5" "$6" "toupper($7)}' "$K/user.ds")
awk '{printf "trust-anchors {\n  %s static-ds %s %s %s \"%s\";\n};\n", $1, $4, $5, $6, $7}' \
	"$K/user.ds" >"$K/user.anchor"
log "user keys: KSK $KSK_TAG, ZSK $ZSK_TAG; DS $DS_USER"

# ---------------------------------------------------------------- broken sets
# variant VARIANT ZONE GOOD_DIR KSK ZSK OUT: a key set for ZONE broken one way
variant() {
	local v=$1 z=$2 g=$3 ksk=$4 zsk=$5 out=$6 x
	mkdir -p "$out"
	case $v in
	nopriv) # the ZSK's .private is missing
		cp "$g/$ksk.key" "$g/$ksk.private" "$g/$zsk.key" "$out/" ;;
	wrongzone) # keys of another zone, renamed as if they were this zone's
		local ok ov
		ok=$(keygen "$K/other-$v-$z" elsewhere.example ECDSAP256SHA256 ksk)
		ov=$(keygen "$K/other-$v-$z" elsewhere.example ECDSAP256SHA256)
		for x in "$ok" "$ov"; do
			for e in key private; do
				cp "$K/other-$v-$z/$x.$e" "$out/K$z.+013+${x##*+}.$e"
			done
		done ;;
	wrongtag) # the ZSK's files say a tag that is not the key's
		local t=$(( ($(tag_of "$zsk") + 1) % 65536 ))
		cp "$g/$ksk.key" "$g/$ksk.private" "$out/"
		for e in key private; do cp "$g/$zsk.$e" "$out/K$z.+013+$(printf %05d $t).$e"; done ;;
	wrongalg) # an ED25519 pair under an ECDSAP256SHA256 policy
		keygen "$out" "$z" ED25519 ksk >/dev/null
		keygen "$out" "$z" ED25519 >/dev/null ;;
	otherpriv) # the ZSK's .private is that of another P-256 key of the zone
		x=$(keygen "$K/other-$v-$z" "$z" ECDSAP256SHA256)
		cp "$g/$ksk.key" "$g/$ksk.private" "$g/$zsk.key" "$out/"
		cp "$K/other-$v-$z/$x.private" "$out/$zsk.private" ;;
	badkey) # the KSK's .key is not a DNSKEY record
		cp "$g/$ksk.private" "$g/$zsk.key" "$g/$zsk.private" "$out/"
		printf '; a key file\n%s. 3600 IN DNSKEY 257 3 13 this-is-not-a-key!!\n' "$z" >"$out/$ksk.key" ;;
	esac
}
VARIANTS="nopriv wrongzone wrongtag wrongalg otherpriv badkey"
declare -A PHRASE=(
	[nopriv]="no matching .private file"
	[wrongzone]="is not the zone"
	[wrongtag]="the file name says key tag"
	[wrongalg]="is not one the policy"
	[otherpriv]="the private key does not belong to the public key"
	[badkey]="cannot parse"
)
for v in $VARIANTS; do
	# over the signed zone: built from the user's own good keys
	variant "$v" $Z "$K/user" "$KSK" "$ZSK" "$K/over-$v"
	# a new zone that never had keys: its own good keys, broken the same way
	nz=$v.example
	nk=$(keygen "$K/good-$v" "$nz" ECDSAP256SHA256 ksk)
	nzk=$(keygen "$K/good-$v" "$nz" ECDSAP256SHA256)
	variant "$v" "$nz" "$K/good-$v" "$nk" "$nzk" "$K/new-$v"
done
lap "keys made"

# ---------------------------------------------------------------- 1. good keys
{ site uk user-keys user-example $Z 1; echo ---; secret user-keys "$K/user"; } >"$T/user.yaml"
sg apply -f "$T/user.yaml"
start_run
check "user.example becomes Ready with the user's keys" wait_ready default user-example
lap "user.example Ready"
P0=$(instance_port default uk primary-0)
S0=$(instance_port default uk secondary-0)
check "the signer serves exactly the user's DNSKEY tags ($USER_TAGS)" test "$(served_tags "$P0" $Z)" = "$USER_TAGS"
check "... and so does the secondary" eventually 20 bash -c "[ \"\$(dig +norec +multi @127.0.0.1 -p $S0 $Z DNSKEY | grep -o 'key id = [0-9]*' | awk '{print \$4}' | sort -n | tr '\n' ' ')\" = '$USER_TAGS' ]"
check "status DS equals the DS computed before signet ran" test "$(status_ds default user-example)" = "$DS_USER"
check "the served KSK gives the same DS" test "$(served_ds "$P0" $Z)" = "$DS_USER"
check "delv validates SOA with the pre-computed DS" delv_validated "$P0" "$K/user.anchor" $Z $Z SOA
check "delv validates www A with the pre-computed DS" delv_validated "$P0" "$K/user.anchor" $Z www.$Z A
check "... also on the secondary" delv_validated "$S0" "$K/user.anchor" $Z www.$Z A
check "DNSSECKeySource is UserSupplied naming Secret user-keys" \
	bash -c "'$SIGNET' get dnszone user-example -o json | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)[\"status\"][\"conditions\"] if c[\"type\"]==\"DNSSECKeySource\"][0]
sys.exit(0 if c[\"status\"]==\"True\" and c[\"reason\"]==\"UserSupplied\" and \"user-keys\" in c[\"message\"] else 1)'"
KD=$SIGNET_STATE/instances/default/uk/primary-0/keys/$Z
check "the key directory holds the user's .key and .private files" \
	test -f "$KD/$KSK.key" -a -f "$KD/$KSK.private" -a -f "$KD/$ZSK.key" -a -f "$KD/$ZSK.private"
check "... with the user's key material" bash -c "grep -h '^PrivateKey' '$KD/$KSK.private' '$KD/$ZSK.private' | cmp -s - <(grep -h '^PrivateKey' '$K/user/$KSK.private' '$K/user/$ZSK.private')"
# named 9.18 rewrites the key files it uses (TTL, SyncPublish, ...); from then on
# the files are named's: signet must not copy the Secret's version back over them
sleep 3
check "named's rewrite of $KSK.key (SyncPublish) is left alone" grep -q '^; SyncPublish:' "$KD/$KSK.key"
check "... and no other key ($(ls "$KD" | tr '\n' ' '))" \
	test "$(ls "$KD" | grep -v -e "^$KSK\." -e "^$ZSK\." | wc -l)" -eq 0
check "the key directory is 0700" test "$(stat -c %a "$KD")" = 700
check "every file in it is 0600" test -z "$(find "$KD" -type f ! -perm 0600)"
for t in "$KSK_TAG" "$ZSK_TAG"; do
	check "audit: key $t imported from Secret user-keys" audit_has $Z imported user-keys "$t"
done
check "audit: nothing generated for $Z" test "$(audit_count $Z generated)" -eq 0

# ---------------------------------------------------------------- 2a. new zones, broken sets
{
	for v in $VARIANTS; do
		site "uk-$v" "keys-$v" "$v" "$v.example" 0; echo ---
		secret "keys-$v" "$K/new-$v"; echo ---
	done
} | sed '$d' >"$T/variants.yaml"
sg apply -f "$T/variants.yaml"
for v in $VARIANTS; do
	check "new zone $v.example: Ready=False, KeysRejected, '${PHRASE[$v]}'" \
		eventually 60 rejected_with "$v" "${PHRASE[$v]}"
	log "  $(cond default "$v" Ready | cut -d'|' -f3-)"
	check "... the message names a file of the Secret" bash -c "'$SIGNET' get dnszone $v -o json | grep -q 'K$v.example.+0'"
	check "... audit: rejected" audit_has "$v.example" rejected "${PHRASE[$v]}"
done
lap "new broken zones rejected"
T_NEW=$(( $(date +%s) - T0 ))
for v in $VARIANTS; do
	p=$(eventually 30 instance_port default "uk-$v" primary-0 && instance_port default "uk-$v" primary-0)
	if [ -n "$p" ]; then
		check "... $v.example is not served (REFUSED on port $p)" eventually 10 refused "$p" "$v.example"
	else
		check "... $v.example: its cluster's named runs" false
	fi
	check "... and no key for it reached a key directory" \
		test -z "$(find "$SIGNET_STATE/instances" -path "*/keys/*" -iname "K$v.example.*" 2>/dev/null)"
	check "... nothing was generated for it" test "$(audit_count "$v.example" generated)" -eq 0
done

# ---------------------------------------------------------------- 2b. broken sets over the signed zone
for v in $VARIANTS; do
	secret user-keys "$K/over-$v" >"$T/over.yaml"
	sg apply -f "$T/over.yaml"
	check "signed zone, $v: Ready=False, KeysRejected, '${PHRASE[$v]}'" \
		eventually 30 rejected_with user-example "${PHRASE[$v]}"
	check "... the message says the keys in service stay" rejected_with user-example "the keys in service stay"
	check "... audit: rejected" audit_has $Z rejected "${PHRASE[$v]}"
	check "... the old DNSKEY tags are still served" test "$(served_tags "$P0" $Z)" = "$USER_TAGS"
	check "... and validate with the pre-computed DS" delv_validated "$P0" "$K/user.anchor" $Z www.$Z A
	check "... the key directory is unchanged" \
		test "$(ls "$KD" | grep -v -e "^$KSK\." -e "^$ZSK\." | wc -l)" -eq 0
done
lap "broken sets over the signed zone rejected"
sleep 3 # several passes of the reconcile loop
check "audit: one rejected line per distinct rejection, not one per pass ($(audit_count $Z rejected))" \
	test "$(audit_count $Z rejected)" -eq 6
sg apply -f "$T/user.yaml"
check "the good Secret again: user.example Ready" eventually 30 wait_ready default user-example 5s
# the same rejection after a good set in between is a new event: audited again
secret user-keys "$K/over-nopriv" >"$T/over.yaml"
sg apply -f "$T/over.yaml"
check "nopriv again over the signed zone: rejected again" eventually 30 rejected_with user-example "${PHRASE[nopriv]}"
sleep 2
check "... and audited again, once (7 rejected lines: $(audit_count $Z rejected))" test "$(audit_count $Z rejected)" -eq 7
sg apply -f "$T/user.yaml"
check "the good Secret again: user.example Ready" eventually 30 wait_ready default user-example 5s
check "... same tags" test "$(served_tags "$P0" $Z)" = "$USER_TAGS"
check "... status DS is the pre-computed one" test "$(status_ds default user-example)" = "$DS_USER"
check "... nothing re-imported (the files were there)" test "$(audit_count $Z imported)" -eq 2
# a new zone fixed by its good keys
secret keys-nopriv "$K/good-nopriv" >"$T/fix.yaml"
sg apply -f "$T/fix.yaml"
check "new zone nopriv.example with a fixed Secret: Ready" eventually 60 wait_ready default nopriv 5s
check "... serving exactly its keys" test "$(served_tags "$(instance_port default uk-nopriv primary-0)" nopriv.example)" = \
	"$(ls "$K/good-nopriv" | sed -n 's/.*+0*\([0-9][0-9]*\)\.key$/\1/p' | sort -n | tr '\n' ' ')"
lap "good Secrets back"

for v in wrongzone wrongtag wrongalg otherpriv badkey; do
	check "$v.example, rejected for $(( $(date +%s) - T0 - T_NEW ))s: one rejected audit line ($(audit_count "$v.example" rejected))" \
		test "$(audit_count "$v.example" rejected)" -eq 1
done

# ---------------------------------------------------------------- 3. restart of signet run
NIMP=$(audit_count $Z imported)
stop_run
check "SIGTERM stopped every named" no_named_left
start_run
check "after a restart of signet run user.example is Ready" wait_ready default user-example 120s
lap "restarted"
P0=$(instance_port default uk primary-0)
check "... same DNSKEY tags" test "$(served_tags "$P0" $Z)" = "$USER_TAGS"
check "... same DS in status" test "$(status_ds default user-example)" = "$DS_USER"
check "... validates with the pre-computed DS" delv_validated "$P0" "$K/user.anchor" $Z www.$Z A
check "... no key generated for $Z" test "$(audit_count $Z generated)" -eq 0
check "... none imported again" test "$(audit_count $Z imported)" -eq "$NIMP"
check "... the key directory holds only the user's keys" \
	test "$(ls "$KD" | grep -v -e "^$KSK\." -e "^$ZSK\." | wc -l)" -eq 0
check "the broken new zones are still rejected and not served" rejected_with wrongalg "${PHRASE[wrongalg]}"

# ---------------------------------------------------------------- no key material anywhere
cat "$K"/*/*.private | sed -n 's/^PrivateKey: *//p' | sort -u >"$T/secrets.pat"
check "private key values to look for ($(wc -l <"$T/secrets.pat"))" test "$(wc -l <"$T/secrets.pat")" -ge 20
for r in user-example $VARIANTS; do zone_json default "$r"; done >"$T/status.json"
{ sg audit; sg get dnszones -o wide; sg get secrets; sg get bind9clusters -o json; } >"$T/cli.out" 2>&1
for f in "$SIGNET_STATE/audit.log" "$T/run.log" "$T/status.json" "$T/cli.out" "$T/test.out"; do
	check "no private key material in $(basename "$f")" bash -c "! grep -qF -f '$T/secrets.pat' '$f'"
done
LEAKS=$(grep -rlF -f "$T/secrets.pat" "$SIGNET_STATE" | grep -v -e '/keys/' -e '/resources/Secret/' || true)
check "in the state dir, only key directories and Secrets hold key material${LEAKS:+: $LEAKS}" test -z "$LEAKS"
check "every key directory is 0700" test -z "$(find "$SIGNET_STATE" -type d -path '*/keys*' ! -perm 0700)"
check "every file in the state dir is 0600" test -z "$(find "$SIGNET_STATE" -type f ! -perm 0600)"

stop_run
check "SIGTERM stopped every named" no_named_left
lap "done"
finish
