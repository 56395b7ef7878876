/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sgn/duration.h"
#include "sgn/err.h"
#include "sgn/policy.h"
#include "sgn/proc.h"
#include "sgn/util.h"

#define DAY 86400ULL

static json_t *js(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);
	if (v == NULL)
		fail_msg("bad JSON %s: %s", text, err.text);
	return v;
}

static void test_policy_init_default_matches_named(void **state)
{
	(void)state;
	/* named -C: csk lifetime unlimited algorithm 13; dnskey-ttl 3600; publish-safety 3600;
	 * retire-safety 3600; purge-keys P90D; signatures-jitter PT12H; signatures-refresh P5D;
	 * signatures-validity P14D; signatures-validity-dnskey P14D; max-zone-ttl 86400;
	 * zone-propagation-delay 300; parent-ds-ttl 86400; parent-propagation-delay 3600 */
	sgn_policy_t p;
	sgn_policy_init_default(&p);
	assert_int_equal(p.nkeys, 1);
	assert_int_equal(p.keys[0].role, SGN_ROLE_CSK);
	assert_true(p.keys[0].lifetime == SGN_DURATION_UNLIMITED);
	assert_int_equal(p.keys[0].algorithm, 13);
	assert_int_equal(p.keys[0].bits, 0);
	static const struct {
		const char *name;
		size_t off;
		uint64_t want;
	} f[] = {
		{"dnskey-ttl", offsetof(sgn_policy_t, dnskey_ttl), 3600},
		{"publish-safety", offsetof(sgn_policy_t, publish_safety), 3600},
		{"retire-safety", offsetof(sgn_policy_t, retire_safety), 3600},
		{"purge-keys", offsetof(sgn_policy_t, purge_keys), 90 * DAY},
		{"signatures-jitter", offsetof(sgn_policy_t, sig_jitter), 12 * 3600},
		{"signatures-refresh", offsetof(sgn_policy_t, sig_refresh), 5 * DAY},
		{"signatures-validity", offsetof(sgn_policy_t, sig_validity), 14 * DAY},
		{"signatures-validity-dnskey", offsetof(sgn_policy_t, sig_validity_dnskey), 14 * DAY},
		{"max-zone-ttl", offsetof(sgn_policy_t, max_zone_ttl), 86400},
		{"zone-propagation-delay", offsetof(sgn_policy_t, zone_propagation_delay), 300},
		{"parent-ds-ttl", offsetof(sgn_policy_t, parent_ds_ttl), 86400},
		{"parent-propagation-delay", offsetof(sgn_policy_t, parent_propagation_delay), 3600},
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		uint64_t got = *(const uint64_t *)((const char *)&p + f[i].off);
		if (got != f[i].want)
			fail_msg("%s: %llu want %llu", f[i].name, (unsigned long long)got,
				 (unsigned long long)f[i].want);
	}
	assert_false(p.nsec3);
	assert_int_equal(sgn_policy_check(&p, "spec", NULL), SGN_OK);
}

