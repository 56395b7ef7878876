/* SPDX-License-Identifier: MIT */
/* duration.c -- parsing and printing of BIND duration values. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sgn/duration.h"
#include "sgn/err.h"

static uint64_t unit_seconds(char unit, bool time_part)
{
	switch (toupper((unsigned char)unit)) {
	case 'Y':
		return 365ULL * 86400;
	case 'M':
		return time_part ? 60 : 30ULL * 86400;
	case 'W':
		return 7ULL * 86400;
	case 'D':
		return 86400;
	case 'H':
		return 3600;
	case 'S':
		return 1;
	default:
		return 0;
	}
}

/* Sums "<digits><unit>" groups; in_time selects M = minutes (TTL style is always time). */
static int sum_groups(const char *p, bool iso, uint64_t *out)
{
	uint64_t total = 0;
	bool time_part = !iso, any = false;
	while (*p != '\0') {
		if (iso && (*p == 'T' || *p == 't') && !time_part) {
			time_part = true;
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return SGN_EPARSE;
		uint64_t n = 0;
		while (isdigit((unsigned char)*p)) {
			if (n > (UINT64_MAX - 9) / 10)
				return SGN_EPARSE;
			n = n * 10 + (uint64_t)(*p++ - '0');
		}
		uint64_t unit = *p == '\0' && !iso ? 1 : unit_seconds(*p, time_part);
		if (unit == 0 || (iso && !time_part && (*p == 'H' || *p == 'S' || *p == 'h' || *p == 's')))
			return SGN_EPARSE;
		if (*p != '\0')
			p++;
		if (n != 0 && unit > UINT64_MAX / n)
			return SGN_EPARSE;
		if (total > UINT64_MAX - n * unit)
			return SGN_EPARSE;
		total += n * unit;
		any = true;
	}
	if (!any || total >= UINT32_MAX)
		return SGN_EPARSE;
	*out = total;
	return SGN_OK;
}

int sgn_duration_parse(const char *text, bool allow_unlimited, uint64_t *seconds)
{
	if (text == NULL || text[0] == '\0')
		return SGN_EPARSE;
	if (strcasecmp(text, "unlimited") == 0) {
		if (!allow_unlimited)
			return SGN_EPARSE;
		*seconds = SGN_DURATION_UNLIMITED;
		return SGN_OK;
	}
	if (text[0] == 'P' || text[0] == 'p')
		return sum_groups(text + 1, true, seconds);
	return sum_groups(text, false, seconds);
}

void sgn_duration_format(uint64_t s, char *buf, unsigned long len)
{
	if (s == SGN_DURATION_UNLIMITED) {
		snprintf(buf, len, "unlimited");
		return;
	}
	static const struct {
		uint64_t secs;
		char unit;
	} units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < 4 && off < len; i++) {
		if (s >= units[i].secs) {
			int n = snprintf(buf + off, len - off, "%llu%c",
					 (unsigned long long)(s / units[i].secs), units[i].unit);
			if (n > 0)
				off += (size_t)n;
			s %= units[i].secs;
		}
	}
	if (off == 0)
		snprintf(buf, len, "0s");
}
