/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>

#include "sgn/duration.h"
#include "sgn/err.h"

static void test_duration_parse_iso8601(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		uint64_t want;
	} cases[] = {
		{"P1Y", 31536000},	   {"P3M", 3 * 30 * 86400ULL}, {"P2W", 14 * 86400},
		{"PT1H30M", 5400},	   {"P1DT2H", 93600},	       {"P90D", 90 * 86400},
		{"PT1S", 1},		   {"pt5m", 300},	       {"P1Y2M3W4DT5H6M7S", 31536000 + 2 * 30 * 86400ULL + 3 * 7 * 86400 + 4 * 86400 + 5 * 3600 + 6 * 60 + 7},
		{"P0D", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t got = 12345;
		int rc = sgn_duration_parse(cases[i].text, false, &got);
		if (rc != SGN_OK || got != cases[i].want)
			fail_msg("%s: rc %d got %llu want %llu", cases[i].text, rc,
				 (unsigned long long)got, (unsigned long long)cases[i].want);
	}
}

static void test_duration_parse_ttl_style(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		uint64_t want;
	} cases[] = {
		{"90d", 90 * 86400}, {"1w2d3h", 7 * 86400 + 2 * 86400 + 3 * 3600},
		{"3600", 3600},	     {"0", 0},
		{"1h30m", 5400},     {"12H", 43200},
		{"45s", 45},	     {"1y", 31536000},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t got = 12345;
		int rc = sgn_duration_parse(cases[i].text, false, &got);
		if (rc != SGN_OK || got != cases[i].want)
			fail_msg("%s: rc %d got %llu want %llu", cases[i].text, rc,
				 (unsigned long long)got, (unsigned long long)cases[i].want);
	}
}

static void test_duration_parse_unlimited_only_when_allowed(void **state)
{
	(void)state;
	uint64_t got = 0;
	assert_int_equal(sgn_duration_parse("unlimited", true, &got), SGN_OK);
	assert_true(got == SGN_DURATION_UNLIMITED);
	assert_int_equal(sgn_duration_parse("UNLIMITED", true, &got), SGN_OK);
	got = 7;
	assert_int_equal(sgn_duration_parse("unlimited", false, &got), SGN_EPARSE);
	assert_int_equal(got, 7);
}

static void test_duration_parse_rejects_bad_input(void **state)
{
	(void)state;
	static const char *bad[] = {
		"",	  "P",	 "1x", "PT", "P1H", "P1S", "P1", "d", "h1",
		"-1", " 1d", "1d ", "1.5h", "Pabc",
		"4294967295", /* BIND durations are 32-bit */
		"99999999999999999999999", "P99999999999999999Y", "unlimitedx",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t got = 42;
		int rc = sgn_duration_parse(bad[i], true, &got);
		if (rc != SGN_EPARSE || got != 42)
			fail_msg("\"%s\": rc %d got %llu, want SGN_EPARSE and no output", bad[i], rc,
				 (unsigned long long)got);
	}
	uint64_t got = 0;
	assert_int_equal(sgn_duration_parse(NULL, true, &got), SGN_EPARSE);
	assert_int_equal(sgn_duration_parse("4294967294", false, &got), SGN_OK);
	assert_true(got == 4294967294ULL);
}

static void test_duration_format_short_form(void **state)
{
	(void)state;
	static const struct {
		uint64_t secs;
		const char *want;
	} cases[] = {
		{0, "0s"},	       {1, "1s"},	     {60, "1m"},	 {5400, "1h30m"},
		{86400, "1d"},	       {31536000, "365d"},   {93784, "1d2h3m4s"},
		{SGN_DURATION_UNLIMITED, "unlimited"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[32];
		sgn_duration_format(cases[i].secs, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
		/* and it parses back */
		uint64_t back = 0;
		assert_int_equal(sgn_duration_parse(buf, true, &back), SGN_OK);
		assert_true(back == cases[i].secs);
	}
}

static void test_duration_format_truncates_safely(void **state)
{
	(void)state;
	char buf[4];
	sgn_duration_format(93784, buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf));
}

int main(void);
static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_duration_parse_iso8601),
	cmocka_unit_test(test_duration_parse_ttl_style),
	cmocka_unit_test(test_duration_parse_unlimited_only_when_allowed),
	cmocka_unit_test(test_duration_parse_rejects_bad_input),
	cmocka_unit_test(test_duration_format_short_form),
	cmocka_unit_test(test_duration_format_truncates_safely),
};
SGN_TEST_MAIN(tests)
