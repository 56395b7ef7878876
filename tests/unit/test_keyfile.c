/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "sgn/err.h"
#include "sgn/keyfile.h"
#include "sgn/keysource.h"
#include "sgn/policy.h"
#include "sgn/proc.h"
#include "sgn/util.h"

#define FIXTURES SGN_TEST_DATA "/keyfile"
/* The checked-in test-only keys (tests/data/keyfile/README.md). */
#define KSK "Kexample.com.+013+19644"
#define ZSK "Kexample.com.+013+13021"
#define EDK "Kexample.com.+015+20324"

#define MAXF 32

/* A Secret's worth of files, owned by the test. */
typedef struct set {
	size_t n;
	char *name[MAXF];
	char *data[MAXF];
	size_t len[MAXF];
} set_t;

static void set_add(set_t *s, const char *name, const char *data, size_t len)
{
	assert_true(s->n < MAXF);
	s->name[s->n] = sgn_xstrdup(name);
	s->data[s->n] = sgn_xmalloc(len + 1);
	memcpy(s->data[s->n], data, len);
	s->data[s->n][len] = '\0';
	s->len[s->n] = len;
	s->n++;
}

static int set_find(const set_t *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return (int)i;
	return -1;
}

static void set_remove(set_t *s, const char *name)
{
	int i = set_find(s, name);
	assert_true(i >= 0);
	free(s->name[i]);
	free(s->data[i]);
	for (size_t j = (size_t)i; j + 1 < s->n; j++) {
		s->name[j] = s->name[j + 1];
		s->data[j] = s->data[j + 1];
		s->len[j] = s->len[j + 1];
	}
	s->n--;
}

static void set_rename(set_t *s, const char *from, const char *to)
{
	int i = set_find(s, from);
	assert_true(i >= 0);
	free(s->name[i]);
	s->name[i] = sgn_xstrdup(to);
}

static void set_put(set_t *s, const char *name, const char *data)
{
	int i = set_find(s, name);
	assert_true(i >= 0);
	free(s->data[i]);
	s->data[i] = sgn_xstrdup(data);
	s->len[i] = strlen(data);
}

/* Replaces the first occurrence of `from` in file `name`. */
static void set_subst(set_t *s, const char *name, const char *from, const char *to)
{
	int i = set_find(s, name);
	assert_true(i >= 0);
	char *p = strstr(s->data[i], from);
	assert_non_null(p);
	char *out =
	    sgn_xasprintf("%.*s%s%s", (int)(p - s->data[i]), s->data[i], to, p + strlen(from));
	set_put(s, name, out);
	free(out);
}

static void set_free(set_t *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->name[i]);
		sgn_secure_free(s->data[i], s->len[i]);
	}
	s->n = 0;
}

/* Adds every file of dir whose name starts with prefix (all if NULL); "X" prefixes become "K". */
static void set_load(set_t *s, const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != 'K' && e->d_name[0] != 'X')
			continue;
		if (prefix != NULL && strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		char *path = sgn_path_join(dir, e->d_name);
		char *data = NULL;
		size_t len = 0;
		assert_int_equal(sgn_file_read(path, &data, &len), SGN_OK);
		char *name = sgn_xstrdup(e->d_name);
		name[0] = 'K';
		set_add(s, name, data, len);
		free(name);
		free(data);
		free(path);
	}
	closedir(d);
}

/* LF -> CRLF in every file. */
static void set_crlf(set_t *s)
{
	for (size_t i = 0; i < s->n; i++) {
		sgn_buf_t b;
		sgn_buf_init(&b);
		for (size_t j = 0; j < s->len[i]; j++) {
			if (s->data[i][j] == '\n')
				sgn_buf_append(&b, "\r", 1);
			sgn_buf_append(&b, &s->data[i][j], 1);
		}
		sgn_buf_append(&b, "", 1);
		char *t = sgn_buf_take(&b);
		set_put(s, s->name[i], t);
		free(t);
	}
}

static int set_check(const set_t *s, const char *zone, const sgn_policy_t *p,
		     sgn_keyfile_key_t *keys, size_t max, size_t *nkeys, size_t *nignored,
		     sgn_diag_t *diag)
{
	sgn_keyfile_in_t in[MAXF];
	for (size_t i = 0; i < s->n; i++) {
		in[i].name = s->name[i];
		in[i].data = s->data[i];
		in[i].len = s->len[i];
	}
	sgn_diag_clear(diag);
	return sgn_keyfile_check(in, s->n, zone, p, keys, max, nkeys, nignored, diag);
}

