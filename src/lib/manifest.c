/* SPDX-License-Identifier: MIT */
/* manifest.c -- YAML manifests to validated resources. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgn/manifest.h"
#include "sgn/policy.h"
#include "sgn/records.h"
#include "sgn/util.h"
#include "sgn/yaml.h"
#include "sgn/zonedata.h"

/* An imported zone file larger than this is refused (the root zone is ~2 MiB). */
#define SGN_ZONEFILE_MAX (256 << 20)
/* A manifest larger than this is refused. */
#define SGN_MANIFEST_MAX (64 << 20)

typedef struct doc_ctx {
	const sgn_schema_t *schema;
	const sgn_yaml_doc_t *doc;
	const char *file;
	const char *kind;
	char resource[256];
	sgn_diag_t *diag;
} doc_ctx_t;

/* Fills in file, line (from the field path) and resource; message already set or given. */
static int located(doc_ctx_t *c, int rc, const char *field, const char *msg)
{
	const char *f = field ? field : (c->diag ? c->diag->field : "");
	sgn_diag_at(c->diag, c->file, sgn_yaml_line(c->doc, f), c->resource, field);
	if (msg != NULL)
		sgn_diag_msg(c->diag, "%s", msg);
	return rc;
}

int sgn_manifest_check_name(const char *name, size_t max)
{
	size_t n = strlen(name);
	if (n == 0 || n > max)
		return SGN_EINVAL;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			  ((ch == '-' || ch == '.') && i > 0 && i < n - 1);
		if (!ok)
			return SGN_EINVAL;
	}
	return SGN_OK;
}

/* Moves spec.<alias> to spec.<canonical> (roadmap spellings), lines included. */
static int apply_alias(doc_ctx_t *c, json_t *spec, const char *alias, const char *canon)
{
	json_t *v = json_object_get(spec, alias);
	if (v == NULL)
		return SGN_OK;
	char *ap = sgn_xasprintf("spec.%s", alias);
	if (json_object_get(spec, canon) != NULL) {
		char *msg = sgn_xasprintf("\"%s\" and \"%s\" mean the same; give one", alias, canon);
		int rc = located(c, SGN_ESCHEMA, ap, msg);
		free(msg);
		free(ap);
		return rc;
	}
	json_object_set(spec, canon, v);
	json_object_del(spec, alias);
	/* copy line entries so errors under the canonical path still find their line */
	const char *k;
	json_t *l;
	json_t *add = json_object();
	size_t alen = strlen(ap);
	json_object_foreach(c->doc->lines, k, l) {
		if (strncmp(k, ap, alen) == 0 && (k[alen] == '\0' || k[alen] == '.' || k[alen] == '[')) {
			char *nk = sgn_xasprintf("spec.%s%s", canon, k + alen);
			json_object_set(add, nk, l);
			free(nk);
		}
	}
	json_object_update(c->doc->lines, add);
	json_decref(add);
	free(ap);
	return SGN_OK;
}

/* parentalAgents: every address must be an IP address named can use. */
static int check_parental_agents(doc_ctx_t *c, const json_t *agents, const char *path)
{
	size_t i;
	json_t *a;
	json_array_foreach(agents, i, a) {
		const char *addr = json_string_value(json_object_get(a, "address"));
		unsigned char buf[16];
		if (addr == NULL || inet_pton(AF_INET, addr, buf) == 1 || inet_pton(AF_INET6, addr, buf) == 1)
			continue;
		char *f = sgn_xasprintf("%s.parentalAgents[%zu].address", path, i);
		char *m = sgn_xasprintf("\"%s\" is not an IPv4 or IPv6 address", addr);
		int rc = located(c, SGN_ESCHEMA, f, m);
		free(m);
		free(f);
		return rc;
	}
	return SGN_OK;
}

