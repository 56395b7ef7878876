/* SPDX-License-Identifier: MIT */
/* keyfile.c -- checks user-supplied BIND key files against a zone and its policy (ldns + OpenSSL
 * 3). */
#include "sgn/keyfile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "sgn/dnssec.h"
#include "sgn/util.h"

/* BIND refuses RSA public exponents longer than this (RSA_MAX_PUBEXP_BITS). */
#define RSA_MAX_EXP_BITS 35
/* Largest DNSKEY RDATA we accept: 4 + RSA 4096 (3 + 4 + 512) with room to spare. */
#define MAX_RDATA 1024
#define MAX_FIELDS 64

enum { EXT_KEY = 0, EXT_PRIVATE, EXT_STATE, NEXT };
static const char *const exts[NEXT] = {".key", ".private", ".state"};

typedef struct group {
	char base[300]; /* "Kexample.com.+013+12345" as supplied */
	uint8_t alg;
	uint16_t tag;
	long file[NEXT]; /* index into files[], -1 if absent */
	uint16_t flags;
	bool timed; /* the .private has Publish/Activate/SyncPublish times */
} group_t;

typedef struct field {
	const char *key, *val;
	size_t klen, vlen;
	int line;
} field_t;

/* One decoded private value; bytes are cleansed before free. */
typedef struct secret {
	uint8_t *p;
	size_t len;
} secret_t;

static void secret_clear(secret_t *s)
{
	if (s->p != NULL)
		OPENSSL_cleanse(s->p, s->len);
	free(s->p);
	s->p = NULL;
	s->len = 0;
}

/* Drains the OpenSSL error queue so no stale entry outlives the check. */
static void crypto_drain(void) { ERR_clear_error(); }

