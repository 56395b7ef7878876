/* SPDX-License-Identifier: MIT */
/* controller_status.c -- verify what named serves and turn it into resource status. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "controller_internal.h"
#include "sgn/audit.h"
#include "sgn/dnssec.h"
#include "sgn/keysource.h"
#include "sgn/util.h"
#include "sgn/zonecheck.h"

#define RNDC_STATUS_EVERY 5 /* seconds between `rndc dnssec -status` runs per zone */

/* Sets one condition, keeping lastTransitionTime when nothing changed. */
static void set_condition(json_t *conds, const json_t *old_conds, const char *type, bool ok,
			  const char *reason, const char *message)
{
	const char *st = ok ? "True" : "False";
	char now[32];
	sgn_time_rfc3339(time(NULL), now, sizeof(now));
	const char *since = now;
	size_t i;
	json_t *c;
	json_array_foreach(old_conds, i, c) {
		if (strcmp(json_string_value(json_object_get(c, "type")) ?: "", type) == 0 &&
		    strcmp(json_string_value(json_object_get(c, "status")) ?: "", st) == 0 &&
		    json_string_value(json_object_get(c, "lastTransitionTime")))
			since = json_string_value(json_object_get(c, "lastTransitionTime"));
	}
	json_array_append_new(conds, json_pack("{s:s,s:s,s:s,s:s,s:s}", "type", type, "status", st,
					       "reason", reason, "message", message,
					       "lastTransitionTime", since));
}

static void write_status(ctl_t *ctl, const char *kind, const char *ns, const char *name,
			 json_t *status)
{
	json_t *cur = NULL;
	json_t *old = NULL;
	if (sgn_store_get(ctl->store, kind, ns, name, &cur) == SGN_OK)
		old = json_object_get(cur, "status");
	if (old == NULL || !json_equal(old, status))
		sgn_store_put_status(ctl->store, kind, ns, name, status);
	json_decref(cur);
}

static const sgn_minst_t *signer_of(const sgn_mcluster_t *c)
{
	for (size_t i = 0; i < c->ninsts; i++)
		if (c->insts[i].signer)
			return &c->insts[i];
	return NULL;
}

