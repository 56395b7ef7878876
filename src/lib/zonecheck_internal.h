/* SPDX-License-Identifier: MIT */
/* zonecheck_internal.h -- the network-free parts of zonecheck, for unit tests. Uses ldns types. */
#ifndef SGN_ZONECHECK_INTERNAL_H
#define SGN_ZONECHECK_INTERNAL_H

#include <ldns/ldns.h>

#include "sgn/util.h"
#include "sgn/zonecheck.h"

/*
 * Appends to out the data an RRSIG signs (RFC 4034 §3.1.8.1, §6.2, §6.3):
 * RRSIG RDATA without the signature, then every RR of rrset in canonical form
 * (owner lower-cased or wildcard form per the labels field, TTL = original TTL,
 * canonical RDATA), sorted by RDATA, duplicates dropped.  rrset and rrsig are borrowed.
 * \retval SGN_OK, SGN_EVERIFY (rrset empty, mixed, or labels field larger than the owner's).
 */
int sgn__zonecheck_signed_data(const ldns_rr_list *rrset, const ldns_rr *rrsig, sgn_buf_t *out);

/*
 * Checks one RRSIG over rrset with one DNSKEY: type covered, algorithm, key tag,
 * signer == zone, validity window at now (serial arithmetic), then the signature.
 * All arguments borrowed.  diag says why it failed.
 * \retval SGN_OK, SGN_EVERIFY, SGN_EUNSUPPORTED, SGN_EINVAL, SGN_ECRYPTO.
 */
int sgn__zonecheck_verify_rrsig(const ldns_rr_list *rrset, const ldns_rr *rrsig,
				const ldns_rr *dnskey, const ldns_rdf *zone, time_t now,
				sgn_diag_t *diag);

/*
 * Evaluates the apex RRs of zone (all of DNSKEY, SOA, TYPE65534, NSEC, NSEC3PARAM and
 * their RRSIGs, in any order; RRs at other owners are ignored) as sgn_zonecheck_run does.
 * rrs is borrowed; *out written only on SGN_OK.
 * \retval SGN_OK, SGN_EDNS (no SOA, too many keys), SGN_EVERIFY, SGN_EINVAL (zone name).
 */
int sgn__zonecheck_evaluate(const ldns_rr_list *rrs, const char *zone, time_t now,
			    sgn_zonecheck_t *out, sgn_diag_t *diag);

#endif
