/* SPDX-License-Identifier: MIT */
/* zonedata.h -- the unsigned zone content signet hands to named: records from
 * resources and imported zone files, cleaned of an earlier signer's DNSSEC data. */
#ifndef SGN_ZONEDATA_H
#define SGN_ZONEDATA_H

#include <stddef.h>
#include <stdint.h>

#include "sgn/err.h"

typedef struct sgn_zonedata sgn_zonedata_t;

/* origin: zone name ("example.com", "example.com." or "." for the root). */
int sgn_zonedata_new(sgn_zonedata_t **out, const char *origin, uint32_t default_ttl);
void sgn_zonedata_free(sgn_zonedata_t *z);

/* Sets the SOA (replacing any SOA seen in an import). Names absolute or relative to origin. */
int sgn_zonedata_set_soa(sgn_zonedata_t *z, const char *mname, const char *rname, uint32_t serial,
			 uint32_t refresh, uint32_t retry, uint32_t expire, uint32_t minimum,
			 uint32_t ttl, sgn_diag_t *diag);

/*
 * Adds one record: owner relative to origin ("@", "www", or absolute with a
 * trailing dot, which must be inside the zone), ttl (0 = zone default), type
 * mnemonic and RDATA in presentation format. Validated with ldns; the error
 * names the problem in diag->message.
 * \retval SGN_OK, SGN_EPARSE, SGN_EINVAL (owner outside the zone)
 */
int sgn_zonedata_add(sgn_zonedata_t *z, const char *owner, uint32_t ttl, const char *type,
		     const char *rdata, sgn_diag_t *diag);

/*
 * Imports a master file (with $ORIGIN/$TTL/$INCLUDE as ldns reads them).
 * RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDS, CDNSKEY (and TYPE65534) are
 * dropped and counted; DS is kept below the apex and dropped at the apex; an
 * SOA in the file is kept only if none was set. Records outside the zone are an error.
 * \retval SGN_OK, SGN_ENOENT, SGN_EPARSE (diag has file:line)
 */
int sgn_zonedata_import(sgn_zonedata_t *z, const char *path, sgn_diag_t *diag);

/* "dropped 312 RRSIG, 2 NSEC3PARAM from <file>" style summary, or "" if nothing was dropped. Borrowed. */
const char *sgn_zonedata_dropped_note(const sgn_zonedata_t *z);

size_t sgn_zonedata_count(const sgn_zonedata_t *z);

/* Zone file text: $ORIGIN, SOA first, then records in canonical order. Caller frees.
 * \retval SGN_OK, SGN_EINVAL (no SOA set). */
int sgn_zonedata_render(const sgn_zonedata_t *z, char **text);

#endif
