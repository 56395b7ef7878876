/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgn/err.h"
#include "sgn/proc.h"
#include "sgn/util.h"
#include "sgn/zonedata.h"

#define CASE(p) SGN_CASES "/" p

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (path == NULL)
		return false;
	char *copy = sgn_xstrdup(path);
	bool found = false;
	char *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir != NULL && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *p = sgn_path_join(dir, prog);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* Writes text to a fresh temp dir; returns the file path (caller frees both). */
static char *write_temp(const char *name, const char *text, char **dir_out)
{
	char *dir = sgn_xstrdup("/tmp/sgn-zonedata-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char *path = sgn_path_join(dir, name);
	assert_int_equal(sgn_file_write_atomic(path, text, strlen(text), 0600), SGN_OK);
	*dir_out = dir;
	return path;
}

static void remove_temp(char *dir, char *path)
{
	assert_int_equal(sgn_rm_rf(dir), SGN_OK);
	free(dir);
	free(path);
}

static sgn_zonedata_t *new_zone(const char *origin, uint32_t ttl)
{
	sgn_zonedata_t *z = NULL;
	assert_int_equal(sgn_zonedata_new(&z, origin, ttl), SGN_OK);
	return z;
}

static void set_soa(sgn_zonedata_t *z, const char *mname, const char *rname, uint32_t serial)
{
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int ret = sgn_zonedata_set_soa(z, mname, rname, serial, 7200, 3600, 1209600, 3600, 0, &d);
	if (ret != SGN_OK)
		fail_msg("set_soa: %s", d.message);
}

__attribute__((noinline)) static char *render(const sgn_zonedata_t *z)
{
	char *text = NULL;
	assert_int_equal(sgn_zonedata_render(z, &text), SGN_OK);
	assert_non_null(text);
	return text;
}

/* Renders, writes to a temp file and loads it with named-checkzone (-l max_ttl if given). */
static void assert_named_loads_max_ttl(const sgn_zonedata_t *z, const char *origin,
				       const char *max_ttl)
{
	if (!in_path("named-checkzone")) {
		skip();
		return;
	}
	char *text = render(z);
	char *dir = NULL;
	char *path = write_temp("zone.db", text, &dir);
	const char *argv[] = {
	    "named-checkzone", "-i", "local", "-k", "fail", origin, path, NULL, NULL, NULL};
	if (max_ttl != NULL) {
		argv[5] = "-l";
		argv[6] = max_ttl;
		argv[7] = origin;
		argv[8] = path;
	}
	char *out = NULL;
	int status = -1;
	assert_int_equal(sgn_proc_run(argv, 60000, &out, &status), SGN_OK);
	if (status != 0)
		fail_msg("named-checkzone failed (%d): %s", status, out);
	free(out);
	free(text);
	remove_temp(dir, path);
}

static void assert_named_loads(const sgn_zonedata_t *z, const char *origin)
{
	assert_named_loads_max_ttl(z, origin, NULL);
}

/* Offset of needle in text; fails the test if it is missing. */
static size_t offset_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	if (p == NULL)
		fail_msg("missing: %s", needle);
	return (size_t)(p - text);
}