/* The message must not carry a single private value of the set. */
static void assert_no_key_material(const set_t *s, const char *msg)
{
	static const char *const fields[] = {"PrivateKey:", "PrivateExponent:", "Prime1:", NULL};
	for (size_t i = 0; i < s->n; i++) {
		for (int f = 0; fields[f] != NULL; f++) {
			const char *v = strstr(s->data[i], fields[f]);
			if (v == NULL)
				continue;
			v += strlen(fields[f]);
			while (*v == ' ')
				v++;
			char frag[9];
			snprintf(frag, sizeof(frag), "%s", v);
			if (strlen(frag) == 8 && strstr(msg, frag) != NULL)
				fail_msg("key material in message: %s", msg);
		}
	}
}

static void policy_add(sgn_policy_t *p, sgn_role_t role, uint8_t alg)
{
	assert_true(p->nkeys < SGN_POLICY_MAX_KEYS);
	p->keys[p->nkeys].role = role;
	p->keys[p->nkeys].algorithm = alg;
	p->nkeys++;
}

static sgn_policy_t policy_kz(uint8_t alg)
{
	sgn_policy_t p;
	sgn_policy_init_default(&p);
	snprintf(p.name, sizeof(p.name), "kz%u", alg);
	p.nkeys = 0;
	policy_add(&p, SGN_ROLE_KSK, alg);
	policy_add(&p, SGN_ROLE_ZSK, alg);
	return p;
}

static sgn_policy_t policy_csk(uint8_t alg)
{
	sgn_policy_t p;
	sgn_policy_init_default(&p);
	snprintf(p.name, sizeof(p.name), "csk%u", alg);
	p.nkeys = 0;
	policy_add(&p, SGN_ROLE_CSK, alg);
	return p;
}

static void expect_ok(const set_t *s, const char *zone, const sgn_policy_t *p, size_t nexpect)
{
	sgn_keyfile_key_t keys[8];
	size_t nk = 0, ni = 0;
	sgn_diag_t d;
	int rc = set_check(s, zone, p, keys, 8, &nk, &ni, &d);
	if (rc != SGN_OK)
		fail_msg("rejected: %s (%s)", d.message, sgn_strerror(rc));
	assert_int_equal(ERR_peek_error(), 0); /* no stale OpenSSL queue */
	assert_int_equal(nk, nexpect);
}

static void expect_reject(const set_t *s, const char *zone, const sgn_policy_t *p,
			  const char *substr, const char *field)
{
	size_t nk = 12345;
	sgn_diag_t d;
	assert_int_equal(set_check(s, zone, p, NULL, 0, &nk, NULL, &d), SGN_EKEY);
	assert_int_equal(nk, 12345);	       /* out-params untouched on failure */
	assert_int_equal(ERR_peek_error(), 0); /* queue drained */
	if (strstr(d.message, substr) == NULL)
		fail_msg("message '%s' lacks '%s'", d.message, substr);
	if (field != NULL)
		assert_string_equal(d.field, field);
	assert_no_key_material(s, d.message);
	print_message("rejected as expected: %s\n", d.message);
}

/* ---- good sets ---- */

static void test_keyfile_check_case027_evil_test(void **state)
{
	(void)state;
	set_t s = {0};
	set_load(&s, SGN_CASES "/027-bind-real-keyfiles/evil.test", "Kevil.test.");
	sgn_policy_t p = policy_kz(13);
	sgn_keyfile_key_t keys[4];
	size_t nk = 0, ni = 99;
	sgn_diag_t d;
	assert_int_equal(set_check(&s, "EVIL.test", &p, keys, 4, &nk, &ni, &d), SGN_OK);
	assert_int_equal(nk, 2);
	assert_int_equal(ni, 0);
	for (size_t i = 0; i < nk; i++) {
		assert_string_equal(keys[i].zone, "evil.test.");
		assert_int_equal(keys[i].algorithm, 13);
		assert_int_equal(keys[i].flags, keys[i].tag == 10491 ? 257 : 256);
		assert_true(keys[i].tag == 10491 || keys[i].tag == 12713);
		assert_false(keys[i].has_state);
	}
	set_free(&s);
}

