/* SPDX-License-Identifier: MIT */
/* model.h -- the desired state derived from the store: clusters, their named
 * instances, zones with resolved policies and rendered content. Internal to the controller. */
#ifndef SGN_MODEL_H
#define SGN_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "sgn/keysource.h"
#include "sgn/policy.h"
#include "sgn/store.h"

typedef struct sgn_mzone {
	char *ns, *name;     /* the DNSZone resource */
	char *zone;          /* lower-case, no trailing dot; "." for the root */
	char *cluster;       /* clusterRef */
	sgn_policy_t policy; /* kind NONE = unsigned */
	char *text;          /* unsigned zone file with the serial signet chose; NULL on error */
	uint32_t serial;
	char *note;          /* what an import dropped, or NULL */
	char reason[64];     /* non-empty: cannot be served (ClusterNotFound, ...) */
	char message[1024];
	char warn_reason[64]; /* non-empty: served, but not as the resources now say (kept last policy) */
	char warn_message[1024];
	sgn_keysrc_t keysrc; /* where its keys come from */
	long parent;          /* index of the zone signet serves that delegates to it, or -1 */
	char *pv_dir;        /* SGN_KEYSRC_PV: the kept key directory */
	struct sgn_agent {
		char address[64]; /* an IP address (checked at apply time) */
		uint16_t port;    /* 0: named's default (53) */
	} agents[8];          /* parentalAgents: the zone's, else its signing block's */
	size_t nagents;
} sgn_mzone_t;

typedef struct sgn_minst {
	char *id;        /* "ns/cluster/primary-0" */
	char *label;     /* "primary-0" */
	bool primary;
	bool signer;     /* the one replica that signs; the others transfer from it */
	uint16_t dns_port, rndc_port;
	char *dir;       /* <state>/instances/<ns>/<cluster>/<label> */
} sgn_minst_t;

typedef struct sgn_mcluster {
	char *ns, *name;
	bool validation;
	char *xfr_secret;  /* TSIG for transfers between this cluster's replicas */
	sgn_minst_t *insts;
	size_t ninsts;
	size_t *zones;     /* indexes into model->zones */
	size_t nzones;
} sgn_mcluster_t;

typedef struct sgn_model {
	sgn_mcluster_t *clusters;
	size_t nclusters;
	sgn_mzone_t *zones;
	size_t nzones;
	char *rndc_secret;
	json_t *policies; /* DNSSECPolicy objects seen, for reference */
	json_t *delegations; /* "ns/parent-zone" -> [[owner, type, rdata], ...] signet adds to a parent */
} sgn_model_t;

/* Builds the model; assigns (and persists) ports, serials and secrets. */
int sgn_model_build(sgn_store_t *store, uint16_t base_port, sgn_model_t *m);
void sgn_model_clear(sgn_model_t *m);

/* The cluster a zone belongs to, or NULL. */
sgn_mcluster_t *sgn_model_zone_cluster(sgn_model_t *m, const sgn_mzone_t *z);

/* The reason of a stored resource's condition of that type (from its status), or NULL. Borrowed. */
const char *sgn_model_condition_reason(const json_t *obj, const char *type);

/* Renders one instance's named.conf. Zones with skip[i] set (index into
 * cluster->zones) are left out. */
char *sgn_render_named_conf(const sgn_model_t *m, const sgn_mcluster_t *c, const sgn_minst_t *in,
			    const bool *skip);
char *sgn_render_rndc_conf(const sgn_model_t *m, const sgn_minst_t *in);
/* Relative file name of a zone's unsigned file inside an instance dir. */
char *sgn_render_zone_file(const sgn_mzone_t *z);
/* Absolute key directory of a zone on an instance. */
char *sgn_render_key_dir(const sgn_minst_t *in, const sgn_mzone_t *z);

#endif
