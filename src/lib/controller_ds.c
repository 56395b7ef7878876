/* SPDX-License-Identifier: MIT */
/* controller_ds.c -- what the operator tells signet about the parent's DS RRset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "controller_internal.h"
#include "runtime_internal.h"
#include "sgn/audit.h"
#include "sgn/controller.h"
#include "sgn/proc.h"
#include "sgn/util.h"

static const char *str_at(const json_t *o, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(o, a), b));
}

/* rndc.conf of the instance that signs the zone, from the cluster's status. */
static char *signer_rndc_conf(sgn_store_t *store, const char *ns, const char *cluster)
{
	json_t *cl = NULL;
	char *path = NULL;
	if (sgn_store_get(store, "Bind9Cluster", ns, cluster, &cl) != SGN_OK)
		return NULL;
	size_t i;
	json_t *in;
	json_array_foreach(json_object_get(json_object_get(cl, "status"), "instances"), i, in) {
		if (json_is_true(json_object_get(in, "signer")))
			path = sgn_xasprintf("%s/instances/%s/%s/%s/rndc.conf", sgn_store_dir(store), ns,
					     cluster, json_string_value(json_object_get(in, "name")));
	}
	json_decref(cl);
	return path;
}

/* Runs rndc against the signer; rndc's text decides, not only its exit status.
 * With text, the caller gets rndc's output (and frees it). */
static int rndc_signer(const char *conf, const char *const args[], char **text, sgn_diag_t *diag)
{
	const char *argv[16] = {"rndc", "-c", conf};
	size_t n = 3;
	for (size_t i = 0; args[i] != NULL && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	char *out = NULL;
	int status = 0;
	int rc = sgn_proc_run(argv, 15000, &out, &status);
	if (rc == SGN_OK)
		rc = sgn__runtime_rndc_verdict(status, out);
	if (rc != SGN_OK)
		sgn_diag_msg(diag, "named was not told (is `signet run` running?): rndc: %s",
			     out && out[0] ? out : sgn_strerror(rc));
	if (text != NULL)
		*text = out;
	else
		free(out);
	return rc;
}

static int tell_named(const char *conf, const char *zone, unsigned tag, const char *what, sgn_diag_t *diag)
{
	char t[16];
	snprintf(t, sizeof(t), "%u", tag);
	const char *args[] = {"dnssec", "-checkds", "-key", t, what, zone, NULL};
	return rndc_signer(conf, args, NULL, diag);
}

/* The operator's word on the parent's DS of each KSK in tags, passed on to named
 * (what: "published" or "withdrawn") and audited as told or not told; stops at the
 * first failure. conf NULL: the signer is unknown, nothing is told. */
static int tell_named_each(sgn_store_t *store, const char *conf, const char *zone, const json_t *tags,
			   const char *what, sgn_diag_t *diag)
{
	bool pub = strcmp(what, "published") == 0;
	int rc = conf ? SGN_OK : SGN_EPROC;
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t) {
		if (rc == SGN_OK)
			rc = tell_named(conf, zone, (unsigned)json_integer_value(t), what, diag);
		char action[32], actor[32], msg[128];
		snprintf(action, sizeof(action), "ds-%s%s", what, rc == SGN_OK ? "" : "-failed");
		snprintf(actor, sizeof(actor), "signet ds-%s", what);
		snprintf(msg, sizeof(msg), "%s%s", pub ? "the operator confirmed the parent's DS"
						       : "the operator confirmed the parent no longer has this DS",
			 rc == SGN_OK ? "" : "; named was not told");
		sgn_audit_event_t ev = {.zone = zone, .tag = (int)json_integer_value(t), .role = "KSK",
					.action = action, .actor = actor, .message = msg};
		sgn_audit_append(sgn_store_dir(store), &ev);
	}
	return rc;
}

