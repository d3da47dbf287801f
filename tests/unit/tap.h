/* TAP output for the event unit tests: "ok N - desc" / "not ok N - desc",
 * then the plan. Each test program includes this once. */
#ifndef CHR_TEST_TAP_H
#define CHR_TEST_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void ok(int cond, const char *desc)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, desc);
}

static inline void is_str(const char *got, const char *want, const char *desc)
{
	int cond = got && want ? strcmp(got, want) == 0 : got == want;
	ok(cond, desc);
	if (!cond)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)", want ? want : "(null)");
}

static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
