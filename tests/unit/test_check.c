/* The check's strict input: which known values are offered for an unknown
 * violation code or region path (issue 14), on hand-made lists. */
#include "t.h"
#include "youdu/check.h"

static const char *const codes[] = {"CG001", "CG004", "CG014", "HB002", "SC010"};
static const char *const names[] = {"擅自设置大型户外广告", "擅自占用城市道路", "占道经营", NULL, "销售过期食品"};

static void test_codes(void)
{
	size_t out[YD_CHECK_NEAR];
	/* a case-insensitive equal code comes first */
	int n = yd_check_nearest("cg004", codes, names, 5, 0, out, 3);
	CHECK(n >= 1);
	CHECK_STR(codes[out[0]], "CG004");
	/* a name, or a part of one, finds its code */
	n = yd_check_nearest("占用城市道路", codes, names, 5, 0, out, 3);
	CHECK(n >= 1);
	CHECK_STR(codes[out[0]], "CG004");
	/* one character off: the nearest codes, in order */
	n = yd_check_nearest("CG041", codes, names, 5, 0, out, 3);
	CHECK(n >= 2);
	CHECK_STR(codes[out[0]], "CG001"); /* distance 1, before CG004 and CG014 by list order */
	/* nothing alike: nothing offered */
	CHECK_INT(yd_check_nearest("ZZZZZZZZ", codes, names, 5, 0, out, 3), 0);
	CHECK_INT(yd_check_nearest("CG004", codes, names, 0, 0, out, 3), 0);
	/* never more than asked */
	CHECK(yd_check_nearest("CG00", codes, names, 5, 0, out, 2) <= 2);
}

static const char *const paths[] = {"浙江省/嘉兴市/海宁市", "浙江省/嘉兴市/海盐县", "浙江省/嘉兴市/海盐县/武原街道",
				    "浙江省/杭州市/西湖区"};

static void test_paths(void)
{
	size_t out[YD_CHECK_NEAR];
	/* the last components alone */
	int n = yd_check_nearest("海盐县", paths, NULL, 4, 1, out, 5);
	CHECK(n >= 1);
	CHECK_STR(paths[out[0]], "浙江省/嘉兴市/海盐县");
	/* a component left out */
	n = yd_check_nearest("浙江省/海盐县/武原街道", paths, NULL, 4, 1, out, 5);
	CHECK(n >= 1);
	CHECK_STR(paths[out[0]], "浙江省/嘉兴市/海盐县/武原街道");
	/* a typo in one component */
	n = yd_check_nearest("浙江省/嘉兴市/海宁县", paths, NULL, 4, 1, out, 5);
	CHECK(n >= 2);
	CHECK_STR(paths[out[0]], "浙江省/嘉兴市/海宁市");
	CHECK_INT(yd_check_nearest("江苏省/南京市/玄武区/某某街道", paths, NULL, 4, 1, out, 5), 0);
}

int main(void)
{
	RUN(test_codes);
	RUN(test_paths);
	return t_report("check");
}
