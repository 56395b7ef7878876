/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "sgn/err.h"
#include "sgn/proc.h"
#include "sgn/store.h"
#include "sgn/util.h"

#define BASE_PORT 15300

static json_t *js(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);
	if (v == NULL)
		fail_msg("bad JSON %s: %s", text, err.text);
	return v;
}

static void put(sgn_store_t *s, const char *kind, const char *name, const char *json)
{
	json_t *o = js(json);
	json_object_set_new(o, "kind", json_string(kind));
	json_t *md = json_object_get(o, "metadata");
	if (md == NULL)
		json_object_set_new(o, "metadata", md = json_object());
	json_object_set_new(md, "namespace", json_string("ns1"));
	json_object_set_new(md, "name", json_string(name));
	sgn_store_put_t it = {kind, "ns1", name, o, NULL};
	assert_int_equal(sgn_store_put_all(s, &it, 1), SGN_OK);
	json_decref(o);
}

static void put_zone(sgn_store_t *s, const char *name, const char *zone, const char *policy)
{
	char *pol = policy ? sgn_xasprintf(", \"dnssecPolicy\": \"%s\"", policy) : sgn_xstrdup("");
	char *j = sgn_xasprintf(
		"{\"spec\": {\"zoneName\": \"%s\", \"clusterRef\": \"c1\", \"soaRecord\": "
		"{\"primaryNs\": \"ns1.%s.\", \"adminEmail\": \"hostmaster.%s.\", \"serial\": 2024010101},"
		" \"nameServers\": [{\"hostname\": \"ns1.%s.\", \"ipv4Address\": \"127.0.0.1\"}],"
		" \"recordsFrom\": [{\"selector\": {\"matchLabels\": {\"zone\": \"%s\"}}}]%s}}",
		zone, zone, zone, zone, zone, pol);
	put(s, "DNSZone", name, j);
	free(j);
	free(pol);
}

static void put_a(sgn_store_t *s, const char *name, const char *zone, const char *addr)
{
	char *j = sgn_xasprintf("{\"metadata\": {\"labels\": {\"zone\": \"%s\"}}, \"spec\": "
				"{\"name\": \"www\", \"ipv4Addresses\": [\"%s\"]}}",
				zone, addr);
	put(s, "ARecord", name, j);
	free(j);
}

typedef struct fixture {
	char dir[64];
	sgn_store_t *s;
} fixture_t;

static int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/sgn-render-XXXXXX");
	if (mkdtemp(f->dir) == NULL || sgn_store_fs_open(&f->s, f->dir) != SGN_OK)
		return -1;
	put(f->s, "Bind9Cluster", "c1",
	    "{\"spec\": {\"global\": {\"dnssec\": {\"validation\": true, \"signing\": "
	    "{\"enabled\": true, \"kskLifetime\": \"P1Y\", \"zskLifetime\": \"P60D\"}}},"
	    " \"primary\": {\"replicas\": 2}, \"secondary\": {\"replicas\": 1}}}");
	put(f->s, "DNSSECPolicy", "fast",
	    "{\"spec\": {\"algorithm\": \"ED25519\", \"cskLifetime\": \"unlimited\", "
	    "\"signaturesJitter\": \"6h\", \"nsec3\": {\"iterations\": 0, \"optOut\": true, "
	    "\"saltLength\": 4}}}");
	put_zone(f->s, "signed", "signed.test", NULL);
	put_zone(f->s, "custom", "custom.test", "fast");
	/* parentalAgents on the zone (the cluster's signing block has none) */
	json_t *cz = NULL;
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "ns1", "custom", &cz), SGN_OK);
	json_object_set_new(json_object_get(cz, "spec"), "parentalAgents",
			    js("[{\"address\": \"127.0.0.1\", \"port\": 5400}, {\"address\": \"::1\"}]"));
	sgn_store_put_t cit = {"DNSZone", "ns1", "custom", cz, NULL};
	assert_int_equal(sgn_store_put_all(f->s, &cit, 1), SGN_OK);
	json_decref(cz);
	put_zone(f->s, "plain", "plain.test", "none");
	put_zone(f->s, "unsign", "unsign.test", "insecure");
	put_a(f->s, "www-signed", "signed.test", "192.0.2.1");
	put_a(f->s, "www-custom", "custom.test", "192.0.2.2");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_t *f = *state;
	sgn_store_free(f->s);
	sgn_rm_rf(f->dir);
	free(f);
	return 0;
}