static void test_keyfile_check_case027_rsa_big_exponent_rejected(void **state)
{
	(void)state;
	set_t s = {0};
	set_load(&s, SGN_CASES "/027-bind-real-keyfiles/rsabigexponent", NULL);
	sgn_policy_t p = policy_kz(8);
	expect_reject(&s, "example", &p, "Kexample.+008+52810.key: RSA public exponent has 49 bits",
		      NULL);
	set_free(&s);
}

static void test_keyfile_check_case027_rsa_ksk_as_csk(void **state)
{
	(void)state;
	set_t s = {0};
	set_load(&s, SGN_CASES "/027-bind-real-keyfiles/rsabigexponent", "Xexample.+008+51650");
	sgn_policy_t p = policy_csk(8);
	expect_ok(&s, "example.", &p, 1);
	/* The same real RSA key with one CRT field replaced by another's: not one key pair. */
	int i = set_find(&s, "Kexample.+008+51650.private");
	char *prime2 = strstr(s.data[i], "Prime2: ");
	char *prime1 = strstr(s.data[i], "Prime1: ");
	assert_non_null(prime1);
	assert_non_null(prime2);
	memcpy(prime1 + 8, prime2 + 8, 16);
	expect_reject(&s, "example.", &p, "do not form one key pair", NULL);
	set_free(&s);
}

static void test_keyfile_check_case008_p256_p384(void **state)
{
	(void)state;
	set_t s = {0};
	set_load(&s, SGN_CASES "/008-rfc6605-ecdsa-p256-p384", NULL);
	sgn_policy_t p = policy_csk(13);
	policy_add(&p, SGN_ROLE_CSK, 14);
	expect_ok(&s, "example.net", &p, 2);
	set_free(&s);
}

static void test_keyfile_check_fixture_ok_and_other_zones_ignored(void **state)
{
	(void)state;
	set_t s = {0};
	set_load(&s, FIXTURES, "Kexample.com.+013+");
	set_add(&s, "Kexample.org.+013+00001.key", "junk", 4);
	set_add(&s, "Kexample.org.+013+00001.private", "junk", 4);
	set_add(&s, "K.+008+20326.key", "junk", 4);
	sgn_policy_t p = policy_kz(13);
	sgn_keyfile_key_t keys[1];
	size_t nk = 0, ni = 0;
	sgn_diag_t d;
	assert_int_equal(set_check(&s, "Example.COM.", &p, keys, 1, &nk, &ni, &d), SGN_OK);
	assert_int_equal(nk, 2); /* more than max: only one written */
	assert_int_equal(ni, 3);
	assert_string_equal(keys[0].zone, "example.com.");
	bool ksk_first = keys[0].tag == 19644;
	assert_int_equal(keys[0].flags, ksk_first ? 257 : 256);
	assert_true(keys[0].has_state == ksk_first);
	assert_true(strcmp(keys[0].base, ksk_first ? KSK : ZSK) == 0);
	set_free(&s);
}

static void test_keyfile_check_fixture_crlf_comments_blank_lines(void **state)
{
	(void)state;
	set_t s = {0};
	set_load(&s, FIXTURES, "Kexample.com.+013+");
	int i = set_find(&s, KSK ".key");
	char *t = sgn_xasprintf("; a comment\n\n%s; trailing comment\n\n\n\n", s.data[i]);
	set_put(&s, KSK ".key", t);
	free(t);
	i = set_find(&s, KSK ".private");
	t = sgn_xasprintf("%s\n\n\n", s.data[i]);
	set_put(&s, KSK ".private", t);
	free(t);
	i = set_find(&s, KSK ".state");
	t = sgn_xasprintf("%s\n; comment\n\n", s.data[i]);
	set_put(&s, KSK ".state", t);
	free(t);
	sgn_policy_t p = policy_kz(13);
	expect_ok(&s, "example.com", &p, 2);
	set_crlf(&s);
	expect_ok(&s, "example.com", &p, 2);
	set_free(&s);
}

