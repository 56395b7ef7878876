/* SPDX-License-Identifier: MIT */
/* dnssec.c -- algorithm table, key tags, DS digests and signature checks with OpenSSL 3 EVP. */
#include "sgn/dnssec.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "sgn/err.h"

typedef struct alg_info {
	uint8_t num;
	const char *name;
	bool supported;
} alg_info_t;

/* IANA mnemonics first; later rows with the same number are accepted aliases. */
static const alg_info_t algs[] = {
	{1, "RSAMD5", false},
	{3, "DSA", false},
	{5, "RSASHA1", false},
	{6, "NSEC3DSA", false},
	{7, "RSASHA1-NSEC3-SHA1", false},
	{8, "RSASHA256", true},
	{10, "RSASHA512", true},
	{12, "ECCGOST", false},
	{13, "ECDSAP256SHA256", true},
	{14, "ECDSAP384SHA384", true},
	{15, "ED25519", true},
	{16, "ED448", true},
	/* aliases (BIND and IANA spellings) */
	{7, "NSEC3RSASHA1", false},
	{12, "ECC-GOST", false},
};

#define NALGS (sizeof(algs) / sizeof(algs[0]))

int sgn_dnssec_alg_from_name(const char *name, uint8_t *alg)
{
	if (name == NULL)
		return SGN_ENOTFOUND;
	for (size_t i = 0; i < NALGS; i++) {
		if (strcasecmp(name, algs[i].name) == 0) {
			*alg = algs[i].num;
			return SGN_OK;
		}
	}
	return SGN_ENOTFOUND;
}

const char *sgn_dnssec_alg_name(uint8_t alg)
{
	for (size_t i = 0; i < NALGS; i++)
		if (algs[i].num == alg)
			return algs[i].name;
	return NULL;
}

int sgn_dnssec_alg_supported(uint8_t alg)
{
	for (size_t i = 0; i < NALGS; i++)
		if (algs[i].num == alg)
			return algs[i].supported ? 1 : 0;
	return 0;
}

const char *sgn_dnssec_alg_list(void)
{
	return "RSASHA256, RSASHA512, ECDSAP256SHA256, ECDSAP384SHA384, ED25519, ED448";
}

uint16_t sgn_dnssec_keytag(const uint8_t *rdata, size_t len)
{
	if (rdata == NULL || len < 4)
		return 0;
	if (rdata[3] == 1) {
		/* RFC 6840 §5.5: octets len-3 and len-2 of the modulus (= of the RDATA). */
		if (len < 7)
			return 0;
		return (uint16_t)((rdata[len - 3] << 8) | rdata[len - 2]);
	}
	uint32_t ac = 0;
	for (size_t i = 0; i < len; i++)
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	ac += (ac >> 16) & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

/* Drains the OpenSSL error queue; the one exit for OpenSSL failures. */
static int crypto_fail(void)
{
	ERR_clear_error();
	return SGN_ECRYPTO;
}

/* Presentation name -> lower-cased uncompressed wire form. Handles \X and \DDD. */
static int name_to_wire(const char *s, uint8_t out[255], size_t *olen)
{
	size_t o = 0;
	if (s == NULL || s[0] == '\0')
		return SGN_EINVAL;
	if (strcmp(s, ".") == 0) {
		out[0] = 0;
		*olen = 1;
		return SGN_OK;
	}
	while (*s != '\0') {
		size_t lpos = o++;
		size_t llen = 0;
		if (o >= 255)
			return SGN_EINVAL;
		while (*s != '\0' && *s != '.') {
			int c = (unsigned char)*s++;
			if (c == '\\') {
				if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
				    isdigit((unsigned char)s[2])) {
					c = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
					if (c > 255)
						return SGN_EINVAL;
					s += 3;
				} else if (*s != '\0') {
					c = (unsigned char)*s++;
				} else {
					return SGN_EINVAL;
				}
			}
			if (o >= 254 || llen >= 63)
				return SGN_EINVAL;
			out[o++] = (uint8_t)tolower(c);
			llen++;
		}
		if (llen == 0)
			return SGN_EINVAL; /* empty label */
		out[lpos] = (uint8_t)llen;
		if (*s == '.')
			s++;
	}
	if (o >= 255)
		return SGN_EINVAL;
	out[o++] = 0;
	*olen = o;
	return SGN_OK;
}

int sgn_dnssec_ds_digest(const char *owner, const uint8_t *rdata, size_t len, uint8_t dtype,
			 uint8_t *digest, size_t *dlen)
{
	uint8_t wire[255];
	size_t wlen = 0;
	const EVP_MD *md = NULL;
	EVP_MD_CTX *ctx = NULL;
	unsigned int outlen = 0;
	int ret = SGN_OK;

	switch (dtype) {
	case 1: md = EVP_sha1(); break;
	case 2: md = EVP_sha256(); break;
	case 4: md = EVP_sha384(); break;
	default: return SGN_EINVAL;
	}
	if (rdata == NULL || len < 4 || digest == NULL || dlen == NULL)
		return SGN_EINVAL;
	ret = name_to_wire(owner, wire, &wlen);
	if (ret != SGN_OK)
		return ret;
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, wire, wlen) != 1 || EVP_DigestUpdate(ctx, rdata, len) != 1 ||
	    EVP_DigestFinal_ex(ctx, digest, &outlen) != 1) {
		ret = crypto_fail();
		goto cleanup;
	}
	*dlen = outlen;
cleanup:
	EVP_MD_CTX_free(ctx);
	return ret;
}