static const sgn_mzone_t *zone_by_name(const sgn_model_t *m, const char *name)
{
	for (size_t i = 0; i < m->nzones; i++)
		if (strcmp(m->zones[i].name, name) == 0)
			return &m->zones[i];
	fail_msg("zone %s not in model", name);
	return NULL;
}

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

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void test_model_build_resolves_policies(void **state)
{
	fixture_t *f = *state;
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_int_equal(m.nclusters, 1);
	assert_int_equal(m.nzones, 4);
	const sgn_mzone_t *z = zone_by_name(&m, "signed");
	assert_string_equal(z->reason, "");
	/* no dnssecPolicy: the cluster's signing block, policy name "default" (not BIND's) */
	assert_int_equal(z->policy.kind, SGN_POLICY_CUSTOM);
	assert_string_equal(z->policy.name, "default");
	assert_string_equal(z->policy.conf_name, "signing-c1-default");
	assert_int_equal(z->policy.nkeys, 2);
	assert_true(z->policy.keys[1].lifetime == 60 * 86400ULL);
	z = zone_by_name(&m, "custom");
	assert_int_equal(z->policy.kind, SGN_POLICY_CUSTOM);
	assert_string_equal(z->policy.conf_name, "policy-fast");
	assert_int_equal(z->policy.keys[0].algorithm, 15);
	assert_true(z->policy.nsec3);
	assert_int_equal(zone_by_name(&m, "plain")->policy.kind, SGN_POLICY_NONE);
	assert_int_equal(zone_by_name(&m, "unsign")->policy.kind, SGN_POLICY_INSECURE);
	sgn_model_clear(&m);
}

static void test_model_build_instance_signing_overrides_cluster(void **state)
{
	fixture_t *f = *state;
	/* a Bind9Instance primary comes first, signs, and its signing block wins */
	put(f->s, "Bind9Instance", "edge",
	    "{\"spec\": {\"clusterRef\": \"c1\", \"role\": \"primary\", \"replicas\": 1, \"config\": "
	    "{\"dnssec\": {\"signing\": {\"enabled\": true, \"algorithm\": \"RSASHA256\"}}}}}");
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_int_equal(m.clusters[0].ninsts, 4);
	assert_string_equal(m.clusters[0].insts[0].label, "edge-0");
	assert_true(m.clusters[0].insts[0].signer);
	const sgn_mzone_t *z = zone_by_name(&m, "signed");
	assert_int_equal(z->policy.keys[0].algorithm, 8);
	assert_true(z->policy.keys[1].lifetime == 90 * 86400ULL); /* the override's default */
	/* the zone's own dnssecPolicy still wins over the instance */
	assert_string_equal(zone_by_name(&m, "custom")->policy.conf_name, "policy-fast");
	sgn_model_clear(&m);
}

static void test_model_build_policy_not_found(void **state)
{
	fixture_t *f = *state;
	put_zone(f->s, "lost", "lost.test", "nosuch");
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_string_equal(zone_by_name(&m, "lost")->reason, "PolicyNotFound");
	assert_int_equal(m.clusters[0].nzones, 4);
	sgn_model_clear(&m);
}

/* One zone served by two clusters in one namespace: two key sets, two backup
 * Secrets; the first DNSZone keeps the plain name, and names never change. */
static void test_model_build_key_secret_names_distinct_and_stable(void **state)
{
	fixture_t *f = *state;
	sgn_model_t first; /* "signed" is served (and claims its name) before the second DNSZone exists */
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &first), SGN_OK);
	sgn_model_clear(&first);
	put(f->s, "Bind9Cluster", "c2",
	    "{\"spec\": {\"global\": {\"dnssec\": {\"signing\": {\"enabled\": true}}}}}");
	char *j = sgn_xstrdup("{\"spec\": {\"zoneName\": \"signed.test\", \"clusterRef\": \"c2\", "
			      "\"soaRecord\": {\"primaryNs\": \"ns1.signed.test.\", \"adminEmail\": "
			      "\"h.signed.test.\", \"serial\": 1}}}");
	put(f->s, "DNSZone", "another-signed", j);
	free(j);
	for (int round = 0; round < 2; round++) {
		sgn_model_t m;
		assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
		assert_string_equal(zone_by_name(&m, "another-signed")->keysrc.secret_name,
				    "dnssec-keys-signed-test-c2-generated");
		assert_string_equal(zone_by_name(&m, "signed")->keysrc.secret_name,
				    "dnssec-keys-signed-test-generated");
		sgn_model_clear(&m);
	}
}

