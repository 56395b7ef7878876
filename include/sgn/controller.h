/* SPDX-License-Identifier: MIT */
/* controller.h -- the reconcile loop: store -> rendered config -> named instances -> verified status. */
#ifndef SGN_CONTROLLER_H
#define SGN_CONTROLLER_H

#include <stdint.h>

#include "sgn/err.h"
#include "sgn/store.h"

typedef struct sgn_controller_opts {
	uint16_t dns_port; /* first DNS port for instances (default 5353) */
} sgn_controller_opts_t;

/* Runs until SIGTERM/SIGINT; stops every named it started; returns SGN_OK then. */
int sgn_controller_run(sgn_store_t *store, const sgn_controller_opts_t *opts);

/* Writes the named.conf files and zone files `run` would use under outdir
 * (one directory per instance), without starting anything. */
int sgn_controller_render(sgn_store_t *store, const sgn_controller_opts_t *opts,
			  const char *outdir, sgn_diag_t *diag);

#endif
