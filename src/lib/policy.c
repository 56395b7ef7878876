/* SPDX-License-Identifier: MIT */
/* policy.c -- build, check and render dnssec-policy definitions. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sgn/dnssec.h"
#include "sgn/duration.h"
#include "sgn/policy.h"

void sgn_policy_init_default(sgn_policy_t *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = SGN_POLICY_CUSTOM;
	p->nkeys = 1;
	p->keys[0] = (sgn_policy_key_t){SGN_ROLE_CSK, SGN_DURATION_UNLIMITED, 13, 0};
	p->dnskey_ttl = 3600;
	p->max_zone_ttl = 86400;
	p->sig_validity = 14 * 86400;
	p->sig_validity_dnskey = 14 * 86400;
	p->sig_refresh = 5 * 86400;
	p->sig_jitter = 12 * 3600;
	p->zone_propagation_delay = 300;
	p->parent_ds_ttl = 86400;
	p->parent_propagation_delay = 3600;
	p->publish_safety = 3600;
	p->retire_safety = 3600;
	p->purge_keys = 90 * 86400;
}

static int field_err(sgn_diag_t *d, const char *path, const char *key, const char *msg)
{
	char *f = sgn_xasprintf("%s.%s", path, key);
	sgn_diag_at(d, NULL, 0, NULL, f);
	sgn_diag_msg(d, "%s", msg);
	free(f);
	return SGN_ESCHEMA;
}

/* Reads obj[key] as a duration (string or integer seconds); absent keeps *out. */
static int get_duration(const json_t *obj, const char *key, const char *path, bool unlimited,
			uint64_t *out, sgn_diag_t *d)
{
	const json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return SGN_OK;
	uint64_t t = 0;
	const char *s = json_string_value(v);
	bool ok = (json_is_integer(v) && json_integer_value(v) >= 0 && (t = (uint64_t)json_integer_value(v), true)) ||
		  (s != NULL && sgn_duration_parse(s, unlimited, &t) == SGN_OK);
	char msg[256];
	if (!ok) {
		char shown[64];
		if (json_is_integer(v))
			snprintf(shown, sizeof(shown), "%lld", (long long)json_integer_value(v));
		snprintf(msg, sizeof(msg),
			 "invalid duration \"%.60s\": use ISO 8601 (P90D, PT1H) or TTL style (90d, 12h)%s%s",
			 s ? s : json_is_integer(v) ? shown : "(not a string)", unlimited ? " or \"unlimited\"" : "",
			 json_is_integer(v) ? ", not negative" : "");
		return field_err(d, path, key, msg);
	}
	/* named reads these as 32-bit TTL-style values; RFC 2181 caps TTLs at 2^31-1 */
	if (t != SGN_DURATION_UNLIMITED && t > 2147483647ULL) {
		snprintf(msg, sizeof(msg), "duration \"%.60s\" is too long: at most 2147483647 seconds (68 years)",
			 s ? s : "(number)");
		return field_err(d, path, key, msg);
	}
	*out = t;
	return SGN_OK;
}

static int get_algorithm(const json_t *obj, const char *key, const char *path, uint8_t *alg,
			 sgn_diag_t *d)
{
	const char *s = json_string_value(json_object_get(obj, key));
	if (s == NULL)
		return SGN_OK;
	uint8_t a = 0;
	if (sgn_dnssec_alg_from_name(s, &a) != SGN_OK || !sgn_dnssec_alg_supported(a)) {
		char msg[512];
		snprintf(msg, sizeof(msg), "unknown or unsupported algorithm \"%s\"; valid values: %s",
			 s, sgn_dnssec_alg_list());
		return field_err(d, path, key, msg);
	}
	*alg = a;
	return SGN_OK;
}

static int get_nsec3_iterations(const json_t *v, const char *path, const char *key,
				sgn_policy_t *p, sgn_diag_t *d)
{
	if (v == NULL || json_is_null(v))
		return SGN_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 150)
		return field_err(d, path, key,
				 "NSEC3 iterations must be between 0 and 150 (BIND 9.18 limit; "
				 "RFC 9276 recommends 0)");
	p->nsec3_iterations = (unsigned)json_integer_value(v);
	return SGN_OK;
}

