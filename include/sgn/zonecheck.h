/* SPDX-License-Identifier: MIT */
/* zonecheck.h -- verify what a server really serves for a signed zone, with our own DNSSEC code. */
#ifndef SGN_ZONECHECK_H
#define SGN_ZONECHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sgn/err.h"

#define SGN_ZONECHECK_MAX_KEYS 16

typedef struct sgn_zonecheck_key {
	uint16_t tag;
	uint16_t flags;       /* 257 KSK/CSK (SEP), 256 ZSK */
	uint8_t algorithm;
	bool signs_dnskey;    /* an RRSIG(DNSKEY) by this key verified */
	bool signs_soa;       /* an RRSIG(SOA) by this key verified */
	char ds[512];         /* SEP keys: "zone. IN DS tag alg 2 HEX"; else "" */
} sgn_zonecheck_key_t;

/* What was found; a value struct the caller owns. */
typedef struct sgn_zonecheck {
	bool signed_zone;         /* DNSKEY RRset present and verified as below */
	bool signing_complete;    /* TYPE65534 private records show no work left */
	int denial;               /* 0 unknown/none, 1 NSEC, 3 NSEC3 (from the apex) */
	uint32_t soa_serial;
	size_t nkeys;
	sgn_zonecheck_key_t keys[SGN_ZONECHECK_MAX_KEYS];
} sgn_zonecheck_t;

/*
 * Queries addr:port (over TCP, DO bit, no recursion) for the zone's DNSKEY,
 * SOA and TYPE65534 RRsets and verifies, with OpenSSL via sgn_dnssec:
 *  - every SEP DNSKEY signs the DNSKEY RRset (RRSIG verifies, in its validity window at `now`),
 *  - the SOA RRset has a verifying RRSIG by some zone key,
 *  - the DS (SHA-256) of every SEP key is computed from the served DNSKEY.
 * An unsigned zone (no DNSKEY) gives SGN_OK with signed_zone = false.
 * \retval SGN_OK        *out filled
 * \retval SGN_EDNS      no usable answer (message in diag)
 * \retval SGN_EVERIFY   keys served but a required signature does not verify (diag says which)
 */
int sgn_zonecheck_run(const char *addr, uint16_t port, const char *zone, time_t now,
		      sgn_zonecheck_t *out, sgn_diag_t *diag);

/*
 * Reads the public key files K<zone>.+AAA+TTTTT.key in dir and checks that
 * every SEP key in `check` has its key file there with an identical DNSKEY.
 * \retval SGN_OK, SGN_EKEY (diag names the tag that has no matching file).
 */
int sgn_zonecheck_match_keyfiles(const sgn_zonecheck_t *check, const char *zone,
				 const char *dir, sgn_diag_t *diag);

/*
 * The DS RRset a parent server serves for name (a delegation), one text line per
 * record in the same form as sgn_zonecheck_key_t.ds ("child. IN DS tag alg 2 HEX").
 * An empty RRset (NODATA) is SGN_OK with *n = 0.
 * \param[out] lines  caller frees with sgn_zonecheck_lines_free; *ttl the RRset TTL.
 */
int sgn_zonecheck_ds(const char *addr, uint16_t port, const char *name, char ***lines, size_t *n,
		     uint32_t *ttl);
void sgn_zonecheck_lines_free(char **lines, size_t n);

/* Queries addr:port for the SOA serial of zone (no DNSSEC checks). */
int sgn_zonecheck_soa_serial(const char *addr, uint16_t port, const char *zone, uint32_t *serial);

#endif
