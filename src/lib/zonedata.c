/* SPDX-License-Identifier: MIT */
/* zonedata.c -- unsigned zone content: records added by signet and imported
 * master files, cleaned of an earlier signer's DNSSEC data (ldns inside). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "sgn/err.h"
#include "sgn/util.h"
#include "sgn/zonedata.h"

/* Types an earlier signer left behind; named re-creates what it needs. ZONEMD
 * is dropped too: its digest and serial cannot survive our SOA and signing. */
static const struct {
	ldns_rr_type type;
	const char *name;
} drop_types[] = {
    {LDNS_RR_TYPE_RRSIG, "RRSIG"},     {LDNS_RR_TYPE_NSEC, "NSEC"},
    {LDNS_RR_TYPE_NSEC3, "NSEC3"},     {LDNS_RR_TYPE_NSEC3PARAM, "NSEC3PARAM"},
    {LDNS_RR_TYPE_DNSKEY, "DNSKEY"},   {LDNS_RR_TYPE_CDS, "CDS"},
    {LDNS_RR_TYPE_CDNSKEY, "CDNSKEY"}, {(ldns_rr_type)65534, "TYPE65534"},
    {LDNS_RR_TYPE_ZONEMD, "ZONEMD"},
};
#define N_DROP (sizeof(drop_types) / sizeof(drop_types[0]))
#define DROP_APEX_DS N_DROP /* extra counter slot: DS at the apex */

struct sgn_zonedata {
	ldns_rdf *origin;
	char *origin_str; /* absolute, as given (case kept) */
	uint32_t default_ttl;
	ldns_rr *soa_set;  /* from set_soa: always wins */
	ldns_rr *soa_file; /* first SOA seen in an import */
	ldns_rr **rrs;	   /* everything else, canonical order, no duplicates */
	size_t n, cap;
	size_t dropped[N_DROP + 1];
	size_t ttl_fixed; /* RRsets whose TTLs were lowered to the minimum */
	size_t dups;	  /* duplicate RRs collapsed */
	size_t ttl_capped; /* RRsets lowered to max_ttl (sgn_zonedata_cap_ttl) */
	uint32_t max_ttl;
	sgn_buf_t files;  /* basenames of imported files, ", "-separated */
	char *note;
};

static int rr_cmp(const void *a, const void *b)
{
	return ldns_rr_compare(*(ldns_rr *const *)a, *(ldns_rr *const *)b);
}

static bool same_rrset(const ldns_rr *a, const ldns_rr *b)
{
	return ldns_rr_get_type(a) == ldns_rr_get_type(b) &&
	       ldns_rr_get_class(a) == ldns_rr_get_class(b) &&
	       ldns_dname_compare(ldns_rr_owner(a), ldns_rr_owner(b)) == 0;
}

static bool in_zone(const sgn_zonedata_t *z, const ldns_rdf *name)
{
	return ldns_dname_compare(name, z->origin) == 0 || ldns_dname_is_subdomain(name, z->origin);
}

static bool is_apex(const sgn_zonedata_t *z, const ldns_rdf *name)
{
	return ldns_dname_compare(name, z->origin) == 0;
}

