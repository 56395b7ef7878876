/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sgn/err.h"
#include "sgn/records.h"
#include "sgn/util.h"
#include "sgn/zonedata.h"

static json_t *js(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);
	if (v == NULL)
		fail_msg("bad JSON %s: %s", text, err.text);
	return v;
}

static sgn_zonedata_t *new_zone(void)
{
	sgn_zonedata_t *z = NULL;
	assert_int_equal(sgn_zonedata_new(&z, "example.com", 3600), SGN_OK);
	assert_int_equal(sgn_zonedata_set_soa(z, "ns1", "hostmaster", 1, 3600, 600, 604800, 300,
					      3600, NULL),
			 SGN_OK);
	return z;
}

/* Adds one record resource and returns the rendered zone text. */
static char *render_one(const char *kind, const char *spec, int want_rc, sgn_diag_t *d)
{
	sgn_zonedata_t *z = new_zone();
	json_t *v = js(spec);
	int rc = sgn_records_add(z, kind, v, d);
	json_decref(v);
	if (rc != want_rc)
		fail_msg("%s %s: rc %d want %d (%s)", kind, spec, rc, want_rc, d->message);
	char *text = NULL;
	assert_int_equal(sgn_zonedata_render(z, &text), SGN_OK);
	sgn_zonedata_free(z);
	return text;
}