static void test_policy_from_signing_fields(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		int rc;
		uint8_t alg;
		uint64_t ksk, zsk;
		bool nsec3;
		unsigned iter, salt_len;
		const char *field;
	} cases[] = {
		{"{}", SGN_OK, 13, 365 * DAY, 90 * DAY, false, 0, 0, NULL},
		{"{\"algorithm\": \"RSASHA256\", \"kskLifetime\": \"P2Y\", \"zskLifetime\": \"30d\"}",
		 SGN_OK, 8, 730 * DAY, 30 * DAY, false, 0, 0, NULL},
		{"{\"algorithm\": \"ED25519\", \"kskLifetime\": \"unlimited\", \"zskLifetime\": 7776000}",
		 SGN_OK, 15, SGN_DURATION_UNLIMITED, 90 * DAY, false, 0, 0, NULL},
		{"{\"nsec3\": true, \"nsec3Iterations\": 0, \"nsec3Salt\": \"-\"}", SGN_OK, 13,
		 365 * DAY, 90 * DAY, true, 0, 0, NULL},
		{"{\"nsec3\": true, \"nsec3Iterations\": 150, \"nsec3Salt\": \"aabbccdd\"}", SGN_OK, 13,
		 365 * DAY, 90 * DAY, true, 150, 4, NULL},
		{"{\"nsec3\": true, \"nsec3Salt\": \"\"}", SGN_OK, 13, 365 * DAY, 90 * DAY, true, 0, 0,
		 NULL},
		{"{\"nsec3\": true, \"nsec3Iterations\": 151}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0,
		 "signing.nsec3Iterations"},
		{"{\"nsec3Iterations\": -1}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.nsec3Iterations"},
		{"{\"nsec3Iterations\": \"5\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0,
		 "signing.nsec3Iterations"},
		{"{\"nsec3Salt\": \"abc\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.nsec3Salt"},
		{"{\"nsec3Salt\": \"zz\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.nsec3Salt"},
		{"{\"algorithm\": \"RSASHA1\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.algorithm"},
		{"{\"algorithm\": \"NOPE\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.algorithm"},
		{"{\"kskLifetime\": \"1x\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.kskLifetime"},
		{"{\"zskLifetime\": \"1h\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.zskLifetime"},
		{"{\"kskLifetime\": \"1h\"}", SGN_ESCHEMA, 0, 0, 0, 0, 0, 0, "signing.kskLifetime"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v = js(cases[i].json);
		sgn_policy_t p;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_policy_from_signing(v, "signing", &p, &d);
		json_decref(v);
		if (rc != cases[i].rc)
			fail_msg("%s: rc %d want %d (%s)", cases[i].json, rc, cases[i].rc, d.message);
		if (rc != SGN_OK) {
			assert_string_equal(d.field, cases[i].field);
			assert_true(d.message[0] != '\0');
			continue;
		}
		assert_int_equal(p.nkeys, 2);
		assert_int_equal(p.keys[0].role, SGN_ROLE_KSK);
		assert_int_equal(p.keys[1].role, SGN_ROLE_ZSK);
		assert_int_equal(p.keys[0].algorithm, cases[i].alg);
		assert_int_equal(p.keys[1].algorithm, cases[i].alg);
		assert_true(p.keys[0].lifetime == cases[i].ksk);
		assert_true(p.keys[1].lifetime == cases[i].zsk);
		assert_int_equal(p.nsec3, cases[i].nsec3);
		assert_int_equal(p.nsec3_iterations, cases[i].iter);
		assert_int_equal(p.nsec3_salt_length, cases[i].salt_len);
	}
}