static int check_signing(doc_ctx_t *c, const json_t *signing, const char *path)
{
	if (!json_is_object(signing))
		return SGN_OK;
	sgn_policy_t p;
	int rc = sgn_policy_from_signing(signing, path, &p, c->diag);
	if (rc != SGN_OK)
		return located(c, rc, NULL, NULL);
	const char *pol = json_string_value(json_object_get(signing, "policy"));
	const json_t *kf = json_object_get(signing, "keysFrom");
	const char *sref = json_string_value(json_object_get(json_object_get(kf, "secretRef"), "name"));
	if (sref != NULL && sgn_manifest_check_name(sref, 253) != SGN_OK) {
		char *f = sgn_xasprintf("%s.keysFrom.secretRef.name", path);
		rc = located(c, SGN_ESCHEMA, f, "invalid Secret name (DNS-1123: lower-case letters, digits, '-', '.')");
		free(f);
		return rc;
	}
	(void)pol; /* the CRD pattern already restricts it; "default" is renamed when rendered */
	return check_parental_agents(c, json_object_get(signing, "parentalAgents"), path);
}

static int check_cluster(doc_ctx_t *c, json_t *spec)
{
	int rc = apply_alias(c, spec, "primaries", "primary");
	if (rc != SGN_OK)
		return rc;
	rc = sgn_schema_validate(c->schema, c->kind, "spec", spec, c->doc, c->diag);
	if (rc != SGN_OK)
		return located(c, rc, NULL, NULL);
	const json_t *sig = json_object_get(json_object_get(json_object_get(spec, "global"), "dnssec"), "signing");
	return check_signing(c, sig, "spec.global.dnssec.signing");
}

static int check_instance(doc_ctx_t *c, json_t *spec)
{
	int rc = sgn_schema_validate(c->schema, c->kind, "spec", spec, c->doc, c->diag);
	if (rc != SGN_OK)
		return located(c, rc, NULL, NULL);
	const json_t *sig = json_object_get(json_object_get(json_object_get(spec, "config"), "dnssec"), "signing");
	return check_signing(c, sig, "spec.config.dnssec.signing");
}

static int import_zone_file(doc_ctx_t *c, sgn_manifest_item_t *it, const json_t *spec)
{
	const char *zf = json_string_value(json_object_get(spec, "zoneFile"));
	if (zf == NULL)
		return SGN_OK;
	char *path;
	if (zf[0] == '/' || strcmp(c->file, "-") == 0) {
		path = sgn_xstrdup(zf);
	} else {
		char *dup = sgn_xstrdup(c->file);
		struct stat st;
		const char *dir = stat(c->file, &st) == 0 && S_ISDIR(st.st_mode) ? c->file : dirname(dup);
		path = sgn_path_join(dir, zf);
		free(dup);
	}
	struct stat zst;
	if (stat(path, &zst) != 0 || !S_ISREG(zst.st_mode) || zst.st_size > SGN_ZONEFILE_MAX) {
		char *msg = stat(path, &zst) != 0
			? sgn_xasprintf("cannot read zone file %s: %s", path, strerror(errno))
			: !S_ISREG(zst.st_mode)
			? sgn_xasprintf("zone file %s is not a regular file", path)
			: sgn_xasprintf("zone file %s is larger than %d MiB", path, SGN_ZONEFILE_MAX >> 20);
		located(c, SGN_ESCHEMA, "spec.zoneFile", msg);
		free(msg);
		free(path);
		return SGN_ESCHEMA;
	}
	const char *zn = json_string_value(json_object_get(spec, "zoneName"));
	sgn_zonedata_t *z = NULL;
	sgn_diag_t zd;
	sgn_diag_clear(&zd);
	int rc = sgn_zonedata_new(&z, zn, 3600);
	if (rc == SGN_OK)
		rc = sgn_zonedata_import(z, path, &zd);
	bool no_soa = false;
	if (rc == SGN_OK && json_object_get(spec, "soaRecord") == NULL) {
		char *mname = sgn_zonedata_soa_mname(z);
		no_soa = mname == NULL;
		free(mname);
	}
	sgn_zonedata_free(z);
	if (rc == SGN_OK && no_soa) {
		char *msg = sgn_xasprintf("zone file %s has no SOA record at the apex; add one or give soaRecord", path);
		located(c, SGN_ESCHEMA, "spec.zoneFile", msg);
		free(msg);
		free(path);
		return SGN_ESCHEMA;
	}
	if (rc == SGN_OK)
		rc = sgn_file_read(path, &it->zone_text, NULL);
	if (rc != SGN_OK) {
		char *msg;
		if (zd.message[0] && zd.line)
			msg = sgn_xasprintf("%s:%d: %s", zd.file[0] ? zd.file : path, zd.line, zd.message);
		else if (zd.message[0])
			msg = sgn_xasprintf("%s: %s", zd.file[0] ? zd.file : path, zd.message);
		else
			msg = sgn_xasprintf("cannot read zone file %s: %s", path, sgn_strerror(rc));
		located(c, SGN_ESCHEMA, "spec.zoneFile", msg);
		free(msg);
		rc = SGN_ESCHEMA;
	}
	free(path);
	return rc;
}