static void rebuild_note(sgn_zonedata_t *z)
{
	sgn_buf_t drops, b;
	sgn_buf_init(&drops);
	sgn_buf_init(&b);
	for (size_t i = 0; i <= N_DROP; i++)
		if (z->dropped[i] > 0)
			sgn_buf_printf(&drops, "%s%zu %s", drops.len ? ", " : "", z->dropped[i],
				       i == DROP_APEX_DS ? "DS at the apex" : drop_types[i].name);
	if (drops.len > 0)
		sgn_buf_printf(&b, "dropped%s%s: %s", z->files.len ? " from " : "",
			       z->files.len ? z->files.data : "", drops.data);
	else if (z->files.len > 0 && (z->dups > 0 || z->ttl_fixed > 0 || z->ttl_capped > 0))
		sgn_buf_printf(&b, "%s:", z->files.data);
	if (z->dups > 0)
		sgn_buf_printf(&b, "%scollapsed %zu duplicate RRs", drops.len ? "; " : " ",
			       z->dups);
	if (z->ttl_fixed > 0)
		sgn_buf_printf(&b,
			       "%snormalised mixed TTLs in %zu RRsets to the lowest (RFC 2181 5.2)",
			       drops.len || z->dups ? "; " : " ", z->ttl_fixed);
	if (z->ttl_capped > 0)
		sgn_buf_printf(
		    &b, "%slowered TTLs above the policy's max-zone-ttl %" PRIu32 " in %zu RRsets",
		    drops.len || z->dups || z->ttl_fixed ? "; " : " ", z->max_ttl, z->ttl_capped);
	sgn_buf_clear(&drops);
	free(z->note);
	/* no files and no drops: drop the leading blank */
	if (b.len > 0 && b.data[0] == ' ') {
		z->note = sgn_xstrdup(b.data + 1);
		sgn_buf_clear(&b);
	} else {
		z->note = sgn_buf_take(&b);
	}
}

/* Lowers the TTLs of rrs[from, to) to their minimum; true if any changed. */
static bool lower_ttls(ldns_rr **rrs, size_t from, size_t to)
{
	uint32_t min = UINT32_MAX;
	bool mixed = false;
	for (size_t i = from; i < to; i++) {
		uint32_t t = ldns_rr_ttl(rrs[i]);
		if (i > from && t != min)
			mixed = true;
		if (t < min)
			min = t;
	}
	if (mixed)
		for (size_t i = from; i < to; i++)
			ldns_rr_set_ttl(rrs[i], min);
	return mixed;
}

/* Sorts everything, collapses duplicates and normalises TTLs per RRset. */
static void normalise(sgn_zonedata_t *z)
{
	if (z->n > 1)
		qsort(z->rrs, z->n, sizeof(z->rrs[0]), rr_cmp);
	size_t out = 0;
	size_t i = 0;
	while (i < z->n) {
		size_t j = i + 1;
		while (j < z->n && same_rrset(z->rrs[i], z->rrs[j]))
			j++;
		if (lower_ttls(z->rrs, i, j))
			z->ttl_fixed++;
		size_t first = out;
		for (size_t k = i; k < j; k++) {
			if (out > first && ldns_rr_compare(z->rrs[out - 1], z->rrs[k]) == 0) {
				ldns_rr_free(z->rrs[k]);
				z->dups++;
				continue;
			}
			z->rrs[out++] = z->rrs[k];
		}
		i = j;
	}
	z->n = out;
}

static void push(sgn_zonedata_t *z, ldns_rr *rr)
{
	if (z->n == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 64;
		z->rrs = sgn_xrealloc(z->rrs, z->cap * sizeof(z->rrs[0]));
	}
	z->rrs[z->n++] = rr;
}