/* "YYYYMMDDHHMMSS" -> epoch (UTC). */
static long long parse_keytime(const char *s)
{
	struct tm tm = {0};
	if (sscanf(s, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* The most recent activation of a key that succeeded another (named's .state files). */
static long long last_rollover(const char *keydir)
{
	DIR *d = opendir(keydir);
	long long last = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (!sgn_str_has_suffix(e->d_name, ".state"))
			continue;
		char *p = sgn_path_join(keydir, e->d_name);
		char *text = NULL;
		if (sgn_file_read(p, &text, NULL) == SGN_OK && strstr(text, "\nPredecessor:")) {
			const char *a = strstr(text, "\nActive: ");
			long long t = a ? parse_keytime(a + 9) : 0;
			if (t > last && t <= (long long)time(NULL))
				last = t;
		}
		free(text);
		free(p);
	}
	if (d)
		closedir(d);
	return last;
}

static json_t *time_or_null(long long t)
{
	if (t <= 0)
		return json_null();
	char buf[32];
	sgn_time_rfc3339((time_t)t, buf, sizeof(buf));
	return json_string(buf);
}

/* Cached `rndc dnssec -status` of the zone on the signer. */
static const sgn_rndc_dnssec_status_t *rndc_status(ctl_t *ctl, const sgn_minst_t *signer,
						    const sgn_mzone_t *z, sgn_rndc_dnssec_status_t *buf,
						    bool refresh)
{
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	json_t *e = json_object_get(ctl->rndc, key);
	long long now = (long long)time(NULL);
	if (refresh || e == NULL || now - json_integer_value(json_object_get(e, "at")) >= RNDC_STATUS_EVERY) {
		const char *args[] = {"dnssec", "-status", z->zone, NULL};
		char *out = NULL;
		if (sgn_runtime_rndc(ctl->rt, signer->id, args, &out) == SGN_OK) {
			e = json_pack("{s:I,s:s}", "at", (json_int_t)now, "text", out);
			json_object_set_new(ctl->rndc, key, e);
		}
		free(out);
	}
	free(key);
	if (e == NULL || sgn_runtime_parse_dnssec_status(json_string_value(json_object_get(e, "text")), buf) != SGN_OK)
		return NULL;
	return buf;
}

typedef struct verdict {
	bool ok;
	const char *reason;
	char message[1200];
} verdict_t;

static void verdict(verdict_t *v, bool ok, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void verdict(verdict_t *v, bool ok, const char *reason, const char *fmt, ...)
{
	va_list ap;
	v->ok = ok;
	v->reason = reason;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
}

static bool same_keys(const sgn_zonecheck_t *a, const sgn_zonecheck_t *b)
{
	if (a->nkeys != b->nkeys)
		return false;
	for (size_t i = 0; i < a->nkeys; i++)
		if (a->keys[i].tag != b->keys[i].tag || a->keys[i].flags != b->keys[i].flags ||
		    strcmp(a->keys[i].ds, b->keys[i].ds) != 0)
			return false;
	return true;
}

/* Every non-signing replica must serve the signer's serial (and keys, if signed). */
/*
 * A secondary only transfers a serial newer than its own. When the signer
 * started the zone over (keys regenerated, signed copy gone) its serial can be
 * lower than, or equal to, what a secondary holds with other content: that
 * never heals by itself, so the secondary is told to transfer the whole zone
 * again (at most every 10 s).
 */
static void replica_rndc(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z, const char *cmd,
			 const char *why)
{
	char *key = sgn_xasprintf("%s#%s#%s", cmd, in->id, z->zone);
	long long now = (long long)time(NULL);
	json_t *last = json_object_get(ctl->logged, key);
	if (last == NULL || now - json_integer_value(last) >= 10) {
		json_object_set_new(ctl->logged, key, json_integer(now));
		const char *args[] = {cmd, z->zone, NULL};
		char *out = NULL;
		sgn_runtime_rndc(ctl->rt, in->id, args, &out);
		sgn__controller_log("%s: zone %s: %s, rndc %s", in->id, z->zone, why, cmd);
		free(out);
	}
	free(key);
}

static void force_retransfer(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z)
{
	replica_rndc(ctl, in, z, "retransfer", "its copy cannot catch up with the signer by serial");
}

/* A NOTIFY that arrived before the secondary knew the zone is lost: ask it to
 * check the signer now instead of at the next SOA refresh (hours). */
static void force_refresh(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z)
{
	replica_rndc(ctl, in, z, "refresh", "behind the signer");
}

/* RFC 1982: a is the same as or later than b. */
static bool serial_ge(uint32_t a, uint32_t b)
{
	return a == b || (int32_t)(a - b) > 0;
}

static bool check_replicas(ctl_t *ctl, const sgn_mcluster_t *c, const sgn_mzone_t *z,
			   const sgn_zonecheck_t *ref, uint32_t serial, verdict_t *v, json_t *insts)
{
	for (size_t i = 0; i < c->ninsts; i++) {
		const sgn_minst_t *in = &c->insts[i];
		uint32_t s = 0;
		sgn_zonecheck_t zc;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_zonecheck_soa_serial("127.0.0.1", in->dns_port, z->zone, &s);
		json_array_append_new(insts, json_pack("{s:s,s:s,s:i,s:b,s:I}", "name", in->label, "role",
						       in->primary ? "primary" : "secondary", "port",
						       in->dns_port, "signer", in->signer, "serial",
						       (json_int_t)(rc == SGN_OK ? s : 0)));
		if (in->signer)
			continue;
		if (rc != SGN_OK || s != serial) {
			if (rc == SGN_OK && serial_ge(s, serial))
				force_retransfer(ctl, in, z);
			else if (rc == SGN_OK)
				force_refresh(ctl, in, z);
			verdict(v, false, "Replicating", "%s serves serial %u, the signer %u: waiting for the zone transfer",
				in->label, rc == SGN_OK ? s : 0, serial);
			return false;
		}
		if (ref != NULL && (sgn_zonecheck_run("127.0.0.1", in->dns_port, z->zone, time(NULL), &zc, &d) != SGN_OK ||
				    !same_keys(ref, &zc))) {
			force_retransfer(ctl, in, z);
			verdict(v, false, "Replicating", "%s does not serve the signer's verified DNSKEY RRset yet%s%s",
				in->label, d.message[0] ? ": " : "", d.message);
			return false;
		}
	}
	return true;
}

/* One field of a named .state file ("Key: value"), or NULL. Borrowed from text. */
static const char *state_field(const char *text, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
			const char *v = p + kl + 1;
			while (*v == ' ')
				v++;
			size_t n = strcspn(v, " \n(");
			snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), v);
			return buf;
		}
	}
	return NULL;
}

static json_t *state_time(const char *text, const char *key)
{
	char buf[32];
	const char *v = text ? state_field(text, key, buf, sizeof(buf)) : NULL;
	return time_or_null(v ? parse_keytime(v) : 0);
}

static json_t *state_tag(const char *text, const char *key)
{
	char buf[32];
	const char *v = text ? state_field(text, key, buf, sizeof(buf)) : NULL;
	return v ? json_integer(atoi(v)) : json_null();
}

/* One key as named tracks it: rndc's states, the .state file's times and links. */
static json_t *key_entry(const sgn_rndc_key_status_t *k, const char *kd, const char *zone,
			 const sgn_zonecheck_t *zc)
{
	char *path = sgn_xasprintf("%s/K%s%s+%03u+%05u.state", kd, strcmp(zone, ".") ? zone : "",
				   ".", k->algorithm, k->tag);
	char *text = NULL;
	sgn_file_read(path, &text, NULL);
	const char *an = sgn_dnssec_alg_name(k->algorithm);
	const char *ds = "";
	for (size_t i = 0; i < zc->nkeys; i++)
		if (zc->keys[i].tag == k->tag && zc->keys[i].algorithm == k->algorithm)
			ds = zc->keys[i].ds;
#define ST(x) (x[0] ? x : "hidden")
	json_t *e = json_pack("{s:i,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s}}", "tag", k->tag, "role", k->role,
			      "algorithm", an ? an : "unknown", "goal", k->goal[0] ? k->goal : "unknown",
			      "states", "dnskey", ST(k->dnskey), "zoneSignatures", ST(k->zrrsig),
			      "keySignatures", ST(k->krrsig), "ds", ST(k->ds));
#undef ST
	json_object_set_new(e, "published", state_time(text, "Published"));
	json_object_set_new(e, "active", state_time(text, "Active"));
	json_object_set_new(e, "retire", state_time(text, "Retired"));
	json_object_set_new(e, "remove", state_time(text, "Removed"));
	/* when named was told the parent has / no longer has its DS (checkds) */
	json_object_set_new(e, "dsPublished", state_time(text, "DSPublish"));
	json_object_set_new(e, "dsRemoved", state_time(text, "DSRemoved"));
	json_object_set_new(e, "predecessor", state_tag(text, "Predecessor"));
	json_object_set_new(e, "successor", state_tag(text, "Successor"));
	json_object_set_new(e, "nextRollover", time_or_null(k->next_rollover));
	if (ds[0])
		json_object_set_new(e, "dsRecord", json_string(ds));
	free(text);
	free(path);
	return e;
}