/* Two stored records the zone cannot take (bypassing apply): the message names the first once. */
static void test_model_build_bad_record_named_once(void **state)
{
	fixture_t *f = *state;
	put_zone(f->s, "rec", "rec.test", NULL);
	put_a(f->s, "r1-bad", "rec.test", "not-an-address");
	put_a(f->s, "r2-bad", "rec.test", "also-not");
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	const sgn_mzone_t *z = zone_by_name(&m, "rec");
	assert_string_equal(z->reason, "InvalidZoneData");
	assert_non_null(strstr(z->message, "ARecord r1-bad: "));
	assert_null(strstr(z->message, "r2-bad"));
	sgn_model_clear(&m);
}

static void test_render_named_conf_checkconf_accepts(void **state)
{
	fixture_t *f = *state;
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	const sgn_mcluster_t *c = &m.clusters[0];
	assert_int_equal(c->ninsts, 3);
	assert_int_equal(c->nzones, 4);
	const sgn_minst_t *signer = NULL;
	for (size_t i = 0; i < c->ninsts; i++)
		if (c->insts[i].signer)
			signer = &c->insts[i];
	assert_non_null(signer);
	assert_string_equal(signer->label, "primary-0");
	const char *tool = checkconf_path();
	for (size_t i = 0; i < c->ninsts; i++) {
		const sgn_minst_t *in = &c->insts[i];
		char *conf = sgn_render_named_conf(&m, c, in, NULL);
		assert_null(strstr(conf, "dnssec-policy \"default\" {"));
		assert_null(strstr(conf, "dnssec-validation auto"));
		assert_non_null(strstr(conf, "dnssec-validation yes;"));
		assert_non_null(strstr(conf, "notify explicit;"));
		/* every address named is told to talk to is loopback */
		for (const char *p = conf; (p = strstr(p, "also-notify {")) != NULL; p++) {
			const char *end = strchr(p, '}');
			for (const char *q = p; (q = strstr(q, " port ")) != NULL && q < end; q++)
				assert_memory_equal(q - 9, "127.0.0.1", 9);
		}
		if (in->signer) {
			assert_int_equal(count(conf, "dnssec-policy \"signing-c1-default\" {"), 1);
			assert_int_equal(count(conf, "dnssec-policy \"policy-fast\" {"), 1);
			assert_int_equal(count(conf, "\tdnssec-policy \""), 3); /* plain.test: none */
			assert_non_null(strstr(conf, "dnssec-policy \"insecure\";"));
			assert_int_equal(count(conf, "\tparental-agents { 127.0.0.1 port 5400; ::1; };\n"), 1);
			assert_int_equal(count(conf, "type primary;"), 4);
			char *an = sgn_xasprintf("also-notify { 127.0.0.1 port %u key \"signet-xfr\"; "
						 "127.0.0.1 port %u key \"signet-xfr\"; };",
						 c->insts[1].dns_port, c->insts[2].dns_port);
			assert_int_equal(count(conf, an), 4);
			free(an);
		} else {
			assert_null(strstr(conf, "dnssec-policy"));
			assert_null(strstr(conf, "also-notify"));
			char *pr = sgn_xasprintf("primaries { 127.0.0.1 port %u key \"signet-xfr\"; };",
						 signer->dns_port);
			assert_int_equal(count(conf, pr), 4);
			assert_int_equal(count(conf, "type secondary;"), 4);
			free(pr);
		}
		if (tool != NULL) {
			/* named-checkconf wants the directories the config names */
			char *kd = sgn_xasprintf("%s/keys", in->dir);
			assert_int_equal(sgn_mkdir_p(kd, 0700), SGN_OK);
			for (size_t k = 0; k < c->nzones; k++) {
				char *zd = sgn_render_key_dir(in, &m.zones[c->zones[k]]);
				sgn_mkdir_p(zd, 0700);
				free(zd);
			}
			char *path = sgn_xasprintf("%s/named.conf", in->dir);
			assert_int_equal(sgn_file_write_atomic(path, conf, strlen(conf), 0600), SGN_OK);
			const char *argv[] = {tool, path, NULL};
			char *out = NULL;
			int st = -1;
			assert_int_equal(sgn_proc_run(argv, 20000, &out, &st), SGN_OK);
			if (st != 0)
				fail_msg("%s: named-checkconf status %d:\n%s\n%s", in->id, st, out, conf);
			free(out);
			free(path);
			free(kd);
		}
		free(conf);
	}
	sgn_model_clear(&m);
	if (tool == NULL)
		skip();
}

