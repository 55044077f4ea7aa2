/* lazy: the on-demand loader (issue 22.4).  A library found is loaded once
 * and its functions called through the stubs; a missing library or function
 * is an error naming it, its package and what needed it, never a crash. */
#include <math.h>
#include <string.h>

#include "t.h"
#include "youdu/error.h"
#include "youdu/lazy.h"

static void test_missing(void)
{
	static const char *const names[] = {"cos"};
	yd_lazy_fn_t fn[1] = {0};
	struct yd_lazy_lib none = {"libyoudu-none.so.9", "youdu-none", "testing", names, fn, 1, 0};
	struct yd_error err = {0};
	CHECK_INT(yd_lazy_load(&none, &err), YD_ETOOL);
	CHECK(strstr(err.msg, "testing needs libyoudu-none.so.9 (apt-get install youdu-none)") == err.msg);
	CHECK_INT(atomic_load(&none.ready), 0);

	/* a library without one of the functions */
	static const char *const absent[] = {"cos", "yd_no_such_function"};
	yd_lazy_fn_t fn2[2] = {0};
	struct yd_lazy_lib libm = {"libm.so.6", "libc6", "testing", absent, fn2, 2, 0};
	memset(&err, 0, sizeof err);
	CHECK_INT(yd_lazy_load(&libm, &err), YD_ETOOL);
	CHECK(strstr(err.msg, "which has no yd_no_such_function") != NULL);
	CHECK_INT(atomic_load(&libm.ready), 0);
}

static void test_found(void)
{
	static const char *const names[] = {"cos", "sqrt"};
	yd_lazy_fn_t fn[2] = {0};
	struct yd_lazy_lib libm = {"libm.so.6", "libc6", "testing", names, fn, 2, 0};
	struct yd_error err = {0};
	CHECK_INT(yd_lazy_load(&libm, &err), 0);
	CHECK_INT(yd_lazy_load(&libm, &err), 0); /* once */
	CHECK_INT(atomic_load(&libm.ready), 1);
	double (*sq)(double) = (double (*)(double))yd_lazy_fn(&libm, 1);
	CHECK(sq(16.0) == 4.0);
	/* the libraries of libyoudu, as built */
	for (int id = 0; id < YD_LAZY_COUNT; id++) {
		memset(&err, 0, sizeof err);
		CHECK_INT(yd_lazy_need((enum yd_lazy_id)id, &err), 0);
	}
}

int main(void)
{
	RUN(test_missing);
	RUN(test_found);
	return t_report("lazy");
}