static int get_salt(const json_t *signing, const char *path, sgn_policy_t *p, sgn_diag_t *d)
{
	const char *salt = json_string_value(json_object_get(signing, "nsec3Salt"));
	if (salt == NULL || strcmp(salt, "-") == 0 || salt[0] == '\0')
		return SGN_OK;
	size_t n = strlen(salt);
	if (n % 2 != 0 || n > 510 || strspn(salt, "0123456789abcdefABCDEF") != n)
		return field_err(d, path, "nsec3Salt",
				 "NSEC3 salt must be an even number of hex digits, at most 255 "
				 "octets, or \"-\" for none (RFC 9276 recommends none)");
	/* BIND 9.18 policies take a salt length, not a salt: named picks the bytes. */
	p->nsec3_salt_length = (unsigned)(n / 2);
	return SGN_OK;
}

int sgn_policy_from_signing(const json_t *signing, const char *path, sgn_policy_t *p,
			    sgn_diag_t *d)
{
	sgn_policy_init_default(p);
	uint8_t alg = 13;
	uint64_t ksk = 365ULL * 86400, zsk = 90ULL * 86400;
	int rc;
	if ((rc = get_algorithm(signing, "algorithm", path, &alg, d)) != SGN_OK ||
	    (rc = get_duration(signing, "kskLifetime", path, true, &ksk, d)) != SGN_OK ||
	    (rc = get_duration(signing, "zskLifetime", path, true, &zsk, d)) != SGN_OK)
		return rc;
	p->nkeys = 2;
	p->keys[0] = (sgn_policy_key_t){SGN_ROLE_KSK, ksk, alg, 0};
	p->keys[1] = (sgn_policy_key_t){SGN_ROLE_ZSK, zsk, alg, 0};
	p->nsec3 = json_is_true(json_object_get(signing, "nsec3"));
	if ((rc = get_nsec3_iterations(json_object_get(signing, "nsec3Iterations"), path,
				       "nsec3Iterations", p, d)) != SGN_OK ||
	    (rc = get_salt(signing, path, p, d)) != SGN_OK)
		return rc;
	return sgn_policy_check(p, path, d);
}

/* Key sizes named accepts: RSA 1024-4096 bits; the curves have one size each. */
static int get_bits(const json_t *v, const char *path, uint8_t alg, unsigned *bits, sgn_diag_t *d)
{
	bool rsa = alg == 5 || alg == 7 || alg == 8 || alg == 10;
	unsigned fixed = alg == 13 ? 256 : alg == 14 ? 384 : alg == 15 ? 256 : alg == 16 ? 456 : 0;
	json_int_t b = json_is_integer(v) ? json_integer_value(v) : -1;
	char msg[200];
	if (rsa && (b < 1024 || b > 4096))
		snprintf(msg, sizeof(msg), "an RSA key has 1024 to 4096 bits");
	else if (!rsa && fixed != 0 && b != (json_int_t)fixed)
		snprintf(msg, sizeof(msg), "algorithm %u keys have %u bits (leave bits out)", alg, fixed);
	else {
		*bits = (unsigned)b;
		return SGN_OK;
	}
	return field_err(d, path, "bits", msg);
}

/* keys[] and the shorthand (algorithm, kskLifetime, ...) say the same thing twice. */
static int no_shorthand_with_keys(const json_t *spec, const char *path, sgn_diag_t *d)
{
	static const char *const shorthand[] = {"algorithm", "kskLifetime", "zskLifetime", "cskLifetime"};
	for (size_t i = 0; i < sizeof(shorthand) / sizeof(shorthand[0]); i++)
		if (json_object_get(spec, shorthand[i]) != NULL) {
			char msg[200];
			snprintf(msg, sizeof(msg), "give keys[] or the shorthand (algorithm, kskLifetime, zskLifetime, "
						   "cskLifetime), not both: keys[] would win and %s be ignored", shorthand[i]);
			return field_err(d, path, shorthand[i], msg);
		}
	return SGN_OK;
}