static void test_policy_from_spec_keys_and_knobs(void **state)
{
	(void)state;
	json_t *v = js("{\"keys\": [{\"role\": \"ksk\", \"lifetime\": \"P1Y\", \"algorithm\": "
		       "\"RSASHA256\", \"bits\": 2048}, {\"role\": \"zsk\", \"lifetime\": \"60d\", "
		       "\"algorithm\": \"RSASHA256\", \"bits\": 1024}, {\"role\": \"csk\", \"algorithm\": "
		       "\"ECDSAP384SHA384\"}],"
		       "\"dnskeyTtl\": \"2h\", \"maxZoneTtl\": \"PT12H\", \"signaturesValidity\": \"21d\","
		       "\"signaturesValidityDnskey\": \"P30D\", \"signaturesRefresh\": \"7d\","
		       "\"signaturesJitter\": \"1d\", \"zonePropagationDelay\": 600, \"parentDsTtl\": \"2d\","
		       "\"parentPropagationDelay\": \"2h\", \"publishSafety\": \"30m\","
		       "\"retireSafety\": \"45m\", \"purgeKeys\": \"P30D\","
		       "\"nsec3\": {\"iterations\": 5, \"optOut\": true, \"saltLength\": 8}}");
	sgn_policy_t p;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int rc = sgn_policy_from_spec(v, "spec", &p, &d);
	json_decref(v);
	if (rc != SGN_OK)
		fail_msg("%s: %s", d.field, d.message);
	assert_int_equal(p.nkeys, 3);
	assert_int_equal(p.keys[0].role, SGN_ROLE_KSK);
	assert_true(p.keys[0].lifetime == 365 * DAY);
	assert_int_equal(p.keys[0].algorithm, 8);
	assert_int_equal(p.keys[0].bits, 2048);
	assert_int_equal(p.keys[1].role, SGN_ROLE_ZSK);
	assert_true(p.keys[1].lifetime == 60 * DAY);
	assert_int_equal(p.keys[1].bits, 1024);
	assert_int_equal(p.keys[2].role, SGN_ROLE_CSK);
	assert_true(p.keys[2].lifetime == SGN_DURATION_UNLIMITED);
	assert_int_equal(p.keys[2].algorithm, 14);
	assert_true(p.dnskey_ttl == 7200);
	assert_true(p.max_zone_ttl == 43200);
	assert_true(p.sig_validity == 21 * DAY);
	assert_true(p.sig_validity_dnskey == 30 * DAY);
	assert_true(p.sig_refresh == 7 * DAY);
	assert_true(p.sig_jitter == DAY);
	assert_true(p.zone_propagation_delay == 600);
	assert_true(p.parent_ds_ttl == 2 * DAY);
	assert_true(p.parent_propagation_delay == 7200);
	assert_true(p.publish_safety == 1800);
	assert_true(p.retire_safety == 2700);
	assert_true(p.purge_keys == 30 * DAY);
	assert_true(p.nsec3);
	assert_true(p.nsec3_optout);
	assert_int_equal(p.nsec3_iterations, 5);
	assert_int_equal(p.nsec3_salt_length, 8);
}

static void test_policy_from_spec_shorthand_and_errors(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		int rc;
		size_t nkeys;
		sgn_role_t role0;
		const char *field;
	} cases[] = {
		{"{}", SGN_OK, 2, SGN_ROLE_KSK, NULL},
		{"{\"algorithm\": \"ED448\", \"kskLifetime\": \"P1Y\", \"zskLifetime\": \"P60D\"}",
		 SGN_OK, 2, SGN_ROLE_KSK, NULL},
		{"{\"cskLifetime\": \"unlimited\"}", SGN_OK, 1, SGN_ROLE_CSK, NULL},
		{"{\"cskLifetime\": \"P1Y\"}", SGN_OK, 1, SGN_ROLE_CSK, NULL},
		{"{\"nsec3\": {}}", SGN_OK, 2, SGN_ROLE_KSK, NULL},
		{"{\"keys\": []}", SGN_ESCHEMA, 0, 0, "spec.keys"},
		{"{\"keys\": [{\"role\": \"ksk\"}]}", SGN_ESCHEMA, 0, 0, "spec.keys"},
		{"{\"keys\": [{\"role\": \"zsk\", \"lifetime\": \"nope\"}]}", SGN_ESCHEMA, 0, 0,
		 "spec.keys[0].lifetime"},
		{"{\"keys\": [{\"role\": \"csk\", \"algorithm\": \"DSA\"}]}", SGN_ESCHEMA, 0, 0,
		 "spec.keys[0].algorithm"},
		{"{\"dnskeyTtl\": \"unlimited\"}", SGN_ESCHEMA, 0, 0, "spec.dnskeyTtl"},
		{"{\"purgeKeys\": \"P\"}", SGN_ESCHEMA, 0, 0, "spec.purgeKeys"},
		{"{\"signaturesRefresh\": \"13d\"}", SGN_ESCHEMA, 0, 0, "spec.signaturesRefresh"},
		{"{\"signaturesJitter\": \"15d\"}", SGN_ESCHEMA, 0, 0, "spec.signaturesJitter"},
		{"{\"nsec3\": {\"iterations\": 151}}", SGN_ESCHEMA, 0, 0, "spec.nsec3.iterations"},
		{"{\"nsec3\": {\"saltLength\": 256}}", SGN_ESCHEMA, 0, 0, "spec.nsec3"},
		{"{\"cskLifetime\": \"1d\"}", SGN_ESCHEMA, 0, 0, "spec.cskLifetime"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v = js(cases[i].json);
		sgn_policy_t p;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_policy_from_spec(v, "spec", &p, &d);
		json_decref(v);
		if (rc != cases[i].rc)
			fail_msg("%s: rc %d want %d (%s)", cases[i].json, rc, cases[i].rc, d.message);
		if (rc != SGN_OK) {
			if (strcmp(d.field, cases[i].field) != 0)
				fail_msg("%s: field %s want %s", cases[i].json, d.field, cases[i].field);
			continue;
		}
		assert_int_equal(p.nkeys, cases[i].nkeys);
		assert_int_equal(p.keys[0].role, cases[i].role0);
	}
}

