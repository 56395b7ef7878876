/* SPDX-License-Identifier: MIT */
/* controller_ds.c -- what the operator tells signet about the parent's DS RRset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int tell_named(const char *conf, const char *zone, unsigned tag, sgn_diag_t *diag)
{
	char t[16];
	snprintf(t, sizeof(t), "%u", tag);
	const char *argv[] = {"rndc", "-c", conf, "dnssec", "-checkds", "-key", t, "published", zone, NULL};
	char *out = NULL;
	int status = 0;
	int rc = sgn_proc_run(argv, 15000, &out, &status);
	if (rc == SGN_OK)
		rc = sgn__runtime_rndc_verdict(status, out);
	if (rc != SGN_OK)
		sgn_diag_msg(diag, "recorded, but named was not told (is `signet run` running?): rndc: %s",
			     out && out[0] ? out : sgn_strerror(rc));
	free(out);
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
					   : "zone %s serves no KSK with tag %d", zone ? zone : name, tag);
		json_decref(tags);
		return SGN_ENOTFOUND;
	}
	json_t *hist = NULL;
	if (sgn_store_get_state(store, "keyhistory", &hist) != SGN_OK || !json_is_object(hist)) {
		json_decref(hist);
		hist = json_object();
	}
	char *key = sgn_xasprintf("%s/%s", ns, name);
	json_t *h = json_object_get(hist, key);
	if (h == NULL)
		json_object_set_new(hist, key, h = json_pack("{s:[],s:O}", "parent", "served", tags));
	if (tag < 0)
		json_object_set(h, "parent", tags);
	else
		json_array_extend(json_object_get(h, "parent"), tags);
	int rc = sgn_store_put_state(store, "keyhistory", hist);
	char *conf = signer_rndc_conf(store, ns, str_at(dnszone, "spec", "clusterRef"));
	json_array_foreach(tags, i, ds) {
		unsigned t = (unsigned)json_integer_value(ds);
		sgn_audit_event_t ev = {.zone = zone, .tag = (int)t, .role = "KSK", .action = "ds-published",
					.actor = "signet ds-published", .message = "the operator confirmed the parent's DS"};
		sgn_audit_append(sgn_store_dir(store), &ev);
		if (rc == SGN_OK)
			rc = conf ? tell_named(conf, zone, t, diag) : SGN_EPROC;
	}
	if (conf == NULL)
		sgn_diag_msg(diag, "recorded, but the signing instance is unknown (has `signet run` reported the cluster?)");
	free(conf);
	free(key);
	json_decref(hist);
	json_decref(tags);
	return rc;
}
