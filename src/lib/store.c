/* SPDX-License-Identifier: MIT */
/* store.c -- dispatch to the store backend. */
#include "store_internal.h"

void sgn_store_free(sgn_store_t *s)
{
	if (s != NULL)
		s->ops->free(s);
}

int sgn_store_put_all(sgn_store_t *s, const sgn_store_put_t *items, size_t n)
{
	return s->ops->put_all(s, items, n);
}

int sgn_store_delete(sgn_store_t *s, const char *kind, const char *ns, const char *name)
{
	return s->ops->del(s, kind, ns, name);
}

int sgn_store_get(sgn_store_t *s, const char *kind, const char *ns, const char *name, json_t **out)
{
	return s->ops->get(s, kind, ns, name, out);
}

int sgn_store_list(sgn_store_t *s, const char *kind, const char *ns, json_t **out)
{
	return s->ops->list(s, kind, ns, out);
}

int sgn_store_attachment(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 char **text)
{
	return s->ops->attachment(s, kind, ns, name, text);
}

int sgn_store_put_status(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 const json_t *status)
{
	return s->ops->put_status(s, kind, ns, name, status);
}

int sgn_store_generation(sgn_store_t *s, unsigned long long *gen)
{
	return s->ops->generation(s, gen);
}

int sgn_store_get_state(sgn_store_t *s, const char *name, json_t **out)
{
	return s->ops->get_state(s, name, out);
}

int sgn_store_put_state(sgn_store_t *s, const char *name, const json_t *value)
{
	return s->ops->put_state(s, name, value);
}

const char *sgn_store_dir(const sgn_store_t *s)
{
	return s->dir;
}

int sgn_store_lock(sgn_store_t *s, bool exclusive)
{
	return s->ops->lock(s, exclusive);
}

void sgn_store_unlock(sgn_store_t *s)
{
	s->ops->unlock(s);
}