/* Publication and retire intervals as named computes them (lib/isccfg/kaspconf.c). */
static uint64_t ipub(const sgn_policy_t *p)
{
	return p->dnskey_ttl + p->publish_safety + p->zone_propagation_delay;
}
static uint64_t ksk_min(const sgn_policy_t *p)
{
	uint64_t r = p->parent_ds_ttl + p->retire_safety + p->parent_propagation_delay;
	return r > ipub(p) ? r : ipub(p);
}
static uint64_t zsk_min(const sgn_policy_t *p)
{
	uint64_t r = p->max_zone_ttl + p->retire_safety + p->zone_propagation_delay +
		     (p->sig_validity - p->sig_refresh);
	return r > ipub(p) ? r : ipub(p);
}

static void two_keys(sgn_policy_t *p, uint8_t alg, uint64_t ksk, uint64_t zsk)
{
	sgn_policy_init_default(p);
	p->nkeys = 2;
	p->keys[0] = (sgn_policy_key_t){SGN_ROLE_KSK, ksk, alg, 0};
	p->keys[1] = (sgn_policy_key_t){SGN_ROLE_ZSK, zsk, alg, 0};
}

static void test_policy_check_roles_per_algorithm(void **state)
{
	(void)state;
	const uint64_t U = SGN_DURATION_UNLIMITED;
	static const struct {
		sgn_policy_key_t keys[4];
		size_t n;
		int rc;
	} cases[] = {
		{{{SGN_ROLE_CSK, 0, 13, 0}}, 1, SGN_OK},
		{{{SGN_ROLE_KSK, 0, 13, 0}, {SGN_ROLE_ZSK, 0, 13, 0}}, 2, SGN_OK},
		{{{SGN_ROLE_KSK, 0, 13, 0}}, 1, SGN_ESCHEMA},
		{{{SGN_ROLE_ZSK, 0, 13, 0}}, 1, SGN_ESCHEMA},
		{{{SGN_ROLE_KSK, 0, 13, 0}, {SGN_ROLE_ZSK, 0, 8, 0}}, 2, SGN_ESCHEMA},
		{{{SGN_ROLE_CSK, 0, 13, 0}, {SGN_ROLE_ZSK, 0, 8, 0}}, 2, SGN_ESCHEMA},
		{{{SGN_ROLE_CSK, 0, 13, 0}, {SGN_ROLE_CSK, 0, 8, 0}}, 2, SGN_OK},
		{{{SGN_ROLE_KSK, 0, 8, 0}, {SGN_ROLE_ZSK, 0, 8, 0}, {SGN_ROLE_CSK, 0, 15, 0}}, 3, SGN_OK},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sgn_policy_t p;
		sgn_policy_init_default(&p);
		p.nkeys = cases[i].n;
		for (size_t k = 0; k < cases[i].n; k++) {
			p.keys[k] = cases[i].keys[k];
			p.keys[k].lifetime = U;
		}
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_policy_check(&p, "spec", &d);
		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d want %d", i, rc, cases[i].rc);
		if (rc != SGN_OK)
			assert_string_equal(d.field, "spec.keys");
	}
}

