/* SPDX-License-Identifier: MIT */
/* zonecheck.c -- ask a server for a zone's apex, rebuild the signed data ourselves, verify with sgn_dnssec. */
#include "zonecheck_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sgn/dnssec.h"
#include "sgn/err.h"
#include "sgn/util.h"

#define TYPE_PRIVATE 65534 /* BIND's signing-state records (sig-signing-type default) */

/* Type mnemonic into buf ("DNSKEY", "TYPE65534"). */
static const char *type_str(ldns_rr_type t, char *buf, size_t len)
{
	const ldns_rr_descriptor *d = ldns_rr_descript((uint16_t)t);
	if (d != NULL && d->_name != NULL && t != TYPE_PRIVATE)
		snprintf(buf, len, "%s", d->_name);
	else
		snprintf(buf, len, "TYPE%u", (unsigned)t);
	return buf;
}

/* RDATA of rr in wire form (names uncompressed, as stored). *data is sgn_xmalloc'd. */
static int rdata_wire(const ldns_rr *rr, uint8_t **data, size_t *len)
{
	ldns_buffer *b = ldns_buffer_new(LDNS_MAX_PACKETLEN);
	int ret = SGN_OK;
	if (b == NULL)
		abort(); /* out of memory: see STYLE.md, we abort */
	if (ldns_rr_rdata2buffer_wire(b, rr) != LDNS_STATUS_OK) {
		ret = SGN_EINVAL;
		goto cleanup;
	}
	*len = ldns_buffer_position(b);
	*data = sgn_xmalloc(*len > 0 ? *len : 1);
	memcpy(*data, ldns_buffer_begin(b), *len);
cleanup:
	ldns_buffer_free(b);
	return ret;
}

/* "zone. IN DS tag alg 2 HEX" (owner lower-cased text with trailing dot). */
static int format_ds(const char *owner, const uint8_t *rdata, size_t len, char *out, size_t olen)
{
	uint8_t dg[64];
	size_t dlen = 0;
	char hex[2 * sizeof(dg) + 1];
	int ret = sgn_dnssec_ds_digest(owner, rdata, len, 2, dg, &dlen);
	if (ret != SGN_OK)
		return ret;
	for (size_t i = 0; i < dlen; i++)
		snprintf(hex + 2 * i, 3, "%02X", dg[i]);
	hex[2 * dlen] = '\0';
	snprintf(out, olen, "%s IN DS %u %u 2 %s", owner, (unsigned)sgn_dnssec_keytag(rdata, len),
		 (unsigned)rdata[3], hex);
	return SGN_OK;
}

/* Lower-cased absolute presentation text of a dname, sgn_xmalloc'd. */
static char *dname_text(const ldns_rdf *d)
{
	ldns_rdf *c = ldns_rdf_clone(d);
	ldns_dname2canonical(c);
	char *s = ldns_rdf2str(c);
	ldns_rdf_deep_free(c);
	if (s == NULL)
		abort();
	char *r = sgn_xstrdup(s);
	free(s);
	return r;
}

/* Copies src into dst[n], cutting it short if needed. */
static void copy_trunc(char *dst, size_t n, const char *src)
{
	size_t l = strnlen(src, n - 1);
	memcpy(dst, src, l);
	dst[l] = '\0';
}

typedef struct canon_rdata {
	uint8_t *data;
	size_t len;
} canon_rdata_t;

/* RFC 4034 §6.3: octet strings left-justified; a missing octet sorts before zero. */
static int cmp_rdata(const void *a, const void *b)
{
	const canon_rdata_t *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->data, y->data, n);
	if (c != 0)
		return c;
	return x->len < y->len ? -1 : (x->len > y->len ? 1 : 0);
}

static void put16(sgn_buf_t *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	sgn_buf_append(b, x, 2);
}

static void put32(sgn_buf_t *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	sgn_buf_append(b, x, 4);
}

