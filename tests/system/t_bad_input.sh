#!/bin/bash
# Bad input through the real binary: every rejection exits 2, names file:line, the
# resource and the field with a case-specific phrase, and leaves the store unchanged.
# Also CLI misuse, and that `get secret` never prints Secret values.
. "$(dirname "$0")/lib.sh"
BAD=$SGN_SRC/tests/data/bad

snapshot() { find "$SIGNET_STATE" -type f | sort | xargs sha256sum; }

sg apply -f "$SGN_SRC/examples/quickstart/" >/dev/null
snapshot >"$T/snap0"

# expect_bad FILE LINE RESOURCE FIELD PHRASE  (RESOURCE/FIELD "-" when the parser has none)
expect_bad() {
	local file=$BAD/$1 line=$2 res=$3 field=$4 phrase=$5 rc=0
	sg apply -f "$file" >"$T/out" 2>"$T/err" || rc=$?
	local err ok=1
	err=$(cat "$T/err")
	[ "$rc" -eq 2 ] || { echo "# exit $rc, want 2"; ok=0; }
	grep -qF "error: $file:$line: " "$T/err" || { echo "# no $file:$line:"; ok=0; }
	[ "$res" = - ] || grep -qF ": $res: " "$T/err" || { echo "# no resource $res"; ok=0; }
	[ "$field" = - ] || grep -qF ": $field: " "$T/err" || { echo "# no field $field"; ok=0; }
	grep -qF -- "$phrase" "$T/err" || { echo "# no phrase '$phrase'"; ok=0; }
	[ "$(wc -l <"$T/err")" -eq 1 ] || { echo "# more than one line"; ok=0; }
	snapshot | cmp -s - "$T/snap0" || { echo "# the store changed"; ok=0; }
	[ "$ok" -eq 1 ] || echo "# stderr: ${err:0:400}"
	if [ "$ok" -eq 1 ]; then pass "$1 rejected"; else fail "$1 rejected"; fi
}

