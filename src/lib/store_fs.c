/* SPDX-License-Identifier: MIT */
/* store_fs.c -- the store as a state directory:
 *   resources/<Kind>/<ns>/<name>.json   what the user applied (0600)
 *   resources/<Kind>/<ns>/<name>.att    attached text (imported zone file)
 *   status/<Kind>/<ns>/<name>.json      what signet observed
 *   state/<name>.json                   signet's own state (ports, serials, keys)
 *   generation, lock
 * Every file is written atomically (temp, fsync, rename, fsync dir). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgn/util.h"
#include "store_internal.h"

#define FILE_MODE 0600
#define DIR_MODE 0700

static char *res_path(sgn_store_t *s, const char *area, const char *kind, const char *ns,
		      const char *name, const char *ext)
{
	return sgn_xasprintf("%s/%s/%s/%s/%s.%s", s->dir, area, kind, ns, name, ext);
}

static int write_json(const char *path, const json_t *v)
{
	char *dir = sgn_xstrdup(path);
	*strrchr(dir, '/') = '\0';
	int rc = sgn_mkdir_p(dir, DIR_MODE);
	free(dir);
	if (rc != SGN_OK)
		return rc;
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (text == NULL)
		return SGN_EINVAL;
	rc = sgn_file_write_atomic(path, text, strlen(text), FILE_MODE);
	free(text);
	return rc;
}

static int read_json(const char *path, json_t **out)
{
	char *text = NULL;
	int rc = sgn_file_read(path, &text, NULL);
	if (rc != SGN_OK)
		return rc == SGN_ENOENT ? SGN_ENOTFOUND : rc;
	json_error_t err;
	*out = json_loads(text, 0, &err);
	free(text);
	return *out ? SGN_OK : SGN_EPARSE;
}

static int bump_generation(sgn_store_t *s)
{
	unsigned long long g = 0;
	s->ops->generation(s, &g);
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%llu\n", g + 1);
	char *p = sgn_path_join(s->dir, "generation");
	int rc = sgn_file_write_atomic(p, buf, (size_t)n, FILE_MODE);
	free(p);
	return rc;
}

static int fs_generation(sgn_store_t *s, unsigned long long *gen)
{
	char *p = sgn_path_join(s->dir, "generation");
	char *text = NULL;
	*gen = 0;
	if (sgn_file_read(p, &text, NULL) == SGN_OK)
		*gen = strtoull(text, NULL, 10);
	free(text);
	free(p);
	return SGN_OK;
}

/* Previous content of one file, to restore if a later write of the batch fails. */
typedef struct undo {
	char *path;
	char *old; /* NULL: did not exist */
	size_t len;
} undo_t;

static void remember(undo_t *u, char *path)
{
	u->path = path;
	u->old = NULL;
	u->len = 0;
	if (sgn_file_read(path, &u->old, &u->len) != SGN_OK)
		u->old = NULL;
}

static void roll_back(undo_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (u[i].old != NULL)
			sgn_file_write_atomic(u[i].path, u[i].old, u[i].len, FILE_MODE);
		else
			unlink(u[i].path);
	}
}

static int put_one(sgn_store_t *s, const sgn_store_put_t *it, undo_t *u, size_t *nu)
{
	char *jp = res_path(s, "resources", it->kind, it->ns, it->name, "json");
	char *ap = res_path(s, "resources", it->kind, it->ns, it->name, "att");
	remember(&u[(*nu)++], jp);
	remember(&u[(*nu)++], ap);
	int rc = write_json(jp, it->obj);
	if (rc == SGN_OK && it->attachment != NULL)
		rc = sgn_file_write_atomic(ap, it->attachment, strlen(it->attachment), FILE_MODE);
	else if (rc == SGN_OK)
		unlink(ap);
	return rc;
}

static int fs_put_all(sgn_store_t *s, const sgn_store_put_t *items, size_t n)
{
	undo_t *u = sgn_xcalloc(2 * n + 1, sizeof(undo_t));
	size_t nu = 0;
	int rc = SGN_OK;
	for (size_t i = 0; rc == SGN_OK && i < n; i++)
		rc = put_one(s, &items[i], u, &nu);
	if (rc != SGN_OK)
		roll_back(u, nu);
	else
		rc = bump_generation(s);
	for (size_t i = 0; i < nu; i++) {
		free(u[i].path);
		if (u[i].old)
			sgn_secure_free(u[i].old, u[i].len);
	}
	free(u);
	return rc;
}

static int fs_delete(sgn_store_t *s, const char *kind, const char *ns, const char *name)
{
	char *jp = res_path(s, "resources", kind, ns, name, "json");
	char *ap = res_path(s, "resources", kind, ns, name, "att");
	char *sp = res_path(s, "status", kind, ns, name, "json");
	int rc = unlink(jp) == 0 ? SGN_OK : SGN_ENOTFOUND;
	unlink(ap);
	unlink(sp);
	free(jp);
	free(ap);
	free(sp);
	return rc == SGN_OK ? bump_generation(s) : rc;
}

