/* SPDX-License-Identifier: MIT */
/* commands.c -- the signet subcommands: argument checks, library calls, kubectl-style output. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "commands.h"
#include "sgn/audit.h"
#include "sgn/controller.h"
#include "sgn/dnssec.h"
#include "sgn/duration.h"
#include "sgn/manifest.h"
#include "sgn/policy.h"
#include "sgn/schema.h"
#include "sgn/store.h"
#include "sgn/util.h"
#include "sgn/yaml.h"

int cli_opt_value(int argc, char **argv, int *i, const char *s, const char *l, const char **val)
{
	const char *a = argv[*i];
	size_t ll = strlen(l);
	if (strcmp(a, l) == 0 || (s != NULL && strcmp(a, s) == 0)) {
		if (*i + 1 >= argc)
			return -1;
		*val = argv[++*i];
		return 1;
	}
	if (strncmp(a, l, ll) == 0 && a[ll] == '=') {
		*val = a + ll + 1;
		return 1;
	}
	if (s != NULL && strncmp(a, s, 2) == 0 && a[2] != '\0') {
		*val = a + 2;
		return 1;
	}
	return 0;
}

static int diag_error(const sgn_diag_t *d)
{
	char buf[4096];
	sgn_diag_format(d, buf, sizeof(buf));
	fprintf(stderr, "error: %s\n", buf);
	return CLI_USAGE;
}

static int open_store(const cli_t *c, sgn_store_t **st)
{
	int rc = sgn_store_fs_open(st, c->state_dir);
	if (rc != SGN_OK) {
		fprintf(stderr, "error: cannot open state directory %s: %s\n", c->state_dir,
			sgn_strerror(rc));
		return CLI_FAILED;
	}
	return CLI_OK;
}

static int load_schema(sgn_schema_t **s)
{
	if (sgn_schema_load(s) != SGN_OK) {
		fprintf(stderr, "error: cannot load the built-in schemas\n");
		return CLI_FAILED;
	}
	return CLI_OK;
}

/* Canonical kind for a kubectl-style name, also "dnszone.bindy.firestoned.io". */
static const char *resolve_kind(const sgn_schema_t *s, const char *name)
{
	const char *k = sgn_schema_kind(s, name);
	const char *dot = strchr(name, '.');
	if (k == NULL && dot != NULL) {
		char *pre = sgn_xstrndup(name, (size_t)(dot - name));
		k = sgn_schema_kind(s, pre);
		free(pre);
	}
	return k;
}

static int unknown_kind(const sgn_schema_t *s, const char *name)
{
	fprintf(stderr, "error: unknown resource type \"%s\"; valid: %s\n", name,
		sgn_schema_kind_list(s));
	return CLI_USAGE;
}

/* "dnszone.bindy.firestoned.io" or "secret": kubectl's kind.group. */
static void qualified(const sgn_schema_t *s, const char *kind, char *buf, size_t len)
{
	const char *api = sgn_schema_api_version(s, kind);
	const char *slash = api ? strchr(api, '/') : NULL;
	if (slash != NULL)
		snprintf(buf, len, "%s.%.*s", kind, (int)(slash - api), api);
	else
		snprintf(buf, len, "%s", kind);
	for (char *p = buf; *p && *p != '.'; p++)
		*p = (char)tolower((unsigned char)*p);
}

static void not_found(const sgn_schema_t *s, const char *kind, const char *ns, const char *name)
{
	char q[256];
	qualified(s, kind, q, sizeof(q));
	fprintf(stderr, "Error from server (NotFound): %s \"%s\" not found in namespace \"%s\"\n", q,
		name, ns);
}

static int bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad_name(const char *name);
static int bad_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "error: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	return CLI_USAGE;
}

/* A resource name given on the command line: what a manifest may name (no paths). */
static int bad_name(const char *name)
{
	if (sgn_manifest_check_name(name, 253) == SGN_OK)
		return CLI_OK;
	return bad_usage("invalid name \"%.80s\": lower-case letters, digits, '-' and '.', starting and ending "
			 "alphanumeric, at most 253", name);
}

/* Collects -f/--filename values; anything else left over is an error unless positional. */
static int collect_files(const cli_t *c, const char ***files, size_t *nfiles, char ***pos,
			 size_t *npos)
{
	*files = sgn_xcalloc((size_t)c->argc + 1, sizeof(char *));
	*pos = sgn_xcalloc((size_t)c->argc + 1, sizeof(char *));
	*nfiles = *npos = 0;
	for (int i = 0; i < c->argc; i++) {
		const char *v = NULL;
		int m = cli_opt_value(c->argc, c->argv, &i, "-f", "--filename", &v);
		if (m < 0 || (m > 0 && v[0] == '\0'))
			return bad_usage("%s needs a file, directory or -", c->argv[i]);
		if (m > 0)
			(*files)[(*nfiles)++] = v;
		else if (c->argv[i][0] == '-' && c->argv[i][1] != '\0')
			return bad_usage("unknown option %s", c->argv[i]);
		else
			(*pos)[(*npos)++] = c->argv[i];
	}
	return CLI_OK;
}

static int load_manifests(const sgn_schema_t *s, const cli_t *c, const char **files, size_t n,
			  sgn_manifest_t *m)
{
	sgn_diag_t d;
	sgn_diag_clear(&d);
	for (size_t i = 0; i < n; i++)
		if (sgn_manifest_load(m, s, files[i], c->ns, &d) != SGN_OK)
			return diag_error(&d);
	if (sgn_manifest_check_set(m, &d) != SGN_OK)
		return diag_error(&d);
	if (m->n == 0) {
		fprintf(stderr, "error: no objects passed\n");
		return CLI_USAGE;
	}
	return CLI_OK;
}

