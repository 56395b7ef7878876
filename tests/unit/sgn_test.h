/* SPDX-License-Identifier: MIT */
/* sgn_test.h -- cmocka includes and a main that runs one case when SGN_ONLY is set. */
#ifndef SGN_TEST_H
#define SGN_TEST_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#define SGN_TEST_MAIN(tests)                                              \
	int main(void)                                                    \
	{                                                                 \
		const char *only = getenv("SGN_ONLY");                     \
		if (only != NULL && only[0] != '\0')                      \
			cmocka_set_test_filter(only);                     \
		return cmocka_run_group_tests(tests, NULL, NULL);         \
	}
#endif
