/* SPDX-License-Identifier: MIT */
/* schema.c -- load the embedded CRD schemas and validate resources against them. */
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sgn/schema.h"
#include "sgn/util.h"

/* The CRDs (bindy, MIT) and signet's overlay, embedded at build time. */
#define EMBED(sym, file)                                                                  \
	__asm__(".section .rodata\n.global " #sym "\n" #sym ":\n.incbin \"" file "\"\n.byte 0\n" \
		".previous\n");                                                           \
	extern const char sym[];
EMBED(sgn_crd_cluster, SGN_SCHEMA_DIR "/crds/bind9clusters.crd.yaml")
EMBED(sgn_crd_instance, SGN_SCHEMA_DIR "/crds/bind9instances.crd.yaml")
EMBED(sgn_crd_zone, SGN_SCHEMA_DIR "/crds/dnszones.crd.yaml")
EMBED(sgn_crd_a, SGN_SCHEMA_DIR "/crds/arecords.crd.yaml")
EMBED(sgn_crd_aaaa, SGN_SCHEMA_DIR "/crds/aaaarecords.crd.yaml")
EMBED(sgn_crd_cname, SGN_SCHEMA_DIR "/crds/cnamerecords.crd.yaml")
EMBED(sgn_crd_mx, SGN_SCHEMA_DIR "/crds/mxrecords.crd.yaml")
EMBED(sgn_crd_txt, SGN_SCHEMA_DIR "/crds/txtrecords.crd.yaml")
EMBED(sgn_crd_ns, SGN_SCHEMA_DIR "/crds/nsrecords.crd.yaml")
EMBED(sgn_crd_srv, SGN_SCHEMA_DIR "/crds/srvrecords.crd.yaml")
EMBED(sgn_crd_caa, SGN_SCHEMA_DIR "/crds/caarecords.crd.yaml")
EMBED(sgn_overlay, SGN_SCHEMA_DIR "/signet.yaml")

typedef struct kind {
	char *kind, *api_version;
	json_t *names;  /* array of lower-case names */
	json_t *schema; /* openAPIV3Schema */
} kind_t;

struct sgn_schema {
	kind_t *kinds;
	size_t nkinds;
	char *list;
};

static kind_t *find(const sgn_schema_t *s, const char *kind)
{
	for (size_t i = 0; i < s->nkinds; i++)
		if (strcmp(s->kinds[i].kind, kind) == 0)
			return &s->kinds[i];
	return NULL;
}

static void add_name(json_t *names, const char *n)
{
	if (n == NULL)
		return;
	char *l = sgn_xstrdup(n);
	sgn_str_lower(l);
	json_array_append_new(names, json_string(l));
	free(l);
}

static kind_t *add_kind(sgn_schema_t *s, const char *kind, const char *api, json_t *names_obj,
			json_t *schema)
{
	s->kinds = sgn_xrealloc(s->kinds, (s->nkinds + 1) * sizeof(kind_t));
	kind_t *k = &s->kinds[s->nkinds++];
	k->kind = sgn_xstrdup(kind);
	k->api_version = sgn_xstrdup(api);
	k->names = json_array();
	k->schema = json_incref(schema);
	add_name(k->names, kind);
	add_name(k->names, json_string_value(json_object_get(names_obj, "singular")));
	add_name(k->names, json_string_value(json_object_get(names_obj, "plural")));
	size_t i;
	json_t *sn;
	json_array_foreach(json_object_get(names_obj, "shortNames"), i, sn)
		add_name(k->names, json_string_value(sn));
	return k;
}

