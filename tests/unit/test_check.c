/* The check's strict input: which known values are offered for an unknown
 * violation code or region path (issue 14), on hand-made lists; and drafts
 * checked against a temporary database whose answers are worked out by
 * hand: the law, the declared tier, the peers' median and quartiles, the
 * tier a fine fits when none was declared, a region prefix, unknown inputs
 * refused with the nearest known ones, no checker before an analysis. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdlib.h>

#include "t.h"
#include "youdu/analyze.h"
#include "youdu/check.h"
#include "youdu/db.h"

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

static char dir[] = "/tmp/yd-test-check-XXXXXX";
static struct yd_checker *checker;

/* A1: 1,000..10,000 yuan, 从轻 to 3,000, 从重 from 7,000; 20 general
 * decisions in 甲省/甲市 of 4,000..5,900 yuan in steps of 100 */
static struct yd_db *make_db(void)
{
	struct yd_db *db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max,lenient_max,severe_min\n"
					  "A1,擅自占道,法一,fixed,1000,10000,3000,7000\n");
	struct t_case c[20];
	char id[20][16];
	for (int i = 0; i < 20; i++) {
		snprintf(id[i], sizeof id[i], "P%02d", i);
		c[i] = (struct t_case){id[i], "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 4000 + 100 * i, 20240301};
	}
	if (db && t_add_cases(db, c, 20, NULL) != 0) {
		yd_db_close(db);
		return NULL;
	}
	return db;
}

static struct yd_draft draft(const char *code, const char *region, int tier, long long yuan)
{
	struct yd_draft d;
	memset(&d, 0, sizeof d);
	d.violation_code = code, d.region = region, d.tier = (enum yd_tier)tier;
	d.party = YD_PARTY_INDIVIDUAL, d.fine = yuan * 100, d.base = -1, d.date = 20240601;
	return d;
}

static void test_drafts(void)
{
	struct yd_check_result r;
	struct yd_error err = {0};
	/* the law and the tier, whatever the peers say */
	static const struct {
		int tier;
		long long yuan;
		int verdict;
	} legal[] = {
	    {YD_TIER_GENERAL, 12000, YD_V_ABOVE_LEGAL_MAX}, {YD_TIER_GENERAL, 500, YD_V_BELOW_LEGAL_MIN},
	    {YD_TIER_SEVERE, 5000, YD_V_BELOW_TIER},        {YD_TIER_LENIENT, 5000, YD_V_ABOVE_TIER},
	    {YD_TIER_GENERAL, 5000, YD_V_OK},
	};
	for (size_t i = 0; i < sizeof legal / sizeof *legal; i++) {
		struct yd_draft d = draft("A1", "甲省/甲市", legal[i].tier, legal[i].yuan);
		CHECK_INT(yd_check(checker, &d, &r, &err), 0);
		CHECK_INT(r.verdict, legal[i].verdict);
	}
	/* 5,000 among the twenty: median (4,900 + 5,000) / 2, quartiles as
	 * GSL interpolates them, 4,400 + 0.75 x 100 and 5,400 + 0.25 x 100 */
	struct yd_draft d = draft("A1", "甲省/甲市", YD_TIER_GENERAL, 5000);
	CHECK_INT(yd_check(checker, &d, &r, &err), 0);
	CHECK(r.peer.level != YD_LEVEL_NONE);
	CHECK_INT(r.peer.n, 20);
	CHECK_NEAR(r.median, 495000, 0.5);
	CHECK_NEAR(r.q1, 447500, 0.5);
	CHECK_NEAR(r.q3, 542500, 0.5);
	CHECK_INT(r.region_match, YD_REGION_EXACT);
	CHECK_INT(r.legal.lo, 100000);
	CHECK_INT(r.legal.hi, 1000000);
	CHECK_INT(r.legal.band_lo, 300000);
	CHECK_INT(r.legal.band_hi, 700000);
	CHECK_INT(r.ntiers, 0);
	/* no tier declared: 2,000 fits 从轻 (1,000..3,000) */
	d = draft("A1", "甲省/甲市", YD_TIER_UNKNOWN, 2000);
	CHECK_INT(yd_check(checker, &d, &r, &err), 0);
	CHECK_INT(r.ntiers, 3);
	CHECK(r.fit >= 0 && r.fit < r.ntiers && r.tiers[r.fit].tier == YD_TIER_LENIENT);
	/* a province: a prefix of one known region */
	d = draft("A1", "甲省", YD_TIER_GENERAL, 5000);
	CHECK_INT(yd_check(checker, &d, &r, &err), 0);
	CHECK_INT(r.region_match, YD_REGION_PREFIX);
	CHECK_INT(r.region_below, 1);
}

static void test_unknown(void)
{
	struct yd_check_result r;
	struct yd_error err = {0};
	struct yd_draft d = draft("a1", "甲省/甲市", YD_TIER_GENERAL, 5000);
	CHECK_INT(yd_check(checker, &d, &r, &err), YD_EUSAGE);
	CHECK_INT(r.bad_field, YD_CHECK_F_VIOLATION);
	CHECK(r.nnear >= 1 && strcmp(r.near[0].key, "A1") == 0 && strcmp(r.near[0].name, "擅自占道") == 0);
	CHECK(strstr(err.msg, "'a1'") != NULL && strstr(err.msg, "A1") != NULL);
	d = draft("A1", "甲省/甲县", YD_TIER_GENERAL, 5000);
	CHECK_INT(yd_check(checker, &d, &r, &err), YD_EUSAGE);
	CHECK_INT(r.bad_field, YD_CHECK_F_REGION);
	CHECK(r.nnear >= 1 && strcmp(r.near[0].key, "甲省/甲市") == 0);
	/* what the checker knows */
	const char *code = NULL, *name = NULL;
	const struct yd_cat_item *it = NULL;
	CHECK(yd_checker_has_cases(checker));
	CHECK_INT(yd_checker_violations(checker), 1);
	CHECK_INT(yd_checker_violation(checker, 0, &code, &name, &it), 1);
	CHECK_STR(code, "A1");
	CHECK_STR(name, "擅自占道");
	CHECK(it != NULL);
	CHECK_INT(yd_checker_violation(checker, 1, &code, &name, &it), 0);
}

int main(void)
{
	RUN(test_codes);
	RUN(test_paths);
	if (!mkdtemp(dir))
		return 1;
	struct yd_db *db = make_db();
	struct yd_error err = {0};
	if (!db)
		return t_report("check");
	/* cases, never analysed: no checker */
	CHECK_INT(yd_checker_open(db, 1, &checker, &err), YD_ESTATE);
	struct yd_analyze_opts ao = {.t = YD_THRESHOLDS_DEFAULT};
	struct yd_ledger led;
	CHECK_INT(yd_analyze(db, &ao, &led, &err), 0);
	CHECK_INT(yd_checker_open(db, 1, &checker, &err), 0);
	if (checker) {
		RUN(test_drafts);
		RUN(test_unknown);
	}
	yd_checker_free(checker);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("check");
}