int sgn__zonecheck_signed_data(const ldns_rr_list *rrset, const ldns_rr *rrsig, sgn_buf_t *out)
{
	size_t n = rrset != NULL ? ldns_rr_list_rr_count(rrset) : 0;
	canon_rdata_t *rd = NULL;
	ldns_rdf *owner = NULL;
	ldns_rr *sigc = NULL;
	ldns_buffer *sb = NULL;
	const ldns_rr *first;
	uint8_t *odata;
	size_t olen, skip = 0;
	uint8_t labels, cnt;
	uint32_t origttl;
	int ret = SGN_OK;

	if (n == 0 || rrsig == NULL || ldns_rr_get_type(rrsig) != LDNS_RR_TYPE_RRSIG ||
	    ldns_rr_rd_count(rrsig) != 9)
		return SGN_EVERIFY;
	first = ldns_rr_list_rr(rrset, 0);
	labels = ldns_rdf2native_int8(ldns_rr_rrsig_labels(rrsig));
	origttl = ldns_rdf2native_int32(ldns_rr_rrsig_origttl(rrsig));
	rd = sgn_xcalloc(n, sizeof(*rd));

	owner = ldns_rdf_clone(ldns_rr_owner(first));
	ldns_dname2canonical(owner);
	cnt = ldns_dname_label_count(owner);
	if (labels > cnt) {
		ret = SGN_EVERIFY; /* claims more labels than the owner has (case 009) */
		goto cleanup;
	}
	odata = ldns_rdf_data(owner);
	olen = ldns_rdf_size(owner);
	for (uint8_t i = 0; i < cnt - labels; i++)
		skip += 1u + odata[skip];

	/* RRSIG RDATA minus the signature, signer name canonical. */
	sigc = ldns_rr_clone(rrsig);
	ldns_rr2canonical(sigc);
	sb = ldns_buffer_new(LDNS_MAX_PACKETLEN);
	if (sb == NULL)
		abort();
	if (ldns_rrsig2buffer_wire(sb, sigc) != LDNS_STATUS_OK) {
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	sgn_buf_append(out, ldns_buffer_begin(sb), ldns_buffer_position(sb));

	for (size_t i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(rrset, i);
		if (ldns_rr_get_type(rr) != ldns_rr_get_type(first) ||
		    ldns_rr_get_class(rr) != ldns_rr_get_class(first) ||
		    ldns_dname_compare(ldns_rr_owner(rr), owner) != 0) {
			ret = SGN_EVERIFY; /* not one RRset */
			goto cleanup;
		}
		ldns_rr *c = ldns_rr_clone(rr);
		ldns_rr2canonical(c);
		ret = rdata_wire(c, &rd[i].data, &rd[i].len);
		ldns_rr_free(c);
		if (ret != SGN_OK)
			goto cleanup;
	}
	qsort(rd, n, sizeof(*rd), cmp_rdata);

	for (size_t i = 0; i < n; i++) {
		if (i > 0 && cmp_rdata(&rd[i - 1], &rd[i]) == 0)
			continue; /* duplicate RRs count once */
		if (skip > 0)
			sgn_buf_append(out, "\001*", 2);
		sgn_buf_append(out, odata + skip, olen - skip);
		put16(out, (uint16_t)ldns_rr_get_type(first));
		put16(out, (uint16_t)ldns_rr_get_class(first));
		put32(out, origttl);
		put16(out, (uint16_t)rd[i].len);
		sgn_buf_append(out, rd[i].data, rd[i].len);
	}
cleanup:
	for (size_t i = 0; i < n; i++)
		free(rd[i].data);
	free(rd);
	ldns_rdf_deep_free(owner);
	ldns_rr_free(sigc);
	ldns_buffer_free(sb);
	return ret;
}

int sgn__zonecheck_verify_rrsig(const ldns_rr_list *rrset, const ldns_rr *rrsig,
				const ldns_rr *dnskey, const ldns_rdf *zone, time_t now,
				sgn_diag_t *diag)
{
	char tbuf[32];
	uint8_t *kd = NULL;
	size_t kl = 0;
	sgn_buf_t data;
	int ret = SGN_OK;

	sgn_buf_init(&data);
	if (rrset == NULL || ldns_rr_list_rr_count(rrset) == 0 || rrsig == NULL ||
	    ldns_rr_get_type(rrsig) != LDNS_RR_TYPE_RRSIG || ldns_rr_rd_count(rrsig) != 9) {
		sgn_diag_msg(diag, "empty RRset or malformed RRSIG");
		return SGN_EVERIFY;
	}
	ldns_rr_type t = ldns_rr_get_type(ldns_rr_list_rr(rrset, 0));
	uint8_t alg = ldns_rdf2native_int8(ldns_rr_rrsig_algorithm(rrsig));
	uint16_t tag = ldns_rdf2native_int16(ldns_rr_rrsig_keytag(rrsig));
	uint32_t inc = ldns_rdf2native_int32(ldns_rr_rrsig_inception(rrsig));
	uint32_t exp = ldns_rdf2native_int32(ldns_rr_rrsig_expiration(rrsig));
	uint32_t now32 = (uint32_t)(uint64_t)now;
	type_str(t, tbuf, sizeof(tbuf));

	if (ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(rrsig)) != t) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u: covers another type", tbuf, tag);
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	if (ldns_dname_compare(ldns_rr_rrsig_signame(rrsig), zone) != 0) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u: signer name is not the zone", tbuf, tag);
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	/* RFC 4034 §3.1.5: serial number arithmetic on 32-bit times. */
	if ((int32_t)(now32 - inc) < 0) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u: not valid yet (inception %u)", tbuf,
			     tag, inc);
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	if ((int32_t)(exp - now32) < 0) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u: expired (expiration %u)", tbuf, tag,
			     exp);
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	if (dnskey == NULL || ldns_rr_get_type(dnskey) != LDNS_RR_TYPE_DNSKEY ||
	    rdata_wire(dnskey, &kd, &kl) != SGN_OK || kl < 4) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u: malformed DNSKEY", tbuf, tag);
		ret = SGN_EINVAL;
		goto cleanup;
	}
	if (kd[3] != alg || sgn_dnssec_keytag(kd, kl) != tag) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u alg %u: DNSKEY has tag %u alg %u", tbuf,
			     tag, alg, sgn_dnssec_keytag(kd, kl), kd[3]);
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	if (kd[2] != 3 || (kd[0] & 0x01) == 0) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u: DNSKEY is not a zone key", tbuf, tag);
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	ret = sgn__zonecheck_signed_data(rrset, rrsig, &data);
	if (ret != SGN_OK) {
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u: labels field or RRset malformed", tbuf,
			     tag);
		goto cleanup;
	}
	const ldns_rdf *sig = ldns_rr_rrsig_sig(rrsig);
	ret = sgn_dnssec_verify(kd, kl, (const uint8_t *)data.data, data.len, ldns_rdf_data(sig),
				ldns_rdf_size(sig));
	if (ret != SGN_OK)
		sgn_diag_msg(diag, "RRSIG(%s) by key tag %u alg %u: %s", tbuf, tag, alg,
			     ret == SGN_EVERIFY ? "signature does not verify" : sgn_strerror(ret));