static int check_zone(doc_ctx_t *c, sgn_manifest_item_t *it, json_t *spec)
{
	int rc = apply_alias(c, spec, "soa", "soaRecord");
	if (rc != SGN_OK)
		return rc;
	rc = sgn_schema_validate(c->schema, c->kind, "spec", spec, c->doc, c->diag);
	if (rc != SGN_OK)
		return located(c, rc, NULL, NULL);
	const char *zn = json_string_value(json_object_get(spec, "zoneName"));
	size_t znl = zn ? strlen(zn) : 0;
	if (znl > 1 && zn[znl - 1] == '.')
		znl--;
	if (znl > 253)
		return located(c, SGN_ESCHEMA, "spec.zoneName",
			       "zone name is longer than 253 characters (255 octets on the wire)");
	rc = check_parental_agents(c, json_object_get(spec, "parentalAgents"), "spec");
	if (rc != SGN_OK)
		return rc;
	if (json_object_get(spec, "soaRecord") == NULL && json_object_get(spec, "zoneFile") == NULL)
		return located(c, SGN_ESCHEMA, "spec.soaRecord",
			       "required field \"soaRecord\" is missing (or give zoneFile with an SOA)");
	if (json_object_get(spec, "soaRecord") != NULL) {
		static const char *req[] = {"primaryNs", "adminEmail", "serial"};
		for (size_t i = 0; i < 3; i++)
			if (json_object_get(json_object_get(spec, "soaRecord"), req[i]) == NULL) {
				char *f = sgn_xasprintf("spec.soaRecord.%s", req[i]);
				char *m = sgn_xasprintf("required field \"%s\" is missing", req[i]);
				rc = located(c, SGN_ESCHEMA, f, m);
				free(f);
				free(m);
				return rc;
			}
	}
	return import_zone_file(c, it, spec);
}

static int check_record(doc_ctx_t *c, json_t *spec)
{
	int rc = sgn_schema_validate(c->schema, c->kind, "spec", spec, c->doc, c->diag);
	if (rc != SGN_OK)
		return located(c, rc, NULL, NULL);
	/* Parse the RR against a stand-in origin: catches bad names and RDATA now. */
	sgn_zonedata_t *z = NULL;
	sgn_zonedata_new(&z, "signet-check.invalid", 3600);
	rc = sgn_records_add(z, c->kind, spec, c->diag);
	sgn_zonedata_free(z);
	return rc == SGN_OK ? SGN_OK : located(c, SGN_ESCHEMA, NULL, NULL);
}

static int check_policy(doc_ctx_t *c, json_t *spec)
{
	int rc = sgn_schema_validate(c->schema, c->kind, "spec", spec, c->doc, c->diag);
	if (rc != SGN_OK)
		return located(c, rc, NULL, NULL);
	sgn_policy_t p;
	rc = sgn_policy_from_spec(spec, "spec", &p, c->diag);
	return rc == SGN_OK ? SGN_OK : located(c, rc, NULL, NULL);
}

static bool valid_base64(const char *s)
{
	size_t n = 0, pad = 0;
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			continue;
		if (*s == '=') {
			pad++;
			n++;
			continue;
		}
		if (pad || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
			     (*s >= '0' && *s <= '9') || *s == '+' || *s == '/'))
			return false;
		n++;
	}
	return n % 4 == 0 && pad <= 2;
}