int cmd_apply(const cli_t *c)
{
	const char **files = NULL;
	char **pos = NULL;
	size_t nfiles = 0, npos = 0;
	sgn_schema_t *s = NULL;
	sgn_store_t *st = NULL;
	sgn_manifest_t m = {0};
	sgn_store_put_t *puts = NULL;
	int rc = collect_files(c, &files, &nfiles, &pos, &npos);
	if (rc != CLI_OK)
		goto cleanup;
	rc = CLI_USAGE;
	if (npos > 0) {
		bad_usage("unexpected argument \"%s\" (apply -f PATH)", pos[0]);
		goto cleanup;
	}
	if (nfiles == 0) {
		bad_usage("%s", "must specify -f PATH (a file, a directory or - for stdin)");
		goto cleanup;
	}
	if ((rc = load_schema(&s)) != CLI_OK ||
	    (rc = load_manifests(s, c, files, nfiles, &m)) != CLI_OK ||
	    (rc = open_store(c, &st)) != CLI_OK)
		goto cleanup;
	puts = sgn_xcalloc(m.n, sizeof(*puts));
	for (size_t i = 0; i < m.n; i++)
		puts[i] = (sgn_store_put_t){m.items[i].kind, m.items[i].ns, m.items[i].name,
					    m.items[i].obj, m.items[i].zone_text};
	int src = sgn_store_lock(st, true);
	if (src == SGN_OK) {
		json_t *zones = NULL;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		src = sgn_store_list(st, "DNSZone", NULL, &zones);
		if (src == SGN_OK && sgn_manifest_check_stored(&m, zones, &d) != SGN_OK) {
			sgn_store_unlock(st);
			json_decref(zones);
			rc = diag_error(&d);
			goto cleanup;
		}
		json_decref(zones);
		if (src == SGN_OK)
			src = sgn_store_put_all(st, puts, m.n);
		sgn_store_unlock(st);
	}
	if (src != SGN_OK) {
		fprintf(stderr, "error: cannot store the resources (nothing applied): %s\n",
			sgn_strerror(src));
		rc = CLI_FAILED;
		goto cleanup;
	}
	for (size_t i = 0; i < m.n; i++) {
		char q[256];
		qualified(s, m.items[i].kind, q, sizeof(q));
		printf("%s/%s configured\n", q, m.items[i].name);
	}
	rc = CLI_OK;
cleanup:
	free(puts);
	sgn_manifest_clear(&m);
	sgn_store_free(st);
	sgn_schema_free(s);
	free(files);
	free(pos);
	return rc;
}

/* Deletes one resource, printing kubectl's line; CLI_FAILED if it was not there. */
static int delete_one(sgn_store_t *st, const sgn_schema_t *s, const char *kind, const char *ns,
		      const char *name)
{
	int rc = sgn_store_delete(st, kind, ns, name);
	char q[256];
	qualified(s, kind, q, sizeof(q));
	if (rc == SGN_ENOTFOUND) {
		not_found(s, kind, ns, name);
		return CLI_FAILED;
	}
	if (rc != SGN_OK) {
		fprintf(stderr, "error: cannot delete %s \"%s\": %s\n", q, name, sgn_strerror(rc));
		return CLI_FAILED;
	}
	printf("%s \"%s\" deleted\n", q, name);
	return CLI_OK;
}

int cmd_delete(const cli_t *c)
{
	const char **files = NULL;
	char **pos = NULL;
	size_t nfiles = 0, npos = 0;
	sgn_schema_t *s = NULL;
	sgn_store_t *st = NULL;
	sgn_manifest_t m = {0};
	bool locked = false;
	const char *kind = NULL;
	int rc = collect_files(c, &files, &nfiles, &pos, &npos);
	if (rc != CLI_OK)
		goto cleanup;
	rc = CLI_USAGE;
	if ((nfiles > 0) == (npos > 0) || (nfiles == 0 && npos < 2 && strchr(pos[0], '/') == NULL)) {
		bad_usage("%s", "usage: delete -f PATH | delete KIND NAME... | delete KIND/NAME...");
		goto cleanup;
	}
	if ((rc = load_schema(&s)) != CLI_OK)
		goto cleanup;
	if (nfiles > 0 && (rc = load_manifests(s, c, files, nfiles, &m)) != CLI_OK)
		goto cleanup;
	if (nfiles == 0 && strchr(pos[0], '/') == NULL &&
	    (kind = resolve_kind(s, pos[0])) == NULL) {
		rc = unknown_kind(s, pos[0]);
		goto cleanup;
	}
	/* KIND/NAME forms: check every kind before deleting anything */
	for (size_t i = 0; nfiles == 0 && kind == NULL && i < npos; i++) {
		char *k = sgn_xstrdup(pos[i]);
		char *sl = strchr(k, '/');
		if (sl != NULL)
			*sl = '\0';
		bool ok = sl != NULL && sl[1] != '\0' && resolve_kind(s, k) != NULL;
		if (!ok)
			rc = sl == NULL || sl[1] == '\0' ? bad_usage("expected KIND/NAME, got \"%s\"", pos[i])
							 : unknown_kind(s, k);
		free(k);
		if (!ok)
			goto cleanup;
	}
	/* and every name, before deleting anything */
	for (size_t i = kind != NULL ? 1 : 0; nfiles == 0 && i < npos; i++) {
		const char *sl = kind != NULL ? NULL : strchr(pos[i], '/');
		if ((rc = bad_name(sl != NULL ? sl + 1 : pos[i])) != CLI_OK)
			goto cleanup;
	}
	if ((rc = open_store(c, &st)) != CLI_OK)
		goto cleanup;
	if (sgn_store_lock(st, true) != SGN_OK) {
		fprintf(stderr, "error: cannot lock the state directory\n");
		rc = CLI_FAILED;
		goto cleanup;
	}
	locked = true;
	rc = CLI_OK;
	for (size_t i = 0; i < m.n; i++)
		if (delete_one(st, s, m.items[i].kind, m.items[i].ns, m.items[i].name) != CLI_OK)
			rc = CLI_FAILED;
	for (size_t i = kind != NULL ? 1 : 0; nfiles == 0 && i < npos; i++) {
		char *k = sgn_xstrdup(pos[i]);
		char *sl = kind != NULL ? NULL : strchr(k, '/');
		if (sl != NULL)
			*sl = '\0';
		const char *kd = kind != NULL ? kind : resolve_kind(s, k);
		if (delete_one(st, s, kd, c->ns, sl != NULL ? sl + 1 : k) != CLI_OK)
			rc = CLI_FAILED;
		free(k);
	}
cleanup:
	if (locked)
		sgn_store_unlock(st);
	sgn_manifest_clear(&m);
	sgn_store_free(st);
	sgn_schema_free(s);
	free(files);
	free(pos);
	return rc;
}

