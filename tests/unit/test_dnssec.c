/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h> /* only to prove the error queue is left empty */

#include "sgn/dnssec.h"
#include "sgn/err.h"
#include "sgn/util.h"
#include "zonecheck_internal.h"

/* All RRs of a zone-file-like text file (comments, parentheses, $TTL). */
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

static size_t rdata(const ldns_rr *rr, uint8_t *out, size_t cap)
{
	ldns_buffer *b = ldns_buffer_new(4096);
	assert_int_equal(ldns_rr_rdata2buffer_wire(b, rr), LDNS_STATUS_OK);
	size_t n = ldns_buffer_position(b);
	assert_true(n <= cap);
	memcpy(out, ldns_buffer_begin(b), n);
	ldns_buffer_free(b);
	return n;
}

static ldns_rr *rr_from_str(const char *s)
{
	ldns_rr *rr = NULL;
	if (ldns_rr_new_frm_str(&rr, s, 3600, NULL, NULL) != LDNS_STATUS_OK)
		fail_msg("cannot parse: %s", s);
	return rr;
}

static void test_dnssec_alg_from_name_table(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int ret;
		uint8_t alg;
		int supported;
	} t[] = {
		{"RSAMD5", SGN_OK, 1, 0},          {"DSA", SGN_OK, 3, 0},
		{"RSASHA1", SGN_OK, 5, 0},         {"NSEC3DSA", SGN_OK, 6, 0},
		{"RSASHA1-NSEC3-SHA1", SGN_OK, 7, 0}, {"NSEC3RSASHA1", SGN_OK, 7, 0},
		{"RSASHA256", SGN_OK, 8, 1},       {"rsasha512", SGN_OK, 10, 1},
		{"ECCGOST", SGN_OK, 12, 0},        {"ECDSAP256SHA256", SGN_OK, 13, 1},
		{"ecdsap384sha384", SGN_OK, 14, 1}, {"Ed25519", SGN_OK, 15, 1},
		{"ED448", SGN_OK, 16, 1},          {"RSASHA384", SGN_ENOTFOUND, 0, 0},
		{"", SGN_ENOTFOUND, 0, 0},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t alg = 0;
		assert_int_equal(sgn_dnssec_alg_from_name(t[i].name, &alg), t[i].ret);
		if (t[i].ret != SGN_OK)
			continue;
		assert_int_equal(alg, t[i].alg);
		assert_int_equal(sgn_dnssec_alg_supported(alg), t[i].supported);
		assert_true(strcasecmp(sgn_dnssec_alg_name(alg), t[i].name) == 0 || alg == 7);
		if (t[i].supported)
			assert_non_null(strstr(sgn_dnssec_alg_list(), sgn_dnssec_alg_name(alg)));
	}
	assert_int_equal(sgn_dnssec_alg_from_name(NULL, &(uint8_t){0}), SGN_ENOTFOUND);
}

static void test_dnssec_alg_name_unknown_is_null(void **state)
{
	(void)state;
	static const uint8_t unknown[] = {0, 2, 4, 9, 11, 17, 252, 253, 255};
	for (size_t i = 0; i < sizeof(unknown); i++) {
		assert_null(sgn_dnssec_alg_name(unknown[i]));
		assert_int_equal(sgn_dnssec_alg_supported(unknown[i]), 0);
	}
	assert_string_equal(sgn_dnssec_alg_name(7), "RSASHA1-NSEC3-SHA1");
	assert_string_equal(sgn_dnssec_alg_name(13), "ECDSAP256SHA256");
}

/* Case 001: every line "RR ; keytag=N ; source". */
static void test_dnssec_keytag_vectors_001(void **state)
{
	(void)state;
	char *text = NULL;
	assert_int_equal(sgn_file_read(SGN_CASES "/001-rfc4034-keytag-algorithm/keytag-vectors.txt",
				       &text, NULL),
			 SGN_OK);
	int n = 0;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *kt = strstr(line, "; keytag=");
		if (line[0] == ';' || kt == NULL)
			continue;
		unsigned want = (unsigned)strtoul(kt + 9, NULL, 10);
		*kt = '\0';
		ldns_rr *rr = rr_from_str(line);
		uint8_t rd[2048];
		size_t len = rdata(rr, rd, sizeof(rd));
		if (sgn_dnssec_keytag(rd, len) != want)
			fail_msg("line %d: tag %u, want %u", n + 1, sgn_dnssec_keytag(rd, len), want);
		ldns_rr_free(rr);
		n++;
	}
	assert_int_equal(n, 19);
	free(text);
}