static int check_secret(doc_ctx_t *c, json_t *obj)
{
	static const char *fields[] = {"data", "stringData"};
	for (size_t i = 0; i < 2; i++) {
		int rc = sgn_schema_validate(c->schema, c->kind, fields[i],
					     json_object_get(obj, fields[i]), c->doc, c->diag);
		if (rc != SGN_OK)
			return located(c, rc, NULL, NULL);
	}
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(obj, "data"), k, v) {
		if (json_is_string(v) && !valid_base64(json_string_value(v))) {
			char *f = sgn_xasprintf("data.%s", k);
			int rc = located(c, SGN_ESCHEMA, f, "value is not valid base64 (use stringData for plain text)");
			free(f);
			return rc;
		}
	}
	return SGN_OK;
}

static int check_top_fields(doc_ctx_t *c, const json_t *obj)
{
	const json_t *props = json_object_get(sgn_schema_root(c->schema, c->kind), "properties");
	const char *k;
	json_t *v;
	/* Kubernetes allows these on every object; bindy's CRDs do not list them. */
	static const char *implicit[] = {"apiVersion", "kind", "metadata"};
	json_object_foreach((json_t *)obj, k, v) {
		bool known = json_object_get(props, k) != NULL;
		for (size_t i = 0; i < 3; i++)
			known = known || strcmp(k, implicit[i]) == 0;
		if (!known) {
			sgn_buf_t b;
			sgn_buf_init(&b);
			for (size_t i = 0; i < 3; i++)
				if (json_object_get(props, implicit[i]) == NULL)
					sgn_buf_printf(&b, "%s%s", b.len ? ", " : "", implicit[i]);
			const char *pk;
			json_t *pv;
			json_object_foreach((json_t *)props, pk, pv)
				sgn_buf_printf(&b, "%s%s", b.len ? ", " : "", pk);
			char *msg = sgn_xasprintf("unknown field \"%s\"; valid fields: %s", k, b.data);
			int rc = located(c, SGN_ESCHEMA, k, msg);
			free(msg);
			sgn_buf_clear(&b);
			return rc;
		}
	}
	return SGN_OK;
}

static int check_metadata(doc_ctx_t *c, json_t *obj, const char *default_ns, sgn_manifest_item_t *it)
{
	json_t *md = json_object_get(obj, "metadata");
	if (md == NULL)
		return located(c, SGN_ESCHEMA, "metadata", "required field \"metadata\" is missing");
	if (!json_is_object(md))
		return located(c, SGN_ESCHEMA, "metadata", "must be a mapping (name, namespace, labels)");
	const char *mk;
	json_t *mv;
	static const char *meta_fields[] = {"name", "namespace", "labels", "annotations", "uid",
		"resourceVersion", "generation", "creationTimestamp", "generateName", "finalizers",
		"ownerReferences", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"};
	json_object_foreach(md, mk, mv) {
		bool known = false;
		for (size_t i = 0; i < sizeof(meta_fields) / sizeof(meta_fields[0]); i++)
			known = known || strcmp(mk, meta_fields[i]) == 0;
		if (!known) {
			char *f = sgn_xasprintf("metadata.%s", mk);
			char *m = sgn_xasprintf("unknown field \"%s\"; valid fields: name, namespace, labels, annotations", mk);
			int rc = located(c, SGN_ESCHEMA, f, m);
			free(f);
			free(m);
			return rc;
		}
	}
	json_t *jname = json_object_get(md, "name");
	if (jname == NULL)
		return located(c, SGN_ESCHEMA, "metadata.name", "required field \"name\" is missing");
	if (!json_is_string(jname))
		return located(c, SGN_ESCHEMA, "metadata.name", "must be a string");
	const char *name = json_string_value(jname);
	json_t *jns = json_object_get(md, "namespace");
	if (jns != NULL && !json_is_string(jns))
		return located(c, SGN_ESCHEMA, "metadata.namespace", "must be a string");
	const char *ns = json_string_value(jns);
	if (ns == NULL) {
		ns = default_ns;
		json_object_set_new(md, "namespace", json_string(ns));
	}
	snprintf(c->resource, sizeof(c->resource), "%s %s/%s", c->kind, ns, name);
	if (sgn_manifest_check_name(name, 253) != SGN_OK)
		return located(c, SGN_ESCHEMA, "metadata.name",
			       "invalid name: lower-case letters, digits, '-' and '.', starting and ending alphanumeric, at most 253");
	if (sgn_manifest_check_name(ns, 63) != SGN_OK || strchr(ns, '.') != NULL)
		return located(c, SGN_ESCHEMA, "metadata.namespace",
			       "invalid namespace: lower-case letters, digits and '-', at most 63");
	static const char *maps[] = {"labels", "annotations"};
	for (size_t i = 0; i < 2; i++) {
		json_t *lm = json_object_get(md, maps[i]);
		if (lm != NULL && !json_is_object(lm) && !json_is_null(lm)) {
			char *f = sgn_xasprintf("metadata.%s", maps[i]);
			int rc = located(c, SGN_ESCHEMA, f, "must be a mapping of strings to strings");
			free(f);
			return rc;
		}
	}
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(md, "annotations"), k, v) {
		if (!json_is_string(v)) {
			char *f = sgn_xasprintf("metadata.annotations.%s", k);
			int rc = located(c, SGN_ESCHEMA, f, "annotation values must be strings");
			free(f);
			return rc;
		}
	}
	json_object_foreach(json_object_get(md, "labels"), k, v) {
		if (!json_is_string(v)) {
			char *f = sgn_xasprintf("metadata.labels.%s", k);
			int rc = located(c, SGN_ESCHEMA, f, "label values must be strings");
			free(f);
			return rc;
		}
	}
	it->ns = sgn_xstrdup(ns);
	it->name = sgn_xstrdup(name);
	return SGN_OK;
}