static void test_records_add_each_kind_renders(void **state)
{
	(void)state;
	static const struct {
		const char *kind, *spec;
		const char *want[3];
	} cases[] = {
		{"ARecord", "{\"name\": \"www\", \"ipv4Addresses\": [\"192.0.2.1\", \"192.0.2.2\"], \"ttl\": 300}",
		 {"www.example.com.\t300\tIN\tA\t192.0.2.1\n", "www.example.com.\t300\tIN\tA\t192.0.2.2\n"}},
		{"AAAARecord", "{\"name\": \"v6\", \"ipv6Addresses\": [\"2001:db8::1\"]}",
		 {"v6.example.com.\t3600\tIN\tAAAA\t2001:db8::1\n"}},
		{"CNAMERecord", "{\"name\": \"alias\", \"target\": \"www.example.com.\"}",
		 {"alias.example.com.\t3600\tIN\tCNAME\twww.example.com.\n"}},
		{"CNAMERecord", "{\"name\": \"rel\", \"target\": \"www\"}",
		 {"rel.example.com.\t3600\tIN\tCNAME\twww.example.com.\n"}},
		{"MXRecord", "{\"name\": \"@\", \"priority\": 10, \"mailServer\": \"mail.example.com.\"}",
		 {"example.com.\t3600\tIN\tMX\t10 mail.example.com.\n"}},
		{"NSRecord", "{\"name\": \"sub\", \"nameserver\": \"ns.other.net.\"}",
		 {"sub.example.com.\t3600\tIN\tNS\tns.other.net.\n"}},
		{"SRVRecord", "{\"name\": \"_sip._tcp\", \"priority\": 1, \"weight\": 5, \"port\": 5060, "
			      "\"target\": \"sip.example.com.\"}",
		 {"_sip._tcp.example.com.\t3600\tIN\tSRV\t1 5 5060 sip.example.com.\n"}},
		{"CAARecord", "{\"name\": \"@\", \"flags\": 0, \"tag\": \"issue\", \"value\": \"letsencrypt.org\"}",
		 {"example.com.\t3600\tIN\tCAA\t0 issue \"letsencrypt.org\"\n"}},
		{"TXTRecord", "{\"name\": \"t\", \"text\": [\"hello world\", \"second\"]}",
		 {"t.example.com.\t3600\tIN\tTXT\t\"hello world\" \"second\"\n"}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(sgn_records_is_kind(cases[i].kind));
		sgn_diag_t d;
		sgn_diag_clear(&d);
		char *text = render_one(cases[i].kind, cases[i].spec, SGN_OK, &d);
		for (size_t k = 0; k < 3 && cases[i].want[k]; k++)
			if (strstr(text, cases[i].want[k]) == NULL)
				fail_msg("%s: missing \"%s\" in\n%s", cases[i].kind, cases[i].want[k], text);
		free(text);
	}
	assert_false(sgn_records_is_kind("DNSZone"));
	assert_false(sgn_records_is_kind("arecord"));
}

static void test_records_add_txt_escapes(void **state)
{
	(void)state;
	static const struct {
		const char *json_text; /* a JSON string literal */
		const char *want;      /* rendered RDATA */
	} cases[] = {
		{"\"say \\\"hi\\\"\"", "\"say \\\"hi\\\"\""},
		{"\"back\\\\slash\"", "\"back\\\\slash\""},
		{"\"tab\\there\"", "\"tab\there\""}, /* ldns prints a tab as is: valid inside quotes */
		{"\"ctl\\u0001x\"", "\"ctl\\001x\""},
		{"\"nl\\nx\"", "\"nl\\010x\""},
		{"\"del\\u007f\"", "\"del\\127\""},
		{"\"semi;colon (paren)\"", "\"semi;colon (paren)\""},
		{"\"\"", "\"\""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *spec = sgn_xasprintf("{\"name\": \"t\", \"text\": [%s]}", cases[i].json_text);
		sgn_diag_t d;
		sgn_diag_clear(&d);
		char *text = render_one("TXTRecord", spec, SGN_OK, &d);
		char *line = sgn_xasprintf("t.example.com.\t3600\tIN\tTXT\t%s\n", cases[i].want);
		if (strstr(text, line) == NULL)
			fail_msg("case %zu: want %s in\n%s", i, line, text);
		/* the zone text reads back to the same records */
		char path[] = "/tmp/sgn-records-XXXXXX";
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(sgn_file_write_atomic(path, text, strlen(text), 0600), SGN_OK);
		sgn_zonedata_t *z = NULL;
		assert_int_equal(sgn_zonedata_new(&z, "example.com", 3600), SGN_OK);
		if (sgn_zonedata_import(z, path, &d) != SGN_OK)
			fail_msg("case %zu: re-import: %s", i, d.message);
		unlink(path);
		char *again = NULL;
		assert_int_equal(sgn_zonedata_render(z, &again), SGN_OK);
		assert_string_equal(again, text);
		free(again);
		sgn_zonedata_free(z);
		free(line);
		free(text);
		free(spec);
	}
}

static void test_records_add_errors_name_field(void **state)
{
	(void)state;
	static const struct {
		const char *kind, *spec, *field;
		int rc;
	} cases[] = {
		{"ARecord", "{\"name\": \"www\", \"ipv4Addresses\": [\"192.0.2.1\", \"300.1.1.1\"]}",
		 "spec.ipv4Addresses[1]", SGN_EPARSE},
		{"AAAARecord", "{\"name\": \"www\", \"ipv6Addresses\": [\"nope\"]}",
		 "spec.ipv6Addresses[0]", SGN_EPARSE},
		{"ARecord", "{\"name\": \"www.other.org.\", \"ipv4Addresses\": [\"192.0.2.1\"]}",
		 "spec.name", SGN_EINVAL},
		{"MXRecord", "{\"name\": \"@\", \"priority\": 10, \"mailServer\": \"\"}", "spec.mailServer",
		 SGN_EPARSE},
		{"Bogus", "{}", "", SGN_EINVAL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sgn_diag_t d;
		sgn_diag_clear(&d);
		char *text = render_one(cases[i].kind, cases[i].spec, cases[i].rc, &d);
		free(text);
		if (strcmp(d.field, cases[i].field) != 0)
			fail_msg("case %zu: field \"%s\" want \"%s\"", i, d.field, cases[i].field);
	}
}

static void test_records_selector_matches(void **state)
{
	(void)state;
	const char *labels = "{\"app\": \"web\", \"tier\": \"front\", \"env\": \"prod\"}";
	static const struct {
		const char *selector;
		bool want;
	} cases[] = {
		{"{}", false}, /* empty selector selects nothing */
		{"{\"matchLabels\": {}}", false},
		{"{\"matchExpressions\": []}", false},
		{"{\"matchLabels\": {\"app\": \"web\"}}", true},
		{"{\"matchLabels\": {\"app\": \"web\", \"env\": \"prod\"}}", true},
		{"{\"matchLabels\": {\"app\": \"db\"}}", false},
		{"{\"matchLabels\": {\"missing\": \"x\"}}", false},
		{"{\"matchExpressions\": [{\"key\": \"env\", \"operator\": \"In\", \"values\": [\"dev\", \"prod\"]}]}", true},
		{"{\"matchExpressions\": [{\"key\": \"env\", \"operator\": \"In\", \"values\": [\"dev\"]}]}", false},
		{"{\"matchExpressions\": [{\"key\": \"nokey\", \"operator\": \"In\", \"values\": [\"x\"]}]}", false},
		{"{\"matchExpressions\": [{\"key\": \"env\", \"operator\": \"NotIn\", \"values\": [\"dev\"]}]}", true},
		{"{\"matchExpressions\": [{\"key\": \"env\", \"operator\": \"NotIn\", \"values\": [\"prod\"]}]}", false},
		{"{\"matchExpressions\": [{\"key\": \"nokey\", \"operator\": \"NotIn\", \"values\": [\"x\"]}]}", true},
		{"{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": \"Exists\"}]}", true},
		{"{\"matchExpressions\": [{\"key\": \"nokey\", \"operator\": \"Exists\"}]}", false},
		{"{\"matchExpressions\": [{\"key\": \"nokey\", \"operator\": \"DoesNotExist\"}]}", true},
		{"{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"DoesNotExist\"}]}", false},
		{"{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"Bogus\"}]}", false},
		{"{\"matchExpressions\": [{\"key\": \"app\"}]}", false},
		/* all terms must hold */
		{"{\"matchLabels\": {\"app\": \"web\"}, \"matchExpressions\": [{\"key\": \"env\", "
		 "\"operator\": \"In\", \"values\": [\"prod\"]}, {\"key\": \"x\", \"operator\": \"DoesNotExist\"}]}", true},
		{"{\"matchLabels\": {\"app\": \"web\"}, \"matchExpressions\": [{\"key\": \"env\", "
		 "\"operator\": \"In\", \"values\": [\"dev\"]}]}", false},
	};
	json_t *l = js(labels);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *s = js(cases[i].selector);
		bool got = sgn_records_selector_matches(s, l);
		json_decref(s);
		if (got != cases[i].want)
			fail_msg("%s: got %d want %d", cases[i].selector, got, cases[i].want);
	}
	/* no labels at all */
	json_t *s = js("{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"DoesNotExist\"}]}");
	assert_true(sgn_records_selector_matches(s, NULL));
	json_decref(s);
	s = js("{\"matchLabels\": {\"app\": \"web\"}}");
	assert_false(sgn_records_selector_matches(s, NULL));
	json_decref(s);
	json_decref(l);
}

int main(void);
static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_records_add_each_kind_renders),
	cmocka_unit_test(test_records_add_txt_escapes),
	cmocka_unit_test(test_records_add_errors_name_field),
	cmocka_unit_test(test_records_selector_matches),
};
SGN_TEST_MAIN(tests)
