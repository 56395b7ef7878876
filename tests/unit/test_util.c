/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgn/err.h"
#include "sgn/proc.h"
#include "sgn/util.h"

static void test_file_write_atomic_mode_and_content(void **state)
{
	(void)state;
	char dir[] = "/tmp/sgn-util-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = sgn_path_join(dir, "f");
	assert_int_equal(sgn_file_write_atomic(path, "hello", 5, 0600), SGN_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *data = NULL;
	size_t len = 0;
	assert_int_equal(sgn_file_read(path, &data, &len), SGN_OK);
	assert_int_equal(len, 5);
	assert_string_equal(data, "hello");
	free(data);
	free(path);
	assert_int_equal(sgn_rm_rf(dir), SGN_OK);
	assert_false(sgn_file_exists(dir));
}

static void test_file_read_missing_is_enoent(void **state)
{
	(void)state;
	char *data = NULL;
	assert_int_equal(sgn_file_read("/nonexistent/x", &data, NULL), SGN_ENOENT);
	assert_null(data);
}

static void test_proc_run_captures_output_and_status(void **state)
{
	(void)state;
	const char *argv[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	char *out = NULL;
	int status = -1;
	assert_int_equal(sgn_proc_run(argv, 5000, &out, &status), SGN_OK);
	assert_int_equal(status, 3);
	assert_non_null(strstr(out, "out"));
	assert_non_null(strstr(out, "err"));
	free(out);
}

static void test_proc_run_times_out(void **state)
{
	(void)state;
	const char *argv[] = {"sleep", "5", NULL};
	int status = 0;
	assert_int_equal(sgn_proc_run(argv, 200, NULL, &status), SGN_ETIMEOUT);
}

static void test_diag_format_names_everything(void **state)
{
	(void)state;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	sgn_diag_at(&d, "a.yaml", 7, "DNSZone default/x", "spec.zoneName");
	sgn_diag_msg(&d, "required field missing");
	char buf[2048];
	sgn_diag_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "a.yaml:7: DNSZone default/x: spec.zoneName: required field missing");
}

int main(void);
/* --at times: both spellings, and never a date the calendar does not have (strptime
 * takes Feb 30 and timegm would quietly make it March 2, a time in the past). */
static void test_time_parse_real_dates_only(void **state)
{
	(void)state;
	time_t t = 0;
	assert_true(sgn_time_parse("2026-12-04T10:00:00Z", &t));
	assert_int_equal((long long)t, 1796378400LL);
	assert_true(sgn_time_parse("20261204100000", &t));
	assert_int_equal((long long)t, 1796378400LL);
	assert_true(sgn_time_parse("2028-02-29T00:00:00Z", &t));
	assert_false(sgn_time_parse("2026-02-30T10:00:00Z", &t));
	assert_false(sgn_time_parse("2027-02-29T00:00:00Z", &t));
	assert_false(sgn_time_parse("2026-13-45T99:00:00Z", &t));
	assert_false(sgn_time_parse("20260230100000", &t));
	assert_false(sgn_time_parse("tomorrow", &t));
	assert_false(sgn_time_parse("2026-12-04T10:00:00", &t));
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_file_write_atomic_mode_and_content),
	cmocka_unit_test(test_file_read_missing_is_enoent),
	cmocka_unit_test(test_proc_run_captures_output_and_status),
	cmocka_unit_test(test_proc_run_times_out),
	cmocka_unit_test(test_diag_format_names_everything),
	cmocka_unit_test(test_time_parse_real_dates_only),
};
SGN_TEST_MAIN(tests)