static void test_keyfile_check_root_zone_names(void **state)
{
	(void)state;
	/* "K.+..." is the root: its zone is ".", not another zone to ignore. */
	set_t s = {0};
	set_add(&s, "K.+013+00001.key", "; nothing\n", 10);
	sgn_policy_t p = policy_csk(13);
	expect_reject(&s, ".", &p, "K.+013+00001.key: no matching .private", NULL);
	size_t nk, ni = 0;
	sgn_diag_t d;
	assert_int_equal(set_check(&s, "example.com", &p, NULL, 0, &nk, &ni, &d), SGN_EKEY);
	assert_int_equal(ni, 0); /* not written on failure */
	assert_non_null(
	    strstr(d.message, "1 file(s) for other zones ignored, first K.+013+00001.key"));
	set_free(&s);
}

/* ---- dnssec-keygen at test time ---- */

static bool have_keygen(void)
{
	const char *argv[] = {"sh", "-c", "command -v dnssec-keygen", NULL};
	int st = -1;
	return sgn_proc_run(argv, 5000, NULL, &st) == SGN_OK && st == 0;
}

static void keygen(const char *dir, const char *alg, bool ksk, const char *zone)
{
	const char *argv[12];
	int a = 0, st = -1;
	argv[a++] = "dnssec-keygen";
	argv[a++] = "-q";
	argv[a++] = "-K";
	argv[a++] = dir;
	argv[a++] = "-a";
	argv[a++] = alg;
	if (strncmp(alg, "RSA", 3) == 0) {
		argv[a++] = "-b";
		argv[a++] = "2048";
	}
	if (ksk) {
		argv[a++] = "-f";
		argv[a++] = "KSK";
	}
	argv[a++] = zone;
	argv[a] = NULL;
	char *out = NULL;
	assert_int_equal(sgn_proc_run(argv, 60000, &out, &st), SGN_OK);
	if (st != 0)
		fail_msg("dnssec-keygen %s: %s", alg, out);
	free(out);
}

static void test_keyfile_check_generated_sets(void **state)
{
	(void)state;
	if (!have_keygen())
		skip();
	static const struct {
		const char *alg;
		uint8_t num;
		bool csk;
	} rows[] = {
	    {"ECDSAP256SHA256", 13, false}, {"RSASHA256", 8, false}, {"ED25519", 15, false},
	    {"ECDSAP384SHA384", 14, true},  {"ED448", 16, false},    {"ECDSAP256SHA256", 13, true},
	};
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		char dir[] = "/tmp/sgn-keyfile-XXXXXX";
		assert_non_null(mkdtemp(dir));
		keygen(dir, rows[r].alg, true, "gen.test");
		if (!rows[r].csk)
			keygen(dir, rows[r].alg, false, "gen.test");
		set_t s = {0};
		set_load(&s, dir, NULL);
		sgn_policy_t p = rows[r].csk ? policy_csk(rows[r].num) : policy_kz(rows[r].num);
		print_message("%s %s\n", rows[r].alg, rows[r].csk ? "CSK" : "KSK+ZSK");
		expect_ok(&s, "gen.test.", &p, rows[r].csk ? 1 : 2);
		set_crlf(&s);
		expect_ok(&s, "gen.test.", &p, rows[r].csk ? 1 : 2);
		set_free(&s);
		assert_int_equal(sgn_rm_rf(dir), SGN_OK);
	}
}

/* Two generated RSA keys of the same zone: swapped .private files only differ in key material. */
static void test_keyfile_check_generated_rsa_swapped_private(void **state)
{
	(void)state;
	if (!have_keygen())
		skip();
	char dir[] = "/tmp/sgn-keyfile-XXXXXX";
	assert_non_null(mkdtemp(dir));
	keygen(dir, "RSASHA256", true, "gen.test");
	keygen(dir, "RSASHA256", false, "gen.test");
	set_t s = {0};
	set_load(&s, dir, NULL);
	assert_int_equal(s.n, 4);
	int a = -1, b = -1;
	for (size_t i = 0; i < s.n; i++)
		if (sgn_str_has_suffix(s.name[i], ".private"))
			*(a < 0 ? &a : &b) = (int)i;
	char *t = s.data[a];
	s.data[a] = s.data[b];
	s.data[b] = t;
	size_t l = s.len[a];
	s.len[a] = s.len[b];
	s.len[b] = l;
	sgn_policy_t p = policy_kz(8);
	expect_reject(&s, "gen.test", &p, "the private key does not belong to the public key",
		      NULL);
	/* Missing CRT field. */
	set_free(&s);
	set_load(&s, dir, NULL);
	for (size_t i = 0; i < s.n; i++)
		if (sgn_str_has_suffix(s.name[i], ".private")) {
			set_subst(&s, s.name[i], "Prime1:", "Prime9:");
			break;
		}
	expect_reject(&s, "gen.test", &p, "missing field Prime1", "Prime1");
	set_free(&s);
	assert_int_equal(sgn_rm_rf(dir), SGN_OK);
}