static json_t *with_status(sgn_store_t *s, json_t *obj, const char *kind, const char *ns,
			   const char *name)
{
	char *sp = res_path(s, "status", kind, ns, name, "json");
	json_t *st = NULL;
	if (read_json(sp, &st) == SGN_OK)
		json_object_set_new(obj, "status", st);
	free(sp);
	return obj;
}

static int fs_get(sgn_store_t *s, const char *kind, const char *ns, const char *name, json_t **out)
{
	char *jp = res_path(s, "resources", kind, ns, name, "json");
	json_t *obj = NULL;
	int rc = read_json(jp, &obj);
	free(jp);
	if (rc == SGN_OK)
		*out = with_status(s, obj, kind, ns, name);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of a directory (no dot entries); *n = 0 when missing. */
static char **dir_names(const char *path, size_t *n)
{
	char **names = NULL;
	*n = 0;
	DIR *d = opendir(path);
	if (d == NULL)
		return NULL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = sgn_xrealloc(names, (*n + 1) * sizeof(char *));
		names[(*n)++] = sgn_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(char *), cmp_str);
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void list_ns(sgn_store_t *s, const char *kind, const char *ns, json_t *arr)
{
	char *dir = sgn_xasprintf("%s/resources/%s/%s", s->dir, kind, ns);
	size_t n;
	char **names = dir_names(dir, &n);
	for (size_t i = 0; i < n; i++) {
		if (!sgn_str_has_suffix(names[i], ".json"))
			continue;
		names[i][strlen(names[i]) - 5] = '\0';
		json_t *obj = NULL;
		if (fs_get(s, kind, ns, names[i], &obj) == SGN_OK)
			json_array_append_new(arr, obj);
	}
	free_names(names, n);
	free(dir);
}

static int fs_list(sgn_store_t *s, const char *kind, const char *ns, json_t **out)
{
	json_t *arr = json_array();
	if (ns != NULL) {
		list_ns(s, kind, ns, arr);
	} else {
		char *dir = sgn_xasprintf("%s/resources/%s", s->dir, kind);
		size_t n;
		char **names = dir_names(dir, &n);
		for (size_t i = 0; i < n; i++)
			list_ns(s, kind, names[i], arr);
		free_names(names, n);
		free(dir);
	}
	*out = arr;
	return SGN_OK;
}

static int fs_attachment(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 char **text)
{
	char *ap = res_path(s, "resources", kind, ns, name, "att");
	int rc = sgn_file_read(ap, text, NULL);
	free(ap);
	return rc;
}

static int fs_put_status(sgn_store_t *s, const char *kind, const char *ns, const char *name,
			 const json_t *st)
{
	char *sp = res_path(s, "status", kind, ns, name, "json");
	int rc = write_json(sp, st);
	free(sp);
	return rc;
}

static int fs_get_state(sgn_store_t *s, const char *name, json_t **out)
{
	char *p = sgn_xasprintf("%s/state/%s.json", s->dir, name);
	int rc = read_json(p, out);
	free(p);
	return rc;
}

static int fs_put_state(sgn_store_t *s, const char *name, const json_t *value)
{
	char *p = sgn_xasprintf("%s/state/%s.json", s->dir, name);
	int rc = write_json(p, value);
	free(p);
	return rc;
}

static int fs_lock(sgn_store_t *s, bool exclusive)
{
	return flock(s->lock_fd, exclusive ? LOCK_EX : LOCK_SH) == 0 ? SGN_OK : SGN_EIO;
}

static void fs_unlock(sgn_store_t *s)
{
	flock(s->lock_fd, LOCK_UN);
}

static void fs_free(sgn_store_t *s)
{
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s->dir);
	free(s);
}

static const sgn_store_ops_t fs_ops = {
	.put_all = fs_put_all,
	.del = fs_delete,
	.get = fs_get,
	.list = fs_list,
	.attachment = fs_attachment,
	.put_status = fs_put_status,
	.generation = fs_generation,
	.get_state = fs_get_state,
	.put_state = fs_put_state,
	.lock = fs_lock,
	.unlock = fs_unlock,
	.free = fs_free,
};

int sgn_store_fs_open(sgn_store_t **out, const char *dir)
{
	if (sgn_mkdir_p(dir, DIR_MODE) != SGN_OK)
		return SGN_EIO;
	sgn_store_t *s = sgn_xcalloc(1, sizeof(*s));
	s->ops = &fs_ops;
	s->dir = realpath(dir, NULL);
	if (s->dir == NULL)
		s->dir = sgn_xstrdup(dir);
	char *lp = sgn_path_join(s->dir, "lock");
	s->lock_fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, FILE_MODE);
	free(lp);
	if (s->lock_fd < 0) {
		fs_free(s);
		return SGN_EIO;
	}
	*out = s;
	return SGN_OK;
}
