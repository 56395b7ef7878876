/* SPDX-License-Identifier: MIT */
/* records.h -- bindy record kinds (ARecord, MXRecord, ...) to zone-file RRs. */
#ifndef SGN_RECORDS_H
#define SGN_RECORDS_H

#include <jansson.h>
#include <stdbool.h>

#include "sgn/err.h"
#include "sgn/zonedata.h"

/* Whether kind is one of the record kinds. */
bool sgn_records_is_kind(const char *kind);

/*
 * Adds the RRs a record resource describes to z (owner spec.name relative to
 * the zone, "@" for the apex). On error diag->field is the spec path.
 * \retval SGN_OK, SGN_EPARSE, SGN_EINVAL
 */
int sgn_records_add(sgn_zonedata_t *z, const char *kind, const json_t *spec, sgn_diag_t *diag);

/* Whether labels (object) satisfy a Kubernetes label selector object
 * ({matchLabels, matchExpressions}). */
bool sgn_records_selector_matches(const json_t *selector, const json_t *labels);

#endif