static void test_model_build_ports_stable(void **state)
{
	fixture_t *f = *state;
	sgn_model_t a, b;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &a), SGN_OK);
	assert_int_equal(sgn_model_build(f->s, BASE_PORT + 7, &b), SGN_OK);
	const sgn_mcluster_t *ca = &a.clusters[0], *cb = &b.clusters[0];
	assert_int_equal(ca->ninsts, cb->ninsts);
	for (size_t i = 0; i < ca->ninsts; i++) {
		assert_string_equal(ca->insts[i].id, cb->insts[i].id);
		assert_int_equal(ca->insts[i].dns_port, cb->insts[i].dns_port);
		assert_int_equal(ca->insts[i].rndc_port, cb->insts[i].rndc_port);
		for (size_t k = 0; k < ca->ninsts; k++)
			if (k != i) {
				assert_int_not_equal(ca->insts[i].dns_port, ca->insts[k].dns_port);
				assert_int_not_equal(ca->insts[i].dns_port, ca->insts[k].rndc_port);
			}
		assert_true(ca->insts[i].dns_port >= BASE_PORT);
	}
	assert_string_equal(a.rndc_secret, b.rndc_secret);
	assert_string_equal(ca->xfr_secret, cb->xfr_secret);
	sgn_model_clear(&a);
	sgn_model_clear(&b);
}

static void test_model_build_serial_grows_on_change(void **state)
{
	fixture_t *f = *state;
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	uint32_t s0 = zone_by_name(&m, "signed")->serial, c0 = zone_by_name(&m, "custom")->serial;
	assert_true(s0 == 2024010101U);
	sgn_model_clear(&m);
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_true(zone_by_name(&m, "signed")->serial == s0);
	sgn_model_clear(&m);
	put_a(f->s, "www-signed", "signed.test", "192.0.2.99");
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	const sgn_mzone_t *z = zone_by_name(&m, "signed");
	assert_true(z->serial > s0);
	assert_non_null(strstr(z->text, "192.0.2.99"));
	assert_true(zone_by_name(&m, "custom")->serial == c0); /* untouched zone keeps it */
	uint32_t s1 = z->serial;
	sgn_model_clear(&m);
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_true(zone_by_name(&m, "signed")->serial == s1);
	sgn_model_clear(&m);
	/* a new record grows it again */
	put(f->s, "TXTRecord", "t",
	    "{\"metadata\": {\"labels\": {\"zone\": \"signed.test\"}}, \"spec\": {\"name\": \"t\", "
	    "\"text\": [\"v\"]}}");
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_true(zone_by_name(&m, "signed")->serial > s1);
	sgn_model_clear(&m);
}

/* A zoneFile zone's own serial stays put while what signet adds changes: the
 * rendered serial must still grow, or named's inline signing ignores the change. */
static void test_model_build_imported_serial_grows(void **state)
{
	fixture_t *f = *state;
	json_t *o = js("{\"kind\": \"DNSZone\", \"metadata\": {\"namespace\": \"ns1\", \"name\": \"imp\"},"
		       " \"spec\": {\"zoneName\": \"imp.test\", \"clusterRef\": \"c1\", \"zoneFile\": \"imp.zone\","
		       " \"recordsFrom\": [{\"selector\": {\"matchLabels\": {\"zone\": \"imp.test\"}}}]}}");
	sgn_store_put_t it = {"DNSZone", "ns1", "imp", o,
			      "$ORIGIN imp.test.\n$TTL 300\n@ SOA ns1 h 7 60 30 600 300\n@ NS ns1\nns1 A 127.0.0.1\n"};
	assert_int_equal(sgn_store_put_all(f->s, &it, 1), SGN_OK);
	json_decref(o);
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_int_equal(zone_by_name(&m, "imp")->serial, 7);
	assert_non_null(strstr(zone_by_name(&m, "imp")->text, " 7 60 30 600 300"));
	sgn_model_clear(&m);
	put_a(f->s, "www-imp", "imp.test", "192.0.2.7");
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	const sgn_mzone_t *z = zone_by_name(&m, "imp");
	assert_int_equal(z->serial, 8);
	assert_non_null(strstr(z->text, " 8 60 30 600 300"));
	assert_non_null(strstr(z->text, "192.0.2.7"));
	sgn_model_clear(&m);
}