static void test_add_record_kinds_render(void **state)
{
	(void)state;
	static const struct {
		const char *owner;
		uint32_t ttl;
		const char *type;
		const char *rdata;
	} in[] = {
	    {"www", 0, "A", "192.0.2.1"},
	    {"www", 0, "AAAA", "2001:db8::1"},
	    {"ftp", 600, "CNAME", "www"},
	    {"@", 0, "MX", "10 mail.example.com."},
	    {"@", 0, "NS", "ns1"},
	    {"@", 0, "NS", "ns2.example.net."},
	    {"ns1", 0, "A", "192.0.2.53"},
	    {"txt", 0, "TXT", "\"v=spf1 -all\" \"say \\\"hi\\\"; a\\\\b\""},
	    {"_sip._tcp", 0, "SRV", "10 60 5060 sip.example.com."},
	    {"@", 0, "CAA", "0 issue \"letsencrypt.org\""},
	    {"MAIL.example.com.", 0, "A", "192.0.2.25"},
	    {"@", 0, "TXT", "\"hello world\""},
	};
	sgn_zonedata_t *z = new_zone("example.com", 3600);
	sgn_diag_t d;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		sgn_diag_clear(&d);
		int ret = sgn_zonedata_add(z, in[i].owner, in[i].ttl, in[i].type, in[i].rdata, &d);
		if (ret != SGN_OK)
			fail_msg("add %s %s: %s", in[i].owner, in[i].type, d.message);
	}
	assert_int_equal(sgn_zonedata_count(z), 12);
	char *text = NULL;
	assert_int_equal(sgn_zonedata_render(z, &text), SGN_EINVAL); /* no SOA yet */
	set_soa(z, "ns1", "hostmaster", 2026010101);
	assert_int_equal(sgn_zonedata_count(z), 13);
	text = render(z);
	const char *expected =
	    "$ORIGIN example.com.\n"
	    "$TTL 3600\n"
	    "example.com.\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com. 2026010101 7200 "
	    "3600 1209600 3600\n"
	    "example.com.\t3600\tIN\tNS\tns1.example.com.\n"
	    "example.com.\t3600\tIN\tNS\tns2.example.net.\n"
	    "example.com.\t3600\tIN\tMX\t10 mail.example.com.\n"
	    "example.com.\t3600\tIN\tTXT\t\"hello world\"\n"
	    "example.com.\t3600\tIN\tCAA\t0 issue \"letsencrypt.org\"\n"
	    "_sip._tcp.example.com.\t3600\tIN\tSRV\t10 60 5060 sip.example.com.\n"
	    "ftp.example.com.\t600\tIN\tCNAME\twww.example.com.\n"
	    "MAIL.example.com.\t3600\tIN\tA\t192.0.2.25\n"
	    "ns1.example.com.\t3600\tIN\tA\t192.0.2.53\n"
	    "txt.example.com.\t3600\tIN\tTXT\t\"v=spf1 -all\" \"say \\\"hi\\\"; a\\\\b\"\n"
	    "www.example.com.\t3600\tIN\tA\t192.0.2.1\n"
	    "www.example.com.\t3600\tIN\tAAAA\t2001:db8::1\n";
	assert_string_equal(text, expected);
	free(text);
	assert_string_equal(sgn_zonedata_dropped_note(z), "");
	assert_named_loads(z, "example.com");
	sgn_zonedata_free(z);
}

static void test_add_owner_outside_zone_is_einval(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone("example.com.", 300);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_zonedata_add(z, "www.example.org.", 0, "A", "192.0.2.1", &d),
			 SGN_EINVAL);
	assert_non_null(strstr(d.message, "www.example.org."));
	assert_non_null(strstr(d.message, "outside"));
	/* a sibling that merely shares a suffix is outside too */
	assert_int_equal(sgn_zonedata_add(z, "badexample.com.", 0, "A", "192.0.2.1", NULL),
			 SGN_EINVAL);
	assert_int_equal(sgn_zonedata_add(z, "example.com.", 0, "A", "192.0.2.1", NULL), SGN_OK);
	assert_int_equal(sgn_zonedata_count(z), 1);
	sgn_zonedata_free(z);
}

static void test_add_bad_rdata_is_eparse_with_message(void **state)
{
	(void)state;
	static const struct {
		const char *type;
		const char *rdata;
	} bad[] = {
	    {"A", "192.0.2.256"},	   {"AAAA", "2001:db8::zz"}, {"MX", "mail.example.com."},
	    {"SRV", "10 60 notaport sip"}, {"NOSUCHTYPE", "1"},
	};
	sgn_zonedata_t *z = new_zone("example.com", 300);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sgn_diag_t d;
		sgn_diag_clear(&d);
		assert_int_equal(sgn_zonedata_add(z, "x", 0, bad[i].type, bad[i].rdata, &d),
				 SGN_EPARSE);
		assert_non_null(strstr(d.message, bad[i].rdata));
		assert_non_null(
		    strstr(d.message, "rror")); /* ldns's "Syntax error, ..." or similar */
	}
	assert_int_equal(sgn_zonedata_count(z), 0);
	sgn_zonedata_free(z);
}