/* ---- broken variants of the checked-in fixture, one case each ---- */

typedef void (*mutate_fn)(set_t *s, sgn_policy_t *p);

static void run_variant(mutate_fn fn, const char *substr, const char *field)
{
	set_t s = {0};
	set_load(&s, FIXTURES, "Kexample.com.+013+");
	sgn_policy_t p = policy_kz(13);
	expect_ok(&s, "example.com", &p, 2);
	fn(&s, &p);
	expect_reject(&s, "example.com", &p, substr, field);
	set_free(&s);
}

static void m_missing_private(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_remove(s, KSK ".private");
}
static void m_missing_key(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_remove(s, ZSK ".key");
}
static void m_wrong_owner(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".key", "example.com. IN DNSKEY", "example.org. IN DNSKEY");
}
static void m_wrong_zone_in_name(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_rename(s, KSK ".key", "Kexample.org.+013+19644.key");
	set_rename(s, KSK ".private", "Kexample.org.+013+19644.private");
	set_rename(s, KSK ".state", "Kexample.org.+013+19644.state");
}
static void m_wrong_tag_in_name(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_rename(s, KSK ".key", "Kexample.com.+013+19645.key");
	set_rename(s, KSK ".private", "Kexample.com.+013+19645.private");
	set_rename(s, KSK ".state", "Kexample.com.+013+19645.state");
}
static void m_wrong_alg_in_name(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_rename(s, ZSK ".key", "Kexample.com.+014+13021.key");
	set_rename(s, ZSK ".private", "Kexample.com.+014+13021.private");
}
static void m_alg_not_policy(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_load(s, FIXTURES, EDK);
}
static void m_private_of_other_key(set_t *s, sgn_policy_t *p)
{
	(void)p;
	int a = set_find(s, KSK ".private"), b = set_find(s, ZSK ".private");
	char *t = s->data[a];
	s->data[a] = s->data[b];
	s->data[b] = t;
	size_t l = s->len[a];
	s->len[a] = s->len[b];
	s->len[b] = l;
}
static void m_unparsable_key(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_put(s, KSK ".key", "example.com. IN DNSKEY 257 3 13 !!!not-base64!!!\n");
}
static void m_two_records_in_key(set_t *s, sgn_policy_t *p)
{
	(void)p;
	int i = set_find(s, KSK ".key");
	char *t = sgn_xasprintf("%s%s", s->data[i], s->data[i]);
	set_put(s, KSK ".key", t);
	free(t);
}
static void m_missing_privatekey_field(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, ZSK ".private", "PrivateKey:", "PublicKey:");
}
static void m_unsupported_format(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".private", "Private-key-format: v1.3", "Private-key-format: v2.0");
}
static void m_private_algorithm(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".private", "Algorithm: 13 (ECDSAP256SHA256)",
		  "Algorithm: 14 (ECDSAP384SHA384)");
}
static void m_bad_base64(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".private", "PrivateKey: ", "PrivateKey: A");
}
static void m_bad_state(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".state", "KSK: yes", "KSK yes");
}
/* Lifecycle data that would make named drop the user's key and generate its own. */
static void m_state_retired(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".state", "KSK: yes", "KSK: yes\nRetired: 20000101000000");
}
static void m_state_lifetime(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".state", "Lifetime: 0", "Lifetime: 1");
}
static void m_state_goal_hidden(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".state", "GoalState: omnipresent", "GoalState: hidden");
}
static void m_state_role(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".state", "KSK: yes", "KSK: no");
}
static void m_private_inactive(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_subst(s, KSK ".private", "PrivateKey: ", "Inactive: 20000101000000\nPrivateKey: ");
}
static void m_state_without_key(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_add(s, "Kexample.com.+013+11111.state", "Algorithm: 13\n", 14);
}
static void m_not_a_key_file_name(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_add(s, "README", "hello\n", 6);
}
static void m_zsk_under_csk_policy(set_t *s, sgn_policy_t *p)
{
	(void)s;
	*p = policy_csk(13);
}
static void m_missing_zsk(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_remove(s, ZSK ".key");
	set_remove(s, ZSK ".private");
}
static void m_duplicate_case(set_t *s, sgn_policy_t *p)
{
	(void)p;
	int i = set_find(s, ZSK ".key");
	char *d = sgn_xstrdup(s->data[i]);
	set_add(s, "KEXAMPLE.COM.+013+13021.key", d, strlen(d));
	free(d);
}

