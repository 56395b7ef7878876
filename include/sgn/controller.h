/* SPDX-License-Identifier: MIT */
/* controller.h -- the reconcile loop: store -> rendered config -> named instances -> verified status. */
#ifndef SGN_CONTROLLER_H
#define SGN_CONTROLLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

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

/*
 * Records that the parent now publishes the DS of the zone's served KSKs
 * (tag < 0) or of one KSK, so DSUpdateRequired clears, and tells the signing
 * named (`rndc dnssec -checkds -key TAG published ZONE`). dnszone is the stored
 * resource with its status (borrowed). rndc prints some failures with exit
 * status 0: its text is read, not only its status.
 * \retval SGN_OK, SGN_ENOTFOUND (not signed yet / tag not served), SGN_EPROC (named not told; diag says why)
 */
int sgn_controller_ds_published(sgn_store_t *store, const json_t *dnszone, int tag, sgn_diag_t *diag);

/* The parent no longer publishes the DS of KSK tag (tag < 0: of every KSK
 * named is retiring): `rndc dnssec -checkds -key TAG withdrawn ZONE`.
 * Refused (SGN_EUNSUPPORTED) for a KSK named is not retiring, and while a KSK
 * named keeps has a DS the parent is not known to hold (its successor's DS
 * must be confirmed first, or named drops the old key and the chain breaks). */
int sgn_controller_ds_withdrawn(sgn_store_t *store, const json_t *dnszone, int tag, sgn_diag_t *diag);

/*
 * Starts a rollover of the zone's active key(s) of a role ("KSK", "ZSK", "CSK")
 * now (when = 0) or at a time: `rndc dnssec -rollover -key TAG [-when T] ZONE`.
 * Refused (SGN_EUNSUPPORTED, diag says why and what to do) where named would break the
 * chain of trust or leave the user's keys:
 *  - a zone with user-supplied keys and no successor of that role in its Secret
 *    (status.dnssec.standbyKeys): named would generate a key of its own;
 *  - a KSK/CSK rolled now whose DS named does not know to be at the parent (DS
 *    state not omnipresent): named would swap the key at once, while a parent
 *    holding the DS still points at it. force skips this check only (for a
 *    zone whose parent has no DS). With a time, *warning says the same instead.
 * \retval SGN_OK, SGN_ENOTFOUND (no active key of that role), SGN_EUNSUPPORTED,
 *         SGN_EPROC (diag has rndc's text)
 */
int sgn_controller_rollover(sgn_store_t *store, const json_t *dnszone, const char *role, time_t when,
			    bool force, char *warning, size_t wlen, sgn_diag_t *diag);

#endif
