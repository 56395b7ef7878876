/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sgn/dnssec.h"
#include "sgn/err.h"
#include "sgn/util.h"
#include "sgn/zonecheck.h"
#include "zonecheck_internal.h"

#define ROOT_ZONE SGN_CASES "/012-root-trust-anchors/root-apex-2026082201.zone"
#define ROOT_DS_20326 ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"

static time_t utc(int y, int mo, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d};
	return timegm(&tm);
}

static ldns_rr_list *load_rrs(const char *path)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	ldns_zone *z = NULL;
	int line = 0;
	ldns_status st = ldns_zone_new_frm_fp_l(&z, fp, NULL, 3600, LDNS_RR_CLASS_IN, &line);
	fclose(fp);
	if (st != LDNS_STATUS_OK)
		fail_msg("%s line %d: %s", path, line, ldns_get_errorstr_by_id(st));
	ldns_rr_list *l = ldns_rr_list_clone(ldns_zone_rrs(z));
	if (ldns_zone_soa(z) != NULL)
		ldns_rr_list_push_rr(l, ldns_rr_clone(ldns_zone_soa(z)));
	ldns_zone_deep_free(z);
	return l;
}

static void push_str(ldns_rr_list *l, const char *s)
{
	ldns_rr *rr = NULL;
	if (ldns_rr_new_frm_str(&rr, s, 3600, NULL, NULL) != LDNS_STATUS_OK)
		fail_msg("cannot parse: %s", s);
	ldns_rr_list_push_rr(l, rr);
}

/* The root apex without the DNSKEY of tag `drop` (0: keep all). */
static ldns_rr_list *root_apex(uint16_t drop)
{
	ldns_rr_list *all = load_rrs(ROOT_ZONE), *out = ldns_rr_list_new();
	for (size_t i = 0; i < ldns_rr_list_rr_count(all); i++) {
		ldns_rr *rr = ldns_rr_list_rr(all, i);
		if (drop != 0 && ldns_rr_get_type(rr) == LDNS_RR_TYPE_DNSKEY &&
		    ldns_calc_keytag(rr) == drop) {
			ldns_rr_free(rr);
			continue;
		}
		ldns_rr_list_push_rr(out, rr);
	}
	ldns_rr_list_free(all);
	return out;
}

static const sgn_zonecheck_key_t *find_key(const sgn_zonecheck_t *c, uint16_t tag)
{
	for (size_t i = 0; i < c->nkeys; i++)
		if (c->keys[i].tag == tag)
			return &c->keys[i];
	return NULL;
}

#define EX_ZONE SGN_TEST_DATA "/zonecheck/example.db.signed"
#define EX_DS "example. IN DS 32968 13 2 55071BD5B6B2175AFAFA7CB117CE843D7C3E8C5A1A0F3348666B67AE82EFAEAC"

/* A BIND-signed zone: KSK 32968 signs DNSKEY, ZSK 20923 signs DNSKEY and SOA, NSEC. */
static void test_zonecheck_evaluate_bind_signed_zone(void **state)
{
	(void)state;
	ldns_rr_list *l = load_rrs(EX_ZONE);
	push_str(l, "example. 0 IN TYPE65534 \\# 5 0D80C80001"); /* BIND: 32968 done */
	sgn_zonecheck_t c;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	static const char *names[] = {"example", "EXAMPLE."};
	for (size_t n = 0; n < 2; n++) {
		if (sgn__zonecheck_evaluate(l, names[n], utc(2026, 8, 25), &c, &d) != SGN_OK)
			fail_msg("%s", d.message);
		assert_true(c.signed_zone);
		assert_true(c.signing_complete);
		assert_int_equal(c.denial, 1);
		assert_int_equal(c.soa_serial, 2024010101u);
		assert_int_equal(c.nkeys, 2);
		const sgn_zonecheck_key_t *ksk = find_key(&c, 32968), *zsk = find_key(&c, 20923);
		assert_non_null(ksk);
		assert_non_null(zsk);
		assert_int_equal(ksk->flags, 257);
		assert_int_equal(ksk->algorithm, 13);
		assert_true(ksk->signs_dnskey);
		assert_false(ksk->signs_soa);
		assert_string_equal(ksk->ds, EX_DS); /* same as dnssec-signzone's dsset */
		assert_int_equal(zsk->flags, 256);
		assert_true(zsk->signs_dnskey);
		assert_true(zsk->signs_soa);
		assert_string_equal(zsk->ds, "");
	}
	/* key files written by dnssec-keygen match */
	assert_int_equal(sgn_zonecheck_match_keyfiles(&c, "example", SGN_TEST_DATA "/zonecheck", &d),
			 SGN_OK);
	ldns_rr_list_deep_free(l);
}