static int check_kind(doc_ctx_t *c, const json_t *obj)
{
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	const char *api = json_string_value(json_object_get(obj, "apiVersion"));
	snprintf(c->resource, sizeof(c->resource), "document at line %d", c->doc->line);
	if (json_object_get(obj, "kind") == NULL)
		return located(c, SGN_ESCHEMA, "kind", "required field \"kind\" is missing");
	if (kind == NULL) {
		char *msg = sgn_xasprintf("must be a string; valid kinds: %s", sgn_schema_kind_list(c->schema));
		int rc = located(c, SGN_ESCHEMA, "kind", msg);
		free(msg);
		return rc;
	}
	const char *canon = sgn_schema_kind(c->schema, kind);
	if (canon == NULL || strcmp(canon, kind) != 0) {
		char *msg = sgn_xasprintf("unknown kind \"%s\"; valid kinds: %s", kind,
					  sgn_schema_kind_list(c->schema));
		int rc = located(c, SGN_ESCHEMA, "kind", msg);
		free(msg);
		return rc;
	}
	c->kind = canon;
	const char *want = sgn_schema_api_version(c->schema, canon);
	if (api == NULL || strcmp(api, want) != 0) {
		char *msg = sgn_xasprintf("apiVersion must be \"%s\" for %s", want, canon);
		int rc = located(c, SGN_ESCHEMA, "apiVersion", msg);
		free(msg);
		return rc;
	}
	return SGN_OK;
}

static int check_doc(doc_ctx_t *c, sgn_manifest_item_t *it, const char *default_ns)
{
	json_t *obj = c->doc->value;
	if (!json_is_object(obj))
		return located(c, SGN_ESCHEMA, "", "a resource must be a YAML mapping");
	int rc;
	if ((rc = check_kind(c, obj)) != SGN_OK || (rc = check_top_fields(c, obj)) != SGN_OK ||
	    (rc = check_metadata(c, obj, default_ns, it)) != SGN_OK)
		return rc;
	json_object_del(obj, "status"); /* status belongs to signet, never to the user */
	json_t *spec = json_object_get(obj, "spec");
	if (strcmp(c->kind, "Secret") == 0)
		return check_secret(c, obj);
	if (spec == NULL)
		return located(c, SGN_ESCHEMA, "spec", "required field \"spec\" is missing");
	if (!json_is_object(spec))
		return located(c, SGN_ESCHEMA, "spec", "must be a mapping");
	if (strcmp(c->kind, "Bind9Cluster") == 0)
		return check_cluster(c, spec);
	if (strcmp(c->kind, "Bind9Instance") == 0)
		return check_instance(c, spec);
	if (strcmp(c->kind, "DNSZone") == 0)
		return check_zone(c, it, spec);
	if (strcmp(c->kind, "DNSSECPolicy") == 0)
		return check_policy(c, spec);
	return check_record(c, spec);
}