/* Tags of the zone's keys (status.dnssec.keys) with a role, goal, or a given tag. */
static json_t *keys_where(const json_t *dnszone, const char *role, const char *goal, int tag)
{
	json_t *out = json_array();
	const json_t *keys = json_object_get(json_object_get(json_object_get(dnszone, "status"), "dnssec"), "keys");
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *r = json_string_value(json_object_get(k, "role"));
		const char *g = json_string_value(json_object_get(k, "goal"));
		int t = (int)json_integer_value(json_object_get(k, "tag"));
		if ((role == NULL || (r && strcmp(r, role) == 0) || (r && strcmp(role, "KSK") == 0 && strcmp(r, "CSK") == 0)) &&
		    (goal == NULL || (g && strcmp(g, goal) == 0)) && (tag < 0 || t == tag))
			json_array_append_new(out, json_integer(t));
	}
	return out;
}

/* The KSKs whose DS the parent holds, as far as signet knows (state "keyhistory"). */
int sgn__controller_parent_holds(sgn_store_t *store, const char *ns, const char *name, const json_t *tags,
				 sgn_parent_change_t how)
{
	json_t *hist = NULL;
	if (sgn_store_get_state(store, "keyhistory", &hist) != SGN_OK || !json_is_object(hist)) {
		json_decref(hist);
		hist = json_object();
	}
	char *key = sgn_xasprintf("%s/%s", ns, name);
	json_t *h = json_object_get(hist, key);
	if (h == NULL)
		json_object_set_new(hist, key, h = json_pack("{s:[],s:O}", "parent", "served", tags));
	json_t *parent = json_object_get(h, "parent");
	size_t i, j;
	json_t *t, *p;
	if (how == SGN_PARENT_SET)
		json_array_clear(parent);
	json_array_foreach(tags, i, t) {
		bool found = false;
		for (j = 0; j < json_array_size(parent) && !found; j++) {
			p = json_array_get(parent, j);
			if (json_equal(p, t)) {
				found = true;
				if (how == SGN_PARENT_REMOVE)
					json_array_remove(parent, j);
			}
		}
		if (!found && how != SGN_PARENT_REMOVE)
			json_array_append(parent, t);
	}
	int rc = sgn_store_put_state(store, "keyhistory", hist);
	free(key);
	json_decref(hist);
	return rc;
}

int sgn_controller_ds_published(sgn_store_t *store, const json_t *dnszone, int tag, sgn_diag_t *diag)
{
	const char *ns = str_at(dnszone, "metadata", "namespace");
	const char *name = str_at(dnszone, "metadata", "name");
	const char *zone = str_at(dnszone, "status", "zone");
	const json_t *dsr = json_object_get(json_object_get(json_object_get(dnszone, "status"), "dnssec"), "dsRecords");
	json_t *tags = json_array();
	size_t i;
	json_t *ds;
	json_array_foreach(dsr, i, ds) {
		unsigned t = 0;
		if (sscanf(json_string_value(ds), "%*s IN DS %u", &t) == 1 && (tag < 0 || (int)t == tag))
			json_array_append_new(tags, json_integer(t));
	}
	if (zone == NULL || json_array_size(tags) == 0) {
		sgn_diag_msg(diag, tag < 0 ? "zone %s is not signed and verified yet"
					   : "zone %s serves no KSK with tag %d",
			     zone ? zone : str_at(dnszone, "spec", "zoneName") ? str_at(dnszone, "spec", "zoneName") : name, tag);
		json_decref(tags);
		return SGN_ENOTFOUND;
	}
	char *conf = signer_rndc_conf(store, ns, str_at(dnszone, "spec", "clusterRef"));
	int rc = tell_named_each(store, conf, zone, tags, "published", diag);
	/* what signet takes the parent to hold changes only once named knows it too */
	if (rc == SGN_OK)
		rc = sgn__controller_parent_holds(store, ns, name, tags, tag < 0 ? SGN_PARENT_SET : SGN_PARENT_ADD);
	if (conf == NULL)
		sgn_diag_msg(diag, "the signing instance is unknown (has `signet run` reported the cluster?)");
	free(conf);
	json_decref(tags);
	return rc;
}

