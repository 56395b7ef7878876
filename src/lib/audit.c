/* SPDX-License-Identifier: MIT */
/* audit.c -- append-only JSON-lines log of key operations. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sgn/audit.h"
#include "sgn/dnssec.h"
#include "sgn/util.h"

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, k, json_string(v));
}

int sgn_audit_append(const char *dir, const sgn_audit_event_t *ev)
{
	char ts[32];
	sgn_time_rfc3339(time(NULL), ts, sizeof(ts));
	json_t *o = json_object();
	set_str(o, "time", ts);
	set_str(o, "zone", ev->zone);
	if (ev->tag >= 0)
		json_object_set_new(o, "keyTag", json_integer(ev->tag));
	set_str(o, "role", ev->role);
	if (ev->algorithm)
		set_str(o, "algorithm", sgn_dnssec_alg_name(ev->algorithm));
	set_str(o, "action", ev->action);
	set_str(o, "source", ev->source);
	set_str(o, "actor", ev->actor);
	set_str(o, "message", ev->message);
	char *line = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	char *path = sgn_path_join(dir, "audit.log");
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	free(path);
	int rc = SGN_EIO;
	if (fd >= 0 && line != NULL) {
		size_t n = strlen(line);
		line[n] = '\n'; /* one write: lines from concurrent writers never interleave */
		if (write(fd, line, n + 1) == (ssize_t)(n + 1) && fsync(fd) == 0)
			rc = SGN_OK;
	}
	if (fd >= 0)
		close(fd);
	free(line);
	return rc;
}

int sgn_audit_read(const char *dir, json_t **out)
{
	char *path = sgn_path_join(dir, "audit.log");
	char *text = NULL;
	int rc = sgn_file_read(path, &text, NULL);
	free(path);
	json_t *arr = json_array();
	if (rc == SGN_ENOENT) {
		*out = arr;
		return SGN_OK;
	}
	if (rc != SGN_OK) {
		json_decref(arr);
		return rc;
	}
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *ev = json_loads(line, 0, NULL);
		if (ev != NULL)
			json_array_append_new(arr, ev);
	}
	free(text);
	*out = arr;
	return SGN_OK;
}