/* Inserts rr (taken) at its canonical place; collapses a duplicate. */
static void insert_sorted(sgn_zonedata_t *z, ldns_rr *rr)
{
	size_t lo = 0, hi = z->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ldns_rr_compare(z->rrs[mid], rr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t at = lo;
	if (at < z->n && ldns_rr_compare(z->rrs[at], rr) == 0) {
		if (ldns_rr_ttl(rr) < ldns_rr_ttl(z->rrs[at]))
			ldns_rr_set_ttl(z->rrs[at], ldns_rr_ttl(rr));
		ldns_rr_free(rr);
		z->dups++;
	} else {
		push(z, rr);
		memmove(&z->rrs[at + 1], &z->rrs[at], (z->n - 1 - at) * sizeof(z->rrs[0]));
		z->rrs[at] = rr;
	}
	size_t from = at, to = at + 1;
	while (from > 0 && same_rrset(z->rrs[from - 1], z->rrs[at]))
		from--;
	while (to < z->n && same_rrset(z->rrs[to], z->rrs[at]))
		to++;
	if (lower_ttls(z->rrs, from, to))
		z->ttl_fixed++;
}

int sgn_zonedata_new(sgn_zonedata_t **out, const char *origin, uint32_t default_ttl)
{
	if (out == NULL || *out != NULL || origin == NULL || origin[0] == '\0')
		return SGN_EINVAL;
	size_t len = strlen(origin);
	char *abs = origin[len - 1] == '.' ? sgn_xstrdup(origin) : sgn_xasprintf("%s.", origin);
	ldns_rdf *dname = NULL;
	if (ldns_str2rdf_dname(&dname, abs) != LDNS_STATUS_OK || dname == NULL) {
		free(abs);
		return SGN_EINVAL;
	}
	sgn_zonedata_t *z = sgn_xcalloc(1, sizeof(*z));
	z->origin = dname;
	z->origin_str = abs;
	z->default_ttl = default_ttl;
	sgn_buf_init(&z->files);
	rebuild_note(z);
	*out = z;
	return SGN_OK;
}

void sgn_zonedata_free(sgn_zonedata_t *z)
{
	if (z == NULL)
		return;
	for (size_t i = 0; i < z->n; i++)
		ldns_rr_free(z->rrs[i]);
	free(z->rrs);
	ldns_rr_free(z->soa_set);
	ldns_rr_free(z->soa_file);
	ldns_rdf_deep_free(z->origin);
	free(z->origin_str);
	sgn_buf_clear(&z->files);
	free(z->note);
	free(z);
}

/* Parses one RR from text relative to the origin. */
static int parse_rr(const sgn_zonedata_t *z, const char *text, ldns_rr **out, sgn_diag_t *diag)
{
	ldns_rr *rr = NULL;
	ldns_rdf *prev = NULL;
	ldns_status st = ldns_rr_new_frm_str(&rr, text, z->default_ttl, z->origin, &prev);
	ldns_rdf_deep_free(prev);
	if (st != LDNS_STATUS_OK || rr == NULL) {
		ldns_rr_free(rr);
		sgn_diag_msg(diag, "%s: \"%s\"", ldns_get_errorstr_by_id(st), text);
		return SGN_EPARSE;
	}
	if (!in_zone(z, ldns_rr_owner(rr))) {
		char *owner = ldns_rdf2str(ldns_rr_owner(rr));
		sgn_diag_msg(diag, "owner %s is outside the zone %s", owner ? owner : "?",
			     z->origin_str);
		free(owner);
		ldns_rr_free(rr);
		return SGN_EINVAL;
	}
	*out = rr;
	return SGN_OK;
}

static int install_soa(sgn_zonedata_t *z, ldns_rr *soa, sgn_diag_t *diag)
{
	if (!is_apex(z, ldns_rr_owner(soa))) {
		sgn_diag_msg(diag, "SOA must be at the apex %s", z->origin_str);
		ldns_rr_free(soa);
		return SGN_EINVAL;
	}
	ldns_rr_free(z->soa_set);
	z->soa_set = soa;
	return SGN_OK;
}

int sgn_zonedata_set_soa(sgn_zonedata_t *z, const char *mname, const char *rname, uint32_t serial,
			 uint32_t refresh, uint32_t retry, uint32_t expire, uint32_t minimum,
			 uint32_t ttl, sgn_diag_t *diag)
{
	if (z == NULL || mname == NULL || rname == NULL)
		return SGN_EINVAL;
	char *text = sgn_xasprintf(
	    "@ %" PRIu32 " IN SOA %s %s %" PRIu32 " %" PRIu32 " %" PRIu32 " %" PRIu32 " %" PRIu32,
	    ttl ? ttl : z->default_ttl, mname, rname, serial, refresh, retry, expire, minimum);
	ldns_rr *rr = NULL;
	int ret = parse_rr(z, text, &rr, diag);
	free(text);
	if (ret != SGN_OK)
		return ret;
	return install_soa(z, rr, diag);
}

int sgn_zonedata_add(sgn_zonedata_t *z, const char *owner, uint32_t ttl, const char *type,
		     const char *rdata, sgn_diag_t *diag)
{
	if (z == NULL || owner == NULL || type == NULL || rdata == NULL || owner[0] == '\0')
		return SGN_EINVAL;
	char *text = ttl ? sgn_xasprintf("%s %" PRIu32 " IN %s %s", owner, ttl, type, rdata)
			 : sgn_xasprintf("%s IN %s %s", owner, type, rdata);
	ldns_rr *rr = NULL;
	int ret = parse_rr(z, text, &rr, diag);
	free(text);
	if (ret != SGN_OK)
		return ret;
	if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA)
		return install_soa(z, rr, diag);
	insert_sorted(z, rr);
	rebuild_note(z);
	return SGN_OK;
}