SIG=spec.global.dnssec.signing
expect_bad yaml-syntax-error.yaml 7 - - "YAML syntax error"
expect_bad unknown-kind.yaml 2 "document at line 1" kind 'unknown kind "DNSZoen"; valid kinds: Bind9Cluster'
expect_bad unknown-field.yaml 9 "DNSZone bad/unknown-field" spec.zoneNmae 'unknown field "zoneNmae"; valid fields:'
expect_bad missing-zonename.yaml 6 "DNSZone bad/missing-zonename" spec.zoneName 'required field "zoneName" is missing'
expect_bad unknown-algorithm.yaml 11 "Bind9Cluster bad/unknown-algorithm" $SIG.algorithm 'valid values: RSASHA256, RSASHA512, ECDSAP256SHA256, ECDSAP384SHA384, ED25519, ED448'
expect_bad malformed-duration.yaml 7 "DNSSECPolicy bad/malformed-duration" spec.kskLifetime 'invalid duration "12x"'
expect_bad nsec3-iterations-151.yaml 12 "Bind9Cluster bad/nsec3-iterations-151" $SIG.nsec3Iterations "between 0 and 150"
expect_bad ksk-lifetime-too-short.yaml 11 "Bind9Cluster bad/ksk-lifetime-too-short" $SIG.kskLifetime "shorter than the time a rollover takes"
# config injection, in every string that reaches named.conf
expect_bad injection-policy-semicolon.yaml 11 "Bind9Cluster bad/injection-policy-semicolon" $SIG.policy "invalid value"
expect_bad injection-cluster-algorithm-newline.yaml 11 "Bind9Cluster bad/injection-cluster-algorithm-newline" $SIG.algorithm 'invalid value "ED25519\n};"'
expect_bad injection-ksklifetime-semicolon.yaml 11 "Bind9Cluster bad/injection-ksklifetime-semicolon" $SIG.kskLifetime 'invalid value "365d; };"'
expect_bad injection-zsklifetime-brace.yaml 11 "Bind9Cluster bad/injection-zsklifetime-brace" $SIG.zskLifetime 'invalid value "90d {"'
expect_bad injection-zone-policy-quote.yaml 9 "DNSZone bad/injection-zone-policy-quote" spec.dnssecPolicy 'invalid value "p\"; };'
expect_bad injection-zonename-newline.yaml 7 "DNSZone bad/injection-zonename-newline" spec.zoneName 'invalid value "example.com\n};'
expect_bad injection-algorithm-brace.yaml 7 "DNSSECPolicy bad/injection-algorithm-brace" spec.algorithm 'invalid value "ECDSAP256SHA256 { }"'
expect_bad injection-policy-key-algorithm-quote.yaml 9 "DNSSECPolicy bad/injection-policy-key-algorithm-quote" 'spec.keys[0].algorithm' 'invalid value "ECDSAP256SHA256\"; };"'
expect_bad injection-policy-key-lifetime-newline.yaml 10 "DNSSECPolicy bad/injection-policy-key-lifetime-newline" 'spec.keys[0].lifetime' 'invalid value "365d\n};'
expect_bad injection-name-semicolon.yaml 4 "DNSZone bad/a;b{" metadata.name "invalid name"
expect_bad injection-namespace-quote.yaml 5 'DNSZone a"; }/ns-quote' metadata.namespace "invalid namespace"
expect_bad injection-parental-agent.yaml 12 "Bind9Cluster bad/injection-parental-agent" "$SIG.parentalAgents[0].address" 'invalid value "127.0.0.1; }; zone \"x\" {"'
expect_bad parental-agent-not-ip.yaml 11 "DNSZone bad/parental-agent-not-ip" "spec.parentalAgents[1].address" '"999.1.1.1" is not an IPv4 or IPv6 address'
expect_bad parental-agent-port-range.yaml 9 "DNSZone bad/parental-agent-port-range" "spec.parentalAgents[0].port" "70000 is above the maximum 65535"
# duplicates: within one file, and the same zone twice
expect_bad duplicate-resource.yaml 10 "DNSZone bad/dup" - "duplicate resource (first defined at $BAD/duplicate-resource.yaml:1)"
expect_bad duplicate-zonename.yaml 10 "DNSZone bad/two" - "duplicate zone"
# ... and against the store: the quickstart's example.com is stored already
expect_bad duplicate-zone-stored.yaml 3 "DNSZone default/dup-example" spec.zoneName "duplicate zone: DNSZone default/example-com already serves this zoneName in cluster quickstart"
# what named would refuse at load, refused at apply
expect_bad policy-purgekeys-huge.yaml 8 "DNSSECPolicy bad/purgekeys-huge" spec.purgeKeys "is too long: at most 2147483647 seconds"
expect_bad policy-key-bits.yaml 10 "DNSSECPolicy bad/key-bits" 'spec.keys[0].bits' "an RSA key has 1024 to 4096 bits"
expect_bad policy-keys-with-shorthand.yaml 9 "DNSSECPolicy bad/keys-with-shorthand" spec.algorithm "give keys[] or the shorthand"
expect_bad policy-key-lifetime-short.yaml 10 "DNSSECPolicy bad/key-lifetime-short" 'spec.keys[1].lifetime' "ZSK lifetime 1s is shorter than the time a rollover takes"
expect_bad policy-duration-negative.yaml 8 "DNSSECPolicy bad/duration-negative" spec.dnskeyTtl 'invalid duration "-1"'
# documents 1 and 2 are valid, 3 is not: neither 1 nor 2 is stored (checked by the snapshot)
expect_bad multi-doc-third-bad.yaml 25 "DNSZone multi/third" spec.ttl "-1 is below the minimum 0"
check "multi-doc: the valid first document was not stored" bash -c '! "$SIGNET" -n multi get dnssecpolicy first >/dev/null 2>&1'
# hostile input (each was a crash, a hang or a wrong message before)
expect_bad deep-nesting.yaml 8 - - "YAML nesting deeper than 64 levels"
expect_bad yaml-tag-python.yaml 3 - metadata "unsupported YAML tag tag:yaml.org,2002:python/object:os.system"
expect_bad nul-in-key.yaml 6 - metadata "NUL character in a YAML mapping key"
expect_bad metadata-not-mapping.yaml 3 "document at line 1" metadata "must be a mapping"
expect_bad namespace-not-string.yaml 5 "document at line 1" metadata.namespace "must be a string"
expect_bad zonename-too-long.yaml 7 "DNSZone bad/long-name" spec.zoneName "longer than 253 characters"
expect_bad zonefile-directory.yaml 9 "DNSZone bad/zonefile-directory" spec.zoneFile "zone file /etc is not a regular file"
expect_bad zonefile-not-a-zone.yaml 9 "DNSZone bad/zonefile-not-a-zone" spec.zoneFile "/etc/passwd:1: Syntax error"
expect_bad zonefile-no-soa.yaml 9 "DNSZone bad/zonefile-no-soa" spec.zoneFile "has no SOA record at the apex"
expect_bad record-name-backslash.yaml 7 "ARecord bad/record-name-backslash" spec.name "invalid record name"
expect_bad record-name-empty.yaml 7 "ARecord bad/record-name-empty" spec.name 'use "@" for the zone apex'
expect_bad txt-too-long.yaml 8 "TXTRecord bad/txt-too-long" 'spec.text[0]' "at most 255 octets"
expect_bad mx-target-injection.yaml 9 "MXRecord bad/mx-target-injection" spec.mailServer "invalid value"

