/* SPDX-License-Identifier: MIT */
/* duration.h -- BIND durations: ISO 8601 (P1Y2M3W4DT5H6M7S), TTL style (1w2d3h), seconds, "unlimited". */
#ifndef SGN_DURATION_H
#define SGN_DURATION_H

#include <stdbool.h>
#include <stdint.h>

/* BIND's units: Y = 365 days, M (month) = 30 days, W = 7 days. */
#define SGN_DURATION_UNLIMITED UINT64_MAX

/*
 * Parses text into seconds. "unlimited" is accepted only when allow_unlimited
 * (key lifetimes) and gives SGN_DURATION_UNLIMITED.
 * \retval SGN_OK, SGN_EPARSE (empty, unknown unit, overflow, junk)
 */
int sgn_duration_parse(const char *text, bool allow_unlimited, uint64_t *seconds);

/* Short human form ("365d", "1h30m", "unlimited") into buf. */
void sgn_duration_format(uint64_t seconds, char *buf, unsigned long len);

#endif
