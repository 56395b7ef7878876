/* SPDX-License-Identifier: MIT */
/* test_manifest.c -- manifests: every bad-input diagnostic names file:line, resource and field;
 * the roadmap's example configurations load. The tests/data/bad files are reused by the CLI system test. */
#include "sgn_test.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sgn/err.h"
#include "sgn/manifest.h"
#include "sgn/schema.h"
#include "sgn/util.h"

typedef struct expect {
	const char *file;     /* under tests/data/bad */
	int rc;               /* from sgn_manifest_load (or check_set when set_rc) */
	bool set_rc;          /* the load succeeds; sgn_manifest_check_set fails */
	int line;             /* expected "file:line:"; 0: "file:" */
	const char *resource; /* "Kind ns/name"; NULL: none expected */
	const char *field;    /* NULL: none expected */
	const char *msg[3];   /* substrings of the message */
} expect_t;

static void expect_bad(const expect_t *e)
{
	sgn_schema_t *s = NULL;
	assert_int_equal(sgn_schema_load(&s), SGN_OK);
	sgn_manifest_t m = {0};
	sgn_diag_t d;
	sgn_diag_clear(&d);
	char *path = sgn_xasprintf("%s/bad/%s", SGN_TEST_DATA, e->file);
	int rc = sgn_manifest_load(&m, s, path, "default", &d);
	if (e->set_rc) {
		assert_int_equal(rc, SGN_OK);
		rc = sgn_manifest_check_set(&m, &d);
	}
	char buf[4096];
	sgn_diag_format(&d, buf, sizeof(buf));
	print_message("diag: %s\n", buf);
	assert_int_equal(rc, e->rc);
	char *loc = e->line > 0 ? sgn_xasprintf("%s:%d: ", path, e->line) : sgn_xasprintf("%s: ", path);
	assert_true(strncmp(buf, loc, strlen(loc)) == 0);
	if (e->resource != NULL) {
		char *r = sgn_xasprintf(": %s: ", e->resource);
		assert_non_null(strstr(buf, r));
		free(r);
	}
	if (e->field != NULL) {
		char *f = sgn_xasprintf(": %s: ", e->field);
		assert_non_null(strstr(buf, f));
		free(f);
	}
	for (size_t i = 0; i < 3 && e->msg[i] != NULL; i++)
		assert_non_null(strstr(buf, e->msg[i]));
	/* one line: a value cannot forge further diagnostic lines */
	assert_null(strchr(buf, '\n'));
	free(loc);
	free(path);
	sgn_manifest_clear(&m);
	sgn_schema_free(s);
}

static void test_load_yaml_syntax_error(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"yaml-syntax-error.yaml", SGN_EPARSE, false, 7, NULL, NULL,
			       {"YAML syntax error", "flow sequence"}});
}

static void test_load_unknown_kind_lists_kinds(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"unknown-kind.yaml", SGN_ESCHEMA, false, 2, "document at line 1",
			       "kind",
			       {"unknown kind \"DNSZoen\"", "valid kinds: Bind9Cluster",
				"DNSZone, "}});
}

static void test_load_unknown_field_lists_fields(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"unknown-field.yaml", SGN_ESCHEMA, false, 9,
			       "DNSZone bad/unknown-field", "spec.zoneNmae",
			       {"unknown field \"zoneNmae\"", "valid fields: ", "zoneName"}});
}

static void test_load_missing_zonename(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"missing-zonename.yaml", SGN_ESCHEMA, false, 6,
			       "DNSZone bad/missing-zonename", "spec.zoneName",
			       {"required field \"zoneName\" is missing"}});
}

static void test_load_unknown_algorithm_lists_algorithms(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"unknown-algorithm.yaml", SGN_ESCHEMA, false, 11,
			       "Bind9Cluster bad/unknown-algorithm", "spec.global.dnssec.signing.algorithm",
			       {"\"ECDSAP256SHA1024\"", "valid values: ", "ECDSAP256SHA256"}});
}

static void test_load_malformed_duration(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"malformed-duration.yaml", SGN_ESCHEMA, false, 7,
			       "DNSSECPolicy bad/malformed-duration", "spec.kskLifetime",
			       {"invalid duration \"12x\"", "P90D", "90d"}});
}