static int keys_from_list(const json_t *keys, const char *path, sgn_policy_t *p, sgn_diag_t *d)
{
	size_t i;
	json_t *k;
	p->nkeys = 0;
	json_array_foreach(keys, i, k) {
		char *kp = sgn_xasprintf("%s.keys[%zu]", path, i);
		const char *role = json_string_value(json_object_get(k, "role"));
		if (role == NULL)
			role = "csk"; /* the schema requires it; be safe if called without one */
		sgn_policy_key_t key = {SGN_ROLE_CSK, SGN_DURATION_UNLIMITED, 13, 0};
		key.role = strcmp(role, "ksk") == 0   ? SGN_ROLE_KSK
			   : strcmp(role, "zsk") == 0 ? SGN_ROLE_ZSK
						      : SGN_ROLE_CSK;
		int rc = i >= SGN_POLICY_MAX_KEYS
				 ? field_err(d, kp, "role", "too many keys (at most 8)")
				 : get_duration(k, "lifetime", kp, true, &key.lifetime, d);
		if (rc == SGN_OK)
			rc = get_algorithm(k, "algorithm", kp, &key.algorithm, d);
		json_t *bits = json_object_get(k, "bits");
		if (rc == SGN_OK && bits != NULL && !json_is_null(bits))
			rc = get_bits(bits, kp, key.algorithm, &key.bits, d);
		free(kp);
		if (rc != SGN_OK)
			return rc;
		p->keys[p->nkeys++] = key;
	}
	if (p->nkeys == 0)
		return field_err(d, path, "keys", "at least one key is required");
	p->keys_listed = true;
	return SGN_OK;
}

static int shorthand_keys(const json_t *spec, const char *path, sgn_policy_t *p, sgn_diag_t *d)
{
	uint8_t alg = 13;
	uint64_t ksk = 365ULL * 86400, zsk = 90ULL * 86400, csk = SGN_DURATION_UNLIMITED;
	int rc;
	if ((rc = get_algorithm(spec, "algorithm", path, &alg, d)) != SGN_OK ||
	    (rc = get_duration(spec, "kskLifetime", path, true, &ksk, d)) != SGN_OK ||
	    (rc = get_duration(spec, "zskLifetime", path, true, &zsk, d)) != SGN_OK ||
	    (rc = get_duration(spec, "cskLifetime", path, true, &csk, d)) != SGN_OK)
		return rc;
	if (json_object_get(spec, "cskLifetime") != NULL) {
		p->nkeys = 1;
		p->keys[0] = (sgn_policy_key_t){SGN_ROLE_CSK, csk, alg, 0};
	} else {
		p->nkeys = 2;
		p->keys[0] = (sgn_policy_key_t){SGN_ROLE_KSK, ksk, alg, 0};
		p->keys[1] = (sgn_policy_key_t){SGN_ROLE_ZSK, zsk, alg, 0};
	}
	return SGN_OK;
}

int sgn_policy_from_spec(const json_t *spec, const char *path, sgn_policy_t *p, sgn_diag_t *d)
{
	sgn_policy_init_default(p);
	const json_t *keys = json_object_get(spec, "keys");
	int rc = !json_is_array(keys)			     ? shorthand_keys(spec, path, p, d)
		 : no_shorthand_with_keys(spec, path, d) != SGN_OK ? SGN_ESCHEMA
								     : keys_from_list(keys, path, p, d);
	static const struct {
		const char *key;
		size_t off;
	} durs[] = {
		{"dnskeyTtl", offsetof(sgn_policy_t, dnskey_ttl)},
		{"maxZoneTtl", offsetof(sgn_policy_t, max_zone_ttl)},
		{"signaturesValidity", offsetof(sgn_policy_t, sig_validity)},
		{"signaturesValidityDnskey", offsetof(sgn_policy_t, sig_validity_dnskey)},
		{"signaturesRefresh", offsetof(sgn_policy_t, sig_refresh)},
		{"signaturesJitter", offsetof(sgn_policy_t, sig_jitter)},
		{"zonePropagationDelay", offsetof(sgn_policy_t, zone_propagation_delay)},
		{"parentDsTtl", offsetof(sgn_policy_t, parent_ds_ttl)},
		{"parentPropagationDelay", offsetof(sgn_policy_t, parent_propagation_delay)},
		{"publishSafety", offsetof(sgn_policy_t, publish_safety)},
		{"retireSafety", offsetof(sgn_policy_t, retire_safety)},
		{"purgeKeys", offsetof(sgn_policy_t, purge_keys)},
	};
	for (size_t i = 0; rc == SGN_OK && i < sizeof(durs) / sizeof(durs[0]); i++)
		rc = get_duration(spec, durs[i].key, path, false,
				  (uint64_t *)((char *)p + durs[i].off), d);
	const json_t *n3 = json_object_get(spec, "nsec3");
	if (rc == SGN_OK && json_is_object(n3)) {
		char *np = sgn_xasprintf("%s.nsec3", path);
		p->nsec3 = true;
		p->nsec3_optout = json_is_true(json_object_get(n3, "optOut"));
		json_t *sl = json_object_get(n3, "saltLength");
		if (json_is_integer(sl))
			p->nsec3_salt_length = (unsigned)json_integer_value(sl);
		rc = get_nsec3_iterations(json_object_get(n3, "iterations"), np, "iterations", p, d);
		free(np);
	}
	return rc == SGN_OK ? sgn_policy_check(p, path, d) : rc;
}

