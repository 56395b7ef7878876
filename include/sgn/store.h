/* SPDX-License-Identifier: MIT */
/* store.h -- where resources, their status and signet's own state live.
 * One backend now (a state directory, store_fs.c); the Kubernetes API can replace it. */
#ifndef SGN_STORE_H
#define SGN_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "sgn/err.h"

typedef struct sgn_store sgn_store_t;

/* A resource to write: the object (apiVersion, kind, metadata, spec...) and
 * optional attached text (an imported zone file). Borrowed. */
typedef struct sgn_store_put {
	const char *kind, *ns, *name;
	const json_t *obj;
	const char *attachment;
} sgn_store_put_t;

/* Opens (creating, 0700) a state directory. */
int sgn_store_fs_open(sgn_store_t **out, const char *dir);
void sgn_store_free(sgn_store_t *s);

/* Writes all resources or none (earlier ones are restored if a later write fails). */
int sgn_store_put_all(sgn_store_t *s, const sgn_store_put_t *items, size_t n);

/* Deletes a resource with its status and attachment. SGN_ENOTFOUND if absent. */
int sgn_store_delete(sgn_store_t *s, const char *kind, const char *ns, const char *name);

/* The resource with its current status under "status" (new reference). SGN_ENOTFOUND. */
int sgn_store_get(sgn_store_t *s, const char *kind, const char *ns, const char *name, json_t **out);

/* All resources of a kind (ns NULL = every namespace), sorted by namespace/name,
 * each with "status". New reference (array). */
int sgn_store_list(sgn_store_t *s, const char *kind, const char *ns, json_t **out);

/* Attached text of a resource (caller frees), SGN_ENOENT if none. */
int sgn_store_attachment(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 char **text);

/* Replaces a resource's status (written atomically). */
int sgn_store_put_status(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 const json_t *status);

/* A counter bumped by every put_all/delete: the controller re-reads when it moves. */
int sgn_store_generation(sgn_store_t *s, unsigned long long *gen);

/* signet's own small state documents (ports, serials, keys of its own) by name. */
int sgn_store_get_state(sgn_store_t *s, const char *name, json_t **out);
int sgn_store_put_state(sgn_store_t *s, const char *name, const json_t *value);

/* A private directory (0700) of the store for runtime files: instances, key dirs.
 * Borrowed path. Embedded backends only. */
const char *sgn_store_dir(const sgn_store_t *s);

/* Serialises writers (apply/delete) against the controller's reads. */
int sgn_store_lock(sgn_store_t *s, bool exclusive);
void sgn_store_unlock(sgn_store_t *s);

#endif
