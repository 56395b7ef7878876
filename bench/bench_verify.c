/* SPDX-License-Identifier: MIT */
/* bench_verify.c -- RRSIG verification: signet's own path (canonical data + OpenSSL
 * EVP) against ldns's ldns_verify_rrsig (the peer), over every RRSIG of a signed zone. */
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sgn/util.h"
#include "zonecheck_internal.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The RRset (same owner and type) an RRSIG covers. */
static ldns_rr_list *covered(const ldns_rr_list *all, const ldns_rr *sig)
{
	ldns_rr_list *set = ldns_rr_list_new();
	ldns_rr_type t = ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(sig));
	for (size_t i = 0; i < ldns_rr_list_rr_count(all); i++) {
		ldns_rr *rr = ldns_rr_list_rr(all, i);
		if (ldns_rr_get_type(rr) == t &&
		    ldns_dname_compare(ldns_rr_owner(rr), ldns_rr_owner(sig)) == 0)
			ldns_rr_list_push_rr(set, rr);
	}
	return set;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : SGN_TEST_DATA "/zonecheck/example.db.signed";
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	FILE *f = fopen(path, "r");
	ldns_zone *z = NULL;
	if (f == NULL || ldns_zone_new_frm_fp(&z, f, NULL, 0, LDNS_RR_CLASS_IN) != LDNS_STATUS_OK) {
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	fclose(f);
	ldns_rr_list *all = ldns_rr_list_clone(ldns_zone_rrs(z));
	ldns_rr_list_push_rr(all, ldns_rr_clone(ldns_zone_soa(z)));
	ldns_rr_list *keys = ldns_rr_list_new(), *sigs = ldns_rr_list_new();
	for (size_t i = 0; i < ldns_rr_list_rr_count(all); i++) {
		ldns_rr *rr = ldns_rr_list_rr(all, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_DNSKEY)
			ldns_rr_list_push_rr(keys, rr);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_RRSIG)
			ldns_rr_list_push_rr(sigs, rr);
	}
	ldns_rdf *origin = ldns_rdf_clone(ldns_rr_owner(ldns_zone_soa(z)));
	/* inside the validity window of the vector (2024-2034) */
	time_t at = 1900000000;
	size_t nsig = ldns_rr_list_rr_count(sigs), ok_ours = 0, ok_ldns = 0;
	double t0 = now_s();
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < nsig; i++) {
			ldns_rr *sig = ldns_rr_list_rr(sigs, i);
			ldns_rr_list *set = covered(all, sig);
			for (size_t k = 0; k < ldns_rr_list_rr_count(keys); k++)
				if (sgn__zonecheck_verify_rrsig(set, sig, ldns_rr_list_rr(keys, k), origin, at, NULL) == SGN_OK) {
					ok_ours++;
					break;
				}
			ldns_rr_list_free(set);
		}
	double ours = now_s() - t0;
	t0 = now_s();
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < nsig; i++) {
			ldns_rr *sig = ldns_rr_list_rr(sigs, i);
			ldns_rr_list *set = covered(all, sig);
			ldns_rr_list *good = ldns_rr_list_new();
			if (ldns_verify_rrsig_keylist_time(set, sig, keys, at, good) == LDNS_STATUS_OK)
				ok_ldns++;
			ldns_rr_list_free(good);
			ldns_rr_list_free(set);
		}
	double peer = now_s() - t0;
	size_t n = nsig * (size_t)rounds;
	printf("RRSIG verification, %zu signatures x %d rounds (%s)\n", nsig, rounds, path);
	printf("  signet (canonical data + EVP): %8.1f us/sig  %8.0f sig/s  verified %zu/%zu\n",
	       ours / (double)n * 1e6, (double)n / ours, ok_ours, n);
	printf("  ldns ldns_verify_rrsig (peer): %8.1f us/sig  %8.0f sig/s  verified %zu/%zu\n",
	       peer / (double)n * 1e6, (double)n / peer, ok_ldns, n);
	printf("  ratio signet/ldns time: %.2f\n", ours / peer);
	ldns_rdf_deep_free(origin);
	ldns_rr_list_free(keys);
	ldns_rr_list_free(sigs);
	ldns_rr_list_deep_free(all);
	ldns_zone_deep_free(z);
	return ok_ours == n && ok_ldns == n ? 0 : 1;
}
