/* SPDX-License-Identifier: MIT */
/* store_internal.h -- the store backend interface. */
#ifndef SGN_STORE_INTERNAL_H
#define SGN_STORE_INTERNAL_H

#include "sgn/store.h"

typedef struct sgn_store_ops {
	int (*put_all)(sgn_store_t *s, const sgn_store_put_t *items, size_t n);
	int (*del)(sgn_store_t *s, const char *kind, const char *ns, const char *name);
	int (*get)(sgn_store_t *s, const char *kind, const char *ns, const char *name, json_t **out);
	int (*list)(sgn_store_t *s, const char *kind, const char *ns, json_t **out);
	int (*attachment)(sgn_store_t *s, const char *kind, const char *ns, const char *name, char **text);
	int (*put_status)(sgn_store_t *s, const char *kind, const char *ns, const char *name, const json_t *st);
	int (*generation)(sgn_store_t *s, unsigned long long *gen);
	int (*get_state)(sgn_store_t *s, const char *name, json_t **out);
	int (*put_state)(sgn_store_t *s, const char *name, const json_t *value);
	int (*lock)(sgn_store_t *s, bool exclusive);
	void (*unlock)(sgn_store_t *s);
	void (*free)(sgn_store_t *s);
} sgn_store_ops_t;

struct sgn_store {
	const sgn_store_ops_t *ops;
	char *dir;
	int lock_fd;
};

#endif