static json_t *key_entries(const sgn_rndc_dnssec_status_t *r, const char *kd, const char *zone,
			   const sgn_zonecheck_t *zc)
{
	json_t *keys = json_array();
	for (size_t i = 0; r != NULL && i < r->nkeys; i++)
		json_array_append_new(keys, key_entry(&r->keys[i], kd, zone, zc));
	return keys;
}

static json_t *dnssec_status(ctl_t *ctl, const sgn_minst_t *signer, const sgn_mzone_t *z,
			     const sgn_zonecheck_t *zc)
{
	json_t *ds = json_array();
	int keytag = -1;
	uint8_t alg = 0;
	for (size_t i = 0; i < zc->nkeys; i++) {
		if (!(zc->keys[i].flags & 1))
			continue;
		json_array_append_new(ds, json_string(zc->keys[i].ds));
		if (keytag < 0) {
			keytag = zc->keys[i].tag;
			alg = zc->keys[i].algorithm;
		}
	}
	sgn_rndc_dnssec_status_t rs;
	const sgn_rndc_dnssec_status_t *r = rndc_status(ctl, signer, z, &rs, false);
	char *kd = sgn_render_key_dir(signer, z);
	const char *an = sgn_dnssec_alg_name(alg);
	json_t *out = json_pack("{s:b,s:o,s:i,s:s,s:o,s:o,s:s,s:s}", "signed", 1, "dsRecords", ds,
				"keyTag", keytag, "algorithm", an ? an : "unknown", "nextKeyRollover",
				time_or_null(r ? r->next_rollover : 0), "lastKeyRollover",
				time_or_null(last_rollover(kd)), "policy", z->policy.name,
				"denial", zc->denial == 3 ? "NSEC3" : zc->denial == 1 ? "NSEC" : "unknown");
	json_object_set_new(out, "keys", key_entries(r, kd, z->zone, zc));
	if (z->keysrc.kind == SGN_KEYSRC_SECRET)
		json_object_set_new(out, "standbyKeys", sgn__controller_user_standby(ctl, z, r));
	free(kd);
	return out;
}

/*
 * A DS is only ever reported for a key that cannot be lost: backed up to the
 * generated Secret (auto-generated keys) or present in the user's Secret.
 */
static bool keys_in_custody(ctl_t *ctl, const sgn_mzone_t *z, const sgn_zonecheck_t *zc, verdict_t *v)
{
	bool backup = z->keysrc.kind == SGN_KEYSRC_SECRET ||
		      (z->keysrc.kind == SGN_KEYSRC_AUTO && z->keysrc.export_secret);
	if (!backup)
		return true;
	sgn_keyset_t ks = {0};
	sgn_keyset_from_secret(ctl->store, z->keysrc.secret_ns, z->keysrc.secret_name, z->zone, &ks, NULL);
	bool ok = true;
	for (size_t i = 0; ok && i < zc->nkeys; i++) {
		if (!(zc->keys[i].flags & 1) || sgn_keyset_has(&ks, zc->keys[i].tag))
			continue;
		ok = false;
		verdict(v, false, z->keysrc.kind == SGN_KEYSRC_SECRET ? "KeyNotInSecret" : "BackupPending",
			"key %u is served but not %s Secret %s/%s; its DS is withheld until it is", zc->keys[i].tag,
			z->keysrc.kind == SGN_KEYSRC_SECRET ? "in the user's" : "yet backed up to",
			z->keysrc.secret_ns, z->keysrc.secret_name);
	}
	sgn_keyset_clear(&ks);
	return ok;
}

/* The checks that must hold before a zone is reported signed (DESIGN: never report unverified). */
static json_t *verify_signed(ctl_t *ctl, const sgn_mcluster_t *c, const sgn_minst_t *signer,
			     const sgn_mzone_t *z, verdict_t *v, json_t *insts)
{
	sgn_zonecheck_t zc;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int rc = sgn_zonecheck_run("127.0.0.1", signer->dns_port, z->zone, time(NULL), &zc, &d);
	if (rc != SGN_OK) {
		verdict(v, false, rc == SGN_EVERIFY ? "VerificationFailed" : "NotServed", "%s", d.message);
		return NULL;
	}
	if (!zc.signed_zone) {
		if (sgn_policy_is_insecure(&z->policy) &&
		    check_replicas(ctl, c, z, NULL, zc.soa_serial, v, insts)) {
			verdict(v, true, "Unsigned", "policy insecure: the zone is served unsigned");
			return json_pack("{s:b,s:s}", "signed", 0, "policy", "insecure");
		}
		verdict(v, false, "Signing", "named has not published a DNSKEY RRset yet");
		return NULL;
	}
	if (!zc.signing_complete) {
		verdict(v, false, "Signing", "named is still signing the zone");
		return NULL;
	}
	char *kd = sgn_render_key_dir(signer, z);
	rc = sgn_zonecheck_match_keyfiles(&zc, z->zone, kd, &d);
	free(kd);
	if (rc != SGN_OK) {
		verdict(v, false, "KeyMismatch", "%s", d.message);
		return NULL;
	}
	if (!check_replicas(ctl, c, z, &zc, zc.soa_serial, v, insts) || !keys_in_custody(ctl, z, &zc, v))
		return NULL;
	verdict(v, true, "Signed", "signed and verified on %zu instance(s): DNSKEY RRset signed by each KSK, SOA signed, DS matches the key files",
		c->ninsts);
	return dnssec_status(ctl, signer, z, &zc);
}

