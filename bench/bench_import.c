/* SPDX-License-Identifier: MIT */
/* bench_import.c -- importing a real zone (the 2026 root zone, 22k RRs): signet's
 * sgn_zonedata_import + render against `named-checkzone -i local` (the peer) on the same file. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "sgn/proc.h"
#include "sgn/util.h"
#include "sgn/zonedata.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : SGN_CASES "/021-root-zone-2026-large/root-2026082201.zone";
	const char *origin = argc > 2 ? argv[2] : ".";
	int rounds = 5;
	double ours = 0;
	size_t count = 0;
	for (int r = 0; r < rounds; r++) {
		sgn_zonedata_t *z = NULL;
		char *text = NULL;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		double t0 = now_s();
		if (sgn_zonedata_new(&z, origin, 3600) != SGN_OK || sgn_zonedata_import(z, path, &d) != SGN_OK ||
		    sgn_zonedata_render(z, &text) != SGN_OK) {
			fprintf(stderr, "import failed: %s\n", d.message);
			return 1;
		}
		ours += now_s() - t0;
		count = sgn_zonedata_count(z);
		free(text);
		sgn_zonedata_free(z);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double peer = 0;
	for (int r = 0; r < rounds; r++) {
		const char *argv2[] = {"named-checkzone", "-i", "local", "-q", origin, path, NULL};
		int st = 0;
		double t0 = now_s();
		if (sgn_proc_run(argv2, 60000, NULL, &st) != SGN_OK) {
			fprintf(stderr, "named-checkzone did not run\n");
			return 1;
		}
		peer += now_s() - t0;
	}
	printf("zone import, %zu RRs (%s), mean of %d runs\n", count, path, rounds);
	printf("  signet import+render:           %7.1f ms   (peak RSS %ld MiB)\n", ours / rounds * 1e3,
	       ru.ru_maxrss / 1024);
	printf("  named-checkzone -i local (peer): %7.1f ms\n", peer / rounds * 1e3);
	printf("  ratio signet/named-checkzone: %.2f\n", ours / peer);
	return 0;
}