static void test_load_nsec3_iterations_151(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"nsec3-iterations-151.yaml", SGN_ESCHEMA, false, 12,
			       "Bind9Cluster bad/nsec3-iterations-151",
			       "spec.global.dnssec.signing.nsec3Iterations",
			       {"between 0 and 150", "RFC 9276"}});
}

static void test_load_ksk_lifetime_shorter_than_rollover(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"ksk-lifetime-too-short.yaml", SGN_ESCHEMA, false, 11,
			       "Bind9Cluster bad/ksk-lifetime-too-short",
			       "spec.global.dnssec.signing.kskLifetime",
			       {"KSK lifetime 1h", "shorter than the time a rollover takes"}});
}

static void test_load_injection_cluster_policy_semicolon(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"injection-policy-semicolon.yaml", SGN_ESCHEMA, false, 11,
			       "Bind9Cluster bad/injection-policy-semicolon",
			       "spec.global.dnssec.signing.policy", {"invalid value", "must match"}});
}

static void test_load_injection_zone_policy_quote(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"injection-zone-policy-quote.yaml", SGN_ESCHEMA, false, 9,
			       "DNSZone bad/injection-zone-policy-quote", "spec.dnssecPolicy",
			       {"invalid value \"p\\\"; }; dnssec-policy \\\"x\"", "must match"}});
}

static void test_load_injection_algorithm_brace(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"injection-algorithm-brace.yaml", SGN_ESCHEMA, false, 7,
			       "DNSSECPolicy bad/injection-algorithm-brace", "spec.algorithm",
			       {"invalid value", "must match"}});
}

static void test_load_injection_zonename_newline(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"injection-zonename-newline.yaml", SGN_ESCHEMA, false, 7,
			       "DNSZone bad/injection-zonename-newline", "spec.zoneName",
			       {"invalid value \"example.com\\n}; zone \\\"evil\\\" {\"", "must match"}});
}

static void test_load_injection_name_semicolon(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"injection-name-semicolon.yaml", SGN_ESCHEMA, false, 4,
			       "DNSZone bad/a;b{", "metadata.name", {"invalid name"}});
}

static void test_check_set_duplicate_resource(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"duplicate-resource.yaml", SGN_ESCHEMA, true, 10, "DNSZone bad/dup",
			       NULL, {"duplicate resource", "first defined at ", "duplicate-resource.yaml:1)"}});
}

static void test_check_set_duplicate_zonename(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"duplicate-zonename.yaml", SGN_ESCHEMA, true, 10, "DNSZone bad/two",
			       NULL, {"duplicate zone", "duplicate-zonename.yaml:1)"}});
}

static void test_load_missing_file_is_enoent(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"no-such-file.yaml", SGN_ENOENT, false, 0, NULL, NULL, {"cannot read"}});
}

static void test_load_deep_nesting_is_refused(void **state)
{
	(void)state;
	/* 10000 nested sequences: a depth limit, not a stack overflow */
	expect_bad(&(expect_t){"deep-nesting.yaml", SGN_EPARSE, false, 8, NULL, NULL,
			       {"YAML nesting deeper than 64 levels"}});
}

static void test_load_zonefile_directory(void **state)
{
	(void)state;
	/* a directory (or /dev/zero) used to hang the import */
	expect_bad(&(expect_t){"zonefile-directory.yaml", SGN_ESCHEMA, false, 9,
			       "DNSZone bad/zonefile-directory", "spec.zoneFile",
			       {"is not a regular file"}});
}

static void test_load_record_name_backslash(void **state)
{
	(void)state;
	expect_bad(&(expect_t){"record-name-backslash.yaml", SGN_ESCHEMA, false, 7,
			       "ARecord bad/record-name-backslash", "spec.name", {"invalid record name"}});
}

static void test_load_secret_data_only(void **state)
{
	(void)state;
	/* data without stringData: the absent field used to be validated as NULL (crash) */
	sgn_schema_t *s = NULL;
	assert_int_equal(sgn_schema_load(&s), SGN_OK);
	static const char text[] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  k: aGVsbG8=\n";
	char path[] = "/tmp/sgn-secret-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	sgn_manifest_t m = {0};
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_manifest_load(&m, s, path, "default", &d), SGN_OK);
	assert_int_equal(m.n, 1);
	unlink(path);
	sgn_manifest_clear(&m);
	sgn_schema_free(s);
}