static json_t *verify_unsigned(ctl_t *ctl, const sgn_mcluster_t *c, const sgn_minst_t *signer,
			       const sgn_mzone_t *z, verdict_t *v, json_t *insts)
{
	uint32_t serial = 0;
	if (sgn_zonecheck_soa_serial("127.0.0.1", signer->dns_port, z->zone, &serial) != SGN_OK) {
		verdict(v, false, "NotServed", "%s does not answer for the zone yet", signer->label);
		return NULL;
	}
	if (!check_replicas(ctl, c, z, NULL, serial, v, insts))
		return NULL;
	verdict(v, true, "Served", "served unsigned (policy %s) by %zu instance(s), serial %u",
		z->policy.name, c->ninsts, serial);
	return json_pack("{s:b,s:s}", "signed", 0, "policy", z->policy.name);
}

static const char *key_source_message(const sgn_mzone_t *z, const sgn_minst_t *signer, char *buf,
				      size_t len)
{
	char *kd = signer ? sgn_render_key_dir(signer, z) : sgn_xstrdup("?");
	if (z->keysrc.kind == SGN_KEYSRC_SECRET)
		snprintf(buf, len, "keys from the user's Secret %s/%s, used exactly as given",
			 z->keysrc.secret_ns, z->keysrc.secret_name);
	else if (z->keysrc.kind == SGN_KEYSRC_PV)
		snprintf(buf, len, "keys kept in %s across restarts", kd);
	else if (z->keysrc.export_secret)
		snprintf(buf, len, "keys generated by named, backed up to Secret %s/%s and restored from it on every start",
			 z->keysrc.secret_ns, z->keysrc.secret_name);
	else
		snprintf(buf, len, "keys generated by named, NOT backed up (exportToSecret: false): a restart loses them");
	free(kd);
	return buf;
}

static void tags_text(const json_t *tags, sgn_buf_t *b)
{
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t)
		sgn_buf_printf(b, "%s%lld", i ? ", " : "", (long long)json_integer_value(t));
}

/*
 * The KSKs the parent is taken to hold a DS for (the first ones signet
 * reported, or those confirmed with `signet ds-published`) against the KSKs
 * served now: when none of them is served any more, the chain of trust is
 * broken until the parent gets the new DS, and the zone must not look healthy.
 * Returns {required, reason, message} or NULL.
 */