cleanup:
	free(kd);
	sgn_buf_clear(&data);
	return ret;
}

/* Tries every DNSKEY with the RRSIG's tag and algorithm (tags collide). Returns the
 * index of the key that verified, or -1 with the reason in why. */
static int verify_any(const ldns_rr_list *rrset, const ldns_rr *sig, const ldns_rr_list *keys,
		      const sgn_zonecheck_t *ck, const ldns_rdf *zone, time_t now, sgn_diag_t *why)
{
	uint16_t tag = ldns_rdf2native_int16(ldns_rr_rrsig_keytag(sig));
	uint8_t alg = ldns_rdf2native_int8(ldns_rr_rrsig_algorithm(sig));
	bool tried = false;
	for (size_t j = 0; j < ck->nkeys; j++) {
		if (ck->keys[j].tag != tag || ck->keys[j].algorithm != alg)
			continue;
		tried = true;
		if (sgn__zonecheck_verify_rrsig(rrset, sig, ldns_rr_list_rr(keys, j), zone, now,
						why) == SGN_OK)
			return (int)j;
	}
	if (!tried)
		sgn_diag_msg(why, "RRSIG by key tag %u alg %u: no such DNSKEY served", tag, alg);
	return -1;
}

int sgn__zonecheck_evaluate(const ldns_rr_list *rrs, const char *zone, time_t now,
			    sgn_zonecheck_t *out, sgn_diag_t *diag)
{
	ldns_rdf *zr = NULL;
	char *ztext = NULL;
	ldns_rr_list *keys = ldns_rr_list_new(), *keysigs = ldns_rr_list_new();
	ldns_rr_list *soa = ldns_rr_list_new(), *soasigs = ldns_rr_list_new();
	sgn_zonecheck_t ck;
	sgn_diag_t why;
	char keywhy[SGN_ZONECHECK_MAX_KEYS][256];
	bool has_nsec = false, has_nsec3param = false, any_dnskey = false;
	int ret = SGN_OK;

	memset(&ck, 0, sizeof(ck));
	memset(keywhy, 0, sizeof(keywhy));
	sgn_diag_clear(&why);
	ck.signing_complete = true;
	if (keys == NULL || keysigs == NULL || soa == NULL || soasigs == NULL)
		abort();
	if (zone == NULL || (zr = ldns_dname_new_frm_str(zone)) == NULL) {
		sgn_diag_msg(diag, "invalid zone name '%s'", zone != NULL ? zone : "(null)");
		ret = SGN_EINVAL;
		goto cleanup;
	}
	ldns_dname2canonical(zr);
	ztext = dname_text(zr);

	for (size_t i = 0; rrs != NULL && i < ldns_rr_list_rr_count(rrs); i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		if (ldns_dname_compare(ldns_rr_owner(rr), zr) != 0)
			continue;
		switch ((int)ldns_rr_get_type(rr)) {
		case LDNS_RR_TYPE_DNSKEY:
			ldns_rr_list_push_rr(keys, rr);
			break;
		case LDNS_RR_TYPE_SOA:
			ldns_rr_list_push_rr(soa, rr);
			break;
		case LDNS_RR_TYPE_NSEC:
			has_nsec = true;
			break;
		case LDNS_RR_TYPE_NSEC3PARAM:
			has_nsec3param = true;
			break;
		case TYPE_PRIVATE: {
			uint8_t *d = NULL;
			size_t l = 0;
			/*
			 * BIND: alg, key id (2), removal, complete; NSEC3 chain records are
			 * longer. A removal record still in progress (seen to linger after a
			 * policy change) only means old signatures are being withdrawn: it
			 * does not hold up signing with the current keys, which the RRSIG
			 * checks below verify independently.
			 */
			if (rdata_wire(rr, &d, &l) != SGN_OK || l != 5 || (d[3] == 0x00 && d[4] != 0x01))
				ck.signing_complete = false;
			free(d);
			break;
		}
		case LDNS_RR_TYPE_RRSIG:
			if (ldns_rr_rd_count(rr) != 9)
				break;
			ldns_rr_type cov = ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(rr));
			if (cov == LDNS_RR_TYPE_DNSKEY)
				ldns_rr_list_push_rr(keysigs, rr);
			else if (cov == LDNS_RR_TYPE_SOA)
				ldns_rr_list_push_rr(soasigs, rr);
			break;
		default:
			break;
		}
	}
	ck.denial = has_nsec3param ? 3 : (has_nsec ? 1 : 0);
	if (ldns_rr_list_rr_count(soa) == 0 || ldns_rr_rd_count(ldns_rr_list_rr(soa, 0)) != 7) {
		sgn_diag_msg(diag, "zone %s: no SOA at the apex", ztext);
		ret = SGN_EDNS;
		goto cleanup;
	}
	ck.soa_serial = ldns_rdf2native_int32(ldns_rr_rdf(ldns_rr_list_rr(soa, 0), 2));

	if (ldns_rr_list_rr_count(keys) == 0)
		goto done; /* unsigned zone */
	if (ldns_rr_list_rr_count(keys) > SGN_ZONECHECK_MAX_KEYS) {
		sgn_diag_msg(diag, "zone %s: %zu DNSKEYs served, at most %d supported", ztext,
			     ldns_rr_list_rr_count(keys), SGN_ZONECHECK_MAX_KEYS);
		ret = SGN_EDNS;
		goto cleanup;
	}
	/* servers rotate RRset order: sort so that two servers' key lists compare equal */
	ldns_rr_list_sort(keys);
	ck.nkeys = ldns_rr_list_rr_count(keys);
	for (size_t j = 0; j < ck.nkeys; j++) {
		uint8_t *d = NULL;
		size_t l = 0;
		sgn_zonecheck_key_t *k = &ck.keys[j];
		if (rdata_wire(ldns_rr_list_rr(keys, j), &d, &l) != SGN_OK || l < 4) {
			free(d);
			sgn_diag_msg(diag, "zone %s: malformed DNSKEY #%zu", ztext, j + 1);
			ret = SGN_EDNS;
			goto cleanup;
		}
		k->tag = sgn_dnssec_keytag(d, l);
		k->flags = (uint16_t)((d[0] << 8) | d[1]);
		k->algorithm = d[3];
		if (k->flags & 0x0001)
			ret = format_ds(ztext, d, l, k->ds, sizeof(k->ds));
		free(d);
		if (ret != SGN_OK) {
			sgn_diag_msg(diag, "zone %s: DS of key tag %u: %s", ztext, k->tag,
				     sgn_strerror(ret));
			goto cleanup;
		}
		snprintf(keywhy[j], sizeof(keywhy[j]), "no RRSIG by this key");
	}

	for (size_t i = 0; i < ldns_rr_list_rr_count(keysigs); i++) {
		ldns_rr *sig = ldns_rr_list_rr(keysigs, i);
		int j = verify_any(keys, sig, keys, &ck, zr, now, &why);
		if (j >= 0) {
			ck.keys[j].signs_dnskey = true;
			any_dnskey = true;
			continue;
		}
		uint16_t tag = ldns_rdf2native_int16(ldns_rr_rrsig_keytag(sig));
		for (size_t k = 0; k < ck.nkeys; k++)
			if (ck.keys[k].tag == tag && !ck.keys[k].signs_dnskey)
				copy_trunc(keywhy[k], sizeof(keywhy[k]), why.message);
	}
	for (size_t j = 0; j < ck.nkeys; j++) {
		if ((ck.keys[j].flags & 0x0001) && !ck.keys[j].signs_dnskey) {
			sgn_diag_msg(diag,
				     "zone %s: SEP key tag %u alg %u does not sign the DNSKEY RRset: %s",
				     ztext, ck.keys[j].tag, ck.keys[j].algorithm, keywhy[j]);
			ret = SGN_EVERIFY;
			goto cleanup;
		}
	}
	if (!any_dnskey) {
		sgn_diag_msg(diag, "zone %s: no verifying RRSIG(DNSKEY)%s%s", ztext,
			     why.message[0] != '\0' ? ": " : "", why.message);
		ret = SGN_EVERIFY;
		goto cleanup;
	}

	sgn_diag_clear(&why);
	bool any_soa = false;
	for (size_t i = 0; i < ldns_rr_list_rr_count(soasigs); i++) {
		int j = verify_any(soa, ldns_rr_list_rr(soasigs, i), keys, &ck, zr, now, &why);
		if (j >= 0) {
			ck.keys[j].signs_soa = true;
			any_soa = true;
		}
	}
	if (!any_soa) {
		sgn_diag_msg(diag, "zone %s: no verifying RRSIG(SOA)%s%s", ztext,
			     why.message[0] != '\0' ? ": " : "", why.message);
		ret = SGN_EVERIFY;
		goto cleanup;
	}
	ck.signed_zone = true;