/* Case 012: the root DNSKEY RRset (all three keys) by 20326 and the SOA by 57780. */
static void test_zonecheck_verify_rrsig_root_012(void **state)
{
	(void)state;
	ldns_rr_list *l = root_apex(0);
	ldns_rr_list *keys = ldns_rr_list_new(), *soa = ldns_rr_list_new();
	ldns_rr *ksig = NULL, *ssig = NULL, *ksk = NULL, *zsk = NULL;
	for (size_t i = 0; i < ldns_rr_list_rr_count(l); i++) {
		ldns_rr *rr = ldns_rr_list_rr(l, i);
		switch (ldns_rr_get_type(rr)) {
		case LDNS_RR_TYPE_DNSKEY:
			ldns_rr_list_push_rr(keys, rr);
			if (ldns_calc_keytag(rr) == 20326)
				ksk = rr;
			if (ldns_calc_keytag(rr) == 57780)
				zsk = rr;
			break;
		case LDNS_RR_TYPE_SOA:
			ldns_rr_list_push_rr(soa, rr);
			break;
		case LDNS_RR_TYPE_RRSIG:
			if (ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(rr)) == LDNS_RR_TYPE_DNSKEY)
				ksig = rr;
			else if (ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(rr)) == LDNS_RR_TYPE_SOA)
				ssig = rr;
			break;
		default:
			break;
		}
	}
	ldns_rdf *root = ldns_dname_new_frm_str(".");
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn__zonecheck_verify_rrsig(keys, ksig, ksk, root, utc(2026, 8, 25), &d),
			 SGN_OK);
	assert_int_equal(sgn__zonecheck_verify_rrsig(soa, ssig, zsk, root, utc(2026, 8, 25), &d),
			 SGN_OK);
	/* collision handling is the caller's: the wrong key of the right algorithm fails */
	assert_int_equal(sgn__zonecheck_verify_rrsig(soa, ssig, ksk, root, utc(2026, 8, 25), &d),
			 SGN_EVERIFY);
	ldns_rr_list_free(keys);
	ldns_rr_list_free(soa);
	ldns_rdf_deep_free(root);
	ldns_rr_list_deep_free(l);
}

/* A SEP key that does not sign the DNSKEY RRset is an error naming its tag. */
static void test_zonecheck_evaluate_sep_not_signing_everify(void **state)
{
	(void)state;
	ldns_rr_list *l = root_apex(0);
	sgn_zonecheck_t c;
	memset(&c, 0xa5, sizeof(c));
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn__zonecheck_evaluate(l, ".", utc(2026, 8, 25), &c, &d), SGN_EVERIFY);
	assert_non_null(strstr(d.message, "38696"));
	assert_int_equal(c.nkeys, (size_t)0xa5a5a5a5a5a5a5a5ULL); /* out untouched on error */
	ldns_rr_list_deep_free(l);
}

/* Time is an input: before inception / after expiration both fail, and say so. */
static void test_zonecheck_evaluate_validity_window_table(void **state)
{
	(void)state;
	static const struct {
		int y, m, d;
		int ret;
		const char *msg;
	} t[] = {
		{2024, 1, 1, SGN_OK, NULL},
		{2033, 12, 31, SGN_OK, NULL},
		{2023, 12, 31, SGN_EVERIFY, "not valid yet"},
		{2034, 1, 2, SGN_EVERIFY, "expired"},
		{2010, 1, 1, SGN_EVERIFY, "not valid yet"},
	};
	ldns_rr_list *l = load_rrs(EX_ZONE);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		sgn_zonecheck_t c;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int r = sgn__zonecheck_evaluate(l, "example.", utc(t[i].y, t[i].m, t[i].d), &c, &d);
		if (r != t[i].ret)
			fail_msg("row %zu: %d (%s)", i, r, d.message);
		if (t[i].msg != NULL)
			assert_non_null(strstr(d.message, t[i].msg));
	}
	ldns_rr_list_deep_free(l);
}