static int load_crd(sgn_schema_t *s, const char *text)
{
	sgn_yaml_doc_t *docs = NULL;
	size_t n = 0;
	int rc = sgn_yaml_parse(text, strlen(text), "<crd>", &docs, &n, NULL);
	if (rc != SGN_OK || n != 1) {
		sgn_yaml_docs_free(docs, n);
		return SGN_EPARSE;
	}
	json_t *spec = json_object_get(docs[0].value, "spec");
	json_t *names = json_object_get(spec, "names");
	json_t *ver = json_array_get(json_object_get(spec, "versions"), 0);
	json_t *schema = json_object_get(json_object_get(ver, "schema"), "openAPIV3Schema");
	char *api = sgn_xasprintf("%s/%s", json_string_value(json_object_get(spec, "group")),
				  json_string_value(json_object_get(ver, "name")));
	add_kind(s, json_string_value(json_object_get(names, "kind")), api, names, schema);
	free(api);
	sgn_yaml_docs_free(docs, n);
	return SGN_OK;
}

/* Overlay documents either patch a CRD's schema (merged recursively) or define a kind. */
static int load_overlay(sgn_schema_t *s, const char *text)
{
	sgn_yaml_doc_t *docs = NULL;
	size_t n = 0;
	int rc = sgn_yaml_parse(text, strlen(text), "<overlay>", &docs, &n, NULL);
	for (size_t i = 0; rc == SGN_OK && i < n; i++) {
		json_t *d = docs[i].value;
		const char *kind = json_string_value(json_object_get(d, "kind"));
		json_t *schema = json_object_get(d, "schema");
		kind_t *k = kind ? find(s, kind) : NULL;
		if (k != NULL)
			json_object_update_recursive(k->schema, schema);
		else if (kind != NULL)
			add_kind(s, kind, json_string_value(json_object_get(d, "apiVersion")),
				 json_object_get(d, "names"), schema);
		else
			rc = SGN_EPARSE;
	}
	sgn_yaml_docs_free(docs, n);
	return rc;
}

int sgn_schema_load(sgn_schema_t **out)
{
	const char *crds[] = {sgn_crd_cluster, sgn_crd_instance, sgn_crd_zone, sgn_crd_a,
			      sgn_crd_aaaa,    sgn_crd_cname,    sgn_crd_mx,   sgn_crd_txt,
			      sgn_crd_ns,      sgn_crd_srv,      sgn_crd_caa};
	sgn_schema_t *s = sgn_xcalloc(1, sizeof(*s));
	int rc = SGN_OK;
	for (size_t i = 0; rc == SGN_OK && i < sizeof(crds) / sizeof(crds[0]); i++)
		rc = load_crd(s, crds[i]);
	if (rc == SGN_OK)
		rc = load_overlay(s, sgn_overlay);
	if (rc != SGN_OK) {
		sgn_schema_free(s);
		return rc;
	}
	sgn_buf_t b;
	sgn_buf_init(&b);
	for (size_t i = 0; i < s->nkinds; i++)
		sgn_buf_printf(&b, "%s%s", i ? ", " : "", s->kinds[i].kind);
	s->list = sgn_buf_take(&b);
	*out = s;
	return SGN_OK;
}

void sgn_schema_free(sgn_schema_t *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nkinds; i++) {
		free(s->kinds[i].kind);
		free(s->kinds[i].api_version);
		json_decref(s->kinds[i].names);
		json_decref(s->kinds[i].schema);
	}
	free(s->kinds);
	free(s->list);
	free(s);
}

const char *sgn_schema_kind(const sgn_schema_t *s, const char *name)
{
	for (size_t i = 0; i < s->nkinds; i++) {
		size_t j;
		json_t *n;
		json_array_foreach(s->kinds[i].names, j, n)
			if (strcasecmp(json_string_value(n), name) == 0)
				return s->kinds[i].kind;
	}
	return NULL;
}

const char *sgn_schema_api_version(const sgn_schema_t *s, const char *kind)
{
	kind_t *k = find(s, kind);
	return k ? k->api_version : NULL;
}

const char *sgn_schema_kind_list(const sgn_schema_t *s)
{
	return s->list;
}

const json_t *sgn_schema_root(const sgn_schema_t *s, const char *kind)
{
	kind_t *k = find(s, kind);
	return k ? k->schema : NULL;
}