static void test_new_bad_origin_is_einval(void **state)
{
	(void)state;
	sgn_zonedata_t *z = NULL;
	assert_int_equal(sgn_zonedata_new(&z, "", 300), SGN_EINVAL);
	assert_int_equal(sgn_zonedata_new(&z, "a..b", 300), SGN_EINVAL);
	assert_null(z);
	sgn_zonedata_free(NULL);
}

static void test_add_duplicates_and_mixed_ttls_normalised(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone("example.com", 300);
	assert_int_equal(sgn_zonedata_add(z, "www", 600, "A", "192.0.2.1", NULL), SGN_OK);
	assert_int_equal(sgn_zonedata_add(z, "WWW", 900, "A", "192.0.2.1", NULL), SGN_OK);
	assert_int_equal(sgn_zonedata_add(z, "www", 120, "A", "192.0.2.2", NULL), SGN_OK);
	assert_int_equal(sgn_zonedata_count(z), 2);
	set_soa(z, "ns", "hm", 1);
	char *text = render(z);
	assert_non_null(strstr(text, "www.example.com.\t120\tIN\tA\t192.0.2.1\n"));
	assert_non_null(strstr(text, "www.example.com.\t120\tIN\tA\t192.0.2.2\n"));
	free(text);
	assert_non_null(strstr(sgn_zonedata_dropped_note(z), "collapsed 1 duplicate"));
	assert_non_null(strstr(sgn_zonedata_dropped_note(z), "TTLs in 1 RRsets"));
	sgn_zonedata_free(z);
}

static void test_import_020_signed_root_2011(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone(".", 86400);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int ret =
	    sgn_zonedata_import(z, CASE("020-root-zone-2011-signed/root-2011030200.zone"), &d);
	if (ret != SGN_OK)
		fail_msg("import: %s:%d: %s", d.file, d.line, d.message);
	/* README: NS 1712, A 1177, RRSIG 372, NSEC 307, AAAA 302, DS 106, DNSKEY 2, SOA 1 */
	assert_int_equal(sgn_zonedata_count(z), 1 + 1712 + 1177 + 302 + 106);
	assert_string_equal(sgn_zonedata_dropped_note(z),
			    "dropped from root-2011030200.zone: 372 RRSIG, 307 NSEC, 2 DNSKEY");
	char *text = render(z);
	assert_true(strncmp(text,
			    "$ORIGIN .\n$TTL 86400\n.\t86400\tIN\tSOA\ta.root-servers.net. "
			    "nstld.verisign-grs.com. 2011030200 ",
			    strlen("$ORIGIN .\n$TTL 86400\n.\t86400\tIN\tSOA\ta.root-servers.net. "
				   "nstld.verisign-grs.com. 2011030200 ")) == 0);
	assert_null(strstr(text, "\tRRSIG\t"));
	assert_null(strstr(text, "\tNSEC\t"));
	assert_null(strstr(text, "\tDNSKEY\t"));
	size_t ds = 0;
	for (const char *p = text; (p = strstr(p, "\tIN\tDS\t")) != NULL; p++)
		ds++;
	assert_int_equal(ds, 106);
	free(text);

	/* set_soa after the import wins */
	set_soa(z, "a.root-servers.net.", "nstld.verisign-grs.com.", 2026010100);
	assert_int_equal(sgn_zonedata_count(z), 1 + 1712 + 1177 + 302 + 106);
	text = render(z);
	assert_non_null(strstr(text, " 2026010100 7200 3600 1209600 3600\n"));
	assert_null(strstr(text, "2011030200"));
	free(text);
	assert_named_loads(z, ".");
	sgn_zonedata_free(z);
}