done:
	*out = ck;
cleanup:
	ldns_rr_list_free(keys);
	ldns_rr_list_free(keysigs);
	ldns_rr_list_free(soa);
	ldns_rr_list_free(soasigs);
	ldns_rdf_deep_free(zr);
	free(ztext);
	return ret;
}

/* A non-recursive TCP resolver for addr#port (IPv4 or IPv6 literal). */
static int make_resolver(const char *addr, uint16_t port, bool dnssec, ldns_resolver **out)
{
	ldns_rdf *ns = NULL;
	ldns_resolver *res = NULL;
	int ret = SGN_OK;

	if (addr == NULL)
		return SGN_EINVAL;
	ns = ldns_rdf_new_frm_str(strchr(addr, ':') != NULL ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A,
				  addr);
	if (ns == NULL)
		return SGN_EINVAL;
	res = ldns_resolver_new();
	if (res == NULL)
		abort();
	if (ldns_resolver_push_nameserver(res, ns) != LDNS_STATUS_OK) { /* copies ns */
		ret = SGN_EINVAL;
		goto cleanup;
	}
	ldns_resolver_set_port(res, port);
	ldns_resolver_set_usevc(res, true);
	ldns_resolver_set_recursive(res, false);
	ldns_resolver_set_dnssec(res, dnssec);
	ldns_resolver_set_defnames(res, false);
	ldns_resolver_set_dnsrch(res, false);
	ldns_resolver_set_random(res, false);
	ldns_resolver_set_retry(res, 2);
	ldns_resolver_set_retrans(res, 1);
	ldns_resolver_set_timeout(res, (struct timeval){.tv_sec = 5, .tv_usec = 0});
	if (dnssec)
		ldns_resolver_set_edns_udp_size(res, 4096);
	*out = res;
	res = NULL;
cleanup:
	ldns_resolver_deep_free(res);
	ldns_rdf_deep_free(ns);
	return ret;
}