static int load_text(sgn_manifest_t *m, const sgn_schema_t *s, const char *file, const char *text,
		     size_t len, const char *default_ns, sgn_diag_t *diag)
{
	sgn_yaml_doc_t *docs = NULL;
	size_t n = 0;
	int rc = sgn_yaml_parse(text, len, file, &docs, &n, diag);
	for (size_t i = 0; rc == SGN_OK && i < n; i++) {
		doc_ctx_t c = {.schema = s, .doc = &docs[i], .file = file, .diag = diag};
		sgn_manifest_item_t it = {0};
		rc = check_doc(&c, &it, default_ns);
		if (rc != SGN_OK) {
			free(it.ns);
			free(it.name);
			free(it.zone_text);
			break;
		}
		it.kind = sgn_xstrdup(c.kind);
		it.obj = json_incref(docs[i].value);
		it.file = sgn_xstrdup(file);
		it.line = docs[i].line;
		m->items = sgn_xrealloc(m->items, (m->n + 1) * sizeof(*m->items));
		m->items[m->n++] = it;
	}
	sgn_yaml_docs_free(docs, n);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(sgn_manifest_t *m, const sgn_schema_t *s, const char *path,
		    const char *default_ns, sgn_diag_t *diag)
{
	DIR *d = opendir(path);
	if (d == NULL) {
		sgn_diag_at(diag, path, 0, NULL, NULL);
		sgn_diag_msg(diag, "cannot open directory");
		return SGN_ENOENT;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (sgn_str_has_suffix(e->d_name, ".yaml") || sgn_str_has_suffix(e->d_name, ".yml")) {
			names = sgn_xrealloc(names, (n + 1) * sizeof(char *));
			names[n++] = sgn_path_join(path, e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_str);
	int rc = SGN_OK;
	for (size_t i = 0; i < n; i++) {
		if (rc == SGN_OK)
			rc = sgn_manifest_load(m, s, names[i], default_ns, diag);
		free(names[i]);
	}
	free(names);
	return rc;
}

int sgn_manifest_load(sgn_manifest_t *m, const sgn_schema_t *s, const char *path,
		      const char *default_ns, sgn_diag_t *diag)
{
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return load_dir(m, s, path, default_ns, diag);
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ||
	     (S_ISREG(st.st_mode) && st.st_size > SGN_MANIFEST_MAX))) {
		/* /dev/zero would be read forever */
		sgn_diag_at(diag, path, 0, NULL, NULL);
		sgn_diag_msg(diag, "%s", S_ISREG(st.st_mode) ? "manifest larger than 64 MiB"
							  : "not a regular file, directory, pipe or -");
		return SGN_EINVAL;
	}
	char *text = NULL;
	size_t len = 0;
	int rc;
	if (strcmp(path, "-") == 0) {
		sgn_buf_t b;
		sgn_buf_init(&b);
		char chunk[8192];
		size_t r;
		while ((r = fread(chunk, 1, sizeof(chunk), stdin)) > 0 && b.len <= SGN_MANIFEST_MAX)
			sgn_buf_append(&b, chunk, r);
		if (b.len > SGN_MANIFEST_MAX) {
			sgn_buf_clear(&b);
			sgn_diag_at(diag, "<stdin>", 0, NULL, NULL);
			sgn_diag_msg(diag, "%s", "manifest larger than 64 MiB");
			return SGN_EINVAL;
		}
		len = b.len;
		text = sgn_buf_take(&b);
		rc = SGN_OK;
	} else {
		rc = sgn_file_read(path, &text, &len);
	}
	if (rc != SGN_OK) {
		sgn_diag_at(diag, path, 0, NULL, NULL);
		sgn_diag_msg(diag, "cannot read: %s", sgn_strerror(rc));
		return rc;
	}
	rc = load_text(m, s, strcmp(path, "-") == 0 ? "<stdin>" : path, text, len, default_ns, diag);
	free(text);
	return rc;
}

static int dup_error(const sgn_manifest_item_t *a, const sgn_manifest_item_t *b, const char *what,
		     sgn_diag_t *diag)
{
	char res[256];
	snprintf(res, sizeof(res), "%s %s/%s", b->kind, b->ns, b->name);
	sgn_diag_at(diag, b->file, b->line, res, NULL);
	sgn_diag_msg(diag, "%s (first defined at %s:%d)", what, a->file, a->line);
	return SGN_ESCHEMA;
}

/* "ns|cluster|zone" (lower case, no trailing dot) of a DNSZone object. */
static const char *zone_key_of(const char *ns, const json_t *obj, char *buf, size_t len)
{
	const json_t *spec = json_object_get(obj, "spec");
	const char *zn = json_string_value(json_object_get(spec, "zoneName"));
	const char *cl = json_string_value(json_object_get(spec, "clusterRef"));
	snprintf(buf, len, "%s|%s|%s", ns, cl ? cl : "", zn ? zn : "");
	size_t n = strlen(buf);
	if (n > 1 && buf[n - 1] == '.' && buf[n - 2] != '|')
		buf[n - 1] = '\0';
	sgn_str_lower(buf);
	return buf;
}

static const char *zone_key(const sgn_manifest_item_t *it, char *buf, size_t len)
{
	return zone_key_of(it->ns, it->obj, buf, len);
}

int sgn_manifest_check_set(const sgn_manifest_t *m, sgn_diag_t *diag)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = 0; j < i; j++) {
			const sgn_manifest_item_t *a = &m->items[j], *b = &m->items[i];
			if (strcmp(a->kind, b->kind) == 0 && strcmp(a->ns, b->ns) == 0 &&
			    strcmp(a->name, b->name) == 0)
				return dup_error(a, b, "duplicate resource", diag);
			char ka[600], kb[600];
			if (strcmp(a->kind, "DNSZone") == 0 && strcmp(b->kind, "DNSZone") == 0 &&
			    strcmp(zone_key(a, ka, sizeof(ka)), zone_key(b, kb, sizeof(kb))) == 0)
				return dup_error(a, b, "duplicate zone: the same zoneName in the same cluster", diag);
		}
	}
	return SGN_OK;
}