/* A flipped byte in the SOA signature or SOA data: EVERIFY naming the RRset and tag. */
static void test_zonecheck_evaluate_tampered_everify(void **state)
{
	(void)state;
	for (int which = 0; which < 3; which++) {
		ldns_rr_list *l = load_rrs(EX_ZONE);
		for (size_t i = 0; i < ldns_rr_list_rr_count(l); i++) {
			ldns_rr *rr = ldns_rr_list_rr(l, i);
			ldns_rr_type cov = ldns_rr_get_type(rr) == LDNS_RR_TYPE_RRSIG ?
				ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(rr)) : 0;
			if (which == 0 && cov == LDNS_RR_TYPE_SOA)
				ldns_rdf_data(ldns_rr_rrsig_sig(rr))[10] ^= 0x40;
			if (which == 1 && ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA &&
			    ldns_dname_label_count(ldns_rr_owner(rr)) == 1)
				ldns_rdf_data(ldns_rr_rdf(rr, 2))[3] ^= 0x01; /* serial */
			if (which == 2 && cov == LDNS_RR_TYPE_DNSKEY &&
			    ldns_rdf2native_int16(ldns_rr_rrsig_keytag(rr)) == 32968)
				ldns_rdf_data(ldns_rr_rrsig_sig(rr))[0] ^= 0x01;
		}
		sgn_zonecheck_t c;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		assert_int_equal(sgn__zonecheck_evaluate(l, "example.", utc(2026, 8, 25), &c, &d),
				 SGN_EVERIFY);
		assert_non_null(strstr(d.message, which == 2 ? "RRSIG(DNSKEY) by key tag 32968" :
							       "RRSIG(SOA) by key tag 20923"));
		assert_non_null(strstr(d.message, "does not verify"));
		ldns_rr_list_deep_free(l);
	}
}

/* Case 008 fragment through verify_rrsig: signer must be the zone, key must match. */
static void test_zonecheck_verify_rrsig_ecdsa_008(void **state)
{
	(void)state;
	ldns_rr_list *all = load_rrs(SGN_CASES "/008-rfc6605-ecdsa-p256-p384/example.net.signed-fragment.txt");
	ldns_rr_list *set = ldns_rr_list_new();
	ldns_rr *sigs[2] = {NULL, NULL}, *keys[2] = {NULL, NULL};
	int ns = 0, nk = 0;
	for (size_t i = 0; i < ldns_rr_list_rr_count(all); i++) {
		ldns_rr *rr = ldns_rr_list_rr(all, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_RRSIG)
			sigs[ns++] = rr;
		else if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_DNSKEY)
			keys[nk++] = rr;
		else if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_A && ldns_rr_list_rr_count(set) == 0)
			ldns_rr_list_push_rr(set, rr);
	}
	assert_int_equal(ns, 2);
	assert_int_equal(nk, 2);
	ldns_rdf *zone = ldns_dname_new_frm_str("Example.NET");
	ldns_rdf *other = ldns_dname_new_frm_str("net.");
	time_t at = utc(2010, 8, 20);
	sgn_diag_t d;
	for (int k = 0; k < 2; k++) {
		sgn_diag_clear(&d);
		assert_int_equal(sgn__zonecheck_verify_rrsig(set, sigs[k], keys[k], zone, at, &d),
				 SGN_OK);
		/* wrong key (other tag/alg) */
		assert_int_equal(sgn__zonecheck_verify_rrsig(set, sigs[k], keys[1 - k], zone, at, &d),
				 SGN_EVERIFY);
		assert_non_null(strstr(d.message, "DNSKEY has tag"));
		/* signer is not the zone */
		assert_int_equal(sgn__zonecheck_verify_rrsig(set, sigs[k], keys[k], other, at, &d),
				 SGN_EVERIFY);
		assert_non_null(strstr(d.message, "signer name"));
		/* expired today */
		assert_int_equal(sgn__zonecheck_verify_rrsig(set, sigs[k], keys[k], zone,
							     utc(2024, 1, 1), &d),
				 SGN_EVERIFY);
		assert_non_null(strstr(d.message, "expired"));
	}
	/* an extra RR in the RRset changes the signed data */
	push_str(set, "www.example.net. 3600 IN A 192.0.2.2");
	assert_int_equal(sgn__zonecheck_verify_rrsig(set, sigs[0], keys[0], zone, at, &d), SGN_EVERIFY);
	assert_non_null(strstr(d.message, "RRSIG(A) by key tag 55648 alg 13"));
	ldns_rr_free(ldns_rr_list_pop_rr(set));
	ldns_rr_list_free(set);
	ldns_rdf_deep_free(zone);
	ldns_rdf_deep_free(other);
	ldns_rr_list_deep_free(all);
}