/* ---- tables ---- */

typedef struct table {
	size_t ncols, n; /* n cells so far */
	char **cells;
} table_t;

/* Adds one cell; control characters become '?' so a value cannot forge rows. */
static void cell(table_t *t, const char *v)
{
	char *d = sgn_xstrdup(v != NULL && v[0] != '\0' ? v : "-");
	for (char *p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	t->cells = sgn_xrealloc(t->cells, (t->n + 1) * sizeof(char *));
	t->cells[t->n++] = d;
}

static void cellf(table_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cellf(table_t *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	cell(t, s);
	free(s);
}

static void table_print(table_t *t)
{
	size_t *w = sgn_xcalloc(t->ncols, sizeof(size_t));
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->cells[i]) > w[i % t->ncols])
			w[i % t->ncols] = strlen(t->cells[i]);
	for (size_t i = 0; i < t->n; i++) {
		size_t col = i % t->ncols;
		if (col + 1 == t->ncols)
			printf("%s\n", t->cells[i]);
		else
			printf("%-*s   ", (int)w[col], t->cells[i]);
	}
	for (size_t i = 0; i < t->n; i++)
		free(t->cells[i]);
	free(t->cells);
	free(w);
}

/* Value at a dotted path ("status.dnssec.keyTag"); NULL if any step is missing. */
static const json_t *jget(const json_t *o, const char *path)
{
	char *p = sgn_xstrdup(path), *save = NULL;
	for (char *k = strtok_r(p, ".", &save); k != NULL && o != NULL; k = strtok_r(NULL, ".", &save))
		o = json_object_get(o, k);
	free(p);
	return o;
}

/* A scalar as text into buf; "-" when absent or not a scalar. */
static const char *scalar(const json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, len, "%g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
	else
		snprintf(buf, len, "-");
	return buf;
}

static void cell_at(table_t *t, const json_t *o, const char *path)
{
	char buf[64];
	cell(t, scalar(jget(o, path), buf, sizeof(buf)));
}

static const json_t *condition(const json_t *obj, const char *type)
{
	size_t i;
	json_t *c;
	json_array_foreach(jget(obj, "status.conditions"), i, c) {
		const char *t = json_string_value(json_object_get(c, "type"));
		if (t != NULL && strcmp(t, type) == 0)
			return c;
	}
	return NULL;
}

static void cell_ready(table_t *t, const json_t *obj)
{
	const char *st = json_string_value(json_object_get(condition(obj, "Ready"), "status"));
	cell(t, st != NULL ? st : "Unknown");
}

static bool condition_true(const json_t *o, const char *type)
{
	const char *st = json_string_value(json_object_get(condition(o, type), "status"));
	return st != NULL && strcmp(st, "True") == 0;
}

/* What the parent's DS RRset needs now, in one word. */
static const char *ds_state(const json_t *o)
{
	if (!json_is_true(jget(o, "status.dnssec.signed")))
		return "-";
	if (condition_true(o, "DSUpdateRequired"))
		return "update";
	if (condition_true(o, "DSWithdrawalRequired"))
		return "withdraw";
	if (condition_true(o, "DSPublicationRequired"))
		return strcmp(json_string_value(json_object_get(condition(o, "DSPublicationRequired"), "reason")) ?: "",
			      "PublishDS") == 0 ? "publish" : "pending";
	return "in-sync";
}

static void zone_row(table_t *t, const json_t *o, bool wide)
{
	cell_at(t, o, "spec.zoneName");
	cell_at(t, o, "spec.clusterRef");
	const json_t *sg = jget(o, "status.dnssec.signed");
	cell(t, json_is_boolean(sg) ? (json_is_true(sg) ? "signed" : "unsigned") : "-");
	cell_at(t, o, "status.dnssec.keyTag");
	cell_at(t, o, "status.dnssec.algorithm");
	cell_ready(t, o);
	if (wide) {
		cell_at(t, o, "status.dnssec.nextKeyRollover");
		cell(t, ds_state(o));
		cell_at(t, o, "status.dnssec.policy");
		cell(t, json_string_value(json_array_get(jget(o, "status.dnssec.dsRecords"), 0)));
		cell(t, json_string_value(json_object_get(condition(o, "Ready"), "message")));
	}
}

static void cluster_row(table_t *t, const json_t *o, bool wide)
{
	(void)wide;
	cell_at(t, o, "spec.primary.replicas");
	cell_at(t, o, "spec.secondary.replicas");
	cell(t, json_is_true(jget(o, "spec.global.dnssec.signing.enabled")) ? "true" : "false");
	cell_ready(t, o);
}

static void instance_row(table_t *t, const json_t *o, bool wide)
{
	(void)wide;
	cell_at(t, o, "spec.clusterRef");
	cell_at(t, o, "spec.role");
	cell_at(t, o, "spec.replicas");
	cell_ready(t, o);
}

static void policy_row(table_t *t, const json_t *o, bool wide)
{
	(void)wide;
	sgn_policy_t p;
	if (sgn_policy_from_spec(json_object_get(o, "spec"), "spec", &p, NULL) != SGN_OK) {
		cell(t, "-");
		cell(t, "-");
		cell(t, "-");
		return;
	}
	sgn_buf_t algs, keys;
	sgn_buf_init(&algs);
	sgn_buf_init(&keys);
	for (size_t i = 0; i < p.nkeys; i++) {
		const char *an = sgn_dnssec_alg_name(p.keys[i].algorithm);
		char num[8];
		snprintf(num, sizeof(num), "%u", p.keys[i].algorithm);
		if (an == NULL)
			an = num;
		if (algs.data == NULL || strstr(algs.data, an) == NULL)
			sgn_buf_printf(&algs, "%s%s", algs.len ? "," : "", an);
		char l[32];
		sgn_duration_format(p.keys[i].lifetime, l, sizeof(l));
		sgn_buf_printf(&keys, "%s%s/%s", keys.len ? "," : "",
			       p.keys[i].role == SGN_ROLE_KSK	? "ksk"
			       : p.keys[i].role == SGN_ROLE_ZSK ? "zsk"
								: "csk",
			       l);
	}
	cell(t, algs.data);
	cell(t, keys.data);
	cell(t, p.nsec3 ? "NSEC3" : "NSEC");
	sgn_buf_clear(&algs);
	sgn_buf_clear(&keys);
}

