/* SPDX-License-Identifier: MIT */
/* records.c -- record resources to RRs, and label selectors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgn/records.h"
#include "sgn/util.h"

static const char *kinds[] = {"ARecord",   "AAAARecord", "CNAMERecord", "MXRecord",
			      "TXTRecord", "NSRecord",   "SRVRecord",   "CAARecord"};

bool sgn_records_is_kind(const char *kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i], kind) == 0)
			return true;
	return false;
}

static const char *str(const json_t *spec, const char *k)
{
	const char *s = json_string_value(json_object_get(spec, k));
	return s ? s : "";
}

static long long num(const json_t *spec, const char *k)
{
	return json_integer_value(json_object_get(spec, k));
}

/* A character-string in zone-file syntax: quoted, with " and \ escaped. */
static void quoted(sgn_buf_t *b, const char *s)
{
	sgn_buf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sgn_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			sgn_buf_printf(b, "\\%03u", c);
		else
			sgn_buf_append(b, s, 1);
	}
	sgn_buf_puts(b, "\"");
}

/* A record name: "@", or a relative/absolute name of letters, digits, '-', '_' and '/'
 * with a leading "*" label allowed; labels 1..63, at most 253 characters. Anything
 * else (blanks, quotes, ';', '\\', '(', ...) would change how the zone file is read. */
static const char *bad_owner(const char *n)
{
	if (n[0] == '\0')
		return "record name is empty (use \"@\" for the zone apex)";
	if (strcmp(n, "@") == 0)
		return NULL;
	size_t len = strlen(n);
	if (len > 1 && n[len - 1] == '.')
		len--;
	if (len > 253)
		return "record name is longer than 253 characters";
	size_t label = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = n[i];
		if (ch == '.') {
			if (label == 0)
				return "record name has an empty label";
			label = 0;
			continue;
		}
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			  ch == '-' || ch == '_' || ch == '/' ||
			  (ch == '*' && i == 0 && (n[1] == '.' || n[1] == '\0'));
		if (!ok)
			return "invalid record name: letters, digits, '-', '_', '.', a leading \"*.\" or \"@\"";
		if (++label > 63)
			return "record name has a label longer than 63 characters";
	}
	if (label == 0 && len > 0)
		return "record name has an empty label";
	return NULL;
}

/* One zone-file token (address, target name, tag): no blank, quote, ';', '(', ')' or '\\'. */
static bool bad_token(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c == 0x7f || strchr("\"\\;()", c) != NULL)
			return true;
	}
	return false;
}

static int add_one(sgn_zonedata_t *z, const json_t *spec, const char *type, const char *rdata,
		   const char *field, sgn_diag_t *d)
{
	const char *why = bad_owner(str(spec, "name"));
	if (why != NULL) {
		sgn_diag_at(d, NULL, 0, NULL, "spec.name");
		sgn_diag_msg(d, "%s", why);
		return SGN_EINVAL;
	}
	if (strcmp(type, "TXT") != 0 && strcmp(type, "CAA") != 0 && strcmp(type, "MX") != 0 &&
	    strcmp(type, "SRV") != 0 && bad_token(rdata)) {
		char *f = sgn_xasprintf("spec.%s", field);
		sgn_diag_at(d, NULL, 0, NULL, f);
		sgn_diag_msg(d, "invalid value: a single name or address without blanks, quotes, ';', '(', ')' or '\\'");
		free(f);
		return SGN_EPARSE;
	}
	uint32_t ttl = (uint32_t)num(spec, "ttl");
	int rc = sgn_zonedata_add(z, str(spec, "name"), ttl, type, rdata, d);
	if (rc != SGN_OK) {
		char *f = sgn_xasprintf("spec.%s", rc == SGN_EINVAL ? "name" : field);
		sgn_diag_at(d, NULL, 0, NULL, f);
		free(f);
	}
	return rc;
}

/* Kinds whose spec holds a list of values, one RR each. */
static int add_list(sgn_zonedata_t *z, const json_t *spec, const char *type, const char *key,
		    sgn_diag_t *d)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(spec, key), i, v) {
		char *field = sgn_xasprintf("%s[%zu]", key, i);
		int rc = add_one(z, spec, type, json_string_value(v) ? json_string_value(v) : "",
				 field, d);
		free(field);
		if (rc != SGN_OK)
			return rc;
	}
	return SGN_OK;
}