/* Key-file failure: diag message is "<file>: <reason>". */
static int key_err(sgn_diag_t *diag, const char *file, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int key_err(sgn_diag_t *diag, const char *file, const char *field, const char *fmt, ...)
{
	char reason[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	sgn_diag_at(diag, NULL, 0, NULL, field != NULL ? field : "");
	sgn_diag_msg(diag, "%s: %s", file, reason);
	return SGN_EKEY;
}

/* "example.COM" -> "example.com." ; SGN_EINVAL if not a plausible name. */
static int normalize_zone(const char *in, char out[256])
{
	size_t len = in != NULL ? strlen(in) : 0;
	if (len == 0 || len > 253 || strstr(in, "..") != NULL || (in[0] == '.' && len > 1))
		return SGN_EINVAL;
	memcpy(out, in, len + 1);
	if (out[len - 1] != '.') {
		out[len] = '.';
		out[len + 1] = '\0';
	}
	sgn_str_lower(out);
	return SGN_OK;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * "K<zone>.+AAA+TTTTT.<ext>" -> zone (with its trailing dot, as written), alg, tag, ext and the
 * length of the base name. SGN_EKEY if the name does not have that shape.
 */
static int parse_name(const char *name, char zone[256], uint8_t *alg, uint16_t *tag, int *ext,
		      size_t *blen)
{
	size_t len = strlen(name), b = 0;
	int e;
	for (e = 0; e < NEXT; e++) {
		size_t el = strlen(exts[e]);
		if (len > el && strcmp(name + len - el, exts[e]) == 0) {
			b = len - el;
			break;
		}
	}
	/* "K" + zone (at least ".") + "+AAA+TTTTT" */
	if (e == NEXT || b < 12 || b >= 300 || name[0] != 'K')
		return SGN_EKEY;
	const char *t = name + b - 10;
	if (t[0] != '+' || !all_digits(t + 1, 3) || t[4] != '+' || !all_digits(t + 5, 5))
		return SGN_EKEY;
	size_t zl = (size_t)(t - (name + 1));
	if (zl == 0 || zl > 254 || name[zl] != '.')
		return SGN_EKEY;
	unsigned a = (unsigned)strtoul(t + 1, NULL, 10), g = (unsigned)strtoul(t + 5, NULL, 10);
	if (a > 255 || g > 65535)
		return SGN_EKEY;
	memcpy(zone, name + 1, zl);
	zone[zl] = '\0';
	*alg = (uint8_t)a;
	*tag = (uint16_t)g;
	*ext = e;
	*blen = b;
	return SGN_OK;
}

/* Next line of data[*off..len): *line and *llen without the line end (LF or CRLF). */
static bool next_line(const char *data, size_t len, size_t *off, const char **line, size_t *llen)
{
	if (*off >= len)
		return false;
	const char *s = data + *off;
	const char *nl = memchr(s, '\n', len - *off);
	size_t l = nl != NULL ? (size_t)(nl - s) : len - *off;
	*off += l + (nl != NULL ? 1 : 0);
	if (l > 0 && s[l - 1] == '\r')
		l--;
	*line = s;
	*llen = l;
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/*
 * The .key file: one DNSKEY record (';' comments and blank lines allowed). Fills rdata (wire)
 * after checking type, class and owner.
 */
static int parse_key(const sgn_keyfile_in_t *f, const char *zone, uint8_t rdata[MAX_RDATA],
		     size_t *rlen, sgn_diag_t *diag)
{
	sgn_buf_t text;
	ldns_rr *rr = NULL;
	ldns_buffer *wire = NULL;
	char *owner = NULL;
	const char *line;
	size_t llen, off = 0, nlines = 0;
	bool paren = false;
	int ret = SGN_OK;

	sgn_buf_init(&text);
	if (memchr(f->data, '\0', f->len) != NULL) {
		ret = key_err(diag, f->name, NULL, "cannot parse: the file contains a NUL byte");
		goto cleanup;
	}
	while (next_line(f->data, f->len, &off, &line, &llen)) {
		const char *c = memchr(line, ';', llen);
		if (c != NULL)
			llen = (size_t)(c - line);
		trim(&line, &llen);
		if (llen == 0)
			continue;
		if (memchr(line, '(', llen) != NULL)
			paren = true;
		if (nlines++ > 0)
			sgn_buf_puts(&text, " ");
		sgn_buf_append(&text, line, llen);
	}
	if (nlines == 0) {
		ret = key_err(diag, f->name, NULL, "cannot parse: no DNSKEY record in the file");
		goto cleanup;
	}
	if (nlines > 1 && !paren) {
		ret = key_err(diag, f->name, NULL,
			      "cannot parse: %zu records where one DNSKEY record was expected",
			      nlines);
		goto cleanup;
	}
	sgn_buf_append(&text, "", 1); /* NUL */
	ldns_status st = ldns_rr_new_frm_str(&rr, text.data, 3600, NULL, NULL);
	if (st != LDNS_STATUS_OK) {
		ret = key_err(diag, f->name, NULL, "cannot parse the DNSKEY record (%s)",
			      ldns_get_errorstr_by_id(st));
		goto cleanup;
	}
	if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DNSKEY ||
	    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) {
		ret = key_err(diag, f->name, NULL, "cannot parse: the record is not an IN DNSKEY");
		goto cleanup;
	}
	owner = ldns_rdf2str(ldns_rr_owner(rr));
	if (owner == NULL || !sgn_str_ieq(owner, zone)) {
		ret = key_err(diag, f->name, NULL, "DNSKEY owner %s is not the zone %s",
			      owner != NULL ? owner : "?", zone);
		goto cleanup;
	}
	wire = ldns_buffer_new(MAX_RDATA);
	if (wire == NULL || ldns_rr_rdata2buffer_wire(wire, rr) != LDNS_STATUS_OK ||
	    ldns_buffer_position(wire) > MAX_RDATA) {
		ret = key_err(diag, f->name, NULL, "cannot parse: DNSKEY RDATA too long");
		goto cleanup;
	}
	*rlen = ldns_buffer_position(wire);
	if (*rlen < 5) {
		ret = key_err(diag, f->name, NULL, "cannot parse: DNSKEY without a public key");
		goto cleanup;
	}
	memcpy(rdata, ldns_buffer_begin(wire), *rlen);
cleanup:
	free(owner);
	ldns_buffer_free(wire);
	ldns_rr_free(rr);
	sgn_buf_clear(&text);
	return ret;
}

/* RFC 3110 public key: exponent length (1 octet, or 0 + 2 octets), exponent, modulus. */
static int rsa_public(const uint8_t *k, size_t klen, const uint8_t **e, size_t *elen,
		      const uint8_t **n, size_t *nlen)
{
	size_t off;
	if (klen < 1)
		return SGN_EKEY;
	if (k[0] != 0) {
		*elen = k[0];
		off = 1;
	} else {
		if (klen < 3)
			return SGN_EKEY;
		*elen = ((size_t)k[1] << 8) | k[2];
		off = 3;
	}
	if (*elen == 0 || klen <= off + *elen)
		return SGN_EKEY;
	*e = k + off;
	*n = k + off + *elen;
	*nlen = klen - off - *elen;
	return SGN_OK;
}

static void strip_zeros(const uint8_t **p, size_t *n)
{
	while (*n > 0 && **p == 0) {
		(*p)++;
		(*n)--;
	}
}

static size_t bit_length(const uint8_t *p, size_t n)
{
	strip_zeros(&p, &n);
	if (n == 0)
		return 0;
	size_t bits = (n - 1) * 8;
	for (uint8_t b = p[0]; b != 0; b >>= 1)
		bits++;
	return bits;
}

/* The public key's shape for its algorithm, before any private check. */
static int check_public(const char *file, uint8_t alg, const uint8_t *k, size_t kl,
			sgn_diag_t *diag)
{
	const uint8_t *e, *n;
	size_t elen, nlen, need = 0;
	switch (alg) {
	case 8:
	case 10:
		if (rsa_public(k, kl, &e, &elen, &n, &nlen) != SGN_OK)
			return key_err(diag, file, NULL, "malformed RSA public key");
		if (bit_length(e, elen) > RSA_MAX_EXP_BITS)
			return key_err(diag, file, NULL,
				       "RSA public exponent has %zu bits; BIND loads at most %d",
				       bit_length(e, elen), RSA_MAX_EXP_BITS);
		return SGN_OK;
	case 13:
		need = 64;
		break;
	case 14:
		need = 96;
		break;
	case 15:
		need = 32;
		break;
	case 16:
		need = 57;
		break;
	default:
		return key_err(diag, file, NULL, "algorithm %u is not supported", alg);
	}
	if (kl != need)
		return key_err(diag, file, NULL, "public key is %zu octets; algorithm %u needs %zu",
			       kl, alg, need);
	return SGN_OK;
}

static const field_t *find_field(const field_t *fs, size_t nf, const char *key)
{
	for (size_t i = 0; i < nf; i++)
		if (fs[i].klen == strlen(key) && strncasecmp(fs[i].key, key, fs[i].klen) == 0)
			return &fs[i];
	return NULL;
}

/* Base64 value of a field into a fresh buffer (cleansed by secret_clear). */
static int b64_field(const char *file, const field_t *f, const char *name, secret_t *out,
		     sgn_diag_t *diag)
{
	const char *s = f->val;
	size_t n = f->vlen, pad = 0;
	trim(&s, &n);
	if (n == 0 || n % 4 != 0 || n > 8192)
		return key_err(diag, file, name, "field %s is not valid base64", name);
	while (pad < 2 && s[n - 1 - pad] == '=')
		pad++;
	out->len = n / 4 * 3;
	out->p = sgn_xmalloc(out->len);
	int r = EVP_DecodeBlock(out->p, (const unsigned char *)s, (int)n);
	if (r < 0 || (size_t)r != n / 4 * 3 || n / 4 * 3 - pad == 0) {
		crypto_drain();
		secret_clear(out);
		return key_err(diag, file, name, "field %s is not valid base64", name);
	}
	/* EVP_DecodeBlock counts the padding as zero octets: drop them. */
	OPENSSL_cleanse(out->p + n / 4 * 3 - pad, pad);
	out->len = n / 4 * 3 - pad;
	return SGN_OK;
}

static int ec_match(const char *file, uint8_t alg, const secret_t *priv, const uint8_t *pub,
		    size_t plen, sgn_diag_t *diag, bool *match)
{
	EC_GROUP *group = NULL;
	EC_POINT *pt = NULL;
	BIGNUM *d = NULL;
	BN_CTX *bctx = NULL;
	uint8_t oct[1 + 96];
	size_t olen;
	size_t size = alg == 13 ? 32 : 48;
	int ret = SGN_OK;

	if (priv->len == 0 || priv->len > size)
		return key_err(diag, file, "PrivateKey",
			       "PrivateKey is %zu octets; algorithm %u needs %zu", priv->len, alg,
			       size);
	/* EVP_PKEY_fromdata with only the scalar does not compute the public point, and the
	 * EC_KEY route is deprecated: multiply the generator with the non-deprecated EC_POINT API.
	 */
	group = EC_GROUP_new_by_curve_name_ex(NULL, NULL,
					      alg == 13 ? NID_X9_62_prime256v1 : NID_secp384r1);
	d = BN_secure_new();
	bctx = BN_CTX_secure_new();
	if (group == NULL || d == NULL || bctx == NULL || (pt = EC_POINT_new(group)) == NULL ||
	    BN_bin2bn(priv->p, (int)priv->len, d) == NULL) {
		crypto_drain();
		ret = SGN_ECRYPTO;
		goto cleanup;
	}
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(group)) >= 0) {
		ret = key_err(diag, file, "PrivateKey",
			      "PrivateKey is not a valid scalar for the curve");
		goto cleanup;
	}
	if (EC_POINT_mul(group, pt, d, NULL, NULL, bctx) != 1 ||
	    (olen = EC_POINT_point2oct(group, pt, POINT_CONVERSION_UNCOMPRESSED, oct, sizeof(oct),
				       bctx)) == 0) {
		crypto_drain();
		ret = SGN_ECRYPTO;
		goto cleanup;
	}
	*match = olen == plen + 1 && oct[0] == 0x04 && memcmp(oct + 1, pub, plen) == 0;
cleanup:
	EC_POINT_free(pt);
	EC_GROUP_free(group);
	BN_clear_free(d);
	BN_CTX_free(bctx);
	return ret;
}

static int ed_match(const char *file, uint8_t alg, const secret_t *priv, const uint8_t *pub,
		    size_t plen, sgn_diag_t *diag, bool *match)
{
	size_t size = alg == 15 ? 32 : 57;
	uint8_t raw[57];
	size_t rl = sizeof(raw);
	EVP_PKEY *pkey = NULL;

	if (priv->len != size)
		return key_err(diag, file, "PrivateKey",
			       "PrivateKey is %zu octets; algorithm %u needs %zu", priv->len, alg,
			       size);
	pkey = EVP_PKEY_new_raw_private_key(alg == 15 ? EVP_PKEY_ED25519 : EVP_PKEY_ED448, NULL,
					    priv->p, priv->len);
	if (pkey == NULL || EVP_PKEY_get_raw_public_key(pkey, raw, &rl) != 1) {
		crypto_drain();
		EVP_PKEY_free(pkey);
		return SGN_ECRYPTO;
	}
	*match = rl == plen && memcmp(raw, pub, plen) == 0;
	EVP_PKEY_free(pkey);
	return SGN_OK;
}

static const char *const rsa_fields[8] = {"Modulus",   "PublicExponent", "PrivateExponent",
					  "Prime1",    "Prime2",	 "Exponent1",
					  "Exponent2", "Coefficient"};
static const char *const rsa_params[8] = {
    OSSL_PKEY_PARAM_RSA_N,	   OSSL_PKEY_PARAM_RSA_E,	    OSSL_PKEY_PARAM_RSA_D,
    OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,	    OSSL_PKEY_PARAM_RSA_EXPONENT1,
    OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};

/* Modulus and exponent must be the DNSKEY's; then all eight fields must form one key pair. */
static int rsa_match(const char *file, secret_t v[8], const uint8_t *pub, size_t plen,
		     sgn_diag_t *diag, bool *match)
{
	const uint8_t *e, *n, *pe = v[1].p, *pn = v[0].p;
	size_t elen, nlen, pel = v[1].len, pnl = v[0].len;
	BIGNUM *bn[8] = {NULL};
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL, *cctx = NULL;
	EVP_PKEY *pkey = NULL;
	int ret = SGN_OK;

	if (rsa_public(pub, plen, &e, &elen, &n, &nlen) != SGN_OK)
		return key_err(diag, file, NULL, "malformed RSA public key");
	strip_zeros(&e, &elen);
	strip_zeros(&n, &nlen);
	strip_zeros(&pe, &pel);
	strip_zeros(&pn, &pnl);
	if (elen != pel || nlen != pnl || memcmp(e, pe, elen) != 0 || memcmp(n, pn, nlen) != 0) {
		*match = false;
		return SGN_OK;
	}
	bld = OSSL_PARAM_BLD_new();
	if (bld == NULL) {
		ret = SGN_ECRYPTO;
		goto cleanup;
	}
	for (int i = 0; i < 8; i++) {
		/* Secure BIGNUMs make the param builder allocate (and OSSL_PARAM_free cleanse)
		 * a secure block. */
		if ((bn[i] = BN_secure_new()) == NULL ||
		    BN_bin2bn(v[i].p, (int)v[i].len, bn[i]) == NULL ||
		    OSSL_PARAM_BLD_push_BN(bld, rsa_params[i], bn[i]) != 1) {
			ret = SGN_ECRYPTO;
			goto cleanup;
		}
	}
	if ((params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(pctx) != 1) {
		ret = SGN_ECRYPTO;
		goto cleanup;
	}
	if (EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1 ||
	    (cctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_pairwise_check(cctx) != 1) {
		crypto_drain();
		ret = key_err(diag, file, NULL,
			      "the RSA private fields do not form one key pair with the Modulus");
		goto cleanup;
	}
	*match = true;
cleanup:
	if (ret == SGN_ECRYPTO)
		crypto_drain();
	EVP_PKEY_CTX_free(cctx);
	EVP_PKEY_CTX_free(pctx);
	EVP_PKEY_free(pkey);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	for (int i = 0; i < 8; i++)
		BN_clear_free(bn[i]);
	return ret;
}

/* "Field: value" lines into fs[]; blank lines skipped. Values stay in the borrowed data. */
static int split_fields(const sgn_keyfile_in_t *f, bool comments, field_t *fs, size_t *nf,
			sgn_diag_t *diag)
{
	const char *line;
	size_t llen, off = 0;
	int lineno = 0;
	*nf = 0;
	if (memchr(f->data, '\0', f->len) != NULL)
		return key_err(diag, f->name, NULL, "cannot parse: the file contains a NUL byte");
	while (next_line(f->data, f->len, &off, &line, &llen)) {
		lineno++;
		trim(&line, &llen);
		if (llen == 0 || (comments && line[0] == ';'))
			continue;
		const char *colon = memchr(line, ':', llen);
		size_t klen = colon != NULL ? (size_t)(colon - line) : 0;
		bool ok = klen > 0;
		for (size_t i = 0; ok && i < klen; i++)
			ok = isalnum((unsigned char)line[i]) || line[i] == '-' || line[i] == '_';
		/* Never echo the line: it may hold key material. */
		if (!ok)
			return key_err(diag, f->name, NULL, "line %d is not 'Field: value'",
				       lineno);
		field_t fl = {line, colon + 1, klen, llen - klen - 1, lineno};
		trim(&fl.val, &fl.vlen);
		for (size_t i = 0; i < *nf; i++)
			if (fs[i].klen == klen && strncasecmp(fs[i].key, line, klen) == 0)
				return key_err(diag, f->name, NULL,
					       "line %d: field %.*s appears twice", lineno,
					       (int)klen, line);
		if (*nf == MAX_FIELDS)
			return key_err(diag, f->name, NULL, "more than %d fields", MAX_FIELDS);
		fs[(*nf)++] = fl;
	}
	return SGN_OK;
}

/* The .private file: format, algorithm, fields, and whether it belongs to the DNSKEY. */
static int check_private(const sgn_keyfile_in_t *f, uint8_t alg, const char *keyname, bool *timed,
			 const uint8_t *pub, size_t plen, sgn_diag_t *diag)
{
	field_t fs[MAX_FIELDS];
	size_t nf = 0;
	secret_t v[8] = {{NULL, 0}};
	bool rsa = alg == 8 || alg == 10, match = false;
	int ret;

	ret = split_fields(f, false, fs, &nf, diag);
	if (ret != SGN_OK)
		goto cleanup;
	if (nf == 0 || fs[0].klen != strlen("Private-key-format") ||
	    strncasecmp(fs[0].key, "Private-key-format", fs[0].klen) != 0) {
		ret = key_err(diag, f->name, "Private-key-format",
			      "cannot parse: the file does not start with Private-key-format");
		goto cleanup;
	}
	if (!(fs[0].vlen == 4 &&
	      (memcmp(fs[0].val, "v1.2", 4) == 0 || memcmp(fs[0].val, "v1.3", 4) == 0))) {
		ret = key_err(diag, f->name, "Private-key-format",
			      "unsupported Private-key-format (v1.2 and v1.3 are accepted)");
		goto cleanup;
	}
	const field_t *a = find_field(fs, nf, "Algorithm");
	if (a == NULL) {
		ret = key_err(diag, f->name, "Algorithm", "missing field Algorithm");
		goto cleanup;
	}
	char abuf[64];
	snprintf(abuf, sizeof(abuf), "%.*s", (int)(a->vlen < 63 ? a->vlen : 63), a->val);
	char *end = NULL;
	unsigned long an = strtoul(abuf, &end, 10);
	uint8_t named = 0;
	char mn[32] = "";
	/* "13 (ECDSAP256SHA256)": the number decides; a mnemonic we know must agree with it. */
	bool ok = end != abuf && an <= 255 &&
		  (*end == '\0' || (sscanf(end, " (%31[A-Za-z0-9-])", mn) == 1));
	if (ok && mn[0] != '\0' && sgn_dnssec_alg_from_name(mn, &named) == SGN_OK && named != an)
		ok = false;
	if (!ok || an != alg) {
		ret = key_err(diag, f->name, "Algorithm",
			      "field Algorithm does not say algorithm %u like %s", alg, keyname);
		goto cleanup;
	}
	/* Timing metadata that would make named stop using the key (and generate one of its
	 * own): the user's keys are used until the user withdraws them. */
	static const char *const ends[] = {"Inactive", "Delete", "Revoke", "SyncDelete"};
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		if (find_field(fs, nf, ends[i]) != NULL) {
			ret = key_err(diag, f->name, ends[i],
				      "field %s would make named retire the key; remove it (withdraw a "
				      "key by removing it from the Secret)",
				      ends[i]);
			goto cleanup;
		}
	}
	/* what BIND's dst_key_is_unused() looks at (the .private carries a key's times) */
	static const char *const times[] = {"Publish", "Activate", "SyncPublish"};
	*timed = false;
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		*timed = *timed || find_field(fs, nf, times[i]) != NULL;
	size_t nneed = rsa ? 8 : 1;
	for (size_t i = 0; i < nneed; i++) {
		const char *name = rsa ? rsa_fields[i] : "PrivateKey";
		const field_t *fl = find_field(fs, nf, name);
		if (fl == NULL) {
			ret = key_err(diag, f->name, name, "missing field %s", name);
			goto cleanup;
		}
		ret = b64_field(f->name, fl, name, &v[i], diag);
		if (ret != SGN_OK)
			goto cleanup;
	}
	if (rsa)
		ret = rsa_match(f->name, v, pub, plen, diag, &match);
	else if (alg == 13 || alg == 14)
		ret = ec_match(f->name, alg, &v[0], pub, plen, diag, &match);
	else
		ret = ed_match(f->name, alg, &v[0], pub, plen, diag, &match);
	if (ret == SGN_ECRYPTO)
		sgn_diag_msg(diag, "%s: OpenSSL could not derive the public key", f->name);
	if (ret == SGN_OK && !match)
		ret = key_err(diag, f->name, NULL,
			      "the private key does not belong to the public key in %s", keyname);
cleanup:
	for (size_t i = 0; i < 8; i++)
		secret_clear(&v[i]);
	return ret;
}

static const char *alg_name(uint8_t alg)
{
	const char *s = sgn_dnssec_alg_name(alg);
	return s != NULL ? s : "unknown";
}

static void policy_roles(const sgn_policy_t *p, uint8_t alg, bool *ksk, bool *zsk, bool *csk)
{
	*ksk = *zsk = *csk = false;
	for (size_t i = 0; i < p->nkeys && i < SGN_POLICY_MAX_KEYS; i++) {
		if (p->keys[i].algorithm != alg)
			continue;
		*ksk |= p->keys[i].role == SGN_ROLE_KSK;
		*zsk |= p->keys[i].role == SGN_ROLE_ZSK;
		*csk |= p->keys[i].role == SGN_ROLE_CSK;
	}
}

static bool field_is(const field_t *f, const char *val)
{
	return f != NULL && f->vlen == strlen(val) && strncasecmp(f->val, val, f->vlen) == 0;
}

/*
 * The optional .state: named reads it as the key's lifecycle, so it must not
 * retire, remove or replace the key, nor disagree with the DNSKEY on algorithm
 * or role (named would then drop the key and generate one of its own).
 */
static int check_state(const sgn_keyfile_in_t *f, const group_t *g, sgn_diag_t *diag)
{
	field_t fs[MAX_FIELDS];
	size_t nf;
	int ret = split_fields(f, true, fs, &nf, diag);
	if (ret != SGN_OK)
		return ret;
	static const char *const ends[] = {"Retired", "Removed", "Revoked", "Successor"};
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (find_field(fs, nf, ends[i]) != NULL)
			return key_err(diag, f->name, ends[i],
				       "field %s would make named retire the key; remove it", ends[i]);
	const field_t *lt = find_field(fs, nf, "Lifetime");
	if (lt != NULL && !field_is(lt, "0"))
		return key_err(diag, f->name, "Lifetime",
			       "Lifetime must be 0 (unlimited): named must not replace the user's key");
	const field_t *gs = find_field(fs, nf, "GoalState");
	if (gs != NULL && !field_is(gs, "omnipresent"))
		return key_err(diag, f->name, "GoalState",
			       "GoalState must be omnipresent: named would withdraw the key");
	const field_t *a = find_field(fs, nf, "Algorithm");
	char buf[8];
	snprintf(buf, sizeof(buf), "%u", g->alg);
	if (a != NULL && !field_is(a, buf))
		return key_err(diag, f->name, "Algorithm",
			       "field Algorithm does not say algorithm %u like the DNSKEY", g->alg);
	const field_t *ksk = find_field(fs, nf, "KSK"), *zsk = find_field(fs, nf, "ZSK");
	if ((ksk != NULL && !field_is(ksk, g->flags == 257 ? "yes" : "no")) ||
	    (g->flags == 256 && zsk != NULL && !field_is(zsk, "yes")))
		return key_err(diag, f->name, NULL,
			       "the KSK/ZSK roles do not match the DNSKEY flags %u", g->flags);
	return SGN_OK;
}

/* All checks of one key (its .key, .private, .state). */
static int check_group(const sgn_keyfile_in_t *files, group_t *g, const char *zone,
		       const sgn_policy_t *policy, sgn_diag_t *diag)
{
	const sgn_keyfile_in_t *kf = &files[g->file[EXT_KEY]];
	uint8_t rdata[MAX_RDATA];
	size_t rlen = 0;
	bool ksk, zsk, csk;
	int ret;

	ret = parse_key(kf, zone, rdata, &rlen, diag);
	if (ret != SGN_OK)
		return ret;
	g->flags = (uint16_t)((rdata[0] << 8) | rdata[1]);
	if (rdata[2] != 3)
		return key_err(diag, kf->name, NULL, "DNSKEY protocol is %u, not 3", rdata[2]);
	if (rdata[3] != g->alg)
		return key_err(diag, kf->name, NULL,
			       "the file name says algorithm %u but the DNSKEY has algorithm %u",
			       g->alg, rdata[3]);
	uint16_t tag = sgn_dnssec_keytag(rdata, rlen);
	if (tag != g->tag)
		return key_err(diag, kf->name, NULL,
			       "the file name says key tag %u but the DNSKEY's key tag is %u",
			       g->tag, tag);
	if (g->flags != 256 && g->flags != 257)
		return key_err(diag, kf->name, NULL,
			       "DNSKEY flags %u: only 257 (KSK/CSK) and 256 (ZSK) are accepted",
			       g->flags);
	if (!sgn_dnssec_alg_supported(g->alg))
		return key_err(diag, kf->name, NULL, "algorithm %u (%s) is not supported (use %s)",
			       g->alg, alg_name(g->alg), sgn_dnssec_alg_list());
	policy_roles(policy, g->alg, &ksk, &zsk, &csk);
	if (!ksk && !zsk && !csk)
		return key_err(diag, kf->name, NULL,
			       "algorithm %u (%s) is not one the policy %s uses", g->alg,
			       alg_name(g->alg), policy->name);
	if (g->flags == 257 && !ksk && !csk)
		return key_err(
		    diag, kf->name, NULL,
		    "a KSK (flags 257) but the policy %s has no KSK or CSK for algorithm %u",
		    policy->name, g->alg);
	if (g->flags == 256 && !zsk)
		return key_err(diag, kf->name, NULL,
			       "a ZSK (flags 256) but the policy %s signs algorithm %u with %s",
			       policy->name, g->alg, csk ? "a CSK (flags 257)" : "a KSK only");
	ret = check_public(kf->name, g->alg, rdata + 4, rlen - 4, diag);
	if (ret != SGN_OK)
		return ret;
	ret = check_private(&files[g->file[EXT_PRIVATE]], g->alg, kf->name, &g->timed, rdata + 4, rlen - 4,
			    diag);
	if (ret != SGN_OK)
		return ret;
	if (g->file[EXT_STATE] >= 0)
		ret = check_state(&files[g->file[EXT_STATE]], g, diag);
	return ret;
}

int sgn_keyfile_check(const sgn_keyfile_in_t *files, size_t n, const char *zone,
		      const sgn_policy_t *policy, sgn_keyfile_key_t *out, size_t max, size_t *nout,
		      size_t *nignored, sgn_diag_t *diag)
{
	char z[256], fz[256];
	group_t *gs = NULL;
	size_t ng = 0, ignored = 0;
	const char *first_ignored = NULL;
	int ret = SGN_OK;

	if ((files == NULL && n > 0) || policy == NULL || nout == NULL ||
	    (out == NULL && max > 0) || normalize_zone(zone, z) != SGN_OK) {
		sgn_diag_msg(diag, "bad arguments to the key file check");
		return SGN_EINVAL;
	}
	if (policy->nkeys == 0) {
		sgn_diag_msg(diag,
			     "policy %s has no keys: user-supplied keys need a signing policy",
			     policy->name);
		return SGN_EINVAL;
	}
	gs = sgn_xcalloc(n > 0 ? n : 1, sizeof(*gs));

	/* Pass 1: names, grouping by (algorithm, tag). */
	for (size_t i = 0; i < n; i++) {
		const char *name = files[i].name;
		uint8_t alg;
		uint16_t tag;
		int ext;
		size_t blen;
		if (name == NULL || (files[i].data == NULL && files[i].len > 0)) {
			sgn_diag_msg(diag, "bad arguments to the key file check");
			ret = SGN_EINVAL;
			goto cleanup;
		}
		if (parse_name(name, fz, &alg, &tag, &ext, &blen) != SGN_OK) {
			ret = key_err(diag, name, NULL,
				      "not a BIND key file name (K<zone>.+<alg>+<tag>.key, "
				      ".private or .state)");
			goto cleanup;
		}
		if (!sgn_str_ieq(fz, z)) {
			if (ignored++ == 0)
				first_ignored = name;
			continue;
		}
		size_t g;
		for (g = 0; g < ng; g++)
			if (gs[g].alg == alg && gs[g].tag == tag)
				break;
		if (g == ng) {
			ng++;
			memcpy(gs[g].base, name, blen);
			gs[g].base[blen] = '\0';
			gs[g].alg = alg;
			gs[g].tag = tag;
			gs[g].file[0] = gs[g].file[1] = gs[g].file[2] = -1;
		}
		if (gs[g].file[ext] >= 0) {
			ret = key_err(diag, name, NULL, "same algorithm and key tag as %s",
				      files[gs[g].file[ext]].name);
			goto cleanup;
		}
		/* named opens the three files under one spelling: a pair that differs only in
		 * case would not be found together. */
		if (strncmp(gs[g].base, name, blen) != 0) {
			ret = key_err(diag, name, NULL, "name differs in case from %s", gs[g].base);
			goto cleanup;
		}
		gs[g].file[ext] = (long)i;
	}

	/* Pass 2: pairs, then each key on its own. */
	for (size_t g = 0; g < ng; g++) {
		if (gs[g].file[EXT_KEY] < 0) {
			long other = gs[g].file[EXT_PRIVATE] >= 0 ? gs[g].file[EXT_PRIVATE]
								  : gs[g].file[EXT_STATE];
			ret = key_err(diag, files[other].name, NULL,
				      "no matching .key file (%s.key)", gs[g].base);
			goto cleanup;
		}
		if (gs[g].file[EXT_PRIVATE] < 0) {
			ret = key_err(diag, files[gs[g].file[EXT_KEY]].name, NULL,
				      "no matching .private file (%s.private)", gs[g].base);
			goto cleanup;
		}
	}
	for (size_t g = 0; g < ng; g++) {
		ret = check_group(files, &gs[g], z, policy, diag);
		if (ret != SGN_OK)
			goto cleanup;
	}

	/* Pass 3: the roles cover the policy, algorithm by algorithm. */
	for (size_t i = 0; i < policy->nkeys && i < SGN_POLICY_MAX_KEYS; i++) {
		uint8_t alg = policy->keys[i].algorithm;
		bool ksk, zsk, csk, have257 = false, have256 = false;
		policy_roles(policy, alg, &ksk, &zsk, &csk);
		for (size_t g = 0; g < ng; g++) {
			have257 |= gs[g].alg == alg && gs[g].flags == 257;
			have256 |= gs[g].alg == alg && gs[g].flags == 256;
		}
		const char *missing = !have257 ? (csk ? "CSK (flags 257)" : "KSK (flags 257)")
				      : (!have256 && zsk && !csk) ? "ZSK (flags 256)"
								  : NULL;
		if (missing == NULL)
			continue;
		char hint[400] = "";
		if (ignored > 0)
			snprintf(hint, sizeof(hint),
				 "; %zu file(s) for other zones ignored, first %s", ignored,
				 first_ignored);
		sgn_diag_at(diag, NULL, 0, NULL, NULL);
		sgn_diag_msg(
		    diag, "zone %s: no %s key file for algorithm %u (%s), which policy %s needs%s",
		    z, missing, alg, alg_name(alg), policy->name, hint);
		ret = SGN_EKEY;
		goto cleanup;
	}

	for (size_t g = 0; g < ng && g < max; g++) {
		sgn_keyfile_key_t *k = &out[g];
		memset(k, 0, sizeof(*k));
		snprintf(k->zone, sizeof(k->zone), "%s", z);
		k->algorithm = gs[g].alg;
		k->tag = gs[g].tag;
		k->flags = gs[g].flags;
		snprintf(k->base, sizeof(k->base), "%s", gs[g].base);
		k->has_state = gs[g].file[EXT_STATE] >= 0;
		k->unused = !k->has_state && !gs[g].timed;
	}
	*nout = ng;
	if (nignored != NULL)
		*nignored = ignored;
cleanup:
	free(gs);
	return ret;
}