static json_t *ds_history(ctl_t *ctl, const sgn_mzone_t *z, const json_t *dnssec, verdict_t *v)
{
	json_t *hist = NULL;
	if (sgn_store_get_state(ctl->store, "keyhistory", &hist) != SGN_OK || !json_is_object(hist)) {
		json_decref(hist);
		hist = json_object();
	}
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	json_t *now = json_array();
	size_t i;
	json_t *ds;
	json_array_foreach(json_object_get(dnssec, "dsRecords"), i, ds) {
		unsigned tag = 0;
		if (sscanf(json_string_value(ds), "%*s IN DS %u", &tag) == 1)
			json_array_append_new(now, json_integer(tag));
	}
	json_t *h = json_object_get(hist, key);
	bool dirty = false;
	/* served unsigned: signet took it there through insecure, so the parent's DS was
	 * withdrawn first; a later re-signing starts with no DS at the parent */
	if (h != NULL && !json_is_true(json_object_get(dnssec, "signed")) &&
	    json_array_size(json_object_get(h, "parent")) > 0) {
		json_object_set_new(h, "parent", json_array());
		dirty = true;
	}
	/*
	 * What named knows from `checkds` (by the operator, parental agents or the
	 * internal parent) is the better record of the parent: the KSKs whose DS
	 * state is omnipresent or unretentive are the ones the parent holds. An
	 * orderly rollover thus moves "parent" along; only keys replaced outside
	 * named's DS workflow (regenerated after a loss) leave it behind.
	 */
	json_t *known = json_array();
	size_t ki, pi;
	json_t *kk, *pt;
	json_array_foreach(json_object_get(dnssec, "keys"), ki, kk) {
		const char *dst = json_string_value(json_object_get(json_object_get(kk, "states"), "ds"));
		/* rumoured, and its publication already confirmed to named (by anyone: DSPublish is set) */
		bool confirmed = json_is_string(json_object_get(kk, "dsPublished"));
		json_array_foreach(json_object_get(h, "parent"), pi, pt) confirmed = confirmed || json_equal(pt, json_object_get(kk, "tag"));
		if (dst && (strcmp(dst, "omnipresent") == 0 || strcmp(dst, "unretentive") == 0 ||
			    (confirmed && strcmp(dst, "rumoured") == 0)))
			json_array_append(known, json_object_get(kk, "tag"));
	}
	if (h != NULL && json_array_size(known) > 0 && !json_equal(json_object_get(h, "parent"), known)) {
		json_object_set(h, "parent", known);
		dirty = true;
	}
	json_decref(known);
	if (h == NULL && json_array_size(now) > 0) {
		h = json_pack("{s:O,s:O}", "parent", now, "served", now);
		json_object_set_new(hist, key, h);
		dirty = true;
	}
	json_t *out = NULL;
	if (h != NULL && json_array_size(now) > 0) {
		const json_t *parent = json_object_get(h, "parent");
		bool overlap = false;
		json_t *a, *b;
		size_t j;
		json_array_foreach(parent, i, a) json_array_foreach(now, j, b) overlap = overlap || json_equal(a, b);
		if (!json_equal(json_object_get(h, "served"), now)) {
			json_object_set(h, "served", now);
			dirty = true;
		}
		sgn_buf_t msg;
		sgn_buf_init(&msg);
		if (!overlap) {
			sgn_buf_puts(&msg, "the parent holds DS for KSK ");
			tags_text(parent, &msg);
			sgn_buf_puts(&msg, ", which is gone; named now serves KSK ");
			tags_text(now, &msg);
			sgn_buf_puts(&msg, ": publish the new DS records (");
			json_array_foreach(json_object_get(dnssec, "dsRecords"), i, ds)
				sgn_buf_printf(&msg, "%s%s", i ? "; " : "", json_string_value(ds));
			sgn_buf_puts(&msg, ") at the parent, then run `signet ds-published`");
			verdict(v, false, "DSUpdateRequired", "%s", msg.data);
			char *lk = sgn_xasprintf("%s#ds", key);
			const char *last = json_string_value(json_object_get(ctl->logged, lk));
			if (last == NULL || strcmp(last, msg.data) != 0) {
				sgn__controller_log("zone %s: %s", z->zone, msg.data);
				sgn_audit_event_t ev = {.zone = z->zone, .tag = -1, .action = "ds-update-required",
							.source = sgn_keysrc_reason(z->keysrc.kind),
							.actor = "signet run", .message = msg.data};
				sgn_audit_append(sgn_store_dir(ctl->store), &ev);
				json_object_set_new(ctl->logged, lk, json_string(msg.data));
			}
			free(lk);
		} else {
			sgn_buf_puts(&msg, "KSK ");
			tags_text(parent, &msg);
			sgn_buf_puts(&msg, ", whose DS the parent is expected to hold (the first signet reported, "
					   "or confirmed with ds-published), is still served");
		}
		out = json_pack("{s:b,s:s,s:s}", "required", !overlap, "reason",
				overlap ? "InSync" : "KeysReplaced", "message", msg.data);
		sgn_buf_clear(&msg);
	}
	if (dirty)
		sgn_store_put_state(ctl->store, "keyhistory", hist);
	json_decref(now);
	json_decref(hist);
	free(key);
	return out;
}

/* DS lines of the SEP keys whose DS state matches want (goal omnipresent or hidden). */
static void ds_to_change(const json_t *keys, bool add, sgn_buf_t *lines, sgn_buf_t *tags, bool *early)
{
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *role = json_string_value(json_object_get(k, "role"));
		const char *goal = json_string_value(json_object_get(k, "goal"));
		const char *ds = json_string_value(json_object_get(json_object_get(k, "states"), "ds"));
		const char *rec = json_string_value(json_object_get(k, "dsRecord"));
		if (role == NULL || strcmp(role, "ZSK") == 0 || goal == NULL || ds == NULL)
			continue;
		/*
		 * named swaps the DS of a KSK rollover in one step: the successor's
		 * DS becomes rumoured as the predecessor's becomes unretentive. Until
		 * then the old DS must stay, even though its key's goal is hidden.
		 */
		bool want = add ? strcmp(goal, "omnipresent") == 0 && strcmp(ds, "omnipresent") != 0
				: strcmp(goal, "hidden") == 0 && strcmp(ds, "unretentive") == 0;
		if (!want)
			continue;
		if (add && early != NULL && strcmp(ds, "hidden") == 0)
			*early = true;
		sgn_buf_printf(tags, "%s%lld", tags->len ? ", " : "", (long long)json_integer_value(json_object_get(k, "tag")));
		if (rec != NULL)
			sgn_buf_printf(lines, "%s%s", lines->len ? "; " : "", rec);
	}
}

/* How a DS change reaches named: signet (internal parent), named's own
 * parental-agents queries, or the operator's ds-published / ds-withdrawn. */
static void confirm_step(const sgn_mzone_t *z, char *buf, size_t len)
{
	if (z->parent >= 0) {
		snprintf(buf, len, "it confirms the change to named once every instance of the parent serves it "
				   "and its TTL has passed (no step for you)");
		return;
	}
	if (z->nagents == 0) {
		snprintf(buf, len, "run `signet ds-published %s` (added) or `signet ds-withdrawn %s` (removed)", z->zone,
			 z->zone);
		return;
	}
	size_t n = (size_t)snprintf(buf, len, "named sees it at the parental agents (");
	for (size_t i = 0; i < z->nagents && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s port %u", i ? ", " : "", z->agents[i].address,
				      z->agents[i].port ? z->agents[i].port : 53);
	if (n < len)
		snprintf(buf + n, len - n, ") and confirms it by itself");
}

