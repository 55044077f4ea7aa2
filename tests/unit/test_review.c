/* The review loop's pure parts (review.h): the Wilson interval against a
 * value worked by hand, a rule's tally and precision, the rules of a
 * disposition, the names read in English and Chinese. */
#include <math.h>

#include "t.h"
#include "youdu/review.h"

static void test_wilson(void)
{
	double lo, hi;
	/* 8 of 10 at z = 1.96, by hand: p = 0.8, z² = 3.8416,
	 * denominator 1 + 3.8416/10 = 1.38416,
	 * centre (0.8 + 3.8416/20) / 1.38416 = 0.99208 / 1.38416 = 0.716738,
	 * half 1.96 / 1.38416 × sqrt(0.8 × 0.2 / 10 + 3.8416 / 400)
	 *    = 1.416021 × sqrt(0.016 + 0.009604) = 1.416021 × 0.160012 = 0.226581,
	 * so 0.490157 to 0.943319 (Wilson 1927; R: prop.test(8, 10,
	 * correct = FALSE)$conf.int gives 0.4901568 0.9433191) */
	yd_review_wilson(8, 10, 1.96, &lo, &hi);
	CHECK_NEAR(lo, 0.4901568, 1e-6);
	CHECK_NEAR(hi, 0.9433191, 1e-6);
	/* 0 of 5: the lower end is 0 (clamped from -3e-17), the upper
	 * 2 × (3.8416/10) / (1 + 3.8416/5) = 0.76832 / 1.76832 = 0.434491 */
	yd_review_wilson(0, 5, 1.96, &lo, &hi);
	CHECK(lo == 0);
	CHECK_NEAR(hi, 0.434491, 1e-6);
	/* all of them: symmetric to none */
	yd_review_wilson(5, 5, 1.96, &lo, &hi);
	CHECK_NEAR(lo, 1 - 0.434491, 1e-6);
	CHECK(hi == 1);
	/* nothing decided: no interval */
	yd_review_wilson(0, 0, 1.96, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
}

static void test_tally(void)
{
	struct yd_review_tally t = {0};
	double p, lo, hi;
	/* 2 confirmed (one overdue on 2025-01-01), 1 rectified, 9 dismissed
	 * (7 lawful_level, 2 data_error), 1 pending, 1 stale: decided 12,
	 * right 3, precision 0.25 */
	yd_review_tally_add(&t, YD_REVIEW_CONFIRMED, YD_REASON_NONE, 0, 20241201, 20250101);
	yd_review_tally_add(&t, YD_REVIEW_CONFIRMED, YD_REASON_NONE, 0, 20250301, 20250101);
	yd_review_tally_add(&t, YD_REVIEW_RECTIFIED, YD_REASON_NONE, 0, 20241201, 20250101);
	for (int i = 0; i < 9; i++)
		yd_review_tally_add(&t, YD_REVIEW_DISMISSED, i < 7 ? YD_REASON_LAWFUL_LEVEL : YD_REASON_DATA_ERROR, 0, 0,
				    20250101);
	yd_review_tally_add(&t, YD_REVIEW_PENDING, YD_REASON_NONE, 0, 0, 20250101);
	/* a stale confirmed one counts as stale only, never overdue */
	yd_review_tally_add(&t, YD_REVIEW_CONFIRMED, YD_REASON_NONE, 1, 20240101, 20250101);
	CHECK_INT(t.reviewed, 12);
	CHECK_INT(t.confirmed, 2);
	CHECK_INT(t.rectified, 1);
	CHECK_INT(t.dismissed, 9);
	CHECK_INT(t.by_reason[YD_REASON_LAWFUL_LEVEL], 7);
	CHECK_INT(t.by_reason[YD_REASON_DATA_ERROR], 2);
	CHECK_INT(t.pending, 1);
	CHECK_INT(t.overdue, 1);
	CHECK_INT(t.stale, 1);
	CHECK_INT(yd_review_precision(&t, &p, &lo, &hi), 12);
	CHECK_NEAR(p, 0.25, 1e-15);
	/* 3 of 12 at z = 1.959964: 0.0889417 to 0.5323053 */
	CHECK_NEAR(lo, 0.0889417, 1e-6);
	CHECK_NEAR(hi, 0.5323053, 1e-6);
	CHECK(yd_review_precision_low(&t));
	/* four decided are too few to call a rule poor */
	struct yd_review_tally few = {0};
	for (int i = 0; i < 4; i++)
		yd_review_tally_add(&few, YD_REVIEW_DISMISSED, YD_REASON_OTHER, 0, 0, 20250101);
	CHECK(!yd_review_precision_low(&few));
}

static void test_rules(void)
{
	struct yd_error err = {0};
	enum yd_review_col col = YD_RCOL_COUNT;
	struct yd_disposition d = {"A1", "CG001", YD_REVIEW_DISMISSED, YD_REASON_NONE, "", "", 0, 20250101};
	CHECK(yd_review_check(&d, &col, &err) == YD_EUSAGE);
	CHECK_INT(col, YD_RCOL_REASON);
	d.reason = YD_REASON_SPECIAL;
	CHECK(yd_review_check(&d, &col, &err) == 0);
	d.deadline = 20250301;
	CHECK(yd_review_check(&d, &col, &err) == YD_EUSAGE);
	CHECK_INT(col, YD_RCOL_DEADLINE);
	d.status = YD_REVIEW_CONFIRMED;
	CHECK(yd_review_check(&d, &col, &err) == YD_EUSAGE); /* a reason on a confirmed flag */
	CHECK_INT(col, YD_RCOL_REASON);
	d.reason = YD_REASON_NONE;
	CHECK(yd_review_check(&d, &col, &err) == 0);
	d.status = YD_REVIEW_STALE;
	CHECK(yd_review_check(&d, &col, &err) == YD_EUSAGE);
	CHECK_INT(col, YD_RCOL_STATUS);
	d.status = YD_REVIEW_RECTIFIED;
	d.date = 0;
	CHECK(yd_review_check(&d, &col, &err) == YD_EUSAGE);
	CHECK_INT(col, YD_RCOL_DATE);
}

static void test_names(void)
{
	enum yd_review_status s;
	enum yd_review_reason r;
	CHECK(yd_review_status_parse("问题属实", 0, &s) == 0 && s == YD_REVIEW_CONFIRMED);
	CHECK(yd_review_status_parse("Dismissed", 0, &s) == 0 && s == YD_REVIEW_DISMISSED);
	CHECK(yd_review_status_parse("已整改", 0, &s) == 0 && s == YD_REVIEW_RECTIFIED);
	CHECK(yd_review_status_parse("stale", 0, &s) < 0);
	CHECK(yd_review_status_parse("stale", 1, &s) == 0 && s == YD_REVIEW_STALE);
	CHECK(yd_review_status_parse("done", 1, &s) < 0);
	CHECK(yd_review_reason_parse("特殊情形", &r) == 0 && r == YD_REASON_SPECIAL);
	CHECK(yd_review_reason_parse("", &r) == 0 && r == YD_REASON_NONE);
	CHECK(yd_review_reason_parse("because", &r) < 0);
	CHECK_STR(yd_review_status_zh(YD_REVIEW_STALE), "需重新审核");
	CHECK(yd_review_settles(YD_REVIEW_DISMISSED) && yd_review_settles(YD_REVIEW_RECTIFIED));
	CHECK(!yd_review_settles(YD_REVIEW_STALE) && !yd_review_settles(YD_REVIEW_CONFIRMED));
}

int main(void)
{
	RUN(test_wilson);
	RUN(test_tally);
	RUN(test_rules);
	RUN(test_names);
	return t_report("review");
}
