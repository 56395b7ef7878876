/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime_internal.h"
#include "sgn/err.h"
#include "sgn/runtime.h"
#include "sgn/util.h"

static char *read_vector(const char *name)
{
	char *path = sgn_xasprintf("%s/rndc/%s", SGN_TEST_DATA, name);
	char *text = NULL;
	assert_int_equal(sgn_file_read(path, &text, NULL), SGN_OK);
	free(path);
	return text;
}

static long long utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			.tm_hour = h, .tm_min = mi, .tm_sec = s};
	return (long long)timegm(&tm);
}

static void test_parse_dnssec_status_default_csk(void **state)
{
	(void)state;
	char *text = read_vector("dnssec-status-default-csk.txt");
	sgn_rndc_dnssec_status_t st;
	assert_int_equal(sgn_runtime_parse_dnssec_status(text, &st), SGN_OK);
	assert_string_equal(st.policy, "default");
	assert_int_equal(st.nkeys, 1);
	const sgn_rndc_key_status_t *k = &st.keys[0];
	assert_int_equal(k->tag, 19577);
	assert_int_equal(k->algorithm, 13);
	assert_string_equal(k->role, "CSK");
	assert_string_equal(k->goal, "omnipresent");
	assert_string_equal(k->dnskey, "rumoured");
	assert_string_equal(k->ds, "hidden");
	assert_string_equal(k->zrrsig, "rumoured");
	assert_string_equal(k->krrsig, "rumoured");
	assert_true(k->next_rollover == 0);
	assert_true(st.next_rollover == 0);
	free(text);
}

static void test_parse_dnssec_status_ksk_zsk(void **state)
{
	(void)state;
	char *text = read_vector("dnssec-status-ksk-zsk.txt");
	sgn_rndc_dnssec_status_t st;
	assert_int_equal(sgn_runtime_parse_dnssec_status(text, &st), SGN_OK);
	assert_string_equal(st.policy, "p");
	assert_int_equal(st.nkeys, 2);
	const sgn_rndc_key_status_t *z = &st.keys[0], *k = &st.keys[1];
	assert_int_equal(z->tag, 39044);
	assert_string_equal(z->role, "ZSK");
	assert_string_equal(z->zrrsig, "rumoured");
	assert_string_equal(z->krrsig, "");
	assert_string_equal(z->ds, "");
	assert_true(z->next_rollover == utc(2027, 2, 1, 16, 20, 47));
	assert_int_equal(k->tag, 47029);
	assert_int_equal(k->algorithm, 13);
	assert_string_equal(k->role, "KSK");
	assert_string_equal(k->ds, "hidden");
	assert_string_equal(k->krrsig, "rumoured");
	assert_string_equal(k->zrrsig, "");
	assert_true(k->next_rollover == utc(2027, 12, 3, 16, 20, 47));
	assert_true(st.next_rollover == z->next_rollover);
	free(text);
}

static void test_parse_dnssec_status_rollover_removed_key(void **state)
{
	(void)state;
	char *text = read_vector("dnssec-status-zsk-rollover.txt");
	sgn_rndc_dnssec_status_t st;
	assert_int_equal(sgn_runtime_parse_dnssec_status(text, &st), SGN_OK);
	assert_int_equal(st.nkeys, 3);
	assert_int_equal(st.keys[0].tag, 39044);
	assert_string_equal(st.keys[0].goal, "hidden");
	assert_string_equal(st.keys[0].dnskey, "unretentive");
	assert_true(st.keys[0].next_rollover == 0); /* "Key has been removed from the zone" */
	assert_int_equal(st.keys[2].tag, 32297);
	assert_string_equal(st.keys[2].role, "ZSK");
	assert_true(st.next_rollover == utc(2027, 2, 1, 18, 26, 10));
	free(text);
}

static void test_parse_dnssec_status_rejects(void **state)
{
	(void)state;
	static const char *vectors[] = {"dnssec-status-unsigned.txt", "dnssec-status-nozone.txt",
					"status.txt"};
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		char *text = read_vector(vectors[i]);
		sgn_rndc_dnssec_status_t st;
		assert_int_equal(sgn_runtime_parse_dnssec_status(text, &st), SGN_EPARSE);
		free(text);
	}
	static const char *bad[] = {
		"",
		"dnssec-policy: p\nkey: 1 (ECDSAP256SHA256), XSK\n",
		"dnssec-policy: p\nkey: 99999 (ECDSAP256SHA256), KSK\n",
		"dnssec-policy: p\nkey: 1 (NOPE), KSK\n",
		"dnssec-policy: p\nkey: 1 (ECDSAP256SHA256), KSK\n  - dnskey:   sideways\n",
		"dnssec-policy: p\nkey: 1 (13), KSK\n  Next rollover scheduled on Foo Bar 1 2027\n",
		"key: 1 (ECDSAP256SHA256), KSK\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sgn_rndc_dnssec_status_t st;
		assert_int_equal(sgn_runtime_parse_dnssec_status(bad[i], &st), SGN_EPARSE);
	}
	sgn_rndc_dnssec_status_t st;
	assert_int_equal(sgn_runtime_parse_dnssec_status(
				 "dnssec-policy: p\nkey: 7 (13), KSK\n  Rollover is due since "
				 "Thu Dec  3 18:26:12 2026\n",
				 &st),
			 SGN_OK);
	assert_true(st.next_rollover == utc(2026, 12, 3, 18, 26, 12));
}