static void join_list(sgn_buf_t *b, const json_t *arr, const char *sep, bool quote)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		char buf[64];
		const char *t = scalar(v, buf, sizeof(buf));
		sgn_buf_puts(b, i ? sep : "");
		if (!quote) {
			sgn_buf_puts(b, t);
			continue;
		}
		sgn_buf_puts(b, "\"");
		for (; *t; t++) {
			if (*t == '"' || *t == '\\')
				sgn_buf_puts(b, "\\");
			sgn_buf_append(b, t, 1);
		}
		sgn_buf_puts(b, "\"");
	}
}

static void record_row(table_t *t, const json_t *o, bool wide)
{
	const json_t *sp = json_object_get(o, "spec");
	const char *kind = json_string_value(json_object_get(o, "kind"));
	cell_at(t, o, "spec.name");
	cell_at(t, o, "spec.ttl");
	sgn_buf_t b;
	sgn_buf_init(&b);
	char x[4][64];
#define F(k, i) scalar(json_object_get(sp, k), x[i], sizeof(x[i]))
	if (strcmp(kind, "ARecord") == 0)
		join_list(&b, json_object_get(sp, "ipv4Addresses"), ",", false);
	else if (strcmp(kind, "AAAARecord") == 0)
		join_list(&b, json_object_get(sp, "ipv6Addresses"), ",", false);
	else if (strcmp(kind, "TXTRecord") == 0)
		join_list(&b, json_object_get(sp, "text"), " ", true);
	else if (strcmp(kind, "CNAMERecord") == 0)
		sgn_buf_puts(&b, F("target", 0));
	else if (strcmp(kind, "NSRecord") == 0)
		sgn_buf_puts(&b, F("nameserver", 0));
	else if (strcmp(kind, "MXRecord") == 0)
		sgn_buf_printf(&b, "%s %s", F("priority", 0), F("mailServer", 1));
	else if (strcmp(kind, "SRVRecord") == 0)
		sgn_buf_printf(&b, "%s %s %s %s", F("priority", 0), F("weight", 1), F("port", 2),
			       F("target", 3));
	else if (strcmp(kind, "CAARecord") == 0)
		sgn_buf_printf(&b, "%s %s \"%s\"", F("flags", 0), F("tag", 1), F("value", 2));
#undef F
	if (!wide && b.len > 60) {
		b.data[57] = '\0';
		b.len = 57;
		sgn_buf_puts(&b, "...");
	}
	cell(t, b.data);
	sgn_buf_clear(&b);
}

static void secret_row(table_t *t, const json_t *o, bool wide)
{
	(void)wide;
	const json_t *tp = json_object_get(o, "type");
	cell(t, json_is_string(tp) ? json_string_value(tp) : "Opaque");
	/* keys only, never values */
	json_t *keys = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(o, "data"), k, v) json_object_set(keys, k, json_null());
	json_object_foreach(json_object_get(o, "stringData"), k, v) json_object_set(keys, k, json_null());
	cellf(t, "%zu", json_object_size(keys));
	json_decref(keys);
}

typedef struct view {
	const char *kind; /* NULL: every record kind */
	const char *cols, *wide_cols;
	void (*row)(table_t *t, const json_t *obj, bool wide);
} view_t;

static const view_t views[] = {
	{"DNSZone", "ZONE CLUSTER DNSSEC KEYTAG ALGORITHM READY", "NEXT-ROLLOVER DS-STATE POLICY DS MESSAGE", zone_row},
	{"Bind9Cluster", "PRIMARY SECONDARY SIGNING READY", NULL, cluster_row},
	{"Bind9Instance", "CLUSTER ROLE REPLICAS READY", NULL, instance_row},
	{"DNSSECPolicy", "ALGORITHM KEYS NSEC", NULL, policy_row},
	{"Secret", "TYPE DATA", NULL, secret_row},
	{NULL, "RECORD TTL DATA", NULL, record_row},
};

static void header(table_t *t, const char *cols)
{
	char *d = sgn_xstrdup(cols), *save = NULL;
	for (char *h = strtok_r(d, " ", &save); h != NULL; h = strtok_r(NULL, " ", &save))
		cell(t, h);
	free(d);
}

static size_t count_cols(const char *cols)
{
	size_t n = cols != NULL && cols[0] ? 1 : 0;
	for (const char *p = cols; p && *p; p++)
		n += *p == ' ';
	return n;
}

static void print_table(const char *kind, const json_t *items, bool all_ns, bool wide)
{
	const view_t *v = &views[sizeof(views) / sizeof(views[0]) - 1];
	for (size_t i = 0; i + 1 < sizeof(views) / sizeof(views[0]); i++)
		if (strcmp(views[i].kind, kind) == 0)
			v = &views[i];
	wide = wide && v->wide_cols != NULL;
	table_t t = {.ncols = (all_ns ? 2 : 1) + count_cols(v->cols) + (wide ? count_cols(v->wide_cols) : 0)};
	if (all_ns)
		cell(&t, "NAMESPACE");
	cell(&t, "NAME");
	header(&t, v->cols);
	if (wide)
		header(&t, v->wide_cols);
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o) {
		if (all_ns)
			cell_at(&t, o, "metadata.namespace");
		cell_at(&t, o, "metadata.name");
		v->row(&t, o, wide);
	}
	table_print(&t);
}

/* One list of a zone's status as a titled table; cols[i] shows the field paths[i]. */
static void print_list(const json_t *zone, const char *list, const char *title, const char *const *cols,
		       const char *const *paths, size_t ncols)
{
	const json_t *rows = jget(zone, list);
	if (json_array_size(rows) == 0)
		return;
	table_t t = {.ncols = ncols};
	for (size_t i = 0; i < t.ncols; i++)
		cell(&t, cols[i]);
	size_t i;
	json_t *k;
	json_array_foreach(rows, i, k)
		for (size_t c = 0; c < t.ncols; c++)
			cell_at(&t, k, paths[c]);
	printf("\n%s\n", title);
	table_print(&t);
}