/* RFC 3110: exponent length (1 octet, or 0 then 2 octets), exponent, modulus. */
static int rsa_key(const uint8_t *k, size_t klen, EVP_PKEY **out)
{
	size_t elen, off;
	BIGNUM *n = NULL, *e = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	int ret = SGN_OK;

	if (klen < 1)
		return SGN_EINVAL;
	if (k[0] != 0) {
		elen = k[0];
		off = 1;
	} else {
		if (klen < 3)
			return SGN_EINVAL;
		elen = ((size_t)k[1] << 8) | k[2];
		off = 3;
	}
	if (elen == 0 || klen <= off + elen)
		return SGN_EINVAL; /* no exponent or no modulus */
	e = BN_bin2bn(k + off, (int)elen, NULL);
	n = BN_bin2bn(k + off + elen, (int)(klen - off - elen), NULL);
	bld = OSSL_PARAM_BLD_new();
	if (e == NULL || n == NULL || bld == NULL ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) != 1 ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(pctx) != 1 ||
	    EVP_PKEY_fromdata(pctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		ret = crypto_fail();
		goto cleanup;
	}
cleanup:
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return ret;
}

/* RFC 6605: X || Y, made an uncompressed point 0x04 || X || Y. */
static int ec_key(const uint8_t *k, size_t klen, size_t need, const char *group, EVP_PKEY **out)
{
	uint8_t point[1 + 96];
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *pctx = NULL;
	int ret = SGN_OK;

	if (klen != need)
		return SGN_EINVAL;
	point[0] = 0x04;
	memcpy(point + 1, k, klen);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, klen + 1);
	params[2] = OSSL_PARAM_construct_end();
	if ((pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(pctx) != 1 ||
	    EVP_PKEY_fromdata(pctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1)
		ret = crypto_fail();
	EVP_PKEY_CTX_free(pctx);
	return ret;
}

/* Raw r || s (each half of sig) to a DER ECDSA-Sig-Value; *der is OPENSSL_malloc'd. */
static int ec_sig_der(const uint8_t *sig, size_t slen, uint8_t **der, size_t *derlen)
{
	ECDSA_SIG *es = NULL;
	BIGNUM *r = NULL, *s = NULL;
	int n;
	int ret = SGN_OK;

	r = BN_bin2bn(sig, (int)(slen / 2), NULL);
	s = BN_bin2bn(sig + slen / 2, (int)(slen / 2), NULL);
	es = ECDSA_SIG_new();
	if (r == NULL || s == NULL || es == NULL || ECDSA_SIG_set0(es, r, s) != 1) {
		BN_free(r);
		BN_free(s);
		ret = crypto_fail();
		goto cleanup;
	}
	/* es owns r and s now */
	*der = NULL;
	n = i2d_ECDSA_SIG(es, der);
	if (n <= 0) {
		ret = crypto_fail();
		goto cleanup;
	}
	*derlen = (size_t)n;
cleanup:
	ECDSA_SIG_free(es);
	return ret;
}

int sgn_dnssec_verify(const uint8_t *dnskey_rdata, size_t klen, const uint8_t *data, size_t dlen,
		      const uint8_t *sig, size_t slen)
{
	EVP_PKEY *pkey = NULL;
	EVP_MD_CTX *mctx = NULL;
	const EVP_MD *md = NULL;
	uint8_t *der = NULL;
	size_t derlen = 0;
	const uint8_t *vsig = sig;
	size_t vlen = slen;
	const uint8_t *k;
	size_t kl;
	int ret = SGN_OK;
	int rc;

	if (dnskey_rdata == NULL || klen < 4 || (data == NULL && dlen > 0) || sig == NULL)
		return SGN_EINVAL;
	k = dnskey_rdata + 4;
	kl = klen - 4;
	switch (dnskey_rdata[3]) {
	case 8:
	case 10:
		md = dnskey_rdata[3] == 8 ? EVP_sha256() : EVP_sha512();
		ret = rsa_key(k, kl, &pkey);
		break;
	case 13:
	case 14: {
		bool p256 = dnskey_rdata[3] == 13;
		md = p256 ? EVP_sha256() : EVP_sha384();
		ret = ec_key(k, kl, p256 ? 64 : 96, p256 ? "P-256" : "P-384", &pkey);
		if (ret == SGN_OK && slen != (p256 ? 64u : 96u))
			ret = SGN_EVERIFY;
		if (ret == SGN_OK)
			ret = ec_sig_der(sig, slen, &der, &derlen);
		vsig = der;
		vlen = derlen;
		break;
	}
	case 15:
	case 16: {
		bool e25519 = dnskey_rdata[3] == 15;
		if (kl != (e25519 ? 32u : 57u)) {
			ret = SGN_EINVAL;
			break;
		}
		if (slen != (e25519 ? 64u : 114u)) {
			ret = SGN_EVERIFY;
			break;
		}
		pkey = EVP_PKEY_new_raw_public_key(e25519 ? EVP_PKEY_ED25519 : EVP_PKEY_ED448, NULL,
						   k, kl);
		if (pkey == NULL)
			ret = crypto_fail();
		break;
	}
	default:
		return SGN_EUNSUPPORTED;
	}
	if (ret != SGN_OK)
		goto cleanup;

	mctx = EVP_MD_CTX_new();
	if (mctx == NULL || EVP_DigestVerifyInit(mctx, NULL, md, NULL, pkey) != 1) {
		ret = crypto_fail();
		goto cleanup;
	}
	rc = EVP_DigestVerify(mctx, vsig, vlen, data, dlen);
	if (rc == 1) {
		ret = SGN_OK;
	} else {
		/* 0 is a mismatch, < 0 a malformed signature (e.g. wrong RSA length):
		 * both mean "does not verify"; drop what OpenSSL queued about it. */
		ERR_clear_error();
		ret = SGN_EVERIFY;
	}
cleanup:
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_free(pkey);
	OPENSSL_free(der);
	return ret;
}