static bool has_role(const sgn_policy_t *p, uint8_t alg, sgn_role_t role)
{
	for (size_t i = 0; i < p->nkeys; i++)
		if (p->keys[i].algorithm == alg &&
		    (p->keys[i].role == role || p->keys[i].role == SGN_ROLE_CSK))
			return true;
	return false;
}

static int check_lifetimes(const sgn_policy_t *p, const char *path, sgn_diag_t *d)
{
	uint64_t publish = p->dnskey_ttl + p->publish_safety + p->zone_propagation_delay;
	uint64_t zsk_retire = p->max_zone_ttl + p->retire_safety + p->zone_propagation_delay +
			      (p->sig_validity - p->sig_refresh);
	uint64_t ksk_retire = p->parent_ds_ttl + p->retire_safety + p->parent_propagation_delay;
	for (size_t i = 0; i < p->nkeys; i++) {
		const sgn_policy_key_t *k = &p->keys[i];
		if (k->lifetime == SGN_DURATION_UNLIMITED)
			continue;
		uint64_t retire = k->role == SGN_ROLE_ZSK ? zsk_retire
			: k->role == SGN_ROLE_KSK ? ksk_retire
			: (zsk_retire > ksk_retire ? zsk_retire : ksk_retire);
		/* named (kaspconf.c): the larger of the publication and the retire interval */
		uint64_t need = publish > retire ? publish : retire;
		if (k->lifetime <= need) {
			char l[32], n[32], msg[512];
			sgn_duration_format(k->lifetime, l, sizeof(l));
			sgn_duration_format(need, n, sizeof(n));
			snprintf(msg, sizeof(msg),
				 "%s lifetime %s is shorter than the time a rollover takes (%s: "
				 "the publication or retire interval); named would refuse it",
				 k->role == SGN_ROLE_KSK ? "KSK" : k->role == SGN_ROLE_ZSK ? "ZSK" : "CSK",
				 l, n);
			char listed[40];
			snprintf(listed, sizeof(listed), "keys[%zu].lifetime", i);
			return field_err(d, path,
					 p->keys_listed		   ? listed
					 : k->role == SGN_ROLE_KSK ? "kskLifetime"
					 : k->role == SGN_ROLE_ZSK ? "zskLifetime"
								   : "cskLifetime",
					 msg);
		}
	}
	return SGN_OK;
}

int sgn_policy_check(const sgn_policy_t *p, const char *path, sgn_diag_t *d)
{
	if (p->kind != SGN_POLICY_CUSTOM)
		return SGN_OK;
	for (size_t i = 0; i < p->nkeys; i++) {
		uint8_t a = p->keys[i].algorithm;
		if (!has_role(p, a, SGN_ROLE_KSK) || !has_role(p, a, SGN_ROLE_ZSK))
			return field_err(d, path, "keys",
					 "each algorithm needs a KSK and a ZSK, or a CSK");
		if (p->nsec3 && (a == 5 || a == 3))
			return field_err(d, path, "nsec3", "NSEC3 cannot be used with RSASHA1 or DSA");
	}
	/* named refuses a refresh of exactly 90% too */
	if (p->sig_refresh * 10 >= p->sig_validity * 9 ||
	    p->sig_refresh * 10 >= p->sig_validity_dnskey * 9)
		return field_err(d, path, "signaturesRefresh",
				 "signatures-refresh must be less than 90% of signatures-validity "
				 "and of signatures-validity-dnskey");
	if (p->sig_jitter > p->sig_validity || p->sig_jitter > p->sig_validity_dnskey)
		return field_err(d, path, "signaturesJitter",
				 "signatures-jitter cannot be larger than signatures-validity "
				 "or signatures-validity-dnskey");
	if (p->nsec3_salt_length > 255)
		return field_err(d, path, "nsec3", "NSEC3 salt length must be at most 255");
	return check_lifetimes(p, path, d);
}