/*
 * What named waits for from the parent, from its own key states: a KSK whose
 * goal is omnipresent but whose DS is not yet known to be there needs its DS
 * published; a KSK on its way out whose DS is still there needs it withdrawn.
 * `signet ds-published` / `ds-withdrawn` (or parental agents) complete the step.
 */
static bool parent_conditions(ctl_t *ctl, const sgn_mzone_t *z, const json_t *dnssec, json_t *conds,
			      const json_t *old)
{
	const json_t *keys = json_object_get(dnssec, "keys");
	sgn_buf_t add_l, add_t, del_l, del_t;
	sgn_buf_init(&add_l);
	sgn_buf_init(&add_t);
	sgn_buf_init(&del_l);
	sgn_buf_init(&del_t);
	bool early = false;
	ds_to_change(keys, true, &add_l, &add_t, &early);
	ds_to_change(keys, false, &del_l, &del_t, NULL);
	char msg[2048], then[600];
	confirm_step(z, then, sizeof(then));
	const char *who = z->parent >= 0 ? "signet adds to the parent zone it serves" : "publish at the parent";
	if (add_t.len)
		snprintf(msg, sizeof(msg), "%s%s the DS of KSK %s: %s; then %s",
			 early ? "once its DNSKEY has propagated (named says when), " : "", who, add_t.data,
			 add_l.data, then);
	else
		snprintf(msg, sizeof(msg), "no DS to add");
	set_condition(conds, old, "DSPublicationRequired", add_t.len > 0,
		      add_t.len ? (early ? "AwaitingDNSKEYPropagation" : "PublishDS") : "NothingToPublish", msg);
	if (del_t.len)
		snprintf(msg, sizeof(msg), "%s the DS of KSK %s (%s); then %s",
			 z->parent >= 0 ? "signet removes from the parent zone it serves" : "remove from the parent",
			 del_t.data, del_l.len ? del_l.data : "no longer served", then);
	else
		snprintf(msg, sizeof(msg), "no DS to remove");
	set_condition(conds, old, "DSWithdrawalRequired", del_t.len > 0,
		      del_t.len ? "WithdrawDS" : "NothingToWithdraw", msg);
	/* since when: kept while the wait lasts */
	char *key = sgn_xasprintf("awaiting#%s/%s", z->ns, z->name);
	bool waiting = add_t.len > 0 || del_t.len > 0;
	/* the time named's states were last read (not "now": status must not churn every pass) */
	char now[32];
	char *rk = sgn_xasprintf("%s/%s", z->ns, z->name);
	json_int_t at = json_integer_value(json_object_get(json_object_get(ctl->rndc, rk), "at"));
	free(rk);
	sgn_time_rfc3339(at ? (time_t)at : time(NULL), now, sizeof(now));
	if (!waiting)
		json_object_del(ctl->logged, key);
	else if (json_object_get(ctl->logged, key) == NULL) {
		char since[32];
		sgn_time_rfc3339(time(NULL), since, sizeof(since));
		json_object_set_new(ctl->logged, key, json_string(since));
	}
	snprintf(msg, sizeof(msg), waiting ? (z->parent >= 0 ? "waiting for the parent zone signet serves since %s; named's key states last read %s"
					   : z->nagents ? "waiting for the parental agents to serve the change since %s; named's key states last read %s"
					   : "waiting for the operator to change the parent since %s; named's key states last read %s")
					   : "nothing awaited from the parent (%s%s)",
		 waiting ? json_string_value(json_object_get(ctl->logged, key)) : "checked ", now);
	set_condition(conds, old, "AwaitingParent", waiting, waiting ? "DSChangePending" : "InSync", msg);
	free(key);
	sgn_buf_clear(&add_l);
	sgn_buf_clear(&add_t);
	sgn_buf_clear(&del_l);
	sgn_buf_clear(&del_t);
	return waiting && !early;
}

/*
 * named 9.18 asks its parental agents for the DS only when it runs its key
 * manager (at a key event, or every dnssec-loadkeys-interval: an hour). While
 * a DS change is due, signet has it look again every 15 s (`rndc loadkeys`),
 * so the change is seen when the parent serves it, not up to an hour later.
 */
static void nudge_parental_agents(ctl_t *ctl, const sgn_minst_t *signer, const sgn_mzone_t *z)
{
	char *key = sgn_xasprintf("checkds#%s/%s", z->ns, z->name);
	long long now = (long long)time(NULL), last = json_integer_value(json_object_get(ctl->logged, key));
	if (now - last >= 15) {
		const char *args[] = {"loadkeys", z->zone, NULL};
		char *out = NULL;
		if (sgn_runtime_rndc(ctl->rt, signer->id, args, &out) != SGN_OK)
			sgn__controller_log("zone %s: rndc loadkeys (to check the parental agents) failed: %s", z->zone,
					    out ? out : "");
		free(out);
		json_object_set_new(ctl->logged, key, json_integer(now));
		/* read named's new states soon */
		char *rk = sgn_xasprintf("%s/%s", z->ns, z->name);
		json_object_del(ctl->rndc, rk);
		free(rk);
	}
	free(key);
}

static bool all_serve_ds(const sgn_mcluster_t *pc, const char *child, const char *ds, bool want,
			 uint32_t *ttl)
{
	for (size_t i = 0; i < pc->ninsts; i++) {
		char **lines = NULL;
		size_t n = 0;
		uint32_t t = 0;
		if (sgn_zonecheck_ds("127.0.0.1", pc->insts[i].dns_port, child, &lines, &n, &t) != SGN_OK)
			return false;
		bool has = false;
		for (size_t k = 0; k < n; k++)
			has = has || strcasecmp(lines[k], ds) == 0;
		sgn_zonecheck_lines_free(lines, n);
		if (has != want)
			return false;
		if (t > *ttl)
			*ttl = t;
	}
	return true;
}