/* Whether the parent is known to hold the DS of this KSK: named says so, or it was
 * confirmed (`ds-published`, parental agents, the internal parent: the tags in parent). */
static bool ds_confirmed(const json_t *key, const json_t *parent)
{
	const char *ds = json_string_value(json_object_get(json_object_get(key, "states"), "ds"));
	bool found = (ds && strcmp(ds, "omnipresent") == 0) || json_is_string(json_object_get(key, "dsPublished"));
	size_t i;
	json_t *t;
	json_array_foreach(parent, i, t)
		found = found || json_equal(t, json_object_get(key, "tag"));
	return found;
}

/* KSKs named keeps (goal omnipresent) whose DS the parent is not known to hold: while
 * there is one, withdrawing another KSK's DS could leave the parent with none that works. */
static void successors_unconfirmed(sgn_store_t *store, const json_t *dnszone, sgn_buf_t *out)
{
	json_t *hist = NULL;
	sgn_store_get_state(store, "keyhistory", &hist);
	char *hk = sgn_xasprintf("%s/%s", str_at(dnszone, "metadata", "namespace"), str_at(dnszone, "metadata", "name"));
	const json_t *parent = json_object_get(json_object_get(hist, hk), "parent");
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(json_object_get(json_object_get(dnszone, "status"), "dnssec"), "keys"), i, k) {
		const char *r = json_string_value(json_object_get(k, "role"));
		const char *g = json_string_value(json_object_get(k, "goal"));
		if (r && g && strcmp(r, "ZSK") != 0 && strcmp(g, "omnipresent") == 0 && !ds_confirmed(k, parent))
			sgn_buf_printf(out, "%s%lld", out->len ? ", " : "",
				       (long long)json_integer_value(json_object_get(k, "tag")));
	}
	free(hk);
	json_decref(hist);
}

int sgn_controller_ds_withdrawn(sgn_store_t *store, const json_t *dnszone, int tag, sgn_diag_t *diag)
{
	const char *ns = str_at(dnszone, "metadata", "namespace");
	const char *zone = str_at(dnszone, "status", "zone");
	const char *named_zone = zone ? zone : str_at(dnszone, "spec", "zoneName");
	/* only a KSK named is retiring: withdrawing the DS of an active one breaks the chain */
	json_t *tags = keys_where(dnszone, "KSK", "hidden", tag);
	int rc = SGN_OK;
	if (zone == NULL || json_array_size(tags) == 0) {
		json_t *any = keys_where(dnszone, "KSK", NULL, tag);
		sgn_diag_msg(diag, tag < 0 ? "zone %s has no KSK on its way out"
			     : json_array_size(any) ? "zone %s: KSK %d is not being retired (its goal is not hidden): "
						      "withdrawing its DS would break the chain of trust"
						    : "zone %s has no KSK with tag %d",
			     named_zone ? named_zone : "?", tag);
		json_decref(any);
		json_decref(tags);
		return SGN_ENOTFOUND;
	}
	sgn_buf_t pending;
	sgn_buf_init(&pending);
	successors_unconfirmed(store, dnszone, &pending);
	if (pending.len > 0) {
		sgn_diag_msg(diag, "zone %s: the parent is not known to hold the DS of KSK %s, which replaces the "
				   "one you withdraw: publish it and confirm it first (`signet ds-published %s --key "
				   "TAG`), or the parent would be left with no DS of a key that is served",
			     named_zone, pending.data, named_zone);
		sgn_buf_clear(&pending);
		json_decref(tags);
		return SGN_EUNSUPPORTED;
	}
	sgn_buf_clear(&pending);
	char *conf = signer_rndc_conf(store, ns, str_at(dnszone, "spec", "clusterRef"));
	rc = tell_named_each(store, conf, zone, tags, "withdrawn", diag);
	if (rc == SGN_OK)
		rc = sgn__controller_parent_holds(store, ns, str_at(dnszone, "metadata", "name"), tags, SGN_PARENT_REMOVE);
	if (conf == NULL)
		sgn_diag_msg(diag, "the signing instance is unknown (has `signet run` reported the cluster?)");
	free(conf);
	json_decref(tags);
	return rc;
}

