/* SPDX-License-Identifier: MIT */
/* zonedata.h -- the unsigned zone content signet hands to named: records from
 * resources and imported zone files, cleaned of an earlier signer's DNSSEC data. */
#ifndef SGN_ZONEDATA_H
#define SGN_ZONEDATA_H

#include <stdbool.h>
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
 * names the problem in diag->message. A duplicate (compared canonically) is
 * collapsed; an RRset with mixed TTLs gets the lowest one. An SOA at the apex
 * acts like sgn_zonedata_set_soa().
 * \retval SGN_OK, SGN_EPARSE, SGN_EINVAL (owner outside the zone)
 */
int sgn_zonedata_add(sgn_zonedata_t *z, const char *owner, uint32_t ttl, const char *type,
		     const char *rdata, sgn_diag_t *diag);

/*
 * Imports a master file ($ORIGIN/$TTL as ldns reads them; $INCLUDE is an
 * SGN_EPARSE). RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDS, CDNSKEY, ZONEMD
 * (and TYPE65534) are dropped and counted; DS is kept below the apex and
 * dropped at the apex; an SOA in the file is used only while none is set with
 * sgn_zonedata_set_soa(). Duplicates are collapsed and mixed TTLs in an RRset
 * lowered to the minimum (RFC 2181 5.2). Records outside the zone are an error.
 * A failed import leaves z unchanged.
 * \retval SGN_OK, SGN_ENOENT, SGN_EIO, SGN_EPARSE (diag has file:line)
 */
int sgn_zonedata_import(sgn_zonedata_t *z, const char *path, sgn_diag_t *diag);

/* "dropped from <basename>: 312 RRSIG, 2 NSEC3PARAM[; collapsed N duplicate RRs][; normalised
 * mixed TTLs in N RRsets ...]", or "" if nothing happened. Borrowed until z next changes. */
const char *sgn_zonedata_dropped_note(const sgn_zonedata_t *z);

/*
 * Lowers every TTL above max_ttl (0: no limit) to max_ttl, as named 9.18 refuses
 * to load a zone with a TTL above its dnssec-policy's max-zone-ttl ("out of
 * range"). Counted per RRset in the note. Returns the RRsets lowered.
 */
size_t sgn_zonedata_cap_ttl(sgn_zonedata_t *z, uint32_t max_ttl);

/* Names the imported file in the note (its basename) instead of the path given
 * to sgn_zonedata_import(), e.g. when that was a temporary copy. */
void sgn_zonedata_set_source(sgn_zonedata_t *z, const char *name);

/* Records render would print, the SOA included (if any). */
size_t sgn_zonedata_count(const sgn_zonedata_t *z);

/* Whether the zone holds an RRset of type at owner (absolute or relative name). */
bool sgn_zonedata_has(const sgn_zonedata_t *z, const char *owner, const char *type);

/* The SOA serial (false if there is no SOA yet). */
bool sgn_zonedata_soa_serial(const sgn_zonedata_t *z, uint32_t *serial);
/* Replaces the SOA serial. \retval SGN_OK, SGN_EINVAL (no SOA). */
int sgn_zonedata_set_serial(sgn_zonedata_t *z, uint32_t serial);

/* The SOA MNAME, absolute with trailing dot (caller frees); NULL if no SOA. */
char *sgn_zonedata_soa_mname(const sgn_zonedata_t *z);

/*
 * Apex NS targets, absolute with trailing dot, as a NULL-terminated array the
 * caller frees with sgn_zonedata_names_free. With in_zone_without_address set,
 * only targets inside the zone that have no A or AAAA record (what named
 * refuses to load: "NS ... has no address records").
 */
char **sgn_zonedata_apex_ns(const sgn_zonedata_t *z, bool in_zone_without_address);
void sgn_zonedata_names_free(char **names);

/* Zone file text: $ORIGIN, SOA first, then records in canonical order. Caller frees.
 * \retval SGN_OK, SGN_EINVAL (no SOA set). */
int sgn_zonedata_render(const sgn_zonedata_t *z, char **text);

#endif