static void checkds(ctl_t *ctl, const sgn_minst_t *signer, const sgn_mzone_t *z, long long tag,
		    const char *what)
{
	char t[16];
	snprintf(t, sizeof(t), "%lld", tag);
	const char *args[] = {"dnssec", "-checkds", "-key", t, what, z->zone, NULL};
	char *out = NULL;
	int rc = sgn_runtime_rndc(ctl->rt, signer->id, args, &out);
	sgn__controller_log("zone %s: the parent serves%s the DS of KSK %lld on every instance: rndc dnssec -checkds %s%s%s",
			    z->zone, strcmp(what, "published") == 0 ? "" : " no longer", tag, what,
			    rc == SGN_OK ? "" : " failed: ", rc == SGN_OK ? "" : (out ? out : ""));
	sgn_audit_event_t ev = {.zone = z->zone, .tag = (int)tag, .role = "KSK",
				.action = strcmp(what, "published") == 0 ? "ds-published" : "ds-withdrawn",
				.source = sgn_keysrc_reason(z->keysrc.kind), .actor = "signet run (internal parent)",
				.message = rc == SGN_OK ? "seen on every instance of the parent" : "named refused"};
	sgn_audit_append(sgn_store_dir(ctl->store), &ev);
	if (rc == SGN_OK) {
		json_t *tags = json_pack("[I]", (json_int_t)tag);
		sgn__controller_parent_holds(ctl->store, z->ns, z->name, tags,
					     strcmp(what, "published") == 0 ? SGN_PARENT_ADD : SGN_PARENT_REMOVE);
		json_decref(tags);
	}
	free(out);
	/* read named's new states at once */
	char *rk = sgn_xasprintf("%s/%s", z->ns, z->name);
	json_object_del(ctl->rndc, rk);
	free(rk);
}

/*
 * The parent is ours: once every instance of the parent serves a DS named
 * asked for (and its TTL has passed since), tell named it is published; once
 * none serves a DS named is withdrawing, tell named it is withdrawn. The DS
 * RRset itself is maintained by the model (delegations). No human step.
 */
static void confirm_parent(ctl_t *ctl, sgn_model_t *m, const sgn_mzone_t *z, const sgn_minst_t *signer,
			   const json_t *dnssec)
{
	if (z->parent < 0)
		return;
	const sgn_mzone_t *p = &m->zones[z->parent];
	const sgn_mcluster_t *pc = sgn_model_zone_cluster(m, p);
	if (pc == NULL)
		return;
	char *child = sgn_xasprintf("%s.", strcmp(z->zone, ".") ? z->zone : "");
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(dnssec, "keys"), i, k) {
		const char *ds = json_string_value(json_object_get(json_object_get(k, "states"), "ds"));
		const char *rec = json_string_value(json_object_get(k, "dsRecord"));
		long long tag = json_integer_value(json_object_get(k, "tag"));
		if (ds == NULL || rec == NULL)
			continue;
		bool publish = strcmp(ds, "rumoured") == 0, withdraw = strcmp(ds, "unretentive") == 0;
		if (!publish && !withdraw)
			continue;
		char *key = sgn_xasprintf("parentds#%s/%s#%lld#%s", z->ns, z->name, tag, ds);
		uint32_t ttl = 0;
		long long now = (long long)time(NULL);
		if (all_serve_ds(pc, child, rec, publish, &ttl)) {
			json_t *since = json_object_get(ctl->logged, key);
			if (since == NULL)
				json_object_set_new(ctl->logged, key, since = json_integer(now));
			if (now - json_integer_value(since) >= (long long)ttl) {
				checkds(ctl, signer, z, tag, publish ? "published" : "withdrawn");
				json_object_set_new(ctl->logged, key, json_integer(now + 3600)); /* not again soon */
			}
		} else {
			json_object_del(ctl->logged, key);
		}
		free(key);
	}
	free(child);
}

/*
 * A replica catching up or named re-signing (a key event) leaves a zone
 * unverified for a moment: its last verified DNSSEC status (DS, keys) and the
 * parent's conditions stay meanwhile, with Ready=False saying why, rather than
 * flickering to "unsigned" (the DS of an internal parent is built from it).
 */
static json_t *keep_while_catching_up(const sgn_mzone_t *z, const verdict_t *v, const json_t *old_status,
				      json_t *conds)
{
	const json_t *od = json_object_get(old_status, "dnssec");
	const char *op = json_string_value(json_object_get(od, "policy"));
	if (v->ok || v->reason == NULL || (strcmp(v->reason, "Replicating") != 0 && strcmp(v->reason, "Signing") != 0) ||
	    !json_is_true(json_object_get(od, "signed")) || op == NULL || strcmp(op, z->policy.name) != 0)
		return NULL;
	static const char *const kept[] = {"DSUpdateRequired", "DSPublicationRequired", "DSWithdrawalRequired",
					   "AwaitingParent"};
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(old_status, "conditions"), i, c) {
		const char *t = json_string_value(json_object_get(c, "type"));
		for (size_t k = 0; t != NULL && k < sizeof(kept) / sizeof(kept[0]); k++)
			if (strcmp(t, kept[k]) == 0)
				json_array_append(conds, c);
	}
	return json_deep_copy(od);
}