static void m_mixed_case_pair(set_t *s, sgn_policy_t *p)
{
	(void)p;
	set_rename(s, ZSK ".private", "KEXAMPLE.COM.+013+13021.private");
}

static void m_inactive_date(set_t *s, sgn_policy_t *p)
{
	(void)p;
	int i = set_find(s, ZSK ".private");
	char *d = sgn_xasprintf("%sInactive: 20300101000000\n", s->data[i]);
	set_put(s, ZSK ".private", d);
	free(d);
}

#define VARIANT(name, substr, field)                                                               \
	static void test_keyfile_check_rejects_##name(void **state)                                \
	{                                                                                          \
		(void)state;                                                                       \
		run_variant(m_##name, substr, field);                                              \
	}

VARIANT(missing_private, KSK ".key: no matching .private file", NULL)
VARIANT(missing_key, ZSK ".private: no matching .key file", NULL)
VARIANT(wrong_owner, KSK ".key: DNSKEY owner example.org. is not the zone example.com.", NULL)
VARIANT(wrong_zone_in_name,
	"no KSK (flags 257) key file for algorithm 13 (ECDSAP256SHA256), which policy kz13 needs; "
	"3 file(s) for other zones ignored, first Kexample.org.+013+19644.key",
	NULL)
VARIANT(wrong_tag_in_name,
	"Kexample.com.+013+19645.key: the file name says key tag 19645 but the DNSKEY's key tag is "
	"19644",
	NULL)
VARIANT(wrong_alg_in_name, "the file name says algorithm 14 but the DNSKEY has algorithm 13", NULL)
VARIANT(alg_not_policy, EDK ".key: algorithm 15 (ED25519) is not one the policy kz13 uses", NULL)
VARIANT(private_of_other_key,
	KSK ".private: the private key does not belong to the public key in " KSK ".key", NULL)
VARIANT(unparsable_key, KSK ".key: cannot parse the DNSKEY record", NULL)
VARIANT(two_records_in_key,
	KSK ".key: cannot parse: 2 records where one DNSKEY record was expected", NULL)
VARIANT(missing_privatekey_field, ZSK ".private: missing field PrivateKey", "PrivateKey")
VARIANT(unsupported_format, KSK ".private: unsupported Private-key-format", "Private-key-format")
VARIANT(inactive_date, ZSK ".private: field Inactive would make named retire the key", "Inactive")
VARIANT(private_algorithm, KSK ".private: field Algorithm does not say algorithm 13", "Algorithm")
VARIANT(bad_base64, KSK ".private: field PrivateKey is not valid base64", "PrivateKey")
VARIANT(bad_state, KSK ".state: line 5 is not 'Field: value'", NULL)
VARIANT(state_retired, KSK ".state: field Retired would make named retire the key", "Retired")
VARIANT(state_lifetime, KSK ".state: Lifetime must be 0", "Lifetime")
VARIANT(state_goal_hidden, KSK ".state: GoalState must be omnipresent", "GoalState")
VARIANT(state_role, KSK ".state: the KSK/ZSK roles do not match the DNSKEY flags 257", NULL)
VARIANT(private_inactive, KSK ".private: field Inactive would make named retire the key", "Inactive")
VARIANT(state_without_key, "Kexample.com.+013+11111.state: no matching .key file", NULL)
VARIANT(not_a_key_file_name, "README: not a BIND key file name", NULL)
VARIANT(zsk_under_csk_policy,
	ZSK ".key: a ZSK (flags 256) but the policy csk13 signs algorithm 13 with a CSK", NULL)
VARIANT(missing_zsk, "zone example.com.: no ZSK (flags 256) key file for algorithm 13", NULL)
VARIANT(mixed_case_pair, "KEXAMPLE.COM.+013+13021.private: name differs in case from " ZSK, NULL)
VARIANT(duplicate_case, "KEXAMPLE.COM.+013+13021.key: same algorithm and key tag as " ZSK ".key",
	NULL)

static void test_keyfile_check_bad_arguments(void **state)
{
	(void)state;
	set_t s = {0};
	sgn_policy_t p = policy_kz(13), empty = p;
	empty.nkeys = 0;
	size_t nk;
	sgn_diag_t d;
	assert_int_equal(set_check(&s, "example.com", NULL, NULL, 0, &nk, NULL, &d), SGN_EINVAL);
	assert_int_equal(set_check(&s, "", &p, NULL, 0, &nk, NULL, &d), SGN_EINVAL);
	assert_int_equal(set_check(&s, "a..b", &p, NULL, 0, &nk, NULL, &d), SGN_EINVAL);
	assert_int_equal(set_check(&s, "example.com", &p, NULL, 1, &nk, NULL, &d), SGN_EINVAL);
	assert_int_equal(set_check(&s, "example.com", &empty, NULL, 0, &nk, NULL, &d), SGN_EINVAL);
	assert_non_null(strstr(d.message, "has no keys"));
	/* An empty set is a key error, not an argument error. */
	assert_int_equal(set_check(&s, "example.com", &p, NULL, 0, &nk, NULL, &d), SGN_EKEY);
	assert_non_null(strstr(d.message, "no KSK (flags 257) key file"));
}

/* named rewrites the key files it uses (TTL, SyncPublish, ...): that is still the same
 * key, so signet must not copy the user's version back over named's; another key is not. */
static void test_keyfile_same_key_ignores_named_metadata(void **state)
{
	(void)state;
	const char *user_key = "; This is a key-signing key, keyid 19644, for example.com.\n"
			       "; Created: 20260101000000 (Thu Jan  1 00:00:00 2026)\n"
			       "example.com. IN DNSKEY 257 3 13 AAAA BBBB\n";
	const char *named_key = "; This is a key-signing key, keyid 19644, for example.com.\n"
				"; Created: 20260101000000 (Thu Jan  1 00:00:00 2026)\n"
				"; SyncPublish: 20260102000000 (Fri Jan  2 00:00:00 2026)\r\n"
				"example.com. 3600 IN DNSKEY 257 3 13 AAAA  BBBB\r\n\n";
	const char *other_key = "example.com. 3600 IN DNSKEY 257 3 13 AAAA CCCC\n";
	const char *n = "Kexample.com.+013+19644.key";
	assert_true(sgn_keyfile_same_key(n, user_key, strlen(user_key), named_key, strlen(named_key)));
	assert_false(sgn_keyfile_same_key(n, user_key, strlen(user_key), other_key, strlen(other_key)));
	const char *user_priv = "Private-key-format: v1.2\nAlgorithm: 13 (ECDSAP256SHA256)\n"
				"PrivateKey: Zm9v\n";
	const char *named_priv = "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\n"
				 "PrivateKey: Zm9v\nCreated: 20260101000000\nPublish: 20260101000000\n"
				 "Activate: 20260101000000\nSyncPublish: 20260102000000\n";
	const char *other_priv = "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\n"
				 "PrivateKey: YmFy\n";
	const char *p = "Kexample.com.+013+19644.private";
	assert_true(sgn_keyfile_same_key(p, user_priv, strlen(user_priv), named_priv, strlen(named_priv)));
	assert_false(sgn_keyfile_same_key(p, user_priv, strlen(user_priv), other_priv, strlen(other_priv)));
	assert_false(sgn_keyfile_same_key(p, "", 0, "junk", 4));
}

/* A key without times (dnssec-keygen -G) is one named can take as a successor; a key with
 * Publish/Activate/SyncPublish, or with a .state, is not. */
static void test_keyfile_check_unused_keys(void **state)
{
	(void)state;
	set_t s = {0};
	set_load(&s, FIXTURES, "Kexample.com.+013+");
	sgn_policy_t p = policy_kz(13);
	sgn_keyfile_key_t keys[2];
	size_t nk = 0;
	sgn_diag_t d;
	assert_int_equal(set_check(&s, "example.com", &p, keys, 2, &nk, NULL, &d), SGN_OK);
	for (size_t i = 0; i < nk; i++)
		assert_false(keys[i].unused); /* both have Publish/Activate; the KSK has a .state too */
	int z = set_find(&s, ZSK ".private");
	char *orig = sgn_xstrdup(s.data[z]);
	static const char *const drop[] = {"Publish:", "Activate:"};
	char *t = sgn_xstrdup(orig);
	for (size_t k = 0; k < 2; k++) {
		char *l = strstr(t, drop[k]);
		assert_non_null(l);
		char *e = strchr(l, '\n');
		memmove(l, e + 1, strlen(e + 1) + 1);
	}
	set_put(&s, ZSK ".private", t);
	assert_int_equal(set_check(&s, "example.com", &p, keys, 2, &nk, NULL, &d), SGN_OK);
	for (size_t i = 0; i < nk; i++)
		assert_true(keys[i].unused == (keys[i].tag == 13021));
	char *sp = sgn_xasprintf("%sSyncPublish: 20261203185239\n", t);
	set_put(&s, ZSK ".private", sp);
	assert_int_equal(set_check(&s, "example.com", &p, keys, 2, &nk, NULL, &d), SGN_OK);
	for (size_t i = 0; i < nk; i++)
		assert_false(keys[i].unused);
	free(sp);
	free(t);
	free(orig);
	set_free(&s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_keyfile_check_case027_evil_test),
    cmocka_unit_test(test_keyfile_check_case027_rsa_big_exponent_rejected),
    cmocka_unit_test(test_keyfile_check_case027_rsa_ksk_as_csk),
    cmocka_unit_test(test_keyfile_check_case008_p256_p384),
    cmocka_unit_test(test_keyfile_check_fixture_ok_and_other_zones_ignored),
    cmocka_unit_test(test_keyfile_check_fixture_crlf_comments_blank_lines),
    cmocka_unit_test(test_keyfile_check_root_zone_names),
    cmocka_unit_test(test_keyfile_check_unused_keys),
    cmocka_unit_test(test_keyfile_check_generated_sets),
    cmocka_unit_test(test_keyfile_check_generated_rsa_swapped_private),
    cmocka_unit_test(test_keyfile_check_rejects_missing_private),
    cmocka_unit_test(test_keyfile_check_rejects_missing_key),
    cmocka_unit_test(test_keyfile_check_rejects_wrong_owner),
    cmocka_unit_test(test_keyfile_check_rejects_wrong_zone_in_name),
    cmocka_unit_test(test_keyfile_check_rejects_wrong_tag_in_name),
    cmocka_unit_test(test_keyfile_check_rejects_wrong_alg_in_name),
    cmocka_unit_test(test_keyfile_check_rejects_alg_not_policy),
    cmocka_unit_test(test_keyfile_check_rejects_private_of_other_key),
    cmocka_unit_test(test_keyfile_check_rejects_unparsable_key),
    cmocka_unit_test(test_keyfile_check_rejects_two_records_in_key),
    cmocka_unit_test(test_keyfile_check_rejects_missing_privatekey_field),
    cmocka_unit_test(test_keyfile_check_rejects_unsupported_format),
    cmocka_unit_test(test_keyfile_check_rejects_private_algorithm),
    cmocka_unit_test(test_keyfile_check_rejects_inactive_date),
    cmocka_unit_test(test_keyfile_check_rejects_bad_base64),
    cmocka_unit_test(test_keyfile_check_rejects_bad_state),
    cmocka_unit_test(test_keyfile_check_rejects_state_retired),
    cmocka_unit_test(test_keyfile_check_rejects_state_lifetime),
    cmocka_unit_test(test_keyfile_check_rejects_state_goal_hidden),
    cmocka_unit_test(test_keyfile_check_rejects_state_role),
    cmocka_unit_test(test_keyfile_check_rejects_private_inactive),
    cmocka_unit_test(test_keyfile_check_rejects_state_without_key),
    cmocka_unit_test(test_keyfile_check_rejects_not_a_key_file_name),
    cmocka_unit_test(test_keyfile_check_rejects_zsk_under_csk_policy),
    cmocka_unit_test(test_keyfile_check_rejects_missing_zsk),
    cmocka_unit_test(test_keyfile_check_rejects_duplicate_case),
    cmocka_unit_test(test_keyfile_check_rejects_mixed_case_pair),
    cmocka_unit_test(test_keyfile_check_bad_arguments),
    cmocka_unit_test(test_keyfile_same_key_ignores_named_metadata),
};
SGN_TEST_MAIN(tests)