static void set_dnssec_status(sgn_store_t *s, const char *name, const char *dnssec_json)
{
	json_t *st = json_pack("{s:o}", "dnssec", js(dnssec_json));
	assert_int_equal(sgn_store_put_status(s, "DNSZone", "ns1", name, st), SGN_OK);
	json_decref(st);
}

/* Signing turned off on a signed zone: insecure (with the timings of the policy
 * it leaves) until no resolver can hold its DS, then none. */
static void test_model_unsign_goes_through_insecure(void **state)
{
	fixture_t *f = *state;
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK); /* custom is signed with "fast" */
	sgn_model_clear(&m);
	put_zone(f->s, "custom", "custom.test", "none");
	set_dnssec_status(f->s, "custom", "{\"signed\": true, \"keys\": [{\"tag\": 1, \"states\": {\"ds\": \"omnipresent\"}}]}");
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	const sgn_mzone_t *z = zone_by_name(&m, "custom");
	assert_int_equal(z->policy.kind, SGN_POLICY_INSECURE);
	assert_string_equal(z->warn_reason, "Unsigning");
	assert_int_equal(z->policy.parent_ds_ttl, 86400); /* the built-in default's, as "fast" sets none */
	sgn_model_clear(&m);
	/* the DS confirmed withdrawn a moment ago: still insecure */
	char now[32], old[32], *j;
	sgn_time_rfc3339(time(NULL) - 60, now, sizeof(now));
	sgn_time_rfc3339(time(NULL) - 86400 - 3600 - 60, old, sizeof(old));
	j = sgn_xasprintf("{\"signed\": true, \"keys\": [{\"tag\": 1, \"states\": {\"ds\": \"unretentive\"}, "
			  "\"dsRemoved\": \"%s\"}, {\"tag\": 2, \"states\": {\"ds\": \"hidden\"}}]}", now);
	set_dnssec_status(f->s, "custom", j);
	free(j);
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_int_equal(zone_by_name(&m, "custom")->policy.kind, SGN_POLICY_INSECURE);
	sgn_model_clear(&m);
	/* a transient verification failure (no keys in status) never counts as "gone" */
	set_dnssec_status(f->s, "custom", "{\"signed\": false}");
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_int_equal(zone_by_name(&m, "custom")->policy.kind, SGN_POLICY_INSECURE);
	sgn_model_clear(&m);
	/* withdrawn longer ago than the parent's DS TTL + propagation delay: none */
	j = sgn_xasprintf("{\"signed\": true, \"keys\": [{\"tag\": 1, \"states\": {\"ds\": \"unretentive\"}, "
			  "\"dsRemoved\": \"%s\"}]}", old);
	set_dnssec_status(f->s, "custom", j);
	free(j);
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	z = zone_by_name(&m, "custom");
	assert_int_equal(z->policy.kind, SGN_POLICY_NONE);
	assert_string_equal(z->warn_reason, "");
	sgn_model_clear(&m);
	/* and it stays none */
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_int_equal(zone_by_name(&m, "custom")->policy.kind, SGN_POLICY_NONE);
	sgn_model_clear(&m);
}

/* A zone that was never signed goes to none at once. */
static void test_model_unsigned_zone_none_at_once(void **state)
{
	fixture_t *f = *state;
	sgn_model_t m;
	assert_int_equal(sgn_model_build(f->s, BASE_PORT, &m), SGN_OK);
	assert_int_equal(zone_by_name(&m, "plain")->policy.kind, SGN_POLICY_NONE);
	assert_string_equal(zone_by_name(&m, "plain")->warn_reason, "");
	sgn_model_clear(&m);
}

int main(void);
static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_model_build_resolves_policies, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_build_instance_signing_overrides_cluster, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_build_policy_not_found, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_build_bad_record_named_once, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_build_key_secret_names_distinct_and_stable, setup, teardown),
	cmocka_unit_test_setup_teardown(test_render_named_conf_checkconf_accepts, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_build_ports_stable, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_build_serial_grows_on_change, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_build_imported_serial_grows, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_unsign_goes_through_insecure, setup, teardown),
	cmocka_unit_test_setup_teardown(test_model_unsigned_zone_none_at_once, setup, teardown),
};
SGN_TEST_MAIN(tests)
