/* SPDX-License-Identifier: MIT */
/* manifest.h -- read YAML manifests into validated resources (schema + semantic checks). */
#ifndef SGN_MANIFEST_H
#define SGN_MANIFEST_H

#include <jansson.h>
#include <stddef.h>

#include "sgn/err.h"
#include "sgn/schema.h"

/* One validated resource: obj holds apiVersion, kind, metadata, spec (or a
 * Secret's type/data/stringData); zone_text is an imported zoneFile's content. */
typedef struct sgn_manifest_item {
	char *kind, *ns, *name;
	json_t *obj;
	char *file;
	int line;
	char *zone_text; /* DNSZone with zoneFile: the file as read at apply time */
} sgn_manifest_item_t;

typedef struct sgn_manifest {
	sgn_manifest_item_t *items;
	size_t n;
} sgn_manifest_t;

/*
 * Adds every document of path ("-" = stdin; a directory = its .yaml and .yml files in
 * name order) to m, validating each. The first error stops and fills diag
 * (file:line, "Kind ns/name", field, message with valid values where there is a list).
 * \retval SGN_OK, SGN_ENOENT, SGN_EPARSE, SGN_ESCHEMA
 */
int sgn_manifest_load(sgn_manifest_t *m, const sgn_schema_t *s, const char *path,
		      const char *default_ns, sgn_diag_t *diag);

/* Checks across documents: duplicates, two zones with one zoneName in a cluster. */
int sgn_manifest_check_set(const sgn_manifest_t *m, sgn_diag_t *diag);

/* The same against what is stored: a DNSZone of m may not take the zoneName of
 * another stored DNSZone (stored_zones, an array of objects) in the same cluster.
 * \retval SGN_OK, SGN_ESCHEMA (diag names the file:line, resource and the other zone) */
int sgn_manifest_check_stored(const sgn_manifest_t *m, const json_t *stored_zones, sgn_diag_t *diag);

void sgn_manifest_clear(sgn_manifest_t *m);

/* Validates a Kubernetes object name / namespace (DNS-1123). */
int sgn_manifest_check_name(const char *name, size_t max);

#endif