/* Loads one roadmap file (or the directory) into m. */
static void load_roadmap(const char *name, sgn_manifest_t *m)
{
	sgn_schema_t *s = NULL;
	assert_int_equal(sgn_schema_load(&s), SGN_OK);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	char *path = sgn_xasprintf("%s/roadmap%s%s", SGN_TEST_DATA, name ? "/" : "", name ? name : "");
	int rc = sgn_manifest_load(m, s, path, "default", &d);
	if (rc == SGN_OK)
		rc = sgn_manifest_check_set(m, &d);
	char buf[4096];
	sgn_diag_format(&d, buf, sizeof(buf));
	if (rc != SGN_OK)
		print_message("diag: %s\n", buf);
	assert_int_equal(rc, SGN_OK);
	free(path);
	sgn_schema_free(s);
}

static void test_load_roadmap_example1(void **state)
{
	(void)state;
	sgn_manifest_t m = {0};
	load_roadmap("example1.yaml", &m);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.items[0].kind, "Bind9Cluster");
	assert_string_equal(m.items[0].ns, "dns-system");
	assert_string_equal(m.items[0].name, "dnssec-cluster");
	/* the roadmap's "primaries" is bindy's "primary" */
	json_t *spec = json_object_get(m.items[0].obj, "spec");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(spec, "primary"), "replicas")), 3);
	assert_null(json_object_get(spec, "primaries"));
	sgn_manifest_clear(&m);
}

static void test_load_roadmap_example2(void **state)
{
	(void)state;
	sgn_manifest_t m = {0};
	load_roadmap("example2.yaml", &m);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.items[0].name, "dnssec-nsec3-cluster");
	sgn_manifest_clear(&m);
}

static void test_load_roadmap_example3(void **state)
{
	(void)state;
	sgn_manifest_t m = {0};
	load_roadmap("example3.yaml", &m);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.items[0].kind, "DNSZone");
	json_t *spec = json_object_get(m.items[0].obj, "spec");
	assert_string_equal(json_string_value(json_object_get(spec, "dnssecPolicy")), "custom-high-security");
	/* the roadmap's "soa" is bindy's "soaRecord" */
	assert_non_null(json_object_get(spec, "soaRecord"));
	assert_null(json_object_get(spec, "soa"));
	assert_null(m.items[0].zone_text);
	sgn_manifest_clear(&m);
}

static void test_load_roadmap_directory(void **state)
{
	(void)state;
	sgn_manifest_t m = {0};
	load_roadmap(NULL, &m);
	/* name order: custom-high-security, example1..3 */
	assert_int_equal(m.n, 4);
	assert_string_equal(m.items[0].kind, "DNSSECPolicy");
	assert_string_equal(m.items[0].name, "custom-high-security");
	assert_string_equal(m.items[3].name, "special-zone");
	sgn_manifest_clear(&m);
}

int main(void);
static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_load_yaml_syntax_error),
	cmocka_unit_test(test_load_unknown_kind_lists_kinds),
	cmocka_unit_test(test_load_unknown_field_lists_fields),
	cmocka_unit_test(test_load_missing_zonename),
	cmocka_unit_test(test_load_unknown_algorithm_lists_algorithms),
	cmocka_unit_test(test_load_malformed_duration),
	cmocka_unit_test(test_load_nsec3_iterations_151),
	cmocka_unit_test(test_load_ksk_lifetime_shorter_than_rollover),
	cmocka_unit_test(test_load_injection_cluster_policy_semicolon),
	cmocka_unit_test(test_load_injection_zone_policy_quote),
	cmocka_unit_test(test_load_injection_algorithm_brace),
	cmocka_unit_test(test_load_injection_zonename_newline),
	cmocka_unit_test(test_load_injection_name_semicolon),
	cmocka_unit_test(test_check_set_duplicate_resource),
	cmocka_unit_test(test_check_set_duplicate_zonename),
	cmocka_unit_test(test_load_missing_file_is_enoent),
	cmocka_unit_test(test_load_deep_nesting_is_refused),
	cmocka_unit_test(test_load_zonefile_directory),
	cmocka_unit_test(test_load_record_name_backslash),
	cmocka_unit_test(test_load_secret_data_only),
	cmocka_unit_test(test_load_roadmap_example1),
	cmocka_unit_test(test_load_roadmap_example2),
	cmocka_unit_test(test_load_roadmap_example3),
	cmocka_unit_test(test_load_roadmap_directory),
};
SGN_TEST_MAIN(tests)