static void test_import_021_large_root_2026(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone(".", 86400);
	set_soa(z, "a.root-servers.net.", "nstld.verisign-grs.com.",
		2026090100); /* before: still wins */
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int64_t t0 = sgn_now_ms();
	int ret = sgn_zonedata_import(z, CASE("021-root-zone-2026-large/root-2026082201.zone"), &d);
	int64_t t1 = sgn_now_ms();
	if (ret != SGN_OK)
		fail_msg("import: %s:%d: %s", d.file, d.line, d.message);
	print_message("import of 021 (22,094 RRs): %lld ms\n", (long long)(t1 - t0));
	/* 22,094 = SOA + NS 7581 + A 5941 + AAAA 5646 + DS 1480 + NSEC 1439 + DNSKEY 3 + RRSIG 2 +
	 * ZONEMD 1 */
	assert_int_equal(sgn_zonedata_count(z), 1 + 7581 + 5941 + 5646 + 1480);
	assert_string_equal(
	    sgn_zonedata_dropped_note(z),
	    "dropped from root-2026082201.zone: 2 RRSIG, 1439 NSEC, 3 DNSKEY, 1 ZONEMD");
	char *text = NULL;
	int64_t t2 = sgn_now_ms();
	text = render(z);
	print_message("render of 021: %lld ms\n", (long long)(sgn_now_ms() - t2));
	assert_non_null(strstr(text, " 2026090100 "));
	assert_null(strstr(text, "2026082201"));
	free(text);
	assert_true(t1 - t0 < 3000); /* generous for sanitizer builds; ~0.1 s optimised */
	assert_named_loads(z, ".");
	sgn_zonedata_free(z);
}

static void test_import_035_signed_mixed_case(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone("example.sec", 3600);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int ret =
	    sgn_zonedata_import(z, CASE("035-validns-issue-zones/25-nsec/example.sec.signed"), &d);
	if (ret != SGN_OK)
		fail_msg("import: %s:%d: %s", d.file, d.line, d.message);
	/* SOA, 4 NS (apex + subA, subb, subC), MX at myMX */
	assert_int_equal(sgn_zonedata_count(z), 6);
	assert_string_equal(sgn_zonedata_dropped_note(z),
			    "dropped from example.sec.signed: 9 RRSIG, 5 NSEC, 1 DNSKEY");
	char *text = render(z);
	/* canonical order is case-insensitive; owners keep their case */
	size_t a = offset_of(text, "subA.example.sec.");
	size_t b = offset_of(text, "subb.example.sec.");
	size_t c = offset_of(text, "subC.example.sec.");
	size_t m = offset_of(text, "myMX.example.sec.");
	assert_true(m < a && a < b && b < c);
	free(text);
	assert_named_loads(z, "example.sec");
	sgn_zonedata_free(z);
}

static void test_import_026_uppercase_owners(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone("UPPER.KASP", 300);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(
	    sgn_zonedata_import(z, CASE("026-bind-uppercase-and-mixed-case/upper.kasp.db"), &d),
	    SGN_OK);
	assert_int_equal(sgn_zonedata_count(z), 6); /* SOA NS ns3 a b c */
	assert_string_equal(sgn_zonedata_dropped_note(z), "");
	sgn_zonedata_free(z);

	/* lower-case origin, mixed-case owner and RDATA names */
	z = new_zone("example", 300);
	assert_int_equal(
	    sgn_zonedata_import(z, CASE("026-bind-uppercase-and-mixed-case/case-example.db"), &d),
	    SGN_OK);
	assert_int_equal(sgn_zonedata_count(z), 5);
	/* an add that differs only in case is the same record */
	assert_int_equal(sgn_zonedata_add(z, "MAIL", 0, "A", "10.53.0.1", NULL), SGN_OK);
	assert_int_equal(sgn_zonedata_count(z), 5);
	char *text = render(z);
	assert_non_null(strstr(text, "mAiL.example.\t300\tIN\tA\t10.53.0.1\n"));
	assert_non_null(strstr(text, "\tMX\t0 mail.eXaMpLe.\n"));
	free(text);
	assert_named_loads(z, "example");
	sgn_zonedata_free(z);
}