static int token_error(const char *field, sgn_diag_t *d)
{
	char *f = sgn_xasprintf("spec.%s", field);
	sgn_diag_at(d, NULL, 0, NULL, f);
	sgn_diag_msg(d, "invalid value: a single name or token without blanks, quotes, ';', '(', ')' or '\\'");
	free(f);
	return SGN_EPARSE;
}

int sgn_records_add(sgn_zonedata_t *z, const char *kind, const json_t *spec, sgn_diag_t *d)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	int rc = SGN_OK;
	if (strcmp(kind, "ARecord") == 0) {
		rc = add_list(z, spec, "A", "ipv4Addresses", d);
	} else if (strcmp(kind, "AAAARecord") == 0) {
		rc = add_list(z, spec, "AAAA", "ipv6Addresses", d);
	} else if (strcmp(kind, "CNAMERecord") == 0) {
		rc = add_one(z, spec, "CNAME", str(spec, "target"), "target", d);
	} else if (strcmp(kind, "NSRecord") == 0) {
		rc = add_one(z, spec, "NS", str(spec, "nameserver"), "nameserver", d);
	} else if (strcmp(kind, "MXRecord") == 0 && bad_token(str(spec, "mailServer"))) {
		rc = token_error("mailServer", d);
	} else if (strcmp(kind, "SRVRecord") == 0 && bad_token(str(spec, "target"))) {
		rc = token_error("target", d);
	} else if (strcmp(kind, "CAARecord") == 0 && bad_token(str(spec, "tag"))) {
		rc = token_error("tag", d);
	} else if (strcmp(kind, "MXRecord") == 0) {
		sgn_buf_printf(&b, "%lld %s", num(spec, "priority"), str(spec, "mailServer"));
		rc = add_one(z, spec, "MX", b.data, "mailServer", d);
	} else if (strcmp(kind, "SRVRecord") == 0) {
		sgn_buf_printf(&b, "%lld %lld %lld %s", num(spec, "priority"), num(spec, "weight"),
			       num(spec, "port"), str(spec, "target"));
		rc = add_one(z, spec, "SRV", b.data, "target", d);
	} else if (strcmp(kind, "CAARecord") == 0) {
		sgn_buf_printf(&b, "%lld %s ", num(spec, "flags"), str(spec, "tag"));
		quoted(&b, str(spec, "value"));
		rc = add_one(z, spec, "CAA", b.data, "value", d);
	} else if (strcmp(kind, "TXTRecord") == 0) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(spec, "text"), i, v) {
			if (json_string_value(v) && strlen(json_string_value(v)) > 255) {
				char *f = sgn_xasprintf("spec.text[%zu]", i);
				sgn_diag_at(d, NULL, 0, NULL, f);
				sgn_diag_msg(d, "a TXT string holds at most 255 octets; split it into several list items");
				free(f);
				sgn_buf_clear(&b);
				return SGN_EPARSE;
			}
			sgn_buf_puts(&b, i ? " " : "");
			quoted(&b, json_string_value(v) ? json_string_value(v) : "");
		}
		rc = add_one(z, spec, "TXT", b.data, "text", d);
	} else {
		rc = SGN_EINVAL;
	}
	sgn_buf_clear(&b);
	return rc;
}

static bool expr_matches(const json_t *e, const json_t *labels)
{
	const char *key = json_string_value(json_object_get(e, "key"));
	const char *op = json_string_value(json_object_get(e, "operator"));
	const json_t *have = key ? json_object_get(labels, key) : NULL;
	if (op == NULL)
		return false;
	if (strcmp(op, "Exists") == 0)
		return have != NULL;
	if (strcmp(op, "DoesNotExist") == 0)
		return have == NULL;
	bool in = false;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(e, "values"), i, v) in = in || (have && json_equal(v, have));
	if (strcmp(op, "In") == 0)
		return in;
	if (strcmp(op, "NotIn") == 0)
		return !in;
	return false;
}

bool sgn_records_selector_matches(const json_t *selector, const json_t *labels)
{
	const char *k;
	json_t *v;
	const json_t *ml = json_object_get(selector, "matchLabels");
	const json_t *me = json_object_get(selector, "matchExpressions");
	if (json_object_size(ml) == 0 && json_array_size(me) == 0)
		return false; /* an empty selector selects nothing here, not everything */
	json_object_foreach((json_t *)ml, k, v) {
		if (!json_equal(json_object_get(labels, k), v))
			return false;
	}
	size_t i;
	json_t *e;
	json_array_foreach(me, i, e) {
		if (!expr_matches(e, labels))
			return false;
	}
	return true;
}