void sgn__controller_report_zone(ctl_t *ctl, sgn_model_t *m, const sgn_mzone_t *z)
{
	json_t *cur = NULL;
	sgn_store_get(ctl->store, "DNSZone", z->ns, z->name, &cur);
	const json_t *old = json_object_get(json_object_get(cur, "status"), "conditions");
	sgn_mcluster_t *c = sgn_model_zone_cluster(m, z);
	const sgn_minst_t *signer = c ? signer_of(c) : NULL;
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	const json_t *errv = json_object_get(ctl->errors, key);
	const char *err = json_string_value(json_object_get(errv, "message"));
	verdict_t v = {0};
	char msgbuf[512];
	json_t *dnssec = NULL, *insts = json_array();
	if (z->reason[0])
		verdict(&v, false, z->reason, "%s", z->message);
	else if (signer == NULL)
		verdict(&v, false, "NoPrimary", "cluster %s has no primary instance to serve the zone", z->cluster);
	else if (sgn_runtime_state(ctl->rt, signer->id) != SGN_RUNTIME_RUNNING)
		verdict(&v, false, "Pending", "waiting for named (%s) to run", signer->label);
	else if (z->policy.kind == SGN_POLICY_NONE)
		dnssec = verify_unsigned(ctl, c, signer, z, &v, insts);
	else
		dnssec = verify_signed(ctl, c, signer, z, &v, insts);
	if (dnssec != NULL && json_is_true(json_object_get(dnssec, "signed")))
		confirm_parent(ctl, m, z, signer, dnssec);
	json_t *parent = dnssec ? ds_history(ctl, z, dnssec, &v) : NULL;
	/*
	 * What named refused this round, or a policy that no longer resolves: the
	 * zone stays in service as before, so what is served is still reported
	 * (dnssec, DS), but Ready says the resources are not what runs.
	 */
	if (err != NULL)
		verdict(&v, false, json_string_value(json_object_get(errv, "reason")), "%s", err);
	else if (z->warn_reason[0])
		verdict(&v, false, z->warn_reason, "%s", z->warn_message);
	json_t *status = json_object();
	json_t *conds = json_array();
	set_condition(conds, old, "Ready", v.ok, v.reason, v.message);
	if (parent != NULL) {
		set_condition(conds, old, "DSUpdateRequired", json_is_true(json_object_get(parent, "required")),
			      json_string_value(json_object_get(parent, "reason")),
			      json_string_value(json_object_get(parent, "message")));
		json_decref(parent);
	}
	if (dnssec != NULL && json_is_true(json_object_get(dnssec, "signed")) &&
	    parent_conditions(ctl, z, dnssec, conds, old) && z->nagents > 0 && z->parent < 0)
		nudge_parental_agents(ctl, signer, z);
	if (z->policy.kind != SGN_POLICY_NONE && !z->reason[0])
		set_condition(conds, old, "DNSSECKeySource", true, sgn_keysrc_reason(z->keysrc.kind),
			      key_source_message(z, signer, msgbuf, sizeof(msgbuf)));
	if (dnssec == NULL)
		dnssec = keep_while_catching_up(z, &v, json_object_get(cur, "status"), conds);
	json_object_set_new(status, "conditions", conds);
	json_object_set_new(status, "zone", json_string(z->zone));
	json_object_set_new(status, "dnssec", dnssec ? dnssec : json_pack("{s:b}", "signed", 0));
	json_object_set_new(status, "instances", insts);
	if (z->serial)
		json_object_set_new(status, "serial", json_integer(z->serial));
	if (z->note)
		json_object_set_new(status, "notes", json_pack("[s]", z->note));
	write_status(ctl, "DNSZone", z->ns, z->name, status);
	json_decref(status);
	json_decref(cur);
	free(key);
}

void sgn__controller_report_cluster(ctl_t *ctl, const sgn_mcluster_t *c)
{
	json_t *cur = NULL;
	sgn_store_get(ctl->store, "Bind9Cluster", c->ns, c->name, &cur);
	const json_t *old = json_object_get(json_object_get(cur, "status"), "conditions");
	json_t *insts = json_array();
	size_t running = 0;
	for (size_t i = 0; i < c->ninsts; i++) {
		const sgn_minst_t *in = &c->insts[i];
		sgn_runtime_state_t st = sgn_runtime_state(ctl->rt, in->id);
		running += st == SGN_RUNTIME_RUNNING;
		json_array_append_new(insts, json_pack("{s:s,s:s,s:b,s:i,s:i,s:s}", "name", in->label,
			"role", in->primary ? "primary" : "secondary", "signer", in->signer, "port",
			in->dns_port, "rndcPort", in->rndc_port, "state",
			st == SGN_RUNTIME_RUNNING ? "Running" : st == SGN_RUNTIME_STARTING ? "Starting" : "Stopped"));
	}
	char msg[256];
	snprintf(msg, sizeof(msg), "%zu of %zu named instances running", running, c->ninsts);
	json_t *conds = json_array();
	set_condition(conds, old, "Ready", running == c->ninsts, running == c->ninsts ? "Running" : "Starting", msg);
	json_t *status = json_pack("{s:o,s:o}", "conditions", conds, "instances", insts);
	write_status(ctl, "Bind9Cluster", c->ns, c->name, status);
	json_decref(status);
	json_decref(cur);
}