# every fixture in tests/data/bad is exercised above
for f in "$BAD"/*.yaml; do
	grep -qF "expect_bad $(basename "$f") " "$0" || fail "fixture $(basename "$f") has no assertion"
done

# CLI misuse: exit 2 with a clear message, nothing stored
usage() { # usage DESCRIPTION PHRASE ARGS...
	local what=$1 phrase=$2 rc=0; shift 2
	timeout 10 "$SIGNET" "$@" >"$T/out" 2>"$T/err" || rc=$?
	if [ "$rc" -eq 2 ] && grep -qF -- "$phrase" "$T/err" && snapshot | cmp -s - "$T/snap0"; then
		pass "$what"
	else
		fail "$what (exit $rc: $(head -c 300 "$T/err"))"
	fi
}
usage "unknown command" 'unknown command "frobnicate"' frobnicate
usage "apply without -f" "must specify -f PATH" apply
usage "apply -f of a missing file" "$T/nope.yaml: cannot read" apply -f "$T/nope.yaml"
usage "apply -f /dev/zero (read forever before)" "/dev/zero: not a regular file" apply -f /dev/zero
usage "get unknownkind" 'unknown resource type "unknownkind"; valid: Bind9Cluster' get unknownkind
usage "run --dns-port 0" 'must be a number from 1 to 65535, got "0"' run --dns-port 0
usage "run --dns-port 70000" 'got "70000"' run --dns-port 70000
usage "run --dns-port abc" 'got "abc"' run --dns-port abc
# names and namespaces on the command line are never paths (each deleted files outside the state dir before)
usage "-n with a path" 'invalid namespace "../../../victim"' -n ../../../victim delete dnszone foo
usage "delete KIND NAME with a path" 'invalid name "../../victim/bar"' delete arecord ../../victim/bar
usage "get KIND NAME with a path" 'invalid name "../x"' get dnszone ../x
usage "wait KIND/NAME with a path" 'invalid name "../../x"' wait dnszone/../../x --for=condition=Ready --timeout=1s
# rollover --at: a real date, in the future, within named's 32-bit times (each rolled at once before)
usage "rollover --at in the past" "is not in the future" rollover example.com --zsk --at 2020-01-01T00:00:00Z
usage "rollover --at on Feb 30" "invalid --at 2027-02-30T10:00:00Z" rollover example.com --zsk --at 2027-02-30T10:00:00Z
usage "rollover --at after 2106" "after 2106-02-07T06:28:15Z" rollover example.com --zsk --at 9999-12-31T23:59:59Z
usage "wait with a malformed --timeout" 'invalid --timeout "12parsecs"' wait dnszone/example-com --for=condition=Ready --timeout=12parsecs

# wait never trusts a status older than the last apply (it returned on a stale Ready before)
check "wait with no signet run reporting on the last apply times out saying so (exit 1)" bash -c \
	"'$SIGNET' wait dnszone/example-com --for=condition=Ready --timeout=1s 2>'$T/w.err'; [ \$? -eq 1 ] && grep -q 'has not yet reported on the latest changes' '$T/w.err'"

# get secret: the table never shows data values
cat >"$T/secret.yaml" <<'YAML'
apiVersion: v1
kind: Secret
metadata:
  name: tsig
stringData:
  plain: s3cr3t-string-value
data:
  encoded: c2VjcmV0LWJhc2U2NA==
---
apiVersion: v1
kind: Secret
metadata:
  name: data-only
data:
  key: c2VjcmV0LWJhc2U2NA==
YAML
check "a Secret with data only (no stringData) is accepted" sg apply -f "$T/secret.yaml"
table=$(sg get secret; sg get secrets -o wide; sg get secret tsig)
check "get secret lists the secret" grep -q tsig <<<"$table"
check "get secret never prints stringData values" bash -c '! grep -q s3cr3t-string-value <<<"$1"' _ "$table"
check "get secret never prints data values" bash -c '! grep -q -e c2VjcmV0LWJhc2U2NA -e secret-base64 <<<"$1"' _ "$table"
check "get secret -o json does show the data" bash -c '"$SIGNET" get secret tsig -o json | grep -q c2VjcmV0LWJhc2U2NA'
finish