/* One authoritative NOERROR answer for zone/t; its answer RRs are cloned onto all. */
static int query(ldns_resolver *res, const ldns_rdf *zr, ldns_rr_type t, const char *addr,
		 uint16_t port, const char *ztext, ldns_rr_list *all, sgn_diag_t *diag)
{
	ldns_pkt *pkt = NULL;
	char tbuf[32];
	int ret = SGN_OK;

	type_str(t, tbuf, sizeof(tbuf));
	ldns_status st = ldns_resolver_send(&pkt, res, zr, t, LDNS_RR_CLASS_IN, 0);
	if (st != LDNS_STATUS_OK || pkt == NULL) {
		sgn_diag_msg(diag, "server %s#%u: query %s %s failed: %s", addr, port, ztext, tbuf,
			     ldns_get_errorstr_by_id(st));
		ret = SGN_EDNS;
		goto cleanup;
	}
	if (ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NOERROR) {
		ldns_lookup_table *lt = ldns_lookup_by_id(ldns_rcodes, (int)ldns_pkt_get_rcode(pkt));
		sgn_diag_msg(diag, "server %s#%u: query %s %s answered %s", addr, port, ztext, tbuf,
			     lt != NULL ? lt->name : "an unknown rcode");
		ret = SGN_EDNS;
		goto cleanup;
	}
	if (!ldns_pkt_aa(pkt)) {
		sgn_diag_msg(diag, "server %s#%u: not authoritative for %s (query %s)", addr, port,
			     ztext, tbuf);
		ret = SGN_EDNS;
		goto cleanup;
	}
	const ldns_rr_list *an = ldns_pkt_answer(pkt);
	for (size_t i = 0; an != NULL && i < ldns_rr_list_rr_count(an); i++)
		ldns_rr_list_push_rr(all, ldns_rr_clone(ldns_rr_list_rr(an, i)));
cleanup:
	ldns_pkt_free(pkt);
	return ret;
}

