/* SPDX-License-Identifier: MIT */
/* keyfile.h -- checks user-supplied BIND key files (K<zone>.+AAA+TTTTT.key/.private/.state)
 * against a zone and its signing policy before named ever sees them. */
#ifndef SGN_KEYFILE_H
#define SGN_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgn/err.h"
#include "sgn/policy.h"

/* One input file: a Secret entry, name -> bytes. Everything is borrowed for the duration of the
 * call; data need not be NUL-terminated. */
typedef struct sgn_keyfile_in {
	const char *name; /* base name, e.g. "Kexample.com.+013+12345.key" */
	const char *data;
	size_t len;
} sgn_keyfile_in_t;

/* One checked key (a value struct; no pointers, no key material). */
typedef struct sgn_keyfile_key {
	char zone[256]; /* the zone, lower case, with trailing dot ("." for the root) */
	uint8_t algorithm;
	uint16_t tag;
	uint16_t flags; /* 257 (KSK, or CSK under a CSK policy) or 256 (ZSK) */
	char base[300]; /* file name without extension, as supplied: "Kexample.com.+013+12345" */
	bool has_state; /* a .state file came with it */
	/* No .state and no timing metadata but Created (as `dnssec-keygen -G` makes it): BIND's
	 * "unused" key, which named takes as the successor when it rolls a key of this role. */
	bool unused;
} sgn_keyfile_key_t;

/*
 * Checks every key of `zone` in files[0..n). Files whose name is a key file name for another zone
 * are ignored (and counted); any other file name is an error. For each key of the zone:
 *  - .key and .private both present (.state optional, and never alone);
 *  - the .key holds exactly one DNSKEY (';' comments, CRLF, blank lines allowed) whose owner is
 *    the zone (case-insensitive), protocol 3, flags 256 or 257, and whose algorithm and RFC 4034
 *    key tag equal those in the file name; an RSA public exponent of at most 35 bits (BIND's
 * limit);
 *  - the algorithm is one the policy uses;
 *  - the .private is Private-key-format v1.2 or v1.3, its Algorithm matches, every field the
 *    algorithm needs is present (extra fields such as Created/Publish are allowed), and the
 *    private key really belongs to the DNSKEY (public key derived from it and compared; for RSA
 *    also a pairwise consistency check of all CRT fields);
 *  - a .state parses as "Key: value" lines.
 * Then the roles cover the policy, per algorithm: a policy with a CSK for an algorithm needs
 * at least one 257 key of it and accepts no 256 key (a CSK is a 257 key that also signs the
 * zone; the DNSKEY cannot say more); otherwise at least one 257 (KSK) and one 256 (ZSK).
 *
 * No key material is ever written to diag or anywhere else; private bytes decoded on the way
 * are cleansed before they are freed.
 *
 * \param[in]  files     n borrowed inputs.
 * \param[in]  zone      the zone ("example.com" or "example.com."), case-insensitive.
 * \param[in]  policy    the zone's signing policy (keys[] roles and algorithms); borrowed.
 * \param[out] out       up to max checked keys, in input order (may be NULL when max is 0).
 * \param[out] nout      number of keys of the zone (may exceed max; then only max are written).
 * \param[out] nignored  number of files ignored because they belong to other zones (may be NULL).
 * \param[out] diag      on SGN_EKEY, diag->message names the offending file first
 *                       ("Kexample.com.+013+12345.key: ...") and diag->field the .private
 *                       field when one is missing or bad. May be NULL.
 * Out-params are written only on success.
 * \retval SGN_OK
 * \retval SGN_EINVAL  bad arguments (NULL pointers, a zone that is not a name, a policy
 *                     without keys).
 * \retval SGN_EKEY    a key file is missing, unparsable or inconsistent, or the set does not
 *                     fit the policy.
 * \retval SGN_ECRYPTO OpenSSL failed while deriving a public key (queue drained).
 */
int sgn_keyfile_check(const sgn_keyfile_in_t *files, size_t n, const char *zone,
		      const sgn_policy_t *policy, sgn_keyfile_key_t *out, size_t max, size_t *nout,
		      size_t *nignored, sgn_diag_t *diag);

#endif
