/* SPDX-License-Identifier: MIT */
/* runtime_internal.h -- the runtime backend vtable (local child processes now, Kubernetes later). */
#ifndef SGN_RUNTIME_INTERNAL_H
#define SGN_RUNTIME_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "sgn/runtime.h"

/*
 * One backend. The generic layer (runtime.c) checks arguments and turns rndc
 * output into a verdict; the backend only runs processes. `self` is the
 * backend's own state (struct sgn_runtime.impl).
 */
typedef struct sgn_runtime_ops {
	const char *name;
	int (*ensure)(void *self, const sgn_instance_spec_t *spec, bool *restarted);
	sgn_runtime_state_t (*state)(void *self, const char *id);
	pid_t (*pid)(void *self, const char *id);
	int (*stop)(void *self, const char *id);
	/* Borrowed array of borrowed ids, valid until the next call on the backend. */
	size_t (*list)(void *self, const char ***ids);
	/*
	 * Runs rndc ARGS against the instance within timeout_ms; *out gets the
	 * text (caller frees), *status the exit status.
	 * \retval SGN_OK (whatever the status), SGN_ENOTFOUND, SGN_EPROC, SGN_ETIMEOUT
	 */
	int (*rndc)(void *self, const char *id, const char *const args[], int timeout_ms,
		    char **out, int *status);
	/* Stops every instance and frees self. */
	void (*destroy)(void *self);
} sgn_runtime_ops_t;

struct sgn_runtime {
	const sgn_runtime_ops_t *ops;
	void *impl;
};

/* Wraps a backend (takes impl). */
sgn_runtime_t *sgn__runtime_new(const sgn_runtime_ops_t *ops, void *impl);

/*
 * Verdict on one rndc run: SGN_EPROC when status != 0 or the text reports a
 * failure (rndc may exit 0 after a failed command), else SGN_OK.
 */
int sgn__runtime_rndc_verdict(int status, const char *text);

#define SGN_RUNTIME_RNDC_TIMEOUT_MS 15000

#endif