/* ---- validation ---- */

typedef struct vctx {
	const sgn_yaml_doc_t *doc;
	sgn_diag_t *diag;
} vctx_t;

static int verr(vctx_t *v, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int verr(vctx_t *v, const char *path, const char *fmt, ...)
{
	if (v->diag != NULL) {
		char msg[1024];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		sgn_diag_at(v->diag, NULL, v->doc ? sgn_yaml_line(v->doc, path) : 0, NULL, path);
		sgn_diag_msg(v->diag, "%s", msg);
	}
	return SGN_ESCHEMA;
}

/* OpenAPI patterns are ECMA regexes; ours only need (?:...) turned into (...). */
static bool pattern_matches(const char *pattern, const char *s)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	for (const char *p = pattern; *p; p++) {
		if (p[0] == '(' && p[1] == '?' && p[2] == ':') {
			sgn_buf_puts(&b, "(");
			p += 2;
		} else {
			sgn_buf_append(&b, p, 1);
		}
	}
	regex_t re;
	bool ok = false;
	if (regcomp(&re, b.data, REG_EXTENDED | REG_NOSUB) == 0) {
		ok = regexec(&re, s, 0, NULL, 0) == 0;
		regfree(&re);
	}
	sgn_buf_clear(&b);
	return ok;
}

static const char *type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	default:
		return "null";
	}
}

static bool type_ok(const char *want, const json_t *v, const json_t *schema)
{
	if (json_is_true(json_object_get(schema, "x-kubernetes-int-or-string")))
		return json_is_integer(v) || json_is_string(v);
	if (want == NULL)
		return true;
	if (strcmp(want, "number") == 0)
		return json_is_number(v);
	return strcmp(want, type_of(v)) == 0;
}

static int validate(vctx_t *v, const json_t *schema, const json_t *val, const char *path);

static char *keys_of(const json_t *props)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	const char *k;
	json_t *x;
	json_object_foreach((json_t *)props, k, x)
		sgn_buf_printf(&b, "%s%s", b.len ? ", " : "", k);
	return sgn_buf_take(&b);
}

static char *child_path(const char *path, const char *key)
{
	return path[0] ? sgn_xasprintf("%s.%s", path, key) : sgn_xstrdup(key);
}

static int validate_object(vctx_t *v, const json_t *schema, const json_t *val, const char *path)
{
	const json_t *props = json_object_get(schema, "properties");
	const json_t *addl = json_object_get(schema, "additionalProperties");
	bool open = json_is_true(json_object_get(schema, "x-kubernetes-preserve-unknown-fields")) ||
		    (props == NULL && addl == NULL);
	const char *key;
	json_t *child;
	int rc = SGN_OK;
	json_object_foreach((json_t *)val, key, child) {
		const json_t *cs = props ? json_object_get(props, key) : NULL;
		if (cs == NULL && json_is_object(addl))
			cs = addl;
		char *cp = child_path(path, key);
		if (cs == NULL && !open) {
			char *valid = keys_of(props);
			rc = verr(v, cp, "unknown field \"%s\"; valid fields: %s", key, valid);
			free(valid);
		} else if (cs != NULL) {
			rc = validate(v, cs, child, cp);
		}
		free(cp);
		if (rc != SGN_OK)
			return rc;
	}
	size_t i;
	json_t *req;
	json_array_foreach(json_object_get(schema, "required"), i, req) {
		const char *name = json_string_value(req);
		json_t *present = json_object_get(val, name);
		if (present == NULL || json_is_null(present)) {
			char *cp = child_path(path, name);
			rc = verr(v, cp, "required field \"%s\" is missing", name);
			free(cp);
			return rc;
		}
	}
	return SGN_OK;
}

