/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgn/err.h"
#include "sgn/store.h"
#include "sgn/util.h"

typedef struct fixture {
	char dir[64];
	sgn_store_t *s;
} fixture_t;

static int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/sgn-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	char *sub = sgn_path_join(f->dir, "state");
	if (sgn_store_fs_open(&f->s, sub) != SGN_OK)
		return -1;
	free(sub);
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

static json_t *obj(const char *kind, const char *ns, const char *name, int v)
{
	return json_pack("{s:s,s:{s:s,s:s},s:{s:i}}", "kind", kind, "metadata", "namespace", ns,
			 "name", name, "spec", "v", v);
}

static void put(sgn_store_t *s, const char *kind, const char *ns, const char *name, int v,
		const char *att)
{
	json_t *o = obj(kind, ns, name, v);
	sgn_store_put_t it = {kind, ns, name, o, att};
	assert_int_equal(sgn_store_put_all(s, &it, 1), SGN_OK);
	json_decref(o);
}

static int spec_v(const json_t *o)
{
	return (int)json_integer_value(json_object_get(json_object_get(o, "spec"), "v"));
}

static void test_store_put_all_get_list_sorted(void **state)
{
	fixture_t *f = *state;
	static const struct {
		const char *ns, *name;
	} items[] = {{"zeta", "b"}, {"alpha", "z"}, {"alpha", "a"}, {"zeta", "a"}, {"mid", "m"}};
	sgn_store_put_t puts[5];
	json_t *objs[5];
	for (size_t i = 0; i < 5; i++) {
		objs[i] = obj("DNSZone", items[i].ns, items[i].name, (int)i);
		puts[i] = (sgn_store_put_t){"DNSZone", items[i].ns, items[i].name, objs[i], NULL};
	}
	assert_int_equal(sgn_store_put_all(f->s, puts, 5), SGN_OK);
	put(f->s, "ARecord", "alpha", "r", 9, NULL);
	for (size_t i = 0; i < 5; i++) {
		json_t *got = NULL;
		assert_int_equal(sgn_store_get(f->s, "DNSZone", items[i].ns, items[i].name, &got), SGN_OK);
		assert_true(json_equal(got, objs[i]));
		json_decref(got);
		json_decref(objs[i]);
	}
	json_t *l = NULL;
	assert_int_equal(sgn_store_list(f->s, "DNSZone", NULL, &l), SGN_OK);
	static const char *want_all[] = {"alpha/a", "alpha/z", "mid/m", "zeta/a", "zeta/b"};
	assert_int_equal(json_array_size(l), 5);
	for (size_t i = 0; i < 5; i++) {
		const json_t *md = json_object_get(json_array_get(l, i), "metadata");
		char *k = sgn_xasprintf("%s/%s", json_string_value(json_object_get(md, "namespace")),
					json_string_value(json_object_get(md, "name")));
		assert_string_equal(k, want_all[i]);
		free(k);
	}
	json_decref(l);
	assert_int_equal(sgn_store_list(f->s, "DNSZone", "zeta", &l), SGN_OK);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_array_get(l, 0), "metadata"), "name")),
			    "a");
	json_decref(l);
	assert_int_equal(sgn_store_list(f->s, "DNSZone", "nope", &l), SGN_OK);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	assert_int_equal(sgn_store_list(f->s, "MXRecord", NULL, &l), SGN_OK);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	json_t *got = NULL;
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "alpha", "missing", &got), SGN_ENOTFOUND);
	assert_int_equal(sgn_store_get(f->s, "ARecord", "zeta", "r", &got), SGN_ENOTFOUND);
}

static void test_store_get_merges_status(void **state)
{
	fixture_t *f = *state;
	put(f->s, "DNSZone", "ns", "z", 1, NULL);
	json_t *st = json_pack("{s:s}", "phase", "Ready");
	assert_int_equal(sgn_store_put_status(f->s, "DNSZone", "ns", "z", st), SGN_OK);
	json_t *got = NULL;
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "ns", "z", &got), SGN_OK);
	assert_true(json_equal(json_object_get(got, "status"), st));
	assert_int_equal(spec_v(got), 1);
	json_decref(got);
	json_t *l = NULL;
	assert_int_equal(sgn_store_list(f->s, "DNSZone", NULL, &l), SGN_OK);
	assert_true(json_equal(json_object_get(json_array_get(l, 0), "status"), st));
	json_decref(l);
	/* a new put keeps the status (observed state is separate) */
	put(f->s, "DNSZone", "ns", "z", 2, NULL);
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "ns", "z", &got), SGN_OK);
	assert_int_equal(spec_v(got), 2);
	assert_true(json_equal(json_object_get(got, "status"), st));
	json_decref(got);
	json_decref(st);
}