/* Case 052: the tag covers flags/protocol/algorithm too. */
static void test_dnssec_keytag_flags_change_052(void **state)
{
	(void)state;
	ldns_rr_list *l = load_rrs(SGN_CASES "/052-bug-keytag-over-pubkey-only/Kexample.net.+013+55648.key");
	assert_int_equal(ldns_rr_list_rr_count(l), 1);
	uint8_t rd[256];
	size_t len = rdata(ldns_rr_list_rr(l, 0), rd, sizeof(rd));
	static const struct {
		uint16_t flags;
		uint16_t tag;
	} t[] = {{257, 55648}, {256, 55647}, {385, 55776}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rd[0] = (uint8_t)(t[i].flags >> 8);
		rd[1] = (uint8_t)t[i].flags;
		assert_int_equal(sgn_dnssec_keytag(rd, len), t[i].tag);
	}
	/* The bug computed 54610 over the public key alone; the tag must never be that. */
	rd[0] = 1, rd[1] = 1;
	assert_int_not_equal(sgn_dnssec_keytag(rd, len), 54610);
	assert_int_equal(sgn_dnssec_keytag(rd, 3), 0); /* too short */
	ldns_rr_list_deep_free(l);
}

/* Checks every DS in list against the DNSKEY of owner that precedes it (or key). */
static int check_ds_list(const ldns_rr_list *l, const ldns_rr *fixed_key, const char *owner_override)
{
	const ldns_rr *key = fixed_key;
	int n = 0;
	for (size_t i = 0; i < ldns_rr_list_rr_count(l); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(l, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_DNSKEY && fixed_key == NULL)
			key = rr;
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DS)
			continue;
		assert_non_null(key);
		uint8_t kd[2048], dd[128], dg[64];
		size_t kl = rdata(key, kd, sizeof(kd)), dl = rdata(rr, dd, sizeof(dd)), gl = 0;
		char *owner = ldns_rdf2str(ldns_rr_owner(key));
		assert_int_equal(sgn_dnssec_ds_digest(owner_override ? owner_override : owner, kd, kl,
						      dd[3], dg, &gl),
				 SGN_OK);
		free(owner);
		assert_int_equal(sgn_dnssec_keytag(kd, kl), (dd[0] << 8) | dd[1]);
		assert_int_equal(kd[3], dd[2]);
		assert_int_equal(gl, dl - 4);
		assert_memory_equal(dg, dd + 4, gl);
		n++;
	}
	return n;
}

static void test_dnssec_ds_digest_vectors_002(void **state)
{
	(void)state;
	ldns_rr_list *k = load_rrs(SGN_CASES "/002-rfc4034-4509-ds-dskey/dskey.example.com.key");
	ldns_rr_list *e = load_rrs(SGN_CASES "/002-rfc4034-4509-ds-dskey/expected-ds.txt");
	assert_int_equal(check_ds_list(e, ldns_rr_list_rr(k, 0), NULL), 3); /* types 1, 2, 4 */
	ldns_rr_list *m = load_rrs(SGN_CASES "/002-rfc4034-4509-ds-dskey/more-ds-vectors.txt");
	assert_int_equal(check_ds_list(m, NULL, NULL), 8);
	ldns_rr_list_deep_free(k);
	ldns_rr_list_deep_free(e);
	ldns_rr_list_deep_free(m);
}