/* True (and counted) if an imported record is an earlier signer's data. */
static bool drop_imported(sgn_zonedata_t *z, const ldns_rr *rr)
{
	ldns_rr_type t = ldns_rr_get_type(rr);
	for (size_t i = 0; i < N_DROP; i++) {
		if (drop_types[i].type == t) {
			z->dropped[i]++;
			return true;
		}
	}
	if (t == LDNS_RR_TYPE_DS && is_apex(z, ldns_rr_owner(rr))) {
		z->dropped[DROP_APEX_DS]++;
		return true;
	}
	return false;
}

int sgn_zonedata_import(sgn_zonedata_t *z, const char *path, sgn_diag_t *diag)
{
	if (z == NULL || path == NULL)
		return SGN_EINVAL;
	int ret = SGN_OK;
	ldns_rdf *origin = ldns_rdf_clone(z->origin);
	ldns_rdf *prev = ldns_rdf_clone(z->origin);
	uint32_t ttl = z->default_ttl;
	int line_nr = 0;
	ldns_rr **fresh = NULL; /* kept aside so that a failed import changes nothing */
	size_t n_fresh = 0, cap_fresh = 0;
	ldns_rr *soa = NULL;
	size_t dropped[N_DROP + 1];
	memcpy(dropped, z->dropped, sizeof(dropped));

	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		sgn_diag_at(diag, path, 0, NULL, NULL);
		sgn_diag_msg(diag, "cannot open: %s", strerror(errno));
		ret = errno == ENOENT ? SGN_ENOENT : SGN_EIO;
		goto cleanup;
	}
	while (!feof(fp)) {
		ldns_rr *rr = NULL;
		int start = line_nr + 1;
		ldns_status st = ldns_rr_new_frm_fp_l(&rr, fp, &ttl, &origin, &prev, &line_nr);
		switch (st) {
		case LDNS_STATUS_OK:
			break;
		case LDNS_STATUS_SYNTAX_EMPTY:
		case LDNS_STATUS_SYNTAX_TTL:
		case LDNS_STATUS_SYNTAX_ORIGIN:
			continue;
		case LDNS_STATUS_SYNTAX_INCLUDE:
			sgn_diag_at(diag, path, start, NULL, NULL);
			sgn_diag_msg(diag, "$INCLUDE is not supported (inline the included file)");
			ret = SGN_EPARSE;
			goto cleanup;
		default:
			ldns_rr_free(rr);
			sgn_diag_at(diag, path, line_nr > start ? line_nr : start, NULL, NULL);
			sgn_diag_msg(diag, "%s", ldns_get_errorstr_by_id(st));
			ret = SGN_EPARSE;
			goto cleanup;
		}
		if (rr == NULL)
			continue;
		if (!in_zone(z, ldns_rr_owner(rr))) {
			char *owner = ldns_rdf2str(ldns_rr_owner(rr));
			sgn_diag_at(diag, path, start, NULL, NULL);
			sgn_diag_msg(diag, "owner %s in %s is outside the zone %s",
				     owner ? owner : "?", path, z->origin_str);
			free(owner);
			ldns_rr_free(rr);
			ret = SGN_EPARSE;
			goto cleanup;
		}
		if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) {
			sgn_diag_at(diag, path, start, NULL, NULL);
			sgn_diag_msg(diag, "only class IN is supported");
			ldns_rr_free(rr);
			ret = SGN_EPARSE;
			goto cleanup;
		}
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA) {
			if (!is_apex(z, ldns_rr_owner(rr))) {
				sgn_diag_at(diag, path, start, NULL, NULL);
				sgn_diag_msg(diag, "SOA is not at the apex %s", z->origin_str);
				ldns_rr_free(rr);
				ret = SGN_EPARSE;
				goto cleanup;
			}
			if (soa == NULL)
				soa = rr;
			else
				ldns_rr_free(rr); /* a repeated SOA (AXFR trailer) */
			continue;
		}
		if (drop_imported(z, rr)) {
			ldns_rr_free(rr);
			continue;
		}
		if (n_fresh == cap_fresh) {
			cap_fresh = cap_fresh ? cap_fresh * 2 : 1024;
			fresh = sgn_xrealloc(fresh, cap_fresh * sizeof(fresh[0]));
		}
		fresh[n_fresh++] = rr;
	}
	if (ferror(fp)) {
		sgn_diag_at(diag, path, line_nr, NULL, NULL);
		sgn_diag_msg(diag, "read error");
		ret = SGN_EIO;
		goto cleanup;
	}

	/* Commit. */
	for (size_t i = 0; i < n_fresh; i++)
		push(z, fresh[i]);
	n_fresh = 0;
	if (soa != NULL && z->soa_file == NULL) {
		z->soa_file = soa;
		soa = NULL;
	}
	normalise(z);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	sgn_buf_printf(&z->files, "%s%s", z->files.len ? ", " : "", base);
	rebuild_note(z);