/* The keys of one zone as named tracks them, and the user's keys it has not used yet
 * (`get dnszone NAME`). */
static void print_keys(const json_t *zone)
{
	static const char *const cols[] = {"TAG", "ROLE", "ALGORITHM", "GOAL", "DNSKEY", "ZRRSIG", "KRRSIG",
					   "DS", "PUBLISHED", "ACTIVE", "RETIRE", "SUCCESSOR"};
	static const char *const paths[] = {"tag", "role", "algorithm", "goal", "states.dnskey",
					    "states.zoneSignatures", "states.keySignatures", "states.ds",
					    "published", "active", "retire", "successor"};
	static const char *const scols[] = {"TAG", "ROLE", "ALGORITHM", "SUCCESSOR", "NOTE"};
	static const char *const spaths[] = {"tag", "role", "algorithm", "successor", "note"};
	print_list(zone, "status.dnssec.keys", "KEYS", cols, paths, sizeof(cols) / sizeof(cols[0]));
	print_list(zone, "status.dnssec.standbyKeys", "STANDBY KEYS (in the Secret, not used by named yet)", scols,
		   spaths, sizeof(scols) / sizeof(scols[0]));
}

static void print_json(const json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2));
	if (s != NULL)
		printf("%s\n", s);
	free(s);
}

static void print_yaml(const json_t *v)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	sgn_yaml_emit(v, &b);
	if (b.data != NULL)
		fputs(b.data, stdout);
	sgn_buf_clear(&b);
}

static void print_items(const cli_t *c, const sgn_schema_t *s, const char *kind,
			const json_t *items, bool single)
{
	const char *o = c->output;
	if (o != NULL && (strcmp(o, "json") == 0 || strcmp(o, "yaml") == 0)) {
		json_t *doc = single ? json_incref(json_array_get(items, 0))
				     : json_pack("{s:s, s:s, s:O}", "apiVersion", "v1", "kind", "List",
						 "items", items);
		if (strcmp(o, "json") == 0)
			print_json(doc);
		else
			print_yaml(doc);
		json_decref(doc);
	} else if (o != NULL && strcmp(o, "name") == 0) {
		char q[256];
		qualified(s, kind, q, sizeof(q));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
			printf("%s/%s\n", q, json_string_value(jget(it, "metadata.name")));
	} else {
		print_table(kind, items, c->all_ns, o != NULL && strcmp(o, "wide") == 0);
		if (single && strcmp(kind, "DNSZone") == 0)
			print_keys(json_array_get(items, 0));
	}
}

