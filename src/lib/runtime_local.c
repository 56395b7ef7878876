/* SPDX-License-Identifier: MIT */
/* runtime_local.c -- runtime backend: named replicas as child processes of this process. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "runtime_internal.h"
#include "sgn/err.h"
#include "sgn/proc.h"
#include "sgn/runtime.h"
#include "sgn/util.h"

#define STATUS_TIMEOUT_MS 2000
#define STOP_RNDC_TIMEOUT_MS 5000
#define STOP_WAIT_MS 5000
#define TERM_WAIT_MS 3000
#define BACKOFF_MIN_MS 2000
#define BACKOFF_MAX_MS 30000
/* A named that ran at least this long before dying is not "crashing repeatedly". */
#define STABLE_UPTIME_MS 60000

typedef struct inst {
	char *id, *dir, *conf, *rndc_conf;
	uint16_t dns_port, rndc_port;
	pid_t pid;          /* 0: no process */
	int64_t started_ms; /* monotonic time of the last start */
	int crashes;        /* consecutive short-lived runs */
} inst_t;

typedef struct local {
	inst_t **v;
	size_t n;
	const char **ids; /* scratch for list() */
} local_t;

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static inst_t *find(local_t *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->id, id) == 0)
			return l->v[i];
	return NULL;
}

static void set_str(char **dst, const char *src)
{
	if (*dst != NULL && strcmp(*dst, src) == 0)
		return;
	free(*dst);
	*dst = sgn_xstrdup(src);
}

static void copy_spec(inst_t *in, const sgn_instance_spec_t *spec)
{
	set_str(&in->id, spec->id);
	set_str(&in->dir, spec->dir);
	set_str(&in->conf, spec->conf);
	set_str(&in->rndc_conf, spec->rndc_conf);
	in->dns_port = spec->dns_port;
	in->rndc_port = spec->rndc_port;
}

/* Reaps the process if it exited; returns true while it is alive. */
static bool alive(inst_t *in)
{
	if (in->pid <= 0)
		return false;
	int ws = 0;
	pid_t r;
	while ((r = waitpid(in->pid, &ws, WNOHANG)) < 0 && errno == EINTR)
		;
	if (r == 0)
		return true;
	/* Exited (r == pid) or not our child any more (ECHILD): forget it. */
	if (sgn_now_ms() - in->started_ms < STABLE_UPTIME_MS)
		in->crashes++;
	else
		in->crashes = 1;
	in->pid = 0;
	return false;
}

static int start(inst_t *in)
{
	char *log = sgn_path_join(in->dir, "named.log");
	/* TZ=UTC: `rndc dnssec -status` prints named's local time, parsed as UTC. */
	const char *argv[] = {"env", "TZ=UTC", "named", "-g", "-n", "1", "-c", in->conf, NULL};
	pid_t pid = 0;
	int rc = sgn_proc_spawn(argv, log, &pid);
	free(log);
	in->started_ms = sgn_now_ms();
	if (rc != SGN_OK)
		return SGN_EPROC;
	in->pid = pid;
	return SGN_OK;
}