cleanup:
	if (ret != SGN_OK)
		memcpy(z->dropped, dropped, sizeof(dropped));
	for (size_t i = 0; i < n_fresh; i++)
		ldns_rr_free(fresh[i]);
	free(fresh);
	ldns_rr_free(soa);
	ldns_rdf_deep_free(origin);
	ldns_rdf_deep_free(prev);
	if (fp != NULL)
		fclose(fp);
	return ret;
}

size_t sgn_zonedata_cap_ttl(sgn_zonedata_t *z, uint32_t max_ttl)
{
	if (z == NULL || max_ttl == 0)
		return 0;
	size_t capped = 0;
	bool prev_capped = false;
	for (size_t i = 0; i < z->n; i++) {
		bool same = i > 0 && same_rrset(z->rrs[i - 1], z->rrs[i]);
		if (!same)
			prev_capped = false;
		if (ldns_rr_ttl(z->rrs[i]) > max_ttl) {
			ldns_rr_set_ttl(z->rrs[i], max_ttl);
			if (!prev_capped)
				capped++;
			prev_capped = true;
		}
	}
	/* the SOA render prints: the one set wins over the file's */
	ldns_rr *soa = z->soa_set ? z->soa_set : z->soa_file;
	if (soa != NULL && ldns_rr_ttl(soa) > max_ttl) {
		ldns_rr_set_ttl(soa, max_ttl);
		capped++;
	}
	z->ttl_capped += capped;
	z->max_ttl = max_ttl;
	rebuild_note(z);
	return capped;
}

void sgn_zonedata_set_source(sgn_zonedata_t *z, const char *name)
{
	if (z == NULL || name == NULL)
		return;
	const char *base = strrchr(name, '/');
	sgn_buf_clear(&z->files);
	sgn_buf_init(&z->files);
	sgn_buf_puts(&z->files, base ? base + 1 : name);
	rebuild_note(z);
}

const char *sgn_zonedata_dropped_note(const sgn_zonedata_t *z)
{
	return z != NULL && z->note != NULL ? z->note : "";
}

size_t sgn_zonedata_count(const sgn_zonedata_t *z)
{
	if (z == NULL)
		return 0;
	return z->n + (z->soa_set != NULL || z->soa_file != NULL ? 1 : 0);
}

static void put_rr(sgn_buf_t *b, const ldns_rr *rr)
{
	char *s = ldns_rr2str_fmt(ldns_output_format_nocomments, rr);
	if (s == NULL)
		abort(); /* ldns only fails here on allocation */
	sgn_buf_puts(b, s);
	if (b->len == 0 || b->data[b->len - 1] != '\n')
		sgn_buf_puts(b, "\n");
	free(s);
}