static void test_policy_check_refresh_at_most_90_percent(void **state)
{
	(void)state;
	static const struct {
		uint64_t validity, validity_dnskey, refresh;
		int rc;
	} cases[] = {
		{14 * DAY, 14 * DAY, 5 * DAY, SGN_OK},
		{1000, 1000, 899, SGN_OK},
		{1000, 1000, 900, SGN_ESCHEMA}, /* named: "must be at most 90%" refuses exactly 90% */
		{1000, 1000, 901, SGN_ESCHEMA},
		{14 * DAY, 14 * DAY, 1088639, SGN_OK},
		{14 * DAY, 14 * DAY, 1088640, SGN_ESCHEMA},
		{14 * DAY, 5 * DAY, 5 * DAY, SGN_ESCHEMA}, /* dnskey validity too */
		{30 * DAY, 1000000, 900000, SGN_ESCHEMA},
		{30 * DAY, 1000000, 899999, SGN_OK},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sgn_policy_t p;
		sgn_policy_init_default(&p);
		p.sig_validity = cases[i].validity;
		p.sig_validity_dnskey = cases[i].validity_dnskey;
		p.sig_refresh = cases[i].refresh;
		p.sig_jitter = 0;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_policy_check(&p, "spec", &d);
		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d want %d", i, rc, cases[i].rc);
		if (rc != SGN_OK)
			assert_string_equal(d.field, "spec.signaturesRefresh");
	}
}

static void test_policy_check_lifetime_boundary(void **state)
{
	(void)state;
	sgn_policy_t base;
	sgn_policy_init_default(&base);
	/* with the defaults: KSK 93600 (parent-ds-ttl + retire-safety + parent-propagation-delay),
	 * ZSK 867900 (max-zone-ttl + retire-safety + zone-propagation-delay + validity - refresh) */
	assert_true(ksk_min(&base) == 93600);
	assert_true(zsk_min(&base) == 867900);
	const uint64_t U = SGN_DURATION_UNLIMITED;
	struct {
		sgn_role_t role;
		uint64_t dnskey_ttl, parent_ds_ttl; /* 0: default */
	} variants[] = {
		{SGN_ROLE_KSK, 0, 0},	   {SGN_ROLE_ZSK, 0, 0},	 {SGN_ROLE_CSK, 0, 0},
		{SGN_ROLE_KSK, 100000, 0}, /* publication interval dominates */
		{SGN_ROLE_ZSK, 1000000, 0},
		{SGN_ROLE_CSK, 0, 2000000}, /* CSK takes the larger of KSK and ZSK */
	};
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		for (int above = 0; above < 2; above++) {
			sgn_policy_t p;
			sgn_policy_init_default(&p);
			if (variants[i].dnskey_ttl)
				p.dnskey_ttl = variants[i].dnskey_ttl;
			if (variants[i].parent_ds_ttl)
				p.parent_ds_ttl = variants[i].parent_ds_ttl;
			uint64_t k = ksk_min(&p), z = zsk_min(&p);
			uint64_t need = variants[i].role == SGN_ROLE_KSK   ? k
					: variants[i].role == SGN_ROLE_ZSK ? z
									   : (k > z ? k : z);
			uint64_t life = need + (uint64_t)above;
			if (variants[i].role == SGN_ROLE_CSK) {
				p.nkeys = 1;
				p.keys[0] = (sgn_policy_key_t){SGN_ROLE_CSK, life, 13, 0};
			} else {
				two_keys(&p, 13, variants[i].role == SGN_ROLE_KSK ? life : U,
					 variants[i].role == SGN_ROLE_ZSK ? life : U);
				if (variants[i].dnskey_ttl)
					p.dnskey_ttl = variants[i].dnskey_ttl;
			}
			sgn_diag_t d;
			sgn_diag_clear(&d);
			int rc = sgn_policy_check(&p, "spec", &d);
			if (rc != (above ? SGN_OK : SGN_ESCHEMA))
				fail_msg("variant %zu lifetime %llu: rc %d (%s)", i,
					 (unsigned long long)life, rc, d.message);
			if (!above)
				assert_non_null(strstr(d.message, "rollover"));
		}
	}
}

