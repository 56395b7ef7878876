/* SPDX-License-Identifier: MIT */
/* store.c -- dispatch to the store backend. */
#include <ctype.h>
#include <string.h>

#include "store_internal.h"

/*
 * What a kind, namespace or name may be in any backend: never a path. Callers
 * validate names against the resource schema first; this is the last line.
 */
static bool key_part_ok(const char *p, size_t max)
{
	size_t n = p != NULL ? strlen(p) : 0;
	if (n == 0 || n > max || p[0] == '.' || p[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '.' && p[i] != '_')
			return false;
	return true;
}

static bool key_ok(const char *kind, const char *ns, const char *name)
{
	return key_part_ok(kind, 63) && (ns == NULL || key_part_ok(ns, 63)) && (name == NULL || key_part_ok(name, 253));
}

void sgn_store_free(sgn_store_t *s)
{
	if (s != NULL)
		s->ops->free(s);
}

int sgn_store_put_all(sgn_store_t *s, const sgn_store_put_t *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!key_ok(items[i].kind, items[i].ns, items[i].name) || items[i].ns == NULL || items[i].name == NULL)
			return SGN_EINVAL;
	return s->ops->put_all(s, items, n);
}

int sgn_store_delete(sgn_store_t *s, const char *kind, const char *ns, const char *name)
{
	if (!key_ok(kind, ns, name) || ns == NULL || name == NULL)
		return SGN_EINVAL;
	return s->ops->del(s, kind, ns, name);
}

int sgn_store_get(sgn_store_t *s, const char *kind, const char *ns, const char *name, json_t **out)
{
	if (!key_ok(kind, ns, name) || ns == NULL || name == NULL)
		return SGN_EINVAL;
	return s->ops->get(s, kind, ns, name, out);
}

int sgn_store_list(sgn_store_t *s, const char *kind, const char *ns, json_t **out)
{
	if (!key_ok(kind, ns, NULL))
		return SGN_EINVAL;
	return s->ops->list(s, kind, ns, out);
}

int sgn_store_attachment(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 char **text)
{
	if (!key_ok(kind, ns, name) || ns == NULL || name == NULL)
		return SGN_EINVAL;
	return s->ops->attachment(s, kind, ns, name, text);
}

int sgn_store_put_status(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 const json_t *status)
{
	if (!key_ok(kind, ns, name) || ns == NULL || name == NULL)
		return SGN_EINVAL;
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