/* Canonical form: owner case, TTL and RR order do not change the signed data. */
static void test_zonecheck_signed_data_canonical(void **state)
{
	(void)state;
	const char *sig = "example. 300 IN RRSIG A 13 1 3600 20300101000000 20000101000000 1 Example. "
			  "AAAA";
	ldns_rr_list *a = ldns_rr_list_new(), *b = ldns_rr_list_new(), *s = ldns_rr_list_new();
	push_str(a, "example. 60 IN A 192.0.2.1");
	push_str(a, "example. 60 IN A 192.0.2.10");
	push_str(b, "EXAMPLE. 7 IN A 192.0.2.10");
	push_str(b, "eXample. 7 IN A 192.0.2.1");
	push_str(b, "example. 7 IN A 192.0.2.1"); /* duplicate */
	push_str(s, sig);
	sgn_buf_t da, db;
	sgn_buf_init(&da);
	sgn_buf_init(&db);
	assert_int_equal(sgn__zonecheck_signed_data(a, ldns_rr_list_rr(s, 0), &da), SGN_OK);
	assert_int_equal(sgn__zonecheck_signed_data(b, ldns_rr_list_rr(s, 0), &db), SGN_OK);
	assert_int_equal(da.len, db.len);
	assert_memory_equal(da.data, db.data, da.len);
	/* 18 octets of RRSIG fields + "example." (9) + 2 x (9 + 10 + 4) */
	assert_int_equal(da.len, 18 + 9 + 2 * (9 + 10 + 4));
	assert_memory_equal(da.data + 18, "\007example\000", 9); /* signer lower-cased */
	const uint8_t *rr1 = (const uint8_t *)da.data + 27;
	assert_memory_equal(rr1 + 9 + 4, "\000\000\016\020", 4); /* TTL = original TTL 3600 */
	assert_int_equal(rr1[9 + 10 + 3], 1);                    /* 192.0.2.1 sorts first */
	/* labels 0 at a 1-label owner: wildcard "*." form; labels 2: refused */
	ldns_rr_list *s2 = ldns_rr_list_new();
	push_str(s2, "example. 300 IN RRSIG A 13 0 3600 20300101000000 20000101000000 1 . AAAA");
	push_str(s2, "example. 300 IN RRSIG A 13 2 3600 20300101000000 20000101000000 1 . AAAA");
	sgn_buf_clear(&da);
	assert_int_equal(sgn__zonecheck_signed_data(a, ldns_rr_list_rr(s2, 0), &da), SGN_OK);
	assert_memory_equal(da.data + 18 + 1, "\001*\000", 3);
	sgn_buf_clear(&db);
	assert_int_equal(sgn__zonecheck_signed_data(a, ldns_rr_list_rr(s2, 1), &db), SGN_EVERIFY);
	sgn_buf_clear(&da);
	sgn_buf_clear(&db);
	ldns_rr_list_deep_free(a);
	ldns_rr_list_deep_free(b);
	ldns_rr_list_deep_free(s);
	ldns_rr_list_deep_free(s2);
}

/* Unsigned zones, private records and denial type, table-driven. */
static void test_zonecheck_evaluate_private_and_denial_table(void **state)
{
	(void)state;
	static const struct {
		const char *rrs[3];
		bool complete;
		int denial;
	} t[] = {
		{{NULL}, true, 0},
		{{"example. IN TYPE65534 \\# 5 0d30390001"}, true, 0},
		{{"example. IN TYPE65534 \\# 5 0d30390000"}, false, 0},
		{{"example. IN TYPE65534 \\# 5 0d30390001", "example. IN TYPE65534 \\# 5 0830390000"},
		 false, 0},
		{{"example. IN TYPE65534 \\# 6 000100000000"}, false, 0},
		/* removal of an old key's signatures in progress: not a signing backlog */
		{{"example. IN TYPE65534 \\# 5 0e02b00100", "example. IN TYPE65534 \\# 5 0e0e820001"}, true, 0},
		{{"example. IN NSEC a.example. SOA NS RRSIG NSEC DNSKEY"}, true, 1},
		{{"example. IN NSEC3PARAM 1 0 0 -", "example. IN NSEC a.example. SOA"}, true, 3},
		{{"other.example. IN NSEC3PARAM 1 0 0 -", "sub.example. IN TYPE65534 \\# 1 00"}, true, 0},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ldns_rr_list *l = ldns_rr_list_new();
		push_str(l, "Example. 3600 IN SOA ns.example. h.example. 42 3600 600 86400 300");
		for (size_t j = 0; j < 3 && t[i].rrs[j] != NULL; j++)
			push_str(l, t[i].rrs[j]);
		sgn_zonecheck_t c;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		assert_int_equal(sgn__zonecheck_evaluate(l, "example", 0, &c, &d), SGN_OK);
		assert_false(c.signed_zone);
		assert_int_equal(c.nkeys, 0);
		assert_int_equal(c.soa_serial, 42);
		if (c.signing_complete != t[i].complete || c.denial != t[i].denial)
			fail_msg("row %zu: complete %d denial %d", i, c.signing_complete, c.denial);
		ldns_rr_list_deep_free(l);
	}
}

