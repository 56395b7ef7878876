/* SPDX-License-Identifier: MIT */
/* dnssec.h -- DNSSEC arithmetic: algorithm names, key tags, DS digests, signature checks (OpenSSL 3). */
#ifndef SGN_DNSSEC_H
#define SGN_DNSSEC_H

#include <stddef.h>
#include <stdint.h>

/* Mnemonic (e.g. "ECDSAP256SHA256", case-insensitive) to number; SGN_ENOTFOUND if unknown. */
int sgn_dnssec_alg_from_name(const char *name, uint8_t *alg);
/* Number to mnemonic; NULL if unknown. */
const char *sgn_dnssec_alg_name(uint8_t alg);
/* Whether signet can verify (and BIND 9.18 can sign with) this algorithm. */
int sgn_dnssec_alg_supported(uint8_t alg);
/* Comma-separated list of supported mnemonics, for error messages. */
const char *sgn_dnssec_alg_list(void);

/* RFC 4034 App. B key tag over the DNSKEY RDATA in wire form (alg 1 rule included). */
uint16_t sgn_dnssec_keytag(const uint8_t *rdata, size_t len);

/*
 * DS digest (type 1, 2 or 4) over canonical owner wire name || DNSKEY RDATA.
 * owner is presentation text ("Example.COM." or "example.com"), lower-cased here.
 * \param[out] digest  at least 48 bytes; *dlen set.
 * \retval SGN_OK, SGN_EINVAL (bad name or type), SGN_ECRYPTO.
 */
int sgn_dnssec_ds_digest(const char *owner, const uint8_t *rdata, size_t len, uint8_t dtype,
			 uint8_t *digest, size_t *dlen);

/*
 * Verifies sig over data with the DNSKEY RDATA (public key) for its algorithm
 * (8, 10, 13, 14, 15, 16). ECDSA signatures are raw r||s as in RFC 6605.
 * \retval SGN_OK, SGN_EVERIFY, SGN_EUNSUPPORTED, SGN_ECRYPTO (queue drained),
 *         SGN_EINVAL (DNSKEY RDATA too short or its public key malformed for the algorithm).
 */
int sgn_dnssec_verify(const uint8_t *dnskey_rdata, size_t klen, const uint8_t *data, size_t dlen,
		      const uint8_t *sig, size_t slen);

#endif
