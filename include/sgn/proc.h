/* SPDX-License-Identifier: MIT */
/* proc.h -- run a child program to completion and capture what it printed. */
#ifndef SGN_PROC_H
#define SGN_PROC_H

#include <sys/types.h>

/*
 * Runs argv[0] (looked up in PATH) with argv, stdin from /dev/null, stdout and
 * stderr captured together into *out (caller frees; may be NULL if not wanted).
 * Kills the child after timeout_ms (<= 0: no limit).
 * \param[out] status  exit status (0..255), or 128+signal.
 * \retval SGN_OK      the child ran (whatever its status)
 * \retval SGN_EPROC   it could not be started
 * \retval SGN_ETIMEOUT it was killed after timeout_ms
 */
int sgn_proc_run(const char *const argv[], int timeout_ms, char **out, int *status);

/*
 * Starts argv in the background in its own process group, stdin from
 * /dev/null, stdout and stderr appended to log_path (created 0600).
 * \retval SGN_OK with *pid set; SGN_EPROC.
 */
int sgn_proc_spawn(const char *const argv[], const char *log_path, pid_t *pid);

#endif