static void test_policy_check_nsec3_limits(void **state)
{
	(void)state;
	static const struct {
		uint8_t alg;
		unsigned salt;
		int rc;
	} cases[] = {
		{13, 0, SGN_OK}, {8, 255, SGN_OK}, {5, 0, SGN_ESCHEMA}, {3, 0, SGN_ESCHEMA},
		{13, 256, SGN_ESCHEMA},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sgn_policy_t p;
		two_keys(&p, cases[i].alg, SGN_DURATION_UNLIMITED, SGN_DURATION_UNLIMITED);
		p.nsec3 = true;
		p.nsec3_salt_length = cases[i].salt;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		assert_int_equal(sgn_policy_check(&p, "spec", &d), cases[i].rc);
		p.nsec3 = false;
		p.nsec3_salt_length = 0;
		assert_int_equal(sgn_policy_check(&p, "spec", NULL), SGN_OK);
	}
}

static void test_policy_set_names_never_reserved(void **state)
{
	(void)state;
	static const char *names[] = {"default", "none", "insecure", "x", "my-policy"};
	static const char *prefixes[] = {"policy", "signing-c1", "builtin"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (size_t j = 0; j < sizeof(prefixes) / sizeof(prefixes[0]); j++) {
			sgn_policy_t p;
			sgn_policy_init_default(&p);
			sgn_policy_set_names(&p, names[i], prefixes[j]);
			assert_string_equal(p.name, names[i]);
			assert_string_not_equal(p.conf_name, "default");
			assert_string_not_equal(p.conf_name, "none");
			assert_string_not_equal(p.conf_name, "insecure");
			const char *ref = sgn_policy_ref(&p);
			if (strcmp(names[i], "none") == 0) {
				assert_int_equal(p.kind, SGN_POLICY_NONE);
				assert_string_equal(ref, "none");
			} else if (strcmp(names[i], "insecure") == 0) {
				assert_int_equal(p.kind, SGN_POLICY_INSECURE);
				assert_string_equal(ref, "insecure");
			} else {
				assert_int_equal(p.kind, SGN_POLICY_CUSTOM);
				assert_string_equal(ref, p.conf_name);
			}
		}
}

/* ---- named-checkconf integration ---- */

static const char *checkconf_path(void)
{
	static const char *cands[] = {"/usr/bin/named-checkconf", "/usr/sbin/named-checkconf",
				      "/usr/local/bin/named-checkconf",
				      "/usr/local/sbin/named-checkconf"};
	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++)
		if (access(cands[i], X_OK) == 0)
			return cands[i];
	return NULL;
}

/* Runs named-checkconf on the policy plus a zone using it; 0 = accepted. */
static int checkconf(const char *tool, const sgn_policy_t *p, char **output)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	sgn_policy_render(p, &b);
	sgn_buf_printf(&b,
		       "zone \"x.test\" { type primary; file \"/dev/null\"; dnssec-policy \"%s\"; "
		       "inline-signing yes; };\n",
		       sgn_policy_ref(p));
	char path[] = "/tmp/sgn-policy-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(sgn_file_write_atomic(path, b.data, b.len, 0600), SGN_OK);
	const char *argv[] = {tool, path, NULL};
	int status = -1;
	char *out = NULL;
	assert_int_equal(sgn_proc_run(argv, 20000, &out, &status), SGN_OK);
	unlink(path);
	if (output)
		*output = sgn_xasprintf("%s\n--- config:\n%s", out ? out : "", b.data);
	free(out);
	sgn_buf_clear(&b);
	return status;
}

