/* SPDX-License-Identifier: MIT */
/* controller_internal.h -- state shared by the reconcile loop and its status reporting. */
#ifndef SGN_CONTROLLER_INTERNAL_H
#define SGN_CONTROLLER_INTERNAL_H

#include <jansson.h>

#include "model.h"
#include "sgn/runtime.h"
#include "sgn/store.h"

typedef struct ctl {
	sgn_store_t *store;
	sgn_runtime_t *rt;
	uint16_t base_port;
	json_t *loaded; /* instance id -> {conf: hash, zones: {zone: hash}}: what named has loaded */
	json_t *errors; /* "ns/name" -> message of a config or zone named rejected this round */
	json_t *rndc;   /* "ns/name" -> {at, text}: cached `rndc dnssec -status` */
	json_t *logged; /* "ns/name" -> last error message logged for it */
	json_t *keyblock; /* "ns/name" -> why its backup Secret could not be restored */
	json_t *userkeys; /* "ns/name" -> the user's keys as last checked: [{tag, algorithm, flags, unused, hasState}] */
	unsigned long long observed; /* store generation the statuses last reflected (state "observed") */
} ctl_t;

void sgn__controller_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Key custody (controller_keys.c). */
void sgn__controller_restore_keys(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
				  const sgn_minst_t *in);
bool sgn__controller_sync_user_keys(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z,
				    char *why, size_t whylen);
/* False (why says so) while a backup Secret holds keys that could not be restored:
 * the zone stays out of named, which would otherwise generate keys over the backup. */
bool sgn__controller_backup_ok(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z, char *why,
			       size_t whylen);
/* Whether every key file of the zone's key directory can be read (why names the one that cannot). */
bool sgn__controller_keys_readable(const sgn_minst_t *in, const sgn_mzone_t *z, char *why, size_t whylen);
/* User-supplied keys of the zone's Secret that named has not taken into use, as
 * status.dnssec.standbyKeys entries {tag, role, algorithm, successor, note}; a key
 * named retired is remembered (state "retiredkeys") and never copied back. */
json_t *sgn__controller_user_standby(ctl_t *ctl, const sgn_mzone_t *z, const sgn_rndc_dnssec_status_t *r);
void sgn__controller_export_keys(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
				 const sgn_minst_t *in);

/* What signet knows of the parent's DS RRset for a zone (state "keyhistory"):
 * the KSK tags it holds are set to, extended by, or reduced by tags. */
typedef enum { SGN_PARENT_SET, SGN_PARENT_ADD, SGN_PARENT_REMOVE } sgn_parent_change_t;
int sgn__controller_parent_holds(sgn_store_t *store, const char *ns, const char *name, const json_t *tags,
				 sgn_parent_change_t how);

/* Verifies what the instances serve for one zone and writes its status. */
void sgn__controller_report_zone(ctl_t *ctl, sgn_model_t *m, const sgn_mzone_t *z);
/* Writes a cluster's status: its instances, ports and whether named runs. */
void sgn__controller_report_cluster(ctl_t *ctl, const sgn_mcluster_t *c);

#endif