static int validate_array(vctx_t *v, const json_t *schema, const json_t *val, const char *path)
{
	const json_t *items = json_object_get(schema, "items");
	const json_t *max = json_object_get(schema, "maxItems");
	if (json_is_integer(max) && json_array_size(val) > (size_t)json_integer_value(max))
		return verr(v, path, "%zu items, at most %lld allowed", json_array_size(val),
			    (long long)json_integer_value(max));
	size_t i;
	json_t *child;
	json_array_foreach(val, i, child) {
		char *cp = sgn_xasprintf("%s[%zu]", path, i);
		int rc = items ? validate(v, items, child, cp) : SGN_OK;
		free(cp);
		if (rc != SGN_OK)
			return rc;
	}
	return SGN_OK;
}

static int validate_scalar(vctx_t *v, const json_t *schema, const json_t *val, const char *path)
{
	const json_t *en = json_object_get(schema, "enum");
	if (json_is_array(en)) {
		size_t i;
		json_t *e;
		bool found = false;
		json_array_foreach(en, i, e) found = found || json_equal(e, val);
		if (!found) {
			char *list = json_dumps(en, JSON_COMPACT);
			int rc = verr(v, path, "invalid value; valid values: %s", list);
			free(list);
			return rc;
		}
	}
	const char *pat = json_string_value(json_object_get(schema, "pattern"));
	if (pat && json_is_string(val) && !pattern_matches(pat, json_string_value(val))) {
		/* JSON-quoted: a value with a newline or '"' must not forge diagnostic lines */
		char *q = json_dumps(val, JSON_ENCODE_ANY);
		int rc = verr(v, path, "invalid value %s: must match %s", q ? q : "?", pat);
		free(q);
		return rc;
	}
	const json_t *mn = json_object_get(schema, "minimum");
	const json_t *mx = json_object_get(schema, "maximum");
	if (json_is_integer(val)) {
		double d = (double)json_integer_value(val);
		const char *fmt = json_string_value(json_object_get(schema, "format"));
		if (mn && d < json_number_value(mn))
			return verr(v, path, "%lld is below the minimum %.17g",
				    (long long)json_integer_value(val), json_number_value(mn));
		if (mx && d > json_number_value(mx))
			return verr(v, path, "%lld is above the maximum %.17g",
				    (long long)json_integer_value(val), json_number_value(mx));
		if (fmt && strcmp(fmt, "uint32") == 0 && (d < 0 || d > 4294967295.0))
			return verr(v, path, "%lld is out of range for a 32-bit unsigned value",
				    (long long)json_integer_value(val));
		if (fmt && strcmp(fmt, "int32") == 0 && (d < -2147483648.0 || d > 2147483647.0))
			return verr(v, path, "%lld is out of range for a 32-bit value",
				    (long long)json_integer_value(val));
	}
	return SGN_OK;
}

static int validate(vctx_t *v, const json_t *schema, const json_t *val, const char *path)
{
	if (json_is_null(val))
		return SGN_OK; /* unset, as the API server treats an explicit null */
	const char *want = json_string_value(json_object_get(schema, "type"));
	if (!type_ok(want, val, schema))
		return verr(v, path, "expected %s, got %s", want, type_of(val));
	if (json_is_object(val))
		return validate_object(v, schema, val, path);
	if (json_is_array(val))
		return validate_array(v, schema, val, path);
	return validate_scalar(v, schema, val, path);
}

int sgn_schema_validate(const sgn_schema_t *s, const char *kind, const char *field,
			const json_t *value, const sgn_yaml_doc_t *doc, sgn_diag_t *diag)
{
	kind_t *k = find(s, kind);
	if (k == NULL)
		return SGN_ESCHEMA;
	const json_t *fs = json_object_get(json_object_get(k->schema, "properties"), field);
	if (fs == NULL || value == NULL)
		return SGN_OK; /* an absent optional field (e.g. a Secret with data but no stringData) */
	vctx_t v = {.doc = doc, .diag = diag};
	return validate(&v, fs, value, field);
}