int sgn_manifest_check_stored(const sgn_manifest_t *m, const json_t *stored_zones, sgn_diag_t *diag)
{
	for (size_t i = 0; i < m->n; i++) {
		const sgn_manifest_item_t *b = &m->items[i];
		if (strcmp(b->kind, "DNSZone") != 0)
			continue;
		char kb[600], ka[600];
		zone_key(b, kb, sizeof(kb));
		size_t j;
		json_t *o;
		json_array_foreach(stored_zones, j, o) {
			const json_t *md = json_object_get(o, "metadata");
			const char *ns = json_string_value(json_object_get(md, "namespace"));
			const char *name = json_string_value(json_object_get(md, "name"));
			if (ns == NULL || name == NULL || (strcmp(ns, b->ns) == 0 && strcmp(name, b->name) == 0))
				continue; /* the same resource: an update */
			if (strcmp(zone_key_of(ns, o, ka, sizeof(ka)), kb) != 0)
				continue;
			char res[256];
			snprintf(res, sizeof(res), "%s %s/%s", b->kind, b->ns, b->name);
			sgn_diag_at(diag, b->file, b->line, res, "spec.zoneName");
			sgn_diag_msg(diag, "duplicate zone: DNSZone %s/%s already serves this zoneName in cluster %s "
					   "(change or delete that one first)",
				     ns, name, json_string_value(json_object_get(json_object_get(b->obj, "spec"), "clusterRef")));
			return SGN_ESCHEMA;
		}
	}
	return SGN_OK;
}

void sgn_manifest_clear(sgn_manifest_t *m)
{
	for (size_t i = 0; i < m->n; i++) {
		sgn_manifest_item_t *it = &m->items[i];
		free(it->kind);
		free(it->ns);
		free(it->name);
		free(it->file);
		free(it->zone_text);
		json_decref(it->obj);
	}
	free(m->items);
	memset(m, 0, sizeof(*m));
}