int sgn_zonecheck_run(const char *addr, uint16_t port, const char *zone, time_t now,
		      sgn_zonecheck_t *out, sgn_diag_t *diag)
{
	static const ldns_rr_type types[] = {LDNS_RR_TYPE_DNSKEY, LDNS_RR_TYPE_SOA,
					     (ldns_rr_type)TYPE_PRIVATE, LDNS_RR_TYPE_NSEC,
					     LDNS_RR_TYPE_NSEC3PARAM};
	ldns_resolver *res = NULL;
	ldns_rdf *zr = NULL;
	char *ztext = NULL;
	ldns_rr_list *all = ldns_rr_list_new();
	int ret;

	if (all == NULL)
		abort();
	if (zone == NULL || (zr = ldns_dname_new_frm_str(zone)) == NULL) {
		sgn_diag_msg(diag, "invalid zone name '%s'", zone != NULL ? zone : "(null)");
		ret = SGN_EINVAL;
		goto cleanup;
	}
	ztext = dname_text(zr);
	ret = make_resolver(addr, port, true, &res);
	if (ret != SGN_OK) {
		sgn_diag_msg(diag, "invalid server address '%s'", addr != NULL ? addr : "(null)");
		goto cleanup;
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		ret = query(res, zr, types[i], addr, port, ztext, all, diag);
		if (ret != SGN_OK)
			goto cleanup;
	}
	ret = sgn__zonecheck_evaluate(all, zone, now, out, diag);
	if (ret != SGN_OK && diag != NULL) {
		char m[sizeof(diag->message)];
		snprintf(m, sizeof(m), "%s", diag->message);
		sgn_diag_msg(diag, "server %s#%u: %s", addr, port, m);
	}
cleanup:
	ldns_rr_list_deep_free(all);
	ldns_resolver_deep_free(res);
	ldns_rdf_deep_free(zr);
	free(ztext);
	return ret;
}