/*
 * A zone with user-supplied keys rolls only to a key of the user's: named takes
 * an unused key of the role from its key directory (one without times, as
 * `dnssec-keygen -G` makes it) and would generate one otherwise.
 */
static bool user_successor_ok(const json_t *dnszone, const char *zone, const char *role, sgn_diag_t *diag)
{
	const char *src = sgn_model_condition_reason(dnszone, "DNSSECKeySource");
	if (src == NULL || strcmp(src, "UserSupplied") != 0)
		return true;
	sgn_buf_t others;
	sgn_buf_init(&others);
	size_t i;
	json_t *k;
	bool ok = false;
	json_array_foreach(json_object_get(json_object_get(json_object_get(dnszone, "status"), "dnssec"), "standbyKeys"),
			   i, k) {
		const char *r = json_string_value(json_object_get(k, "role"));
		bool same_role = r && (strcmp(r, role) == 0 || (strcmp(role, "KSK") == 0 && strcmp(r, "CSK") == 0));
		if (same_role && json_is_true(json_object_get(k, "successor")))
			ok = true;
		else if (same_role)
			sgn_buf_printf(&others, "; key %lld is in the Secret but %s",
				       (long long)json_integer_value(json_object_get(k, "tag")),
				       json_string_value(json_object_get(k, "note")));
	}
	if (!ok)
		sgn_diag_msg(diag, "zone %s takes its keys from the user's Secret, which holds no successor %s: named "
				   "would generate a key of its own. Add the new key's .key and .private to the Secret "
				   "first, made without times (`dnssec-keygen -G -a ALGORITHM%s %s`), wait until `signet get "
				   "dnszone` lists it under standby keys, then roll over%s",
			     zone, role, strcmp(role, "ZSK") ? " -f KSK" : "", zone, others.data ? others.data : "");
	sgn_buf_clear(&others);
	return ok;
}

/* `rndc dnssec -status ZONE` of the signer, parsed: named's key states now (status lags
 * them by a few seconds). False when named cannot be asked. */
static bool live_key_states(const char *conf, const char *zone, sgn_rndc_dnssec_status_t *out)
{
	const char *args[] = {"dnssec", "-status", zone, NULL};
	char *text = NULL;
	bool ok = conf != NULL && rndc_signer(conf, args, &text, NULL) == SGN_OK &&
		  sgn_runtime_parse_dnssec_status(text, out) == SGN_OK;
	free(text);
	return ok;
}

static void unconfirmed_one(sgn_buf_t *out, const char *r, const char *g, const char *ds, const char *role,
			    long long tag)
{
	if (r && g && strcmp(g, "omnipresent") == 0 && (strcmp(r, role) == 0 || strcmp(r, "CSK") == 0) &&
	    strcmp(r, "ZSK") != 0 && (ds == NULL || strcmp(ds, "omnipresent") != 0))
		sgn_buf_printf(out, "%s%lld (DS %s)", out->len ? ", " : "", tag, ds && ds[0] ? ds : "hidden");
}

/* The active KSKs/CSKs whose DS named does not know to be at the parent, as "TAG (DS STATE)":
 * from named itself when it answers, else from the status. */
static void ds_unconfirmed(const json_t *dnszone, const char *conf, const char *role, sgn_buf_t *out)
{
	sgn_rndc_dnssec_status_t *r = sgn_xcalloc(1, sizeof(*r));
	if (live_key_states(conf, str_at(dnszone, "status", "zone"), r)) {
		for (size_t i = 0; i < r->nkeys; i++)
			unconfirmed_one(out, r->keys[i].role, r->keys[i].goal, r->keys[i].ds, role, r->keys[i].tag);
		free(r);
		return;
	}
	free(r);
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(json_object_get(json_object_get(dnszone, "status"), "dnssec"), "keys"), i, k)
		unconfirmed_one(out, json_string_value(json_object_get(k, "role")),
				json_string_value(json_object_get(k, "goal")),
				json_string_value(json_object_get(json_object_get(k, "states"), "ds")), role,
				(long long)json_integer_value(json_object_get(k, "tag")));
}