static void test_policy_render_accepted_by_named_checkconf(void **state)
{
	(void)state;
	const char *tool = checkconf_path();
	if (tool == NULL)
		skip();
	static const char *specs[] = {
		"{}",
		"{\"cskLifetime\": \"unlimited\"}",
		"{\"algorithm\": \"ECDSAP384SHA384\", \"cskLifetime\": \"P1Y\"}",
		/* every knob, NSEC3 with opt-out and a salt length */
		"{\"keys\": [{\"role\": \"ksk\", \"lifetime\": \"P1Y\", \"algorithm\": \"ECDSAP256SHA256\"},"
		" {\"role\": \"zsk\", \"lifetime\": \"60d\", \"algorithm\": \"ECDSAP256SHA256\"}],"
		" \"dnskeyTtl\": \"2h\", \"maxZoneTtl\": \"PT12H\", \"signaturesValidity\": \"21d\","
		" \"signaturesValidityDnskey\": \"P30D\", \"signaturesRefresh\": \"7d\","
		" \"signaturesJitter\": \"1d\", \"zonePropagationDelay\": 600, \"parentDsTtl\": \"2d\","
		" \"parentPropagationDelay\": \"2h\", \"publishSafety\": \"30m\", \"retireSafety\": \"45m\","
		" \"purgeKeys\": \"P30D\", \"nsec3\": {\"iterations\": 0, \"optOut\": true, \"saltLength\": 8}}",
		"{\"keys\": [{\"role\": \"ksk\", \"lifetime\": \"unlimited\", \"algorithm\": \"RSASHA256\","
		" \"bits\": 2048}, {\"role\": \"zsk\", \"lifetime\": \"unlimited\", \"algorithm\": "
		"\"RSASHA256\", \"bits\": 2048}], \"nsec3\": {\"iterations\": 150, \"saltLength\": 255}}",
		"{\"keys\": [{\"role\": \"csk\", \"lifetime\": \"unlimited\", \"algorithm\": \"ED25519\"},"
		" {\"role\": \"csk\", \"lifetime\": \"unlimited\", \"algorithm\": \"RSASHA512\", \"bits\": 4096}]}",
		"{\"algorithm\": \"ED448\", \"kskLifetime\": \"unlimited\", \"zskLifetime\": \"unlimited\","
		" \"nsec3\": {}}",
		/* just above the rollover boundaries named computes (defaults: 93600 / 867900) */
		"{\"kskLifetime\": 93601, \"zskLifetime\": 867901}",
		"{\"cskLifetime\": 867901}",
		/* just under the 90% refresh and equal jitter */
		"{\"signaturesValidity\": 1000000, \"signaturesValidityDnskey\": 1000000,"
		" \"signaturesRefresh\": 899999, \"signaturesJitter\": 1000000, \"cskLifetime\": \"unlimited\"}",
	};
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		json_t *v = js(specs[i]);
		sgn_policy_t p;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_policy_from_spec(v, "spec", &p, &d);
		json_decref(v);
		if (rc != SGN_OK)
			fail_msg("case %zu: signet rejects: %s: %s", i, d.field, d.message);
		char name[32];
		snprintf(name, sizeof(name), "p%zu", i);
		sgn_policy_set_names(&p, name, "policy");
		char *out = NULL;
		int st = checkconf(tool, &p, &out);
		if (st != 0)
			fail_msg("case %zu: named-checkconf status %d:\n%s", i, st, out);
		free(out);
	}
	/* from_signing output too (default, NSEC3 with salt) */
	static const char *signings[] = {
		"{}",
		"{\"algorithm\": \"RSASHA256\", \"nsec3\": true, \"nsec3Iterations\": 10, "
		"\"nsec3Salt\": \"deadbeef\", \"kskLifetime\": \"unlimited\", \"zskLifetime\": \"P30D\"}",
	};
	for (size_t i = 0; i < sizeof(signings) / sizeof(signings[0]); i++) {
		json_t *v = js(signings[i]);
		sgn_policy_t p;
		assert_int_equal(sgn_policy_from_signing(v, "signing", &p, NULL), SGN_OK);
		json_decref(v);
		sgn_policy_set_names(&p, "default", "signing-c1");
		char *out = NULL;
		int st = checkconf(tool, &p, &out);
		if (st != 0)
			fail_msg("signing %zu: named-checkconf status %d:\n%s", i, st, out);
		free(out);
	}
}