static void test_import_syntax_error_has_file_line(void **state)
{
	(void)state;
	char *dir = NULL;
	char *path = write_temp("bad.zone",
				"$TTL 300\n"
				"@ IN SOA ns hm 1 2 3 4 5\n"
				"; a comment\n"
				"\n"
				"www IN A 192.0.2.1\n"
				"bad IN A 192.0.2.999\n"
				"zzz IN A 192.0.2.3\n",
				&dir);
	sgn_zonedata_t *z = new_zone("example.com", 300);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_zonedata_import(z, path, &d), SGN_EPARSE);
	assert_string_equal(d.file, path);
	assert_int_equal(d.line, 6);
	assert_true(d.message[0] != '\0');
	assert_int_equal(sgn_zonedata_count(z), 0); /* a failed import changes nothing */
	sgn_zonedata_free(z);
	remove_temp(dir, path);
}

static void test_import_include_is_eparse(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone("example.sec", 300);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	const char *path = CASE("035-validns-issue-zones/25-nsec/example.sec");
	assert_int_equal(sgn_zonedata_import(z, path, &d), SGN_EPARSE);
	assert_string_equal(d.file, path);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.message, "$INCLUDE is not supported"));
	sgn_zonedata_free(z);
}

static void test_import_out_of_zone_is_eparse(void **state)
{
	(void)state;
	char *dir = NULL;
	char *path = write_temp("ooz.zone",
				"$ORIGIN example.com.\n"
				"@ 300 IN SOA ns hm 1 2 3 4 5\n"
				"www 300 IN A 192.0.2.1\n"
				"$ORIGIN example.net.\n"
				"www 300 IN A 192.0.2.2\n",
				&dir);
	sgn_zonedata_t *z = new_zone("example.com", 300);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_zonedata_import(z, path, &d), SGN_EPARSE);
	assert_int_equal(d.line, 5);
	assert_non_null(strstr(d.message, "www.example.net."));
	assert_non_null(strstr(d.message, "ooz.zone"));
	sgn_zonedata_free(z);
	remove_temp(dir, path);
}

static void test_import_missing_is_enoent(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone("example.com", 300);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_zonedata_import(z, "/nonexistent/zone.db", &d), SGN_ENOENT);
	assert_string_equal(d.file, "/nonexistent/zone.db");
	sgn_zonedata_free(z);
}

static void test_import_apex_ds_dropped_mixed_ttls_normalised(void **state)
{
	(void)state;
	char *dir = NULL;
	char *path = write_temp("mix.zone",
				"$ORIGIN example.com.\n"
				"$TTL 3600\n"
				"@ IN SOA ns hm 1 2 3 4 5\n"
				"@ IN NS ns\n"
				"@ IN DS 12345 13 2 "
				"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
				"ns IN A 192.0.2.53\n"
				"sub IN NS ns.sub\n"
				"sub IN DS 12345 13 2 "
				"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
				"ns.sub IN A 192.0.2.54\n"
				"www 600 IN A 192.0.2.1\n"
				"www 300 IN A 192.0.2.2\n"
				"www 900 IN A 192.0.2.1\n"
				"@ IN CDS 12345 13 2 "
				"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
				"@ 0 IN TYPE65534 \\# 5 0D30390001\n"
				"@ IN NSEC3PARAM 1 0 0 -\n",
				&dir);
	sgn_zonedata_t *z = new_zone("example.com", 3600);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int ret = sgn_zonedata_import(z, path, &d);
	if (ret != SGN_OK)
		fail_msg("import: %s:%d: %s", d.file, d.line, d.message);
	assert_int_equal(sgn_zonedata_count(z), 8);
	assert_string_equal(
	    sgn_zonedata_dropped_note(z),
	    "dropped from mix.zone: 1 NSEC3PARAM, 1 CDS, 1 TYPE65534, 1 DS at the apex; "
	    "collapsed 1 duplicate RRs; normalised mixed TTLs in 1 RRsets to the lowest "
	    "(RFC 2181 5.2)");
	char *text = render(z);
	assert_non_null(strstr(text, "sub.example.com.\t3600\tIN\tDS\t12345 13 2 "));
	assert_non_null(strstr(text, "www.example.com.\t300\tIN\tA\t192.0.2.1\n"));
	assert_non_null(strstr(text, "www.example.com.\t300\tIN\tA\t192.0.2.2\n"));
	assert_null(strstr(text, "\nexample.com.\t3600\tIN\tDS"));
	free(text);
	/* the file's SOA is used while none is set */
	text = render(z);
	assert_non_null(strstr(text, "\tSOA\tns.example.com. hm.example.com. 1 2 3 4 5\n"));
	free(text);
	assert_named_loads(z, "example.com");
	sgn_zonedata_free(z);
	remove_temp(dir, path);
}