static void test_zonecheck_evaluate_no_soa_edns(void **state)
{
	(void)state;
	ldns_rr_list *l = ldns_rr_list_new();
	push_str(l, "sub.example. 3600 IN SOA ns.example. h.example. 42 3600 600 86400 300");
	sgn_zonecheck_t c;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn__zonecheck_evaluate(l, "example.", 0, &c, &d), SGN_EDNS);
	assert_non_null(strstr(d.message, "example."));
	assert_int_equal(sgn__zonecheck_evaluate(l, "bad..name", 0, &c, &d), SGN_EINVAL);
	ldns_rr_list_deep_free(l);
}

/* Builds a check with one SEP key from a DNSKEY line, as evaluate would report it. */
static void check_from_key(sgn_zonecheck_t *c, const char *owner, const char *dnskey)
{
	ldns_rr_list *l = ldns_rr_list_new();
	push_str(l, dnskey);
	ldns_buffer *b = ldns_buffer_new(4096);
	assert_int_equal(ldns_rr_rdata2buffer_wire(b, ldns_rr_list_rr(l, 0)), LDNS_STATUS_OK);
	const uint8_t *kd = ldns_buffer_begin(b);
	size_t kl = ldns_buffer_position(b);
	uint8_t dg[64];
	size_t gl = 0;
	assert_int_equal(sgn_dnssec_ds_digest(owner, kd, kl, 2, dg, &gl), SGN_OK);
	sgn_zonecheck_key_t *k = &c->keys[c->nkeys++];
	memset(k, 0, sizeof(*k));
	k->tag = sgn_dnssec_keytag(kd, kl);
	k->flags = (uint16_t)((kd[0] << 8) | kd[1]);
	k->algorithm = kd[3];
	int n = snprintf(k->ds, sizeof(k->ds), "%s IN DS %u %u 2 ", owner, k->tag, k->algorithm);
	for (size_t i = 0; i < gl; i++)
		n += snprintf(k->ds + n, sizeof(k->ds) - (size_t)n, "%02X", dg[i]);
	ldns_buffer_free(b);
	ldns_rr_list_deep_free(l);
}

#define P256 "example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA=="
#define P384 "example.net. 3600 IN DNSKEY 257 3 14 xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40"

/* Case 008's BIND key files; zone name case does not matter; a missing tag is named. */
static void test_zonecheck_match_keyfiles_case_dir(void **state)
{
	(void)state;
	sgn_zonecheck_t c;
	memset(&c, 0, sizeof(c));
	check_from_key(&c, "example.net.", P256);
	check_from_key(&c, "example.net.", P384);
	sgn_diag_t d;
	sgn_diag_clear(&d);
	static const char *zones[] = {"example.net", "example.net.", "EXAMPLE.Net."};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(sgn_zonecheck_match_keyfiles(&c, zones[i],
							      SGN_CASES "/008-rfc6605-ecdsa-p256-p384", &d),
				 SGN_OK);
	/* 009's directory has no such files */
	assert_int_equal(sgn_zonecheck_match_keyfiles(&c, "example.net.",
						      SGN_CASES "/009-rfc8080-eddsa-erratum4935", &d),
			 SGN_EKEY);
	assert_non_null(strstr(d.message, "55648"));
	assert_non_null(strstr(d.message, "Kexample.net.+013+55648.key"));
	assert_int_equal(sgn_zonecheck_match_keyfiles(&c, "example.net.", "/nonexistent", &d),
			 SGN_EKEY);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = sgn_path_join(dir, name);
	assert_int_equal(sgn_file_write_atomic(p, text, strlen(text), 0644), SGN_OK);
	free(p);
}