static void test_rndc_verdict_reads_text(void **state)
{
	(void)state;
	char *ok = read_vector("status.txt");
	char *nozone = read_vector("dnssec-status-nozone.txt");
	char *checkds = read_vector("checkds-error-exit0.txt");
	assert_int_equal(sgn__runtime_rndc_verdict(0, ok), SGN_OK);
	assert_int_equal(sgn__runtime_rndc_verdict(1, ok), SGN_EPROC);
	assert_int_equal(sgn__runtime_rndc_verdict(1, nozone), SGN_EPROC);
	assert_int_equal(sgn__runtime_rndc_verdict(0, nozone), SGN_EPROC);
	assert_int_equal(sgn__runtime_rndc_verdict(0, checkds), SGN_EPROC);
	assert_int_equal(sgn__runtime_rndc_verdict(0, "rndc: connect failed: 127.0.0.1#953"),
			 SGN_EPROC);
	assert_int_equal(sgn__runtime_rndc_verdict(0, ""), SGN_OK);
	free(ok);
	free(nozone);
	free(checkds);
}

/* ---- offline tools ---- */

static char *tmpdir_new(void)
{
	char tmpl[] = "/tmp/sgn-runtime-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return sgn_xstrdup(tmpl);
}

static char *write_in(const char *dir, const char *name, const char *text)
{
	char *path = sgn_path_join(dir, name);
	assert_int_equal(sgn_file_write_atomic(path, text, strlen(text), 0644), SGN_OK);
	return path;
}

static const char ZONE_OK[] = "$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 604800 300\n"
			      "@ NS ns1\nns1 A 127.0.0.1\n";

static void test_checkzone_ok_and_econfig(void **state)
{
	(void)state;
	char *dir = tmpdir_new();
	char *good = write_in(dir, "good.db", ZONE_OK);
	/* Out-of-zone NS target: fine with -i local (no resolver lookups). */
	char *ext = write_in(dir, "ext.db",
			     "$TTL 300\n@ SOA ns.example.net. h 1 3600 900 604800 300\n"
			     "@ NS ns.example.net.\n");
	char *bad = write_in(dir, "bad.db", "$TTL 300\n@ SOA ns1 h 1 3600 900 604800 300\n"
					    "@ NS ns1\nns1 A 127.0.0.1\nwww CNAME a\nwww A 1.2.3.4\n");
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_runtime_checkzone("example.test", good, &d), SGN_OK);
	assert_int_equal(sgn_runtime_checkzone("example.test", ext, &d), SGN_OK);
	assert_int_equal(sgn_runtime_checkzone("example.test", bad, &d), SGN_ECONFIG);
	assert_non_null(strstr(d.message, "CNAME"));
	assert_null(strstr(d.message, "loaded serial"));
	sgn_diag_clear(&d);
	assert_int_equal(sgn_runtime_checkzone("example.test", "/nonexistent/z.db", &d),
			 SGN_ECONFIG);
	assert_non_null(strstr(d.message, "not found"));
	assert_int_equal(sgn_runtime_checkzone("example.test", bad, NULL), SGN_ECONFIG);
	free(good);
	free(ext);
	free(bad);
	assert_int_equal(sgn_rm_rf(dir), SGN_OK);
	free(dir);
}

static void test_checkconf_ok_and_econfig(void **state)
{
	(void)state;
	char *dir = tmpdir_new();
	char *good = write_in(dir, "good.conf", "options { recursion no; };\n");
	char *bad = write_in(dir, "bad.conf",
			     "options {\n recursion no;\n};\ndnssec-policy default { };\n");
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_runtime_checkconf(good, &d), SGN_OK);
	assert_int_equal(sgn_runtime_checkconf(bad, &d), SGN_ECONFIG);
	assert_non_null(strstr(d.message, "built-in"));
	assert_string_equal(d.file, bad);
	assert_int_equal(d.line, 4);
	free(good);
	free(bad);
	assert_int_equal(sgn_rm_rf(dir), SGN_OK);
	free(dir);
}