int cmd_get(const cli_t *c)
{
	sgn_schema_t *s = NULL;
	sgn_store_t *st = NULL;
	json_t *items = NULL;
	char *kname = NULL;
	int rc = CLI_USAGE;
	for (int i = 0; i < c->argc; i++)
		if (c->argv[i][0] == '-' && c->argv[i][1] != '\0')
			return bad_usage("unknown option %s", c->argv[i]);
	if (c->argc == 1 && (strcasecmp(c->argv[0], "events") == 0 || strcasecmp(c->argv[0], "event") == 0)) {
		cli_t ac = *c;
		ac.argc = 0;
		return cmd_audit(&ac);
	}
	if ((rc = load_schema(&s)) != CLI_OK)
		goto cleanup;
	if (c->argc == 0) {
		fprintf(stderr, "error: you must specify the type of resource to get; valid: %s\n",
			sgn_schema_kind_list(s));
		rc = CLI_USAGE;
		goto cleanup;
	}
	/* KIND NAME... or KIND/NAME */
	kname = sgn_xstrdup(c->argv[0]);
	char *slash = strchr(kname, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (slash != NULL && (slash[0] == '\0' || c->argc > 1)) {
		rc = bad_usage("expected KIND/NAME or KIND [NAME...], got \"%s\"", c->argv[0]);
		goto cleanup;
	}
	const char *kind = resolve_kind(s, kname);
	if (kind == NULL) {
		rc = unknown_kind(s, kname);
		goto cleanup;
	}
	if ((rc = open_store(c, &st)) != CLI_OK)
		goto cleanup;
	const char *ns = c->all_ns ? NULL : c->ns;
	char **names = slash != NULL ? &slash : c->argv + 1;
	size_t nnames = slash != NULL ? 1 : (size_t)c->argc - 1;
	for (size_t i = 0; i < nnames; i++)
		if ((rc = bad_name(names[i])) != CLI_OK)
			goto cleanup;
	int src;
	if (nnames == 0 || c->all_ns) {
		src = sgn_store_list(st, kind, ns, &items);
	} else {
		items = json_array();
		src = SGN_OK;
	}
	if (src != SGN_OK) {
		fprintf(stderr, "error: cannot read the store: %s\n", sgn_strerror(src));
		rc = CLI_FAILED;
		goto cleanup;
	}
	rc = CLI_OK;
	if (nnames > 0) {
		json_t *found = json_array();
		for (size_t i = 0; i < nnames; i++) {
			size_t before = json_array_size(found), j;
			json_t *o = NULL;
			if (c->all_ns) {
				json_array_foreach(items, j, o)
					if (strcmp(json_string_value(jget(o, "metadata.name")), names[i]) == 0)
						json_array_append(found, o);
			} else if ((src = sgn_store_get(st, kind, c->ns, names[i], &o)) == SGN_OK) {
				json_array_append_new(found, o);
			} else if (src != SGN_ENOTFOUND) {
				fprintf(stderr, "error: cannot read %s: %s\n", names[i], sgn_strerror(src));
			}
			if (json_array_size(found) == before) {
				not_found(s, kind, c->all_ns ? "*" : c->ns, names[i]);
				rc = CLI_FAILED;
			}
		}
		json_decref(items);
		items = found;
	}
	if (json_array_size(items) == 0) {
		if (nnames == 0 && c->all_ns)
			fprintf(stderr, "No resources found\n");
		else if (nnames == 0)
			fprintf(stderr, "No resources found in %s namespace.\n", c->ns);
		goto cleanup;
	}
	print_items(c, s, kind, items, nnames == 1 && json_array_size(items) == 1);
cleanup:
	json_decref(items);
	free(kname);
	sgn_store_free(st);
	sgn_schema_free(s);
	return rc;
}

/* "30s", "2m", "1h", "45" */
static int parse_timeout(const char *text, uint64_t *secs)
{
	return sgn_duration_parse(text, false, secs) == SGN_OK && *secs <= 366ULL * 86400
		       ? SGN_OK
		       : SGN_EPARSE;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The store generation `signet run` last reported on (0 if none). */
static unsigned long long observed_generation(sgn_store_t *st)
{
	json_t *o = NULL;
	unsigned long long g = 0;
	if (sgn_store_get_state(st, "observed", &o) == SGN_OK)
		g = (unsigned long long)json_integer_value(json_object_get(o, "generation"));
	json_decref(o);
	return g;
}

int cmd_wait(const cli_t *c)
{
	const char *target = NULL, *forc = NULL, *tmo = "30s";
	for (int i = 0; i < c->argc; i++) {
		const char *v = NULL;
		int m;
		if ((m = cli_opt_value(c->argc, c->argv, &i, NULL, "--for", &v)) != 0) {
			if (m < 0)
				return bad_usage("%s", "--for needs condition=TYPE");
			forc = v;
		} else if ((m = cli_opt_value(c->argc, c->argv, &i, NULL, "--timeout", &v)) != 0) {
			if (m < 0)
				return bad_usage("%s", "--timeout needs a duration (30s, 2m, 1h)");
			tmo = v;
		} else if (c->argv[i][0] == '-' && c->argv[i][1] != '\0') {
			return bad_usage("unknown option %s", c->argv[i]);
		} else if (target == NULL) {
			target = c->argv[i];
		} else {
			return bad_usage("unexpected argument \"%s\" (wait KIND/NAME)", c->argv[i]);
		}
	}
	if (target == NULL || strchr(target, '/') == NULL)
		return bad_usage("%s", "usage: wait KIND/NAME --for=condition=TYPE [--timeout=30s]");
	if (forc == NULL || strncmp(forc, "condition=", 10) != 0 || forc[10] == '\0')
		return bad_usage("--for must be condition=TYPE[=VALUE], got \"%s\"", forc ? forc : "");
	uint64_t secs = 0;
	if (parse_timeout(tmo, &secs) != SGN_OK)
		return bad_usage("invalid --timeout \"%s\" (use 30s, 2m, 1h or seconds)", tmo);

	char *type = sgn_xstrdup(forc + 10);
	char *want = strchr(type, '=');
	if (want != NULL)
		*want++ = '\0';
	char *kname = sgn_xstrdup(target);
	char *name = strchr(kname, '/');
	*name++ = '\0';
	sgn_schema_t *s = NULL;
	sgn_store_t *st = NULL;
	json_t *obj = NULL;
	const char *kind = NULL;
	int rc = load_schema(&s);
	if (rc != CLI_OK)
		goto cleanup;
	if (name[0] == '\0') {
		rc = bad_usage("expected KIND/NAME, got \"%s\"", target);
		goto cleanup;
	}
	if ((rc = bad_name(name)) != CLI_OK)
		goto cleanup;
	if ((kind = resolve_kind(s, kname)) == NULL) {
		rc = unknown_kind(s, kname);
		goto cleanup;
	}
	if ((rc = open_store(c, &st)) != CLI_OK)
		goto cleanup;
	char q[256];
	qualified(s, kind, q, sizeof(q));
	int64_t deadline = sgn_now_ms() + (int64_t)secs * 1000;
	/* a status older than the last apply says nothing about it: wait until `signet run`
	 * has reported on everything stored before this wait began */
	unsigned long long gen0 = 0;
	sgn_store_generation(st, &gen0);
	bool current = false;
	for (;;) {
		json_decref(obj);
		obj = NULL;
		current = current || observed_generation(st) >= gen0;
		int src = sgn_store_get(st, kind, c->ns, name, &obj);
		if (src == SGN_ENOTFOUND) {
			not_found(s, kind, c->ns, name);
			rc = CLI_FAILED;
			goto cleanup;
		}
		const json_t *cond = src == SGN_OK ? condition(obj, type) : NULL;
		const char *cs = json_string_value(json_object_get(cond, "status"));
		if (current && cs != NULL && sgn_str_ieq(cs, want != NULL ? want : "True")) {
			printf("%s/%s condition met\n", q, name);
			rc = CLI_OK;
			goto cleanup;
		}
		if (sgn_now_ms() >= deadline)
			break;
		sleep_ms(250);
	}
	const json_t *cond = condition(obj, type);
	const char *msg = json_string_value(json_object_get(cond, "message"));
	const char *cs = json_string_value(json_object_get(cond, "status"));
	if (!current)
		fprintf(stderr, "error: timed out waiting for the condition on %s/%s: `signet run` has not yet "
				"reported on the latest changes (is it running on this state directory?)\n", q, name);
	else if (msg != NULL && msg[0] != '\0')
		fprintf(stderr, "error: timed out waiting for the condition on %s/%s: %s\n", q, name, msg);
	else if (cs != NULL)
		fprintf(stderr, "error: timed out waiting for the condition on %s/%s: %s is %s\n", q,
			name, type, cs);
	else if (json_array_size(jget(obj, "status.conditions")) > 0) {
		sgn_buf_t have;
		sgn_buf_init(&have);
		size_t k;
		json_t *c2;
		json_array_foreach(jget(obj, "status.conditions"), k, c2)
			sgn_buf_printf(&have, "%s%s", k ? ", " : "", json_string_value(json_object_get(c2, "type")));
		fprintf(stderr, "error: timed out waiting for the condition on %s/%s: it has no condition %s "
			"(its conditions: %s)\n", q, name, type, have.data);
		sgn_buf_clear(&have);
	}	else
		fprintf(stderr, "error: timed out waiting for the condition on %s/%s: no status yet\n",
			q, name);
	rc = CLI_FAILED;
cleanup:
	json_decref(obj);
	sgn_store_free(st);
	sgn_schema_free(s);
	free(kname);
	free(type);
	return rc;
}

/* --dns-port N (1..65535) and, for render, --out DIR. */
static int controller_args(const cli_t *c, sgn_controller_opts_t *o, const char **out)
{
	o->dns_port = 5353;
	for (int i = 0; i < c->argc; i++) {
		const char *v = NULL;
		int m;
		if ((m = cli_opt_value(c->argc, c->argv, &i, NULL, "--dns-port", &v)) != 0) {
			char *end = NULL;
			errno = 0;
			long p = m > 0 && v[0] >= '0' && v[0] <= '9' ? strtol(v, &end, 10) : -1;
			if (m < 0 || errno != 0 || end == NULL || *end != '\0' || p < 1 || p > 65535)
				return bad_usage("--dns-port must be a number from 1 to 65535, got \"%s\"",
						 m < 0 ? "" : v);
			o->dns_port = (uint16_t)p;
		} else if (out != NULL &&
			   (m = cli_opt_value(c->argc, c->argv, &i, NULL, "--out", &v)) != 0) {
			if (m < 0 || v[0] == '\0')
				return bad_usage("%s", "--out needs a directory");
			*out = v;
		} else {
			return bad_usage(c->argv[i][0] == '-' ? "unknown option %s"
							      : "unexpected argument \"%s\"",
					 c->argv[i]);
		}
	}
	return CLI_OK;
}

int cmd_run(const cli_t *c)
{
	sgn_controller_opts_t o;
	sgn_store_t *st = NULL;
	int rc = controller_args(c, &o, NULL);
	if (rc != CLI_OK || (rc = open_store(c, &st)) != CLI_OK)
		return rc;
	int src = sgn_controller_run(st, &o);
	if (src != SGN_OK) {
		fprintf(stderr, "error: controller stopped: %s\n", sgn_strerror(src));
		rc = CLI_FAILED;
	}
	sgn_store_free(st);
	return rc;
}

int cmd_render(const cli_t *c)
{
	sgn_controller_opts_t o;
	sgn_store_t *st = NULL;
	const char *out = "signet-render";
	int rc = controller_args(c, &o, &out);
	if (rc != CLI_OK || (rc = open_store(c, &st)) != CLI_OK)
		return rc;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int src = sgn_controller_render(st, &o, out, &d);
	if (src != SGN_OK) {
		if (d.message[0] != '\0')
			diag_error(&d);
		else
			fprintf(stderr, "error: render failed: %s\n", sgn_strerror(src));
		rc = CLI_FAILED;
	} else {
		printf("rendered into %s\n", out);
	}
	sgn_store_free(st);
	return rc;
}

/* Zone names equal ignoring case and one trailing dot. */
static bool same_zone(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 1 && a[la - 1] == '.')
		la--;
	if (lb > 1 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* The one DNSZone whose zoneName is `zone` in the namespace (or any with -A);
 * *match is borrowed from *zones (caller frees *zones). */
static int find_zone(const cli_t *c, sgn_store_t *st, const char *zone, json_t **zones,
		     const json_t **match)
{
	*match = NULL;
	int src = sgn_store_list(st, "DNSZone", c->all_ns ? NULL : c->ns, zones);
	if (src != SGN_OK) {
		fprintf(stderr, "error: cannot read the store: %s\n", sgn_strerror(src));
		return CLI_FAILED;
	}
	size_t i, nmatch = 0;
	json_t *z;
	json_array_foreach(*zones, i, z) {
		const char *zn = json_string_value(jget(z, "spec.zoneName"));
		if (zn == NULL || !same_zone(zn, zone))
			continue;
		if (nmatch++ > 0) {
			fprintf(stderr,
				"error: zone %s is defined by several DNSZones (%s/%s, %s/%s, ...); "
				"choose a namespace with -n\n",
				zone, json_string_value(jget(*match, "metadata.namespace")),
				json_string_value(jget(*match, "metadata.name")),
				json_string_value(jget(z, "metadata.namespace")),
				json_string_value(jget(z, "metadata.name")));
			return CLI_FAILED;
		}
		*match = z;
	}
	if (*match == NULL) {
		fprintf(stderr, "error: no DNSZone for zone %s %s%s\n", zone,
			c->all_ns ? "in any namespace" : "in namespace ", c->all_ns ? "" : c->ns);
		return CLI_FAILED;
	}
	return CLI_OK;
}

int cmd_ds(const cli_t *c)
{
	if (c->argc != 1 || (c->argv[0][0] == '-' && c->argv[0][1] != '\0'))
		return bad_usage("%s", "usage: ds ZONE");
	const char *zone = c->argv[0];
	sgn_store_t *st = NULL;
	json_t *zones = NULL;
	const json_t *match = NULL;
	int rc = open_store(c, &st);
	if (rc != CLI_OK)
		return rc;
	if ((rc = find_zone(c, st, zone, &zones, &match)) != CLI_OK)
		goto cleanup;
	const json_t *ds = jget(match, "status.dnssec.dsRecords");
	if (!json_is_true(jget(match, "status.dnssec.signed")) || json_array_size(ds) == 0) {
		const char *msg = json_string_value(json_object_get(condition(match, "Ready"), "message"));
		fprintf(stderr, "error: zone %s (DNSZone %s/%s) is not signed and verified yet%s%s\n",
			zone, json_string_value(jget(match, "metadata.namespace")),
			json_string_value(jget(match, "metadata.name")), msg ? ": " : "", msg ? msg : "");
		rc = CLI_FAILED;
		goto cleanup;
	}
	size_t i;
	json_t *r;
	json_array_foreach(ds, i, r)
		if (json_is_string(r))
			printf("%s\n", json_string_value(r));
	rc = CLI_OK;
cleanup:
	json_decref(zones);
	sgn_store_free(st);
	return rc;
}

/* ds-published / ds-withdrawn ZONE [--key TAG]: what the parent did, told to signet and named. */
static int ds_parent_change(const cli_t *c, bool published)
{
	const char *cmd = published ? "ds-published" : "ds-withdrawn";
	const char *zone = NULL, *key = NULL;
	for (int i = 0; i < c->argc; i++) {
		int m = cli_opt_value(c->argc, c->argv, &i, NULL, "--key", &key);
		if (m < 0)
			return bad_usage("%s", "--key needs a key tag");
		if (m == 0 && zone == NULL && c->argv[i][0] != '-')
			zone = c->argv[i];
		else if (m == 0)
			return bad_usage("unexpected argument %s; usage: %s ZONE [--key TAG]", c->argv[i], cmd);
	}
	char *end = NULL;
	long tag = key ? strtol(key, &end, 10) : -1;
	if (zone == NULL || (key && (*end != '\0' || tag < 0 || tag > 65535)))
		return bad_usage("usage: %s ZONE [--key TAG]  (TAG 0..65535)", cmd);
	sgn_store_t *st = NULL;
	json_t *zones = NULL;
	const json_t *match = NULL;
	int rc = open_store(c, &st);
	if (rc != CLI_OK)
		return rc;
	if ((rc = find_zone(c, st, zone, &zones, &match)) == CLI_OK) {
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int src = published ? sgn_controller_ds_published(st, match, (int)tag, &d)
				    : sgn_controller_ds_withdrawn(st, match, (int)tag, &d);
		if (src != SGN_OK) {
			fprintf(stderr, "error: %s\n", d.message[0] ? d.message : sgn_strerror(src));
			rc = CLI_FAILED;
		} else {
			printf("zone %s: the parent's DS is recorded as %s%s%s\n", zone,
			       published ? "published" : "withdrawn", key ? " for key " : "", key ? key : "");
		}
	}
	json_decref(zones);
	sgn_store_free(st);
	return rc;
}

int cmd_ds_published(const cli_t *c)
{
	return ds_parent_change(c, true);
}

int cmd_ds_withdrawn(const cli_t *c)
{
	return ds_parent_change(c, false);
}

int cmd_rollover(const cli_t *c)
{
	const char *zone = NULL, *at = NULL, *role = NULL;
	bool force = false;
	for (int i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];
		int m = cli_opt_value(c->argc, c->argv, &i, NULL, "--at", &at);
		if (m < 0)
			return bad_usage("%s", "--at needs a time (2026-12-04T10:00:00Z or 20261204100000)");
		if (m > 0)
			continue;
		if (strcmp(a, "--ksk") == 0 || strcmp(a, "--zsk") == 0 || strcmp(a, "--csk") == 0) {
			if (role != NULL)
				return bad_usage("%s", "give one of --ksk, --zsk, --csk");
			role = a[2] == 'k' ? "KSK" : a[2] == 'z' ? "ZSK" : "CSK";
		} else if (strcmp(a, "--force") == 0) {
			force = true;
		} else if (zone == NULL && a[0] != '-') {
			zone = a;
		} else {
			return bad_usage("unexpected argument %s", a);
		}
	}
	time_t when = 0;
	if (zone == NULL || role == NULL)
		return bad_usage("%s", "usage: rollover ZONE --ksk|--zsk|--csk [--at TIME] [--force]");
	if (at != NULL && !sgn_time_parse(at, &when))
		return bad_usage("invalid --at %s: use 2026-12-04T10:00:00Z or 20261204100000 (UTC), a real date", at);
	if (at != NULL && when <= time(NULL))
		return bad_usage("--at %s is not in the future (leave out --at to roll over now)", at);
	/* named keeps key times as unsigned 32-bit seconds */
	if (at != NULL && (long long)when > 4294967295LL)
		return bad_usage("--at %s is after 2106-02-07T06:28:15Z, the last time named can keep", at);
	sgn_store_t *st = NULL;
	json_t *zones = NULL;
	const json_t *match = NULL;
	int rc = open_store(c, &st);
	if (rc != CLI_OK)
		return rc;
	if ((rc = find_zone(c, st, zone, &zones, &match)) == CLI_OK) {
		sgn_diag_t d;
		sgn_diag_clear(&d);
		char warning[1024];
		int src = sgn_controller_rollover(st, match, role, when, force, warning, sizeof(warning), &d);
		if (warning[0])
			fprintf(stderr, "warning: %s\n", warning);
		if (src != SGN_OK) {
			fprintf(stderr, "error: %s\n", d.message[0] ? d.message : sgn_strerror(src));
			rc = CLI_FAILED;
		} else {
			printf("zone %s: %s rollover %s%s\n", zone, role, at ? "scheduled at " : "started",
			       at ? at : "");
		}
	}
	json_decref(zones);
	sgn_store_free(st);
	return rc;
}

int cmd_audit(const cli_t *c)
{
	if (c->argc != 0)
		return bad_usage("%s", "usage: audit [-o json]");
	sgn_store_t *st = NULL;
	json_t *events = NULL;
	int rc = open_store(c, &st);
	if (rc != CLI_OK)
		return rc;
	if (sgn_audit_read(sgn_store_dir(st), &events) != SGN_OK) {
		fprintf(stderr, "error: cannot read the audit log\n");
		sgn_store_free(st);
		return CLI_FAILED;
	}
	if (c->output != NULL && strcmp(c->output, "json") == 0) {
		char *text = json_dumps(events, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
	} else {
		printf("%-20s  %-24s  %-20s  %-6s  %-4s  %-16s  %-16s  %s\n", "TIME", "ZONE", "ACTION",
		       "KEYTAG", "ROLE", "ALGORITHM", "SOURCE", "MESSAGE");
		size_t i;
		json_t *e;
		json_array_foreach(events, i, e) {
			json_t *tag = json_object_get(e, "keyTag");
			char t[16] = "-";
			if (json_is_integer(tag))
				snprintf(t, sizeof(t), "%lld", (long long)json_integer_value(tag));
#define F(k) (json_string_value(json_object_get(e, k)) ? json_string_value(json_object_get(e, k)) : "-")
			printf("%-20s  %-24s  %-20s  %-6s  %-4s  %-16s  %-16s  %s\n", F("time"), F("zone"),
			       F("action"), t, F("role"), F("algorithm"), F("source"), F("message"));
#undef F
		}
	}
	json_decref(events);
	sgn_store_free(st);
	return CLI_OK;
}