/* Root key files are "K.+008+TTTTT.key"; a file with another DNSKEY under the tag fails. */
static void test_zonecheck_match_keyfiles_root_and_mismatch(void **state)
{
	(void)state;
	ldns_rr_list *l = root_apex(38696);
	sgn_zonecheck_t c;
	memset(&c, 0, sizeof(c));
	sgn_diag_t d;
	sgn_diag_clear(&d);
	char *ksk = NULL, *other = NULL;
	for (size_t i = 0; i < ldns_rr_list_rr_count(l); i++) {
		ldns_rr *rr = ldns_rr_list_rr(l, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_DNSKEY)
			*(ldns_calc_keytag(rr) == 20326 ? &ksk : &other) = ldns_rr2str(rr);
	}
	assert_non_null(ksk);
	assert_non_null(other);
	check_from_key(&c, ".", ksk);
	assert_string_equal(c.keys[0].ds, ROOT_DS_20326);
	char dir[] = "/tmp/sgn-zc-XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(sgn_zonecheck_match_keyfiles(&c, ".", dir, &d), SGN_EKEY);
	assert_non_null(strstr(d.message, "K.+008+20326.key"));

	char *text = sgn_xasprintf("; This is a key-signing key, keyid 20326, for .\n"
				   "; Created: 20170202000000\n%s", ksk);
	write_file(dir, "K.+008+20326.key", text);
	free(text);
	assert_int_equal(sgn_zonecheck_match_keyfiles(&c, ".", dir, &d), SGN_OK);

	text = sgn_xasprintf("; wrong key under the right name\n%s", other);
	write_file(dir, "K.+008+20326.key", text);
	free(text);
	sgn_diag_clear(&d);
	assert_int_equal(sgn_zonecheck_match_keyfiles(&c, ".", dir, &d), SGN_EKEY);
	assert_non_null(strstr(d.message, "20326"));
	assert_non_null(strstr(d.message, "does not match"));

	write_file(dir, "K.+008+20326.key", "garbage ( line\n");
	assert_int_equal(sgn_zonecheck_match_keyfiles(&c, ".", dir, &d), SGN_EKEY);

	free(ksk);
	free(other);
	assert_int_equal(sgn_rm_rf(dir), SGN_OK);
	ldns_rr_list_deep_free(l);
}

/* No server: connection refused on a closed port gives EDNS and names the server. */
static void test_zonecheck_run_no_server_edns(void **state)
{
	(void)state;
	sgn_zonecheck_t c;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_zonecheck_run("127.0.0.1", 1, "example.com", 0, &c, &d), SGN_EDNS);
	assert_non_null(strstr(d.message, "127.0.0.1#1"));
	assert_non_null(strstr(d.message, "DNSKEY"));
	uint32_t serial = 7;
	assert_int_equal(sgn_zonecheck_soa_serial("127.0.0.1", 1, "example.com", &serial), SGN_EDNS);
	assert_int_equal(serial, 7);
	assert_int_equal(sgn_zonecheck_run("not-an-address", 53, "example.com", 0, &c, &d),
			 SGN_EINVAL);
	assert_int_equal(sgn_zonecheck_soa_serial("127.0.0.1", 53, "a..b", &serial), SGN_EINVAL);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_zonecheck_evaluate_bind_signed_zone),
	cmocka_unit_test(test_zonecheck_verify_rrsig_root_012),
	cmocka_unit_test(test_zonecheck_evaluate_sep_not_signing_everify),
	cmocka_unit_test(test_zonecheck_evaluate_validity_window_table),
	cmocka_unit_test(test_zonecheck_evaluate_tampered_everify),
	cmocka_unit_test(test_zonecheck_verify_rrsig_ecdsa_008),
	cmocka_unit_test(test_zonecheck_signed_data_canonical),
	cmocka_unit_test(test_zonecheck_evaluate_private_and_denial_table),
	cmocka_unit_test(test_zonecheck_evaluate_no_soa_edns),
	cmocka_unit_test(test_zonecheck_match_keyfiles_case_dir),
	cmocka_unit_test(test_zonecheck_match_keyfiles_root_and_mismatch),
	cmocka_unit_test(test_zonecheck_run_no_server_edns),
};

SGN_TEST_MAIN(tests)