static int64_t backoff_ms(const inst_t *in)
{
	int64_t d = BACKOFF_MIN_MS;
	for (int i = 1; i < in->crashes && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	return d < BACKOFF_MAX_MS ? d : BACKOFF_MAX_MS;
}

static int l_ensure(void *self, const sgn_instance_spec_t *spec, bool *restarted)
{
	local_t *l = self;
	inst_t *in = find(l, spec->id);
	if (in == NULL) {
		in = sgn_xcalloc(1, sizeof(*in));
		copy_spec(in, spec);
		l->v = sgn_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = in;
		return start(in);
	}
	copy_spec(in, spec);
	if (alive(in))
		return SGN_OK;
	/* Dead: restart, but not more often than the back-off allows; the caller
	 * sees STOPPED meanwhile and calls again on its next pass. */
	if (sgn_now_ms() - in->started_ms < backoff_ms(in))
		return SGN_OK;
	int rc = start(in);
	if (rc == SGN_OK)
		*restarted = true;
	return rc;
}

static int run_rndc(inst_t *in, const char *const args[], int timeout_ms, char **out,
		    int *status)
{
	char port[8];
	snprintf(port, sizeof(port), "%u", (unsigned)in->rndc_port);
	size_t nargs = 0;
	while (args[nargs] != NULL)
		nargs++;
	const char **argv = sgn_xcalloc(nargs + 8, sizeof(*argv));
	size_t i = 0;
	argv[i++] = "rndc";
	argv[i++] = "-c";
	argv[i++] = in->rndc_conf;
	argv[i++] = "-s";
	argv[i++] = "127.0.0.1";
	argv[i++] = "-p";
	argv[i++] = port;
	for (size_t j = 0; j < nargs; j++)
		argv[i++] = args[j];
	argv[i] = NULL;
	int rc = sgn_proc_run(argv, timeout_ms, out, status);
	free(argv);
	return rc;
}

static sgn_runtime_state_t l_state(void *self, const char *id)
{
	inst_t *in = find(self, id);
	if (in == NULL || !alive(in))
		return SGN_RUNTIME_STOPPED;
	const char *args[] = {"status", NULL};
	char *out = NULL;
	int status = 1;
	int rc = run_rndc(in, args, STATUS_TIMEOUT_MS, &out, &status);
	bool up = rc == SGN_OK && sgn__runtime_rndc_verdict(status, out) == SGN_OK;
	free(out);
	return up ? SGN_RUNTIME_RUNNING : SGN_RUNTIME_STARTING;
}

static pid_t l_pid(void *self, const char *id)
{
	inst_t *in = find(self, id);
	return in != NULL && alive(in) ? in->pid : 0;
}

/* Waits up to ms for the process to exit (reaping it); true once it is gone. */
static bool wait_exit(pid_t pid, int ms)
{
	int64_t deadline = sgn_now_ms() + ms;
	for (;;) {
		int ws;
		pid_t r = waitpid(pid, &ws, WNOHANG);
		if (r == pid || (r < 0 && errno == ECHILD))
			return true;
		if (sgn_now_ms() >= deadline)
			return false;
		sleep_ms(50);
	}
}

static void inst_free(inst_t *in)
{
	free(in->id);
	free(in->dir);
	free(in->conf);
	free(in->rndc_conf);
	free(in);
}

static void halt(inst_t *in)
{
	if (!alive(in))
		return;
	pid_t pid = in->pid;
	const char *args[] = {"stop", NULL};
	int status = 0;
	char *out = NULL;
	(void)run_rndc(in, args, STOP_RNDC_TIMEOUT_MS, &out, &status);
	free(out);
	if (!wait_exit(pid, STOP_WAIT_MS)) {
		/* named runs in its own process group (sgn_proc_spawn). */
		kill(-pid, SIGTERM);
		if (!wait_exit(pid, TERM_WAIT_MS)) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
	}
	in->pid = 0;
}

static int l_stop(void *self, const char *id)
{
	local_t *l = self;
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i]->id, id) != 0)
			continue;
		halt(l->v[i]);
		inst_free(l->v[i]);
		memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*l->v));
		l->n--;
		return SGN_OK;
	}
	return SGN_OK;
}

static size_t l_list(void *self, const char ***ids)
{
	local_t *l = self;
	free(l->ids);
	l->ids = sgn_xcalloc(l->n + 1, sizeof(*l->ids));
	for (size_t i = 0; i < l->n; i++)
		l->ids[i] = l->v[i]->id;
	*ids = l->ids;
	return l->n;
}

static int l_rndc(void *self, const char *id, const char *const args[], int timeout_ms,
		  char **out, int *status)
{
	inst_t *in = find(self, id);
	if (in == NULL)
		return SGN_ENOTFOUND;
	return run_rndc(in, args, timeout_ms, out, status);
}

static void l_destroy(void *self)
{
	local_t *l = self;
	for (size_t i = 0; i < l->n; i++) {
		halt(l->v[i]);
		inst_free(l->v[i]);
	}
	free(l->v);
	free(l->ids);
	free(l);
}

static const sgn_runtime_ops_t local_ops = {
	.name = "local",
	.ensure = l_ensure,
	.state = l_state,
	.pid = l_pid,
	.stop = l_stop,
	.list = l_list,
	.rndc = l_rndc,
	.destroy = l_destroy,
};

int sgn_runtime_local_new(sgn_runtime_t **out)
{
	if (out == NULL)
		return SGN_EINVAL;
	*out = sgn__runtime_new(&local_ops, sgn_xcalloc(1, sizeof(local_t)));
	return SGN_OK;
}