static void test_runtime_unknown_ids(void **state)
{
	(void)state;
	sgn_runtime_t *rt = NULL;
	assert_int_equal(sgn_runtime_local_new(&rt), SGN_OK);
	assert_int_equal(sgn_runtime_state(rt, "nope"), SGN_RUNTIME_STOPPED);
	assert_int_equal(sgn_runtime_pid(rt, "nope"), 0);
	assert_int_equal(sgn_runtime_stop(rt, "nope"), SGN_OK);
	const char **ids = NULL;
	assert_int_equal(sgn_runtime_list(rt, &ids), 0);
	const char *args[] = {"status", NULL};
	char *out = NULL;
	assert_int_equal(sgn_runtime_rndc(rt, "nope", args, &out), SGN_ENOTFOUND);
	assert_null(out);
	sgn_instance_spec_t bad = {.id = ""};
	assert_int_equal(sgn_runtime_ensure(rt, &bad, NULL), SGN_EINVAL);
	sgn_runtime_free(rt);
	sgn_runtime_free(NULL);
}

/* ---- a real named (only inside a private network namespace) ---- */

typedef struct live {
	char *dir;
	char *conf, *rndc_conf, *key, *zone;
	sgn_runtime_t *rt;
	sgn_instance_spec_t spec;
} live_t;

#define LIVE_ID "test/live/primary-0"

static int live_setup(void **state)
{
	/* ctest sets CMOCKA_TEST_ABORT=1: a failure would abort() and skip the
	 * teardown, leaving named running. Here a failure must longjmp instead. */
	unsetenv("CMOCKA_TEST_ABORT");
	live_t *lv = sgn_xcalloc(1, sizeof(*lv));
	char tmpl[] = "/tmp/sgn-runtime-live-XXXXXX";
	if (mkdtemp(tmpl) == NULL) {
		free(lv);
		return -1;
	}
	lv->dir = sgn_xstrdup(tmpl);
	lv->key = sgn_path_join(lv->dir, "rndc.key");
	lv->conf = sgn_path_join(lv->dir, "named.conf");
	lv->rndc_conf = sgn_path_join(lv->dir, "rndc.conf");
	lv->zone = sgn_path_join(lv->dir, "example.test.db");
	char *key = sgn_xasprintf("key \"rndc-key\" { algorithm hmac-sha256; secret "
				  "\"c2lnbmV0LXRlc3Qtcm5kYy1rZXktMzItYnl0ZXMhIQ==\"; };\n");
	char *conf = sgn_xasprintf(
		"include \"%s\";\n"
		"controls { inet 127.0.0.1 port 15953 allow { 127.0.0.1; } keys { \"rndc-key\"; }; };\n"
		"options { directory \"%s\"; listen-on port 15353 { 127.0.0.1; };\n"
		"  listen-on-v6 { none; }; pid-file none; recursion no; notify no;\n"
		"  dnssec-validation no; };\n"
		"zone \"example.test\" { type primary; file \"example.test.db\";\n"
		"  dnssec-policy default; inline-signing yes; };\n",
		lv->key, lv->dir);
	char *rconf = sgn_xasprintf("include \"%s\";\noptions { default-key \"rndc-key\"; };\n",
				    lv->key);
	int rc = sgn_file_write_atomic(lv->key, key, strlen(key), 0600);
	if (rc == SGN_OK)
		rc = sgn_file_write_atomic(lv->conf, conf, strlen(conf), 0644);
	if (rc == SGN_OK)
		rc = sgn_file_write_atomic(lv->rndc_conf, rconf, strlen(rconf), 0600);
	if (rc == SGN_OK)
		rc = sgn_file_write_atomic(lv->zone, ZONE_OK, strlen(ZONE_OK), 0644);
	free(key);
	free(conf);
	free(rconf);
	lv->spec = (sgn_instance_spec_t){.id = LIVE_ID, .dir = lv->dir, .conf = lv->conf,
					 .rndc_conf = lv->rndc_conf, .dns_port = 15353,
					 .rndc_port = 15953};
	*state = lv;
	return rc == SGN_OK ? 0 : -1;
}