void sgn_policy_set_names(sgn_policy_t *p, const char *name, const char *prefix)
{
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (strcmp(name, "none") == 0)
		p->kind = SGN_POLICY_NONE;
	else if (strcmp(name, "insecure") == 0)
		p->kind = SGN_POLICY_INSECURE;
	snprintf(p->conf_name, sizeof(p->conf_name), "%s-%s", prefix, name);
}

bool sgn_policy_is_insecure(const sgn_policy_t *p)
{
	return p->kind == SGN_POLICY_INSECURE;
}

const char *sgn_policy_ref(const sgn_policy_t *p)
{
	switch (p->kind) {
	case SGN_POLICY_NONE:
		return "none";
	case SGN_POLICY_INSECURE:
		return "insecure";
	case SGN_POLICY_BUILTIN:
		return "default";
	default:
		return p->conf_name;
	}
}

static const char *role_word(sgn_role_t r)
{
	return r == SGN_ROLE_KSK ? "ksk" : r == SGN_ROLE_ZSK ? "zsk" : "csk";
}

void sgn_policy_render(const sgn_policy_t *p, sgn_buf_t *out)
{
	if (p->kind != SGN_POLICY_CUSTOM)
		return;
	sgn_buf_printf(out, "dnssec-policy \"%s\" {\n\tkeys {\n", p->conf_name);
	for (size_t i = 0; i < p->nkeys; i++) {
		const sgn_policy_key_t *k = &p->keys[i];
		sgn_buf_printf(out, "\t\t%s key-directory lifetime ", role_word(k->role));
		if (k->lifetime == SGN_DURATION_UNLIMITED)
			sgn_buf_puts(out, "unlimited");
		else
			sgn_buf_printf(out, "%llu", (unsigned long long)k->lifetime);
		sgn_buf_printf(out, " algorithm %u", k->algorithm);
		if (k->bits)
			sgn_buf_printf(out, " %u", k->bits);
		sgn_buf_puts(out, ";\n");
	}
	sgn_buf_puts(out, "\t};\n");
#define DUR(name, field) sgn_buf_printf(out, "\t" name " %llu;\n", (unsigned long long)p->field)
	DUR("dnskey-ttl", dnskey_ttl);
	DUR("max-zone-ttl", max_zone_ttl);
	DUR("signatures-validity", sig_validity);
	DUR("signatures-validity-dnskey", sig_validity_dnskey);
	DUR("signatures-refresh", sig_refresh);
	DUR("signatures-jitter", sig_jitter);
	DUR("zone-propagation-delay", zone_propagation_delay);
	DUR("parent-ds-ttl", parent_ds_ttl);
	DUR("parent-propagation-delay", parent_propagation_delay);
	DUR("publish-safety", publish_safety);
	DUR("retire-safety", retire_safety);
	DUR("purge-keys", purge_keys);
#undef DUR
	if (p->nsec3)
		sgn_buf_printf(out, "\tnsec3param iterations %u optout %s salt-length %u;\n",
			       p->nsec3_iterations, p->nsec3_optout ? "yes" : "no",
			       p->nsec3_salt_length);
	sgn_buf_puts(out, "};\n");
}

void sgn_policy_describe(const sgn_policy_t *p, char *buf, size_t len)
{
	if (p->kind != SGN_POLICY_CUSTOM) {
		snprintf(buf, len, "%s", sgn_policy_ref(p));
		return;
	}
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->nkeys && off < len; i++) {
		char l[32];
		const char *an = sgn_dnssec_alg_name(p->keys[i].algorithm);
		sgn_duration_format(p->keys[i].lifetime, l, sizeof(l));
		int n = snprintf(buf + off, len - off, "%s%s %s %s", i ? " + " : "",
				 an ? an : "?", role_word(p->keys[i].role), l);
		if (n > 0)
			off += (size_t)n;
	}
	if (off < len)
		snprintf(buf + off, len - off, ", %s", p->nsec3 ? "NSEC3" : "NSEC");
}