static void test_store_delete_removes_status_and_attachment(void **state)
{
	fixture_t *f = *state;
	put(f->s, "DNSZone", "ns", "z", 1, "$ORIGIN x.\n");
	json_t *st = json_pack("{s:s}", "phase", "Ready");
	assert_int_equal(sgn_store_put_status(f->s, "DNSZone", "ns", "z", st), SGN_OK);
	json_decref(st);
	char *att = NULL;
	assert_int_equal(sgn_store_attachment(f->s, "DNSZone", "ns", "z", &att), SGN_OK);
	assert_string_equal(att, "$ORIGIN x.\n");
	free(att);
	assert_int_equal(sgn_store_delete(f->s, "DNSZone", "ns", "z"), SGN_OK);
	json_t *got = NULL;
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "ns", "z", &got), SGN_ENOTFOUND);
	att = NULL;
	assert_int_equal(sgn_store_attachment(f->s, "DNSZone", "ns", "z", &att), SGN_ENOENT);
	assert_null(att);
	assert_int_equal(sgn_store_delete(f->s, "DNSZone", "ns", "z"), SGN_ENOTFOUND);
	/* re-created: no stale status */
	put(f->s, "DNSZone", "ns", "z", 3, NULL);
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "ns", "z", &got), SGN_OK);
	assert_null(json_object_get(got, "status"));
	json_decref(got);
	/* a put without attachment drops an earlier one */
	put(f->s, "DNSZone", "ns", "y", 1, "text");
	put(f->s, "DNSZone", "ns", "y", 2, NULL);
	assert_int_equal(sgn_store_attachment(f->s, "DNSZone", "ns", "y", &att), SGN_ENOENT);
}

static void test_store_generation_bumps(void **state)
{
	fixture_t *f = *state;
	unsigned long long g0 = 99, g1 = 0, g2 = 0, g3 = 0, g4 = 0;
	assert_int_equal(sgn_store_generation(f->s, &g0), SGN_OK);
	assert_true(g0 == 0);
	put(f->s, "DNSZone", "ns", "z", 1, NULL);
	sgn_store_generation(f->s, &g1);
	assert_true(g1 > g0);
	json_t *st = json_object();
	sgn_store_put_status(f->s, "DNSZone", "ns", "z", st);
	sgn_store_put_state(f->s, "ports", st);
	json_decref(st);
	sgn_store_generation(f->s, &g2);
	assert_true(g2 == g1); /* status and state writes are not user changes */
	assert_int_equal(sgn_store_delete(f->s, "DNSZone", "ns", "z"), SGN_OK);
	sgn_store_generation(f->s, &g3);
	assert_true(g3 > g2);
	assert_int_equal(sgn_store_delete(f->s, "DNSZone", "ns", "z"), SGN_ENOTFOUND);
	sgn_store_generation(f->s, &g4);
	assert_true(g4 == g3);
}

static void test_store_state_get_put(void **state)
{
	fixture_t *f = *state;
	json_t *got = NULL;
	assert_int_equal(sgn_store_get_state(f->s, "ports", &got), SGN_ENOTFOUND);
	json_t *v = json_pack("{s:{s:i,s:i}}", "a/b/primary-0", "dns", 5300, "rndc", 6300);
	assert_int_equal(sgn_store_put_state(f->s, "ports", v), SGN_OK);
	assert_int_equal(sgn_store_get_state(f->s, "ports", &got), SGN_OK);
	assert_true(json_equal(got, v));
	json_decref(got);
	json_object_set_new(v, "x", json_true());
	assert_int_equal(sgn_store_put_state(f->s, "ports", v), SGN_OK);
	assert_int_equal(sgn_store_get_state(f->s, "ports", &got), SGN_OK);
	assert_true(json_equal(got, v));
	json_decref(got);
	json_decref(v);
	assert_non_null(sgn_store_dir(f->s));
	assert_int_equal(sgn_store_lock(f->s, true), SGN_OK);
	sgn_store_unlock(f->s);
	assert_int_equal(sgn_store_lock(f->s, false), SGN_OK);
	sgn_store_unlock(f->s);
}

/* Checks every file is 0600 and every directory 0700 under path. */
static void walk_modes(const char *path, size_t *nfiles)
{
	DIR *d = opendir(path);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = sgn_path_join(path, e->d_name);
		struct stat st;
		assert_int_equal(lstat(p, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			if ((st.st_mode & 07777) != 0700)
				fail_msg("dir %s mode %o", p, st.st_mode & 07777);
			walk_modes(p, nfiles);
		} else {
			assert_true(S_ISREG(st.st_mode));
			if ((st.st_mode & 07777) != 0600)
				fail_msg("file %s mode %o", p, st.st_mode & 07777);
			(*nfiles)++;
		}
		free(p);
	}
	closedir(d);
}