/* Runs even when the test fails: no named may outlive the test. */
static int live_teardown(void **state)
{
	live_t *lv = *state;
	if (lv == NULL)
		return 0;
	sgn_runtime_free(lv->rt);
	(void)sgn_rm_rf(lv->dir);
	free(lv->dir);
	free(lv->conf);
	free(lv->rndc_conf);
	free(lv->key);
	free(lv->zone);
	free(lv);
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static bool wait_running(sgn_runtime_t *rt, int ms)
{
	int64_t deadline = sgn_now_ms() + ms;
	while (sgn_now_ms() < deadline) {
		if (sgn_runtime_state(rt, LIVE_ID) == SGN_RUNTIME_RUNNING)
			return true;
		sleep_ms(200);
	}
	return false;
}

static void test_local_named_start_restart_stop(void **state)
{
	const char *netns = getenv("SGN_NETNS");
	if (netns == NULL || strcmp(netns, "1") != 0)
		skip(); /* never start named outside a private network namespace */
	live_t *lv = *state;
	assert_int_equal(sgn_runtime_local_new(&lv->rt), SGN_OK);
	bool restarted = true;
	assert_int_equal(sgn_runtime_ensure(lv->rt, &lv->spec, &restarted), SGN_OK);
	assert_false(restarted);
	pid_t pid = sgn_runtime_pid(lv->rt, LIVE_ID);
	assert_true(pid > 0);
	assert_true(wait_running(lv->rt, 20000));
	const char **ids = NULL;
	assert_int_equal(sgn_runtime_list(lv->rt, &ids), 1);
	assert_string_equal(ids[0], LIVE_ID);

	const char *status[] = {"status", NULL};
	char *out = NULL;
	assert_int_equal(sgn_runtime_rndc(lv->rt, LIVE_ID, status, &out), SGN_OK);
	assert_non_null(strstr(out, "server is up and running"));
	free(out);
	out = NULL;
	const char *nozone[] = {"dnssec", "-status", "nonexist.test", NULL};
	assert_int_equal(sgn_runtime_rndc(lv->rt, LIVE_ID, nozone, &out), SGN_EPROC);
	assert_non_null(out);
	free(out);
	out = NULL;
	/* The key manager runs right after load; give it a moment. */
	const char *dstatus[] = {"dnssec", "-status", "example.test", NULL};
	sgn_rndc_dnssec_status_t st;
	int rc = SGN_EPARSE;
	for (int i = 0; i < 50 && rc != SGN_OK; i++) {
		if (sgn_runtime_rndc(lv->rt, LIVE_ID, dstatus, &out) == SGN_OK)
			rc = sgn_runtime_parse_dnssec_status(out, &st);
		free(out);
		out = NULL;
		if (rc != SGN_OK)
			sleep_ms(200);
	}
	assert_int_equal(rc, SGN_OK);
	assert_string_equal(st.policy, "default");
	assert_int_equal(st.nkeys, 1);
	assert_string_equal(st.keys[0].role, "CSK");

	/* A crash: ensure restarts it (after the back-off) with a new pid. */
	assert_int_equal(kill(pid, SIGKILL), 0);
	for (int i = 0; i < 100 && sgn_runtime_pid(lv->rt, LIVE_ID) != 0; i++)
		sleep_ms(50); /* SIGKILL is delivered asynchronously */
	assert_int_equal(sgn_runtime_state(lv->rt, LIVE_ID), SGN_RUNTIME_STOPPED);
	restarted = false;
	for (int i = 0; i < 100 && !restarted; i++) {
		assert_int_equal(sgn_runtime_ensure(lv->rt, &lv->spec, &restarted), SGN_OK);
		if (!restarted)
			sleep_ms(100); /* back-off */
	}
	assert_true(restarted);
	pid_t pid2 = sgn_runtime_pid(lv->rt, LIVE_ID);
	assert_true(pid2 > 0 && pid2 != pid);
	assert_true(wait_running(lv->rt, 20000));
	/* Alive: ensure leaves it alone. */
	assert_int_equal(sgn_runtime_ensure(lv->rt, &lv->spec, &restarted), SGN_OK);
	assert_false(restarted);
	assert_int_equal(sgn_runtime_pid(lv->rt, LIVE_ID), pid2);

	assert_int_equal(sgn_runtime_stop(lv->rt, LIVE_ID), SGN_OK);
	assert_int_equal(kill(pid2, 0), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(sgn_runtime_state(lv->rt, LIVE_ID), SGN_RUNTIME_STOPPED);
	assert_int_equal(sgn_runtime_list(lv->rt, &ids), 0);
}

int main(void);
static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_parse_dnssec_status_default_csk),
	cmocka_unit_test(test_parse_dnssec_status_ksk_zsk),
	cmocka_unit_test(test_parse_dnssec_status_rollover_removed_key),
	cmocka_unit_test(test_parse_dnssec_status_rejects),
	cmocka_unit_test(test_rndc_verdict_reads_text),
	cmocka_unit_test(test_checkzone_ok_and_econfig),
	cmocka_unit_test(test_checkconf_ok_and_econfig),
	cmocka_unit_test(test_runtime_unknown_ids),
	cmocka_unit_test_setup_teardown(test_local_named_start_restart_stop, live_setup,
					live_teardown),
};
SGN_TEST_MAIN(tests)