int sgn_zonedata_render(const sgn_zonedata_t *z, char **text)
{
	if (z == NULL || text == NULL || *text != NULL)
		return SGN_EINVAL;
	const ldns_rr *soa = z->soa_set ? z->soa_set : z->soa_file;
	if (soa == NULL)
		return SGN_EINVAL;
	sgn_buf_t b;
	sgn_buf_init(&b);
	sgn_buf_printf(&b, "$ORIGIN %s\n$TTL %" PRIu32 "\n", z->origin_str, z->default_ttl);
	put_rr(&b, soa);
	for (size_t i = 0; i < z->n; i++)
		put_rr(&b, z->rrs[i]);
	*text = sgn_buf_take(&b);
	return SGN_OK;
}

bool sgn_zonedata_soa_serial(const sgn_zonedata_t *z, uint32_t *serial)
{
	const ldns_rr *soa = z->soa_set ? z->soa_set : z->soa_file;
	if (soa == NULL || ldns_rr_rd_count(soa) < 3)
		return false;
	*serial = ldns_rdf2native_int32(ldns_rr_rdf(soa, 2));
	return true;
}

int sgn_zonedata_set_serial(sgn_zonedata_t *z, uint32_t serial)
{
	ldns_rr *soa = z->soa_set ? z->soa_set : z->soa_file;
	if (soa == NULL || ldns_rr_rd_count(soa) < 3)
		return SGN_EINVAL;
	ldns_rdf *old = ldns_rr_set_rdf(soa, ldns_native2rdf_int32(LDNS_RDF_TYPE_INT32, serial), 2);
	ldns_rdf_deep_free(old);
	return SGN_OK;
}

char *sgn_zonedata_soa_mname(const sgn_zonedata_t *z)
{
	const ldns_rr *soa = z->soa_set ? z->soa_set : z->soa_file;
	if (soa == NULL || ldns_rr_rd_count(soa) < 1)
		return NULL;
	return ldns_rdf2str(ldns_rr_rdf(soa, 0));
}

static bool has_address(const sgn_zonedata_t *z, const ldns_rdf *name)
{
	for (size_t i = 0; i < z->n; i++) {
		ldns_rr_type t = ldns_rr_get_type(z->rrs[i]);
		if ((t == LDNS_RR_TYPE_A || t == LDNS_RR_TYPE_AAAA) &&
		    ldns_dname_compare(ldns_rr_owner(z->rrs[i]), name) == 0)
			return true;
	}
	return false;
}

char **sgn_zonedata_apex_ns(const sgn_zonedata_t *z, bool in_zone_without_address)
{
	char **out = sgn_xcalloc(1, sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < z->n; i++) {
		const ldns_rr *rr = z->rrs[i];
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS || !is_apex(z, ldns_rr_owner(rr)) ||
		    ldns_rr_rd_count(rr) < 1)
			continue;
		const ldns_rdf *target = ldns_rr_rdf(rr, 0);
		if (in_zone_without_address && (!in_zone(z, target) || has_address(z, target)))
			continue;
		out = sgn_xrealloc(out, (n + 2) * sizeof(char *));
		out[n++] = ldns_rdf2str(target);
		out[n] = NULL;
	}
	return out;
}

void sgn_zonedata_names_free(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

bool sgn_zonedata_has(const sgn_zonedata_t *z, const char *owner, const char *type)
{
	ldns_rdf *o = NULL;
	if (ldns_str2rdf_dname(&o, owner) != LDNS_STATUS_OK)
		return false;
	if (!ldns_dname_str_absolute(owner)) {
		ldns_rdf *abs = ldns_dname_cat_clone(o, z->origin);
		ldns_rdf_deep_free(o);
		o = abs;
	}
	ldns_rr_type t = ldns_get_rr_type_by_name(type);
	bool found = false;
	for (size_t i = 0; o != NULL && !found && i < z->n; i++)
		found = ldns_rr_get_type(z->rrs[i]) == t && ldns_dname_compare(ldns_rr_owner(z->rrs[i]), o) == 0;
	ldns_rdf_deep_free(o);
	return found;
}