/* Case 051: an upper-case owner gives the same digests as the lower-case one. */
static void test_dnssec_ds_digest_upper_owner_051(void **state)
{
	(void)state;
	ldns_rr_list *k = load_rrs(SGN_CASES "/051-bug-ds-owner-case/DSKEY.EXAMPLE.COM.key");
	ldns_rr_list *e = load_rrs(SGN_CASES "/002-rfc4034-4509-ds-dskey/expected-ds.txt");
	static const char *owners[] = {"DSKEY.EXAMPLE.COM.", "DsKey.Example.Com", "dskey.example.com"};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(check_ds_list(e, ldns_rr_list_rr(k, 0), owners[i]), 3);
	/* and never the buggy digest */
	uint8_t kd[512], dg[64];
	size_t kl = rdata(ldns_rr_list_rr(k, 0), kd, sizeof(kd)), gl = 0;
	static const uint8_t bad1[] = {0x9B, 0x64, 0x2E, 0x3C};
	assert_int_equal(sgn_dnssec_ds_digest("DSKEY.EXAMPLE.COM.", kd, kl, 1, dg, &gl), SGN_OK);
	assert_int_equal(gl, 20);
	assert_memory_not_equal(dg, bad1, sizeof(bad1));
	ldns_rr_list_deep_free(k);
	ldns_rr_list_deep_free(e);
}

/* Case 012: root owner "." is the single zero octet. */
static void test_dnssec_ds_digest_root_012(void **state)
{
	(void)state;
	ldns_rr_list *l = load_rrs(SGN_CASES "/012-root-trust-anchors/root-apex-2026082201.zone");
	static const struct {
		uint16_t tag;
		const char *hex;
	} want[] = {
		{57780, "7B3102FC8E77EF0A7F16D7F2DF3661802F77D18E8DA76268326EFD9DDEB57F13"},
		{20326, "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"},
		{38696, "683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"},
	};
	int found = 0;
	for (size_t i = 0; i < ldns_rr_list_rr_count(l); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(l, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DNSKEY)
			continue;
		uint8_t kd[1024], dg[64];
		size_t kl = rdata(rr, kd, sizeof(kd)), gl = 0;
		char hex[129];
		assert_int_equal(sgn_dnssec_ds_digest(".", kd, kl, 2, dg, &gl), SGN_OK);
		for (size_t j = 0; j < gl; j++)
			snprintf(hex + 2 * j, 3, "%02X", dg[j]);
		for (size_t w = 0; w < 3; w++) {
			if (want[w].tag != sgn_dnssec_keytag(kd, kl))
				continue;
			assert_string_equal(hex, want[w].hex);
			found++;
		}
	}
	assert_int_equal(found, 3);
	ldns_rr_list_deep_free(l);
}

