/* error.c: a message set and prefixed, the code returned with or without
 * an error structure, yd_xstrndup. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/error.h"

static void test_error(void)
{
	struct yd_error e = {0};
	CHECK_INT(yd_error_set(&e, YD_EINPUT, "fine '%s'", "12,3O"), YD_EINPUT);
	CHECK_INT(e.code, YD_EINPUT);
	yd_error_prefix(&e, "%s:%d", "cases.csv", 42);
	CHECK_STR(e.msg, "cases.csv:42: fine '12,3O'");
	/* no error structure: the code alone */
	CHECK_INT(yd_error_set(NULL, YD_EDB, "x"), YD_EDB);
	char *d = yd_xstrndup("abcdef", 3);
	CHECK_STR(d, "abc");
	free(d);
}

int main(void)
{
	RUN(test_error);
	return t_report("error");
}