int sgn_zonecheck_soa_serial(const char *addr, uint16_t port, const char *zone, uint32_t *serial)
{
	ldns_resolver *res = NULL;
	ldns_rdf *zr = NULL;
	char *ztext = NULL;
	ldns_rr_list *all = ldns_rr_list_new();
	int ret;

	if (all == NULL)
		abort();
	if (zone == NULL || (zr = ldns_dname_new_frm_str(zone)) == NULL) {
		ret = SGN_EINVAL;
		goto cleanup;
	}
	ztext = dname_text(zr);
	ret = make_resolver(addr, port, false, &res);
	if (ret != SGN_OK)
		goto cleanup;
	ret = query(res, zr, LDNS_RR_TYPE_SOA, addr, port, ztext, all, NULL);
	if (ret != SGN_OK)
		goto cleanup;
	ret = SGN_EDNS;
	for (size_t i = 0; i < ldns_rr_list_rr_count(all); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(all, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA && ldns_rr_rd_count(rr) == 7 &&
		    ldns_dname_compare(ldns_rr_owner(rr), zr) == 0) {
			*serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
			ret = SGN_OK;
			break;
		}
	}
cleanup:
	ldns_rr_list_deep_free(all);
	ldns_resolver_deep_free(res);
	ldns_rdf_deep_free(zr);
	free(ztext);
	return ret;
}

/* Reads the zone's DNSKEY out of a key file; *ds gets its DS text. */
static int keyfile_ds(const char *path, const ldns_rdf *zr, const char *ztext, char *ds,
		      size_t dslen, sgn_diag_t *diag)
{
	FILE *fp = fopen(path, "r");
	ldns_zone *z = NULL;
	int line = 0;
	int ret = SGN_EKEY;

	if (fp == NULL) {
		sgn_diag_msg(diag, "key file %s: cannot open", path);
		return SGN_EKEY;
	}
	ldns_status st = ldns_zone_new_frm_fp_l(&z, fp, zr, 3600, LDNS_RR_CLASS_IN, &line);
	fclose(fp);
	if (st != LDNS_STATUS_OK) {
		sgn_diag_msg(diag, "key file %s line %d: %s", path, line,
			     ldns_get_errorstr_by_id(st));
		goto cleanup;
	}
	const ldns_rr_list *rrs = ldns_zone_rrs(z);
	for (size_t i = 0; rrs != NULL && i < ldns_rr_list_rr_count(rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		uint8_t *d = NULL;
		size_t l = 0;
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DNSKEY ||
		    ldns_dname_compare(ldns_rr_owner(rr), zr) != 0)
			continue;
		if (rdata_wire(rr, &d, &l) == SGN_OK && l >= 4 &&
		    format_ds(ztext, d, l, ds, dslen) == SGN_OK)
			ret = SGN_OK;
		free(d);
		break;
	}
	if (ret != SGN_OK)
		sgn_diag_msg(diag, "key file %s: no DNSKEY for the zone", path);
cleanup:
	ldns_zone_deep_free(z);
	return ret;
}