/* named 9.18 refuses a zone with a TTL above its dnssec-policy's max-zone-ttl
 * ("out of range"): the root's NS (518400) and glue (172800) exceed the default
 * 86400. Found by tests/system/t_import_zone.sh. */
static void test_cap_ttl_root_2026_loads_under_max_zone_ttl(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone(".", 86400);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int ret = sgn_zonedata_import(z, CASE("021-root-zone-2026-large/root-2026082201.zone"), &d);
	if (ret != SGN_OK)
		fail_msg("import: %s:%d: %s", d.file, d.line, d.message);
	sgn_zonedata_set_source(z, "/tmp/signet-zone-XXXXXX/../cases/root.zone");
	assert_int_equal(sgn_zonedata_cap_ttl(z, 0), 0); /* 0: no limit */
	size_t n = sgn_zonedata_cap_ttl(z, 86400);
	assert_true(n > 1000); /* every TLD's NS RRset, the root NS, glue */
	assert_int_equal(sgn_zonedata_cap_ttl(z, 86400), 0);
	char *want =
	    sgn_xasprintf("dropped from root.zone: 2 RRSIG, 1439 NSEC, 3 DNSKEY, 1 ZONEMD; "
			  "lowered TTLs above the policy's max-zone-ttl 86400 in %zu RRsets",
			  n);
	assert_string_equal(sgn_zonedata_dropped_note(z), want);
	free(want);
	char *text = render(z);
	assert_null(strstr(text, "518400"));
	free(text);
	assert_named_loads_max_ttl(z, ".", "86400");
	sgn_zonedata_free(z);
}

static void test_render_without_soa_is_einval(void **state)
{
	(void)state;
	sgn_zonedata_t *z = new_zone("example.com", 300);
	char *text = NULL;
	assert_int_equal(sgn_zonedata_render(z, &text), SGN_EINVAL);
	assert_null(text);
	sgn_zonedata_free(z);
}

int main(void);
static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_add_record_kinds_render),
    cmocka_unit_test(test_add_owner_outside_zone_is_einval),
    cmocka_unit_test(test_add_bad_rdata_is_eparse_with_message),
    cmocka_unit_test(test_new_bad_origin_is_einval),
    cmocka_unit_test(test_add_duplicates_and_mixed_ttls_normalised),
    cmocka_unit_test(test_import_020_signed_root_2011),
    cmocka_unit_test(test_import_021_large_root_2026),
    cmocka_unit_test(test_import_035_signed_mixed_case),
    cmocka_unit_test(test_import_026_uppercase_owners),
    cmocka_unit_test(test_import_syntax_error_has_file_line),
    cmocka_unit_test(test_import_include_is_eparse),
    cmocka_unit_test(test_import_out_of_zone_is_eparse),
    cmocka_unit_test(test_import_missing_is_enoent),
    cmocka_unit_test(test_import_apex_ds_dropped_mixed_ttls_normalised),
    cmocka_unit_test(test_cap_ttl_root_2026_loads_under_max_zone_ttl),
    cmocka_unit_test(test_render_without_soa_is_einval),
};
SGN_TEST_MAIN(tests)