static void test_dnssec_ds_digest_bad_input_einval(void **state)
{
	(void)state;
	static const uint8_t kd[] = {1, 1, 3, 13, 0xaa, 0xbb};
	uint8_t dg[64];
	size_t gl = 0;
	static const struct {
		const char *owner;
		uint8_t dtype;
	} t[] = {{"example.com.", 3}, {"example.com.", 0}, {"a..b.", 2}, {"", 2},
		 {"a\\", 2}, {"\\999.com", 2},
		 {"0123456789012345678901234567890123456789012345678901234567890123.com", 2}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(sgn_dnssec_ds_digest(t[i].owner, kd, sizeof(kd), t[i].dtype, dg, &gl),
				 SGN_EINVAL);
	/* escapes are fine: \065 is 'A', folded to 'a' */
	uint8_t d1[64], d2[64];
	size_t l1 = 0, l2 = 0;
	assert_int_equal(sgn_dnssec_ds_digest("\\065b.", kd, sizeof(kd), 2, d1, &l1), SGN_OK);
	assert_int_equal(sgn_dnssec_ds_digest("ab", kd, sizeof(kd), 2, d2, &l2), SGN_OK);
	assert_memory_equal(d1, d2, 32);
}

typedef struct sig_vector {
	const char *dir;
	const char *files[4];
	int ok;   /* RRSIGs that must verify */
	int fail; /* RRSIGs that must not (labels > owner labels) */
} sig_vector_t;

static const sig_vector_t sig_vectors[] = {
	{"007-rfc5702-rsasha256-rsasha512",
	 {"expected-rrsig.txt", "example.net.zone", "Kexample.net.+008+09033.key",
	  "Kexample.net.+010+03740.key"},
	 2, 0},
	{"008-rfc6605-ecdsa-p256-p384", {"example.net.signed-fragment.txt"}, 2, 0},
	{"009-rfc8080-eddsa-erratum4935",
	 {"expected-rrsig.txt", "example.com.zone", "Kexample.com.+015+03613.key",
	  "Kexample.com.+015+35217.key"},
	 4, 4},
	{"012-root-trust-anchors", {"root-apex-2026082201.zone"}, 2, 0},
};

/* Verifies every RRSIG in a case directory with sgn_dnssec_verify, then flips bytes. */
static void test_dnssec_verify_vectors(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof(sig_vectors) / sizeof(sig_vectors[0]); v++) {
		const sig_vector_t *sv = &sig_vectors[v];
		ldns_rr_list *all = ldns_rr_list_new();
		for (size_t f = 0; f < 4 && sv->files[f] != NULL; f++) {
			char *p = sgn_xasprintf("%s/%s/%s", SGN_CASES, sv->dir, sv->files[f]);
			ldns_rr_list *l = load_rrs(p);
			ldns_rr_list_push_rr_list(all, l);
			ldns_rr_list_free(l);
			free(p);
		}
		if (strncmp(sv->dir, "009", 3) == 0) { /* Ed448 keys share the directory */
			for (size_t f = 0; f < 2; f++) {
				char *p = sgn_xasprintf("%s/%s/Kexample.com.+016+%s.key", SGN_CASES,
							sv->dir, f == 0 ? "09713" : "38353");
				ldns_rr_list *l = load_rrs(p);
				ldns_rr_list_push_rr_list(all, l);
				ldns_rr_list_free(l);
				free(p);
			}
		}
		int ok = 0, bad = 0;
		for (size_t i = 0; i < ldns_rr_list_rr_count(all); i++) {
			ldns_rr *sig = ldns_rr_list_rr(all, i);
			if (ldns_rr_get_type(sig) != LDNS_RR_TYPE_RRSIG)
				continue;
			ldns_rr_type cov = ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(sig));
			ldns_rr_list *set = ldns_rr_list_new();
			ldns_rr *key = NULL;
			for (size_t j = 0; j < ldns_rr_list_rr_count(all); j++) {
				ldns_rr *rr = ldns_rr_list_rr(all, j);
				if (ldns_rr_get_type(rr) == cov &&
				    ldns_dname_compare(ldns_rr_owner(rr), ldns_rr_owner(sig)) == 0) {
					/* same RR may appear in two files: keep one copy */
					bool dup = false;
					for (size_t k = 0; k < ldns_rr_list_rr_count(set); k++)
						dup |= ldns_rr_compare(ldns_rr_list_rr(set, k), rr) == 0;
					if (!dup)
						ldns_rr_list_push_rr(set, rr);
				}
				uint8_t kd[1024];
				if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_DNSKEY) {
					size_t kl = rdata(rr, kd, sizeof(kd));
					if (sgn_dnssec_keytag(kd, kl) ==
					    ldns_rdf2native_int16(ldns_rr_rrsig_keytag(sig)) &&
					    kd[3] == ldns_rdf2native_int8(ldns_rr_rrsig_algorithm(sig)))
						key = rr;
				}
			}
			assert_non_null(key);
			sgn_buf_t data;
			sgn_buf_init(&data);
			int r = sgn__zonecheck_signed_data(set, sig, &data);
			uint8_t kd[1024], sg[1024];
			size_t kl = rdata(key, kd, sizeof(kd));
			const ldns_rdf *s = ldns_rr_rrsig_sig(sig);
			size_t sl = ldns_rdf_size(s);
			memcpy(sg, ldns_rdf_data(s), sl);
			if (r == SGN_OK &&
			    sgn_dnssec_verify(kd, kl, (uint8_t *)data.data, data.len, sg, sl) == SGN_OK) {
				ok++;
				/* negative: flipped signature byte, flipped data byte */
				sg[sl / 2] ^= 0x01;
				assert_int_equal(sgn_dnssec_verify(kd, kl, (uint8_t *)data.data,
								   data.len, sg, sl),
						 SGN_EVERIFY);
				sg[sl / 2] ^= 0x01;
				data.data[data.len - 1] ^= 0x01;
				assert_int_equal(sgn_dnssec_verify(kd, kl, (uint8_t *)data.data,
								   data.len, sg, sl),
						 SGN_EVERIFY);
				/* truncated signature */
				assert_int_equal(sgn_dnssec_verify(kd, kl, (uint8_t *)data.data,
								   data.len, sg, sl - 1),
						 SGN_EVERIFY);
				assert_int_equal(ERR_peek_error(), 0);
			} else {
				bad++;
			}
			sgn_buf_clear(&data);
			ldns_rr_list_free(set);
		}
		if (ok != sv->ok || bad != sv->fail)
			fail_msg("case %s: %d verified, %d failed; want %d and %d", sv->dir, ok, bad,
				 sv->ok, sv->fail);
		ldns_rr_list_deep_free(all);
	}
}