int sgn_zonecheck_match_keyfiles(const sgn_zonecheck_t *check, const char *zone,
				 const char *dir, sgn_diag_t *diag)
{
	DIR *dh = NULL;
	ldns_rdf *zr = NULL;
	char *ztext = NULL;
	int ret = SGN_OK;

	if (check == NULL || zone == NULL || dir == NULL ||
	    (zr = ldns_dname_new_frm_str(zone)) == NULL) {
		sgn_diag_msg(diag, "invalid zone name or arguments");
		return SGN_EINVAL;
	}
	ztext = dname_text(zr);
	size_t zlen = strlen(zone);
	bool zdot = zlen > 0 && zone[zlen - 1] == '.';
	if (strcmp(zone, ".") == 0)
		zlen = 0, zdot = false; /* root: "K." + "+AAA+TTTTT.key" */
	dh = opendir(dir);
	if (dh == NULL) {
		sgn_diag_msg(diag, "key directory %s: cannot open", dir);
		ret = SGN_EKEY;
		goto cleanup;
	}
	for (size_t k = 0; k < check->nkeys; k++) {
		const sgn_zonecheck_key_t *key = &check->keys[k];
		bool named = false, found = false;
		char bad[256] = "";
		if ((key->flags & 0x0001) == 0)
			continue;
		rewinddir(dh);
		struct dirent *de;
		while (!found && (de = readdir(dh)) != NULL) {
			const char *nm = de->d_name;
			size_t nl = strlen(nm);
			unsigned a = 0, t = 0;
			char tail[16];
			/* K<zone>.+AAA+TTTTT.key: the suffix is exactly 14 characters. */
			if (nl < 1 + 1 + 14 || nm[0] != 'K')
				continue;
			const char *suf = nm + nl - 14;
			if (sscanf(suf, "+%3u+%5u%15s", &a, &t, tail) != 3 || strcmp(tail, ".key") != 0 ||
			    a != key->algorithm || t != key->tag)
				continue;
			/* zone part between 'K' and the suffix, with its trailing dot */
			size_t pl = (size_t)(suf - nm) - 1;
			size_t want = zlen + (zdot ? 0 : 1);
			if (pl != want || (zlen > 0 && strncasecmp(nm + 1, zone, zlen) != 0) ||
			    nm[pl] != '.')
				continue;
			named = true;
			char *path = sgn_path_join(dir, nm);
			char ds[sizeof(key->ds)];
			sgn_diag_t why;
			sgn_diag_clear(&why);
			if (keyfile_ds(path, zr, ztext, ds, sizeof(ds), &why) == SGN_OK &&
			    strcasecmp(ds, key->ds) == 0)
				found = true;
			else
				copy_trunc(bad, sizeof(bad), why.message[0] != '\0' ? why.message :
					   "it holds a different DNSKEY than the server");
			free(path);
		}
		if (!found) {
			if (named)
				sgn_diag_msg(diag, "zone %s: SEP key tag %u alg %u: key file in %s does not match: %s",
					     ztext, key->tag, key->algorithm, dir, bad);
			else
				sgn_diag_msg(diag, "zone %s: SEP key tag %u alg %u: no key file K%s%s+%03u+%05u.key in %s",
					     ztext, key->tag, key->algorithm,
					     strcmp(zone, ".") == 0 ? "" : zone, zdot ? "" : ".",
					     key->algorithm, key->tag, dir);
			ret = SGN_EKEY;
			goto cleanup;
		}
	}
cleanup:
	if (dh != NULL)
		closedir(dh);
	ldns_rdf_deep_free(zr);
	free(ztext);
	return ret;
}

int sgn_zonecheck_ds(const char *addr, uint16_t port, const char *name, char ***lines, size_t *n,
		     uint32_t *ttl)
{
	ldns_resolver *res = NULL;
	ldns_rdf *nr = NULL;
	ldns_pkt *pkt = NULL;
	*lines = NULL;
	*n = 0;
	*ttl = 0;
	int ret = SGN_EDNS;
	if (name == NULL || (nr = ldns_dname_new_frm_str(name)) == NULL)
		return SGN_EINVAL;
	char *owner = dname_text(nr);
	if (make_resolver(addr, port, false, &res) != SGN_OK)
		goto cleanup;
	if (ldns_resolver_send(&pkt, res, nr, LDNS_RR_TYPE_DS, LDNS_RR_CLASS_IN, 0) != LDNS_STATUS_OK ||
	    pkt == NULL || ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NOERROR || !ldns_pkt_aa(pkt))
		goto cleanup;
	const ldns_rr_list *an = ldns_pkt_answer(pkt);
	for (size_t i = 0; an != NULL && i < ldns_rr_list_rr_count(an); i++) {
		ldns_rr *rr = ldns_rr_list_rr(an, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DS || ldns_rr_rd_count(rr) != 4)
			continue;
		char *digest = ldns_rdf2str(ldns_rr_rdf(rr, 3));
		for (char *c = digest; c && *c; c++)
			if (*c >= 'a' && *c <= 'f')
				*c = (char)(*c - 'a' + 'A');
		*lines = sgn_xrealloc(*lines, (*n + 1) * sizeof(char *));
		(*lines)[(*n)++] = sgn_xasprintf("%s IN DS %u %u %u %s", owner,
						 ldns_rdf2native_int16(ldns_rr_rdf(rr, 0)),
						 ldns_rdf2native_int8(ldns_rr_rdf(rr, 1)),
						 ldns_rdf2native_int8(ldns_rr_rdf(rr, 2)), digest ? digest : "");
		*ttl = ldns_rr_ttl(rr);
		free(digest);
	}
	ret = SGN_OK;
cleanup:
	ldns_pkt_free(pkt);
	ldns_resolver_deep_free(res);
	ldns_rdf_deep_free(nr);
	free(owner);
	return ret;
}

void sgn_zonecheck_lines_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