static void test_policy_check_rejections_match_named_checkconf(void **state)
{
	(void)state;
	const char *tool = checkconf_path();
	if (tool == NULL)
		skip();
	const uint64_t U = SGN_DURATION_UNLIMITED;
	/* each case: a policy signet's check rejects; named-checkconf must reject it too */
	static const struct {
		sgn_role_t role;
		uint64_t lifetime;
		uint64_t refresh, jitter; /* 0: default */
	} cases[] = {
		{SGN_ROLE_KSK, 93600, 0, 0},   {SGN_ROLE_ZSK, 867900, 0, 0},
		{SGN_ROLE_CSK, 867900, 0, 0},  {SGN_ROLE_KSK, 3600, 0, 0},
		{SGN_ROLE_ZSK, 200000, 0, 0},  {SGN_ROLE_CSK, 0, 1088640, 0},
		{SGN_ROLE_CSK, 0, 0, 15 * DAY},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sgn_policy_t p;
		if (cases[i].role == SGN_ROLE_CSK) {
			sgn_policy_init_default(&p);
			p.keys[0].lifetime = cases[i].lifetime ? cases[i].lifetime : U;
		} else {
			two_keys(&p, 13, cases[i].role == SGN_ROLE_KSK ? cases[i].lifetime : U,
				 cases[i].role == SGN_ROLE_ZSK ? cases[i].lifetime : U);
		}
		if (cases[i].refresh)
			p.sig_refresh = cases[i].refresh;
		if (cases[i].jitter)
			p.sig_jitter = cases[i].jitter;
		sgn_policy_set_names(&p, "bad", "policy");
		assert_int_equal(sgn_policy_check(&p, "spec", NULL), SGN_ESCHEMA);
		char *out = NULL;
		int st = checkconf(tool, &p, &out);
		if (st == 0)
			fail_msg("case %zu: signet rejects but named-checkconf accepts:\n%s", i, out);
		free(out);
		/* and one second more (or the default refresh/jitter) both accept */
		if (cases[i].lifetime >= 93600 && cases[i].lifetime != 200000) {
			p.keys[cases[i].role == SGN_ROLE_ZSK ? 1 : 0].lifetime = cases[i].lifetime + 1;
			assert_int_equal(sgn_policy_check(&p, "spec", NULL), SGN_OK);
			st = checkconf(tool, &p, &out);
			if (st != 0)
				fail_msg("case %zu+1: named-checkconf rejects:\n%s", i, out);
			free(out);
		}
	}
}

static void test_policy_describe_summarises(void **state)
{
	(void)state;
	sgn_policy_t p;
	two_keys(&p, 13, 365 * DAY, 90 * DAY);
	p.nsec3 = true;
	char buf[256];
	sgn_policy_describe(&p, buf, sizeof(buf));
	assert_string_equal(buf, "ECDSAP256SHA256 ksk 365d + ECDSAP256SHA256 zsk 90d, NSEC3");
	sgn_policy_set_names(&p, "none", "x");
	sgn_policy_describe(&p, buf, sizeof(buf));
	assert_string_equal(buf, "none");
}

int main(void);
static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_policy_init_default_matches_named),
	cmocka_unit_test(test_policy_from_signing_fields),
	cmocka_unit_test(test_policy_from_spec_keys_and_knobs),
	cmocka_unit_test(test_policy_from_spec_shorthand_and_errors),
	cmocka_unit_test(test_policy_check_roles_per_algorithm),
	cmocka_unit_test(test_policy_check_refresh_at_most_90_percent),
	cmocka_unit_test(test_policy_check_lifetime_boundary),
	cmocka_unit_test(test_policy_check_nsec3_limits),
	cmocka_unit_test(test_policy_set_names_never_reserved),
	cmocka_unit_test(test_policy_render_accepted_by_named_checkconf),
	cmocka_unit_test(test_policy_check_rejections_match_named_checkconf),
	cmocka_unit_test(test_policy_describe_summarises),
};
SGN_TEST_MAIN(tests)