/* Whether rolling role now could leave a parent's DS pointing at a key named dropped. */
static bool parent_ds_ok(const json_t *dnszone, const char *conf, const char *zone, const char *role,
			 time_t when, bool force, char *warning, size_t wlen, sgn_diag_t *diag)
{
	if (strcmp(role, "ZSK") == 0 || force)
		return true;
	sgn_buf_t keys;
	sgn_buf_init(&keys);
	ds_unconfirmed(dnszone, conf, role, &keys);
	bool ok = keys.len == 0;
	char why[1024];
	if (!ok)
		snprintf(why, sizeof(why),
			 "named does not know that the parent holds the DS of KSK %s: it would replace the key at "
			 "once, and a parent that holds that DS would point at a key no longer served. Publish the "
			 "DS and confirm it (`signet ds-published %s`; the DSPublicationRequired condition names "
			 "the records)%s",
			 keys.data, zone, when > 0 ? " before the rollover is due" : ", or use --force if the parent has no DS for the zone");
	if (!ok && when > 0 && warning != NULL) {
		snprintf(warning, wlen, "%s", why);
		ok = true;
	} else if (!ok) {
		sgn_diag_msg(diag, "%s", why);
	}
	sgn_buf_clear(&keys);
	return ok;
}

int sgn_controller_rollover(sgn_store_t *store, const json_t *dnszone, const char *role, time_t when,
			    bool force, char *warning, size_t wlen, sgn_diag_t *diag)
{
	const char *ns = str_at(dnszone, "metadata", "namespace");
	const char *zone = str_at(dnszone, "status", "zone");
	const char *named_zone = zone ? zone : str_at(dnszone, "spec", "zoneName");
	json_t *tags = keys_where(dnszone, role, "omnipresent", -1);
	if (warning != NULL && wlen > 0)
		warning[0] = '\0';
	if (zone == NULL || json_array_size(tags) == 0) {
		sgn_diag_msg(diag, "zone %s has no active %s (is it signed, with a policy that has one?)",
			     named_zone ? named_zone : "?", role);
		json_decref(tags);
		return SGN_ENOTFOUND;
	}
	char *conf = signer_rndc_conf(store, ns, str_at(dnszone, "spec", "clusterRef"));
	if (!user_successor_ok(dnszone, zone, role, diag) ||
	    !parent_ds_ok(dnszone, conf, zone, role, when, force, warning, wlen, diag)) {
		free(conf);
		json_decref(tags);
		return SGN_EUNSUPPORTED;
	}
	int rc = conf ? SGN_OK : SGN_EPROC;
	if (conf == NULL)
		sgn_diag_msg(diag, "the signing instance is unknown (has `signet run` reported the cluster?)");
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t) {
		char tag[16], at[32] = "";
		snprintf(tag, sizeof(tag), "%lld", (long long)json_integer_value(t));
		if (when > 0) {
			struct tm tm;
			gmtime_r(&when, &tm);
			strftime(at, sizeof(at), "%Y%m%d%H%M%S", &tm);
		}
		const char *args[] = {"dnssec", "-rollover", "-key", tag, when > 0 ? "-when" : zone,
				      when > 0 ? at : NULL, when > 0 ? zone : NULL, NULL};
		if (rc == SGN_OK)
			rc = rndc_signer(conf, args, NULL, diag);
		sgn_audit_event_t ev = {.zone = zone, .tag = (int)json_integer_value(t), .role = role,
					.action = rc == SGN_OK ? "rollover-requested" : "rollover-failed",
					.actor = "signet rollover", .message = when > 0 ? at : "now"};
		sgn_audit_append(sgn_store_dir(store), &ev);
	}
	free(conf);
	json_decref(tags);
	return rc;
}