static void test_dnssec_verify_unknown_alg_unsupported(void **state)
{
	(void)state;
	static const uint8_t algs[] = {1, 3, 5, 6, 7, 12, 200};
	uint8_t kd[68] = {1, 1, 3, 0};
	static const uint8_t sig[64] = {0};
	for (size_t i = 0; i < sizeof(algs); i++) {
		kd[3] = algs[i];
		assert_int_equal(sgn_dnssec_verify(kd, sizeof(kd), (const uint8_t *)"x", 1, sig,
						   sizeof(sig)),
				 SGN_EUNSUPPORTED);
	}
}

static void test_dnssec_verify_malformed_key_einval(void **state)
{
	(void)state;
	static const struct {
		uint8_t alg;
		size_t keylen;
	} t[] = {{13, 63}, {14, 64}, {15, 31}, {16, 32}, {8, 0}, {8, 1}};
	uint8_t kd[4 + 128];
	uint8_t sig[114] = {0};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(kd, 0x11, sizeof(kd));
		kd[0] = 1, kd[1] = 1, kd[2] = 3, kd[3] = t[i].alg;
		assert_int_equal(sgn_dnssec_verify(kd, 4 + t[i].keylen, (const uint8_t *)"x", 1, sig,
						   sizeof(sig)),
				 SGN_EINVAL);
	}
	assert_int_equal(sgn_dnssec_verify(kd, 3, (const uint8_t *)"x", 1, sig, 64), SGN_EINVAL);
	assert_int_equal(ERR_peek_error(), 0);
}

/* An ECDSA key that is not a point on the curve: OpenSSL refuses, queue drained. */
static void test_dnssec_verify_bad_point_ecrypto(void **state)
{
	(void)state;
	uint8_t kd[4 + 64];
	uint8_t sig[64];
	memset(kd, 0x01, sizeof(kd));
	memset(sig, 0x01, sizeof(sig));
	kd[2] = 3, kd[3] = 13;
	int r = sgn_dnssec_verify(kd, sizeof(kd), (const uint8_t *)"x", 1, sig, sizeof(sig));
	assert_true(r == SGN_ECRYPTO || r == SGN_EVERIFY);
	assert_int_equal(ERR_peek_error(), 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_dnssec_alg_from_name_table),
	cmocka_unit_test(test_dnssec_alg_name_unknown_is_null),
	cmocka_unit_test(test_dnssec_keytag_vectors_001),
	cmocka_unit_test(test_dnssec_keytag_flags_change_052),
	cmocka_unit_test(test_dnssec_ds_digest_vectors_002),
	cmocka_unit_test(test_dnssec_ds_digest_upper_owner_051),
	cmocka_unit_test(test_dnssec_ds_digest_root_012),
	cmocka_unit_test(test_dnssec_ds_digest_bad_input_einval),
	cmocka_unit_test(test_dnssec_verify_vectors),
	cmocka_unit_test(test_dnssec_verify_unknown_alg_unsupported),
	cmocka_unit_test(test_dnssec_verify_malformed_key_einval),
	cmocka_unit_test(test_dnssec_verify_bad_point_ecrypto),
};

SGN_TEST_MAIN(tests)