static void test_store_file_and_dir_modes(void **state)
{
	fixture_t *f = *state;
	mode_t old = umask(0);	/* the store must not depend on the caller's umask */
	put(f->s, "DNSZone", "ns", "z", 1, "zone text");
	put(f->s, "ARecord", "other", "r", 1, NULL);
	json_t *st = json_pack("{s:s}", "phase", "Ready");
	sgn_store_put_status(f->s, "DNSZone", "ns", "z", st);
	sgn_store_put_state(f->s, "serials", st);
	json_decref(st);
	umask(old);
	struct stat sb;
	assert_int_equal(stat(sgn_store_dir(f->s), &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	size_t n = 0;
	walk_modes(sgn_store_dir(f->s), &n);
	assert_true(n >= 6); /* 2 json + att + status + state + generation + lock */
}

static void test_store_put_all_rolls_back_on_failure(void **state)
{
	fixture_t *f = *state;
	put(f->s, "DNSZone", "ns", "a", 1, "old attachment");
	put(f->s, "DNSZone", "ns", "b", 1, NULL);
	unsigned long long g0 = 0, g1 = 0;
	sgn_store_generation(f->s, &g0);
	/* a kind "directory" that is a regular file makes the third write fail */
	char *bad = sgn_xasprintf("%s/resources/Blocked", sgn_store_dir(f->s));
	assert_int_equal(sgn_file_write_atomic(bad, "x", 1, 0600), SGN_OK);
	json_t *a2 = obj("DNSZone", "ns", "a", 2), *c2 = obj("DNSZone", "ns", "c", 2),
	       *x = obj("Blocked", "ns", "x", 2);
	sgn_store_put_t items[] = {
		{"DNSZone", "ns", "a", a2, NULL},	 /* replaces a and drops its attachment */
		{"DNSZone", "ns", "c", c2, "new"},	 /* creates c */
		{"Blocked", "ns", "x", x, NULL},	 /* fails */
	};
	assert_int_not_equal(sgn_store_put_all(f->s, items, 3), SGN_OK);
	json_decref(a2);
	json_decref(c2);
	json_decref(x);
	sgn_store_generation(f->s, &g1);
	assert_true(g1 == g0);
	json_t *got = NULL;
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "ns", "a", &got), SGN_OK);
	assert_int_equal(spec_v(got), 1);
	json_decref(got);
	char *att = NULL;
	assert_int_equal(sgn_store_attachment(f->s, "DNSZone", "ns", "a", &att), SGN_OK);
	assert_string_equal(att, "old attachment");
	free(att);
	assert_int_equal(sgn_store_get(f->s, "DNSZone", "ns", "c", &got), SGN_ENOTFOUND);
	assert_int_equal(sgn_store_attachment(f->s, "DNSZone", "ns", "c", &att), SGN_ENOENT);
	json_t *l = NULL;
	sgn_store_list(f->s, "DNSZone", NULL, &l);
	assert_int_equal(json_array_size(l), 2);
	json_decref(l);
	/* restored files keep their mode */
	unlink(bad);
	free(bad);
	size_t n = 0;
	walk_modes(sgn_store_dir(f->s), &n);
}

int main(void);
/* A namespace or name is never a path: the store refuses what would leave its directory. */
static void test_store_refuses_path_like_keys(void **state)
{
	fixture_t *f = *state;
	json_t *o = json_pack("{s:s}", "kind", "ARecord"), *got = NULL;
	char *victim = sgn_path_join(f->dir, "victim.json");
	assert_int_equal(sgn_file_write_atomic(victim, "{}", 2, 0600), SGN_OK);
	static const char *const bad[] = {"..", "../victim", ".", "a/b", "", "-x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sgn_store_put_t it = {"ARecord", bad[i], "www", o, NULL};
		assert_int_equal(sgn_store_put_all(f->s, &it, 1), SGN_EINVAL);
		it = (sgn_store_put_t){"ARecord", "default", bad[i], o, NULL};
		assert_int_equal(sgn_store_put_all(f->s, &it, 1), SGN_EINVAL);
		assert_int_equal(sgn_store_delete(f->s, "ARecord", bad[i], "www"), SGN_EINVAL);
		assert_int_equal(sgn_store_delete(f->s, "ARecord", "default", bad[i]), SGN_EINVAL);
		assert_int_equal(sgn_store_get(f->s, "ARecord", "default", bad[i], &got), SGN_EINVAL);
		assert_int_equal(sgn_store_put_status(f->s, "ARecord", "default", bad[i], o), SGN_EINVAL);
	}
	assert_int_equal(sgn_store_delete(f->s, "..", "..", "victim"), SGN_EINVAL);
	assert_int_equal(sgn_store_list(f->s, "ARecord", "../..", &got), SGN_EINVAL);
	assert_int_equal(access(victim, F_OK), 0);
	free(victim);
	json_decref(o);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_store_put_all_get_list_sorted, setup, teardown),
	cmocka_unit_test_setup_teardown(test_store_get_merges_status, setup, teardown),
	cmocka_unit_test_setup_teardown(test_store_delete_removes_status_and_attachment, setup, teardown),
	cmocka_unit_test_setup_teardown(test_store_generation_bumps, setup, teardown),
	cmocka_unit_test_setup_teardown(test_store_state_get_put, setup, teardown),
	cmocka_unit_test_setup_teardown(test_store_file_and_dir_modes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_store_put_all_rolls_back_on_failure, setup, teardown),
	cmocka_unit_test_setup_teardown(test_store_refuses_path_like_keys, setup, teardown),
};
SGN_TEST_MAIN(tests)
