/* Verdict rules at their boundaries, the scale fallback, and reasons. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "t.h"
#include "youdu/buf.h"
#include "youdu/judge.h"

/* fixed 1,000-10,000 yuan; lenient up to 3,000, severe from 7,000 (fen) */
static const struct yd_cat_item fixed = {1, NULL, NULL, NULL, YD_KIND_FIXED, 100000, 1000000, 300000, 700000, 1, NULL, 0, NULL, 0, 0};
/* multiple 5%-10% of the base; tiers at 6.5% and 8.5% (ppm) */
static const struct yd_cat_item mult = {2, NULL, NULL, NULL, YD_KIND_MULTIPLE, 50000, 100000, 65000, 85000, 1, NULL, 0, NULL, 0, 0};
/* 1-3 times the base, exact-arithmetic check */
static const struct yd_cat_item times = {3, NULL, NULL, NULL, YD_KIND_MULTIPLE, 1000000, 3000000, 1500000, 2500000, 1, NULL, 0, NULL, 0, 0};

static enum yd_verdict v(const struct yd_cat_item *it, enum yd_tier t, int64_t fine, int64_t base)
{
	struct yd_legal l;
	yd_judge_legal(it, t, fine, base, &l);
	return l.verdict;
}

static void test_statutory_range(void)
{
	CHECK_INT(v(&fixed, YD_TIER_SEVERE, 1000000, -1), YD_V_OK);             /* exactly the maximum */
	CHECK_INT(v(&fixed, YD_TIER_SEVERE, 1000001, -1), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(v(&fixed, YD_TIER_LENIENT, 100000, -1), YD_V_OK);             /* exactly the minimum */
	CHECK_INT(v(&fixed, YD_TIER_LENIENT, 99999, -1), YD_V_BELOW_LEGAL_MIN);
	CHECK_INT(v(&fixed, YD_TIER_UNKNOWN, 99999, -1), YD_V_BELOW_LEGAL_MIN);
	CHECK_INT(v(&fixed, YD_TIER_MITIGATED, 99999, -1), YD_V_OK);            /* 减轻 may go below */
	CHECK_INT(v(&fixed, YD_TIER_MITIGATED, 1, -1), YD_V_OK);
	CHECK_INT(v(&fixed, YD_TIER_MITIGATED, 0, -1), YD_V_BELOW_LEGAL_MIN);   /* 0 only with 不予处罚 */
	CHECK_INT(v(&fixed, YD_TIER_MITIGATED, 1000001, -1), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(v(&fixed, YD_TIER_NONE, 0, -1), YD_V_OK);
	CHECK_INT(v(&fixed, YD_TIER_NONE, 1, -1), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(v(&fixed, YD_TIER_GENERAL, 0, -1), YD_V_BELOW_LEGAL_MIN);
	CHECK_INT(v(&fixed, YD_TIER_UNKNOWN, 0, -1), YD_V_BELOW_LEGAL_MIN);
}

static void test_tier_bands(void)
{
	CHECK_INT(v(&fixed, YD_TIER_LENIENT, 300000, -1), YD_V_OK);      /* at lenient_max */
	CHECK_INT(v(&fixed, YD_TIER_LENIENT, 300001, -1), YD_V_ABOVE_TIER);
	CHECK_INT(v(&fixed, YD_TIER_GENERAL, 300000, -1), YD_V_OK);      /* bands share their bounds */
	CHECK_INT(v(&fixed, YD_TIER_GENERAL, 299999, -1), YD_V_BELOW_TIER);
	CHECK_INT(v(&fixed, YD_TIER_GENERAL, 700000, -1), YD_V_OK);
	CHECK_INT(v(&fixed, YD_TIER_GENERAL, 700001, -1), YD_V_ABOVE_TIER);
	CHECK_INT(v(&fixed, YD_TIER_SEVERE, 700000, -1), YD_V_OK);
	CHECK_INT(v(&fixed, YD_TIER_SEVERE, 699999, -1), YD_V_BELOW_TIER);
	CHECK_INT(v(&fixed, YD_TIER_UNKNOWN, 999999, -1), YD_V_OK);      /* no declared tier: no band */
	CHECK_INT(v(&fixed, YD_TIER_MITIGATED, 100000, -1), YD_V_OK);    /* at the minimum */
	CHECK_INT(v(&fixed, YD_TIER_MITIGATED, 100001, -1), YD_V_ABOVE_TIER);
	/* illegal beats tier: above the maximum with a lenient tier */
	CHECK_INT(v(&fixed, YD_TIER_LENIENT, 2000000, -1), YD_V_ABOVE_LEGAL_MAX);
}

static void test_multiple_items(void)
{
	/* base 10,000 yuan: range 500-1,000 yuan, lenient up to 650, severe from 850 */
	CHECK_INT(v(&mult, YD_TIER_SEVERE, 100000, 1000000), YD_V_OK);
	CHECK_INT(v(&mult, YD_TIER_SEVERE, 100001, 1000000), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(v(&mult, YD_TIER_LENIENT, 50000, 1000000), YD_V_OK);
	CHECK_INT(v(&mult, YD_TIER_LENIENT, 49999, 1000000), YD_V_BELOW_LEGAL_MIN);
	CHECK_INT(v(&mult, YD_TIER_LENIENT, 65000, 1000000), YD_V_OK);
	CHECK_INT(v(&mult, YD_TIER_LENIENT, 65001, 1000000), YD_V_ABOVE_TIER);
	/* exact: 3 x 3.33 yuan is 9.99 yuan, no rounding either way */
	CHECK_INT(v(&times, YD_TIER_SEVERE, 999, 333), YD_V_OK);
	CHECK_INT(v(&times, YD_TIER_SEVERE, 1000, 333), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(v(&times, YD_TIER_LENIENT, 333, 333), YD_V_OK);
	CHECK_INT(v(&times, YD_TIER_LENIENT, 332, 333), YD_V_BELOW_LEGAL_MIN);
	/* no base: legality cannot be checked */
	struct yd_legal l;
	yd_judge_legal(&mult, YD_TIER_GENERAL, 50000, -1, &l);
	CHECK_INT(l.verdict, YD_V_NO_BENCHMARK);
	CHECK_INT(l.nolegal, YD_NL_NO_BASE);
	yd_judge_legal(NULL, YD_TIER_GENERAL, 50000, -1, &l);
	CHECK_INT(l.verdict, YD_V_NO_BENCHMARK);
	CHECK_INT(l.nolegal, YD_NL_NO_CATALOGUE);
	double x;
	CHECK(yd_judge_x(&mult, 50000, -1, &x) != 0);
	CHECK(yd_judge_x(&mult, 50000, 1000000, &x) == 0);
	CHECK_NEAR(x, log(0.05), 1e-12);
	CHECK(yd_judge_x(&fixed, 0, -1, &x) != 0);
	CHECK(yd_judge_x(&fixed, 500000, -1, &x) == 0);
	CHECK_NEAR(x, log(500000), 1e-12);
	CHECK_NEAR(yd_judge_fen_of_x(&mult, log(0.05), 1000000), 50000, 1e-6);
}

/* 2026-12-01, issue 11.1: base x multiple falls between two fen; a fine
 * written to the fen at such a bound was called above_legal_max with the
 * reason "罚款 2,866.45 元高于法定上限 2,866.45 元". */
static const struct yd_cat_item frac = {4, NULL, NULL, NULL, YD_KIND_MULTIPLE, 85000, 300000, 150000, 250000, 1, NULL, 0, NULL, 0, 0};
static const struct yd_cat_item half = {5, NULL, NULL, NULL, YD_KIND_MULTIPLE, 500000, 1000000, 0, 0, 1, NULL, 0, NULL, 0, 0};

/* issue 15: base x multiple past int64 saturates instead of wrapping to a
 * negative bound that made every fine "above the legal maximum". */
static void test_bounds_past_int64(void)
{
	const struct yd_cat_item huge = {6, NULL, NULL, NULL, YD_KIND_MULTIPLE, 1000000000000LL, 1000000000000LL,
					 1000000000000LL, 1000000000000LL, 1, NULL, 0, NULL, 0, 0};
	const int64_t base = 1000000000000000LL; /* 10^13 yuan, the largest amount parse accepts */
	CHECK_INT(yd_cat_fen_up(&huge, huge.hi, base) == INT64_MAX, 1);
	CHECK_INT(yd_cat_fen_down(&huge, huge.lo, base) == INT64_MAX, 1);
	CHECK_INT(yd_cat_fen_down(&huge, huge.lo, -base) == INT64_MIN, 1);
	CHECK_INT(v(&huge, YD_TIER_GENERAL, 500000, base), YD_V_BELOW_LEGAL_MIN);
}

static void test_bounds_at_money_precision(void)
{
	const int64_t base = 3372573; /* 33,725.73 yuan */
	/* minimum 0.085 x base = 2,866.68705 yuan: 2,866.68 meets it, 2,866.67 does not */
	CHECK_INT(yd_cat_fen_down(&frac, frac.lo, base), 286668);
	CHECK_INT(yd_cat_fen_up(&frac, frac.lo, base), 286669);
	CHECK_INT(v(&frac, YD_TIER_LENIENT, 286668, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_LENIENT, 286669, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_LENIENT, 286667, base), YD_V_BELOW_LEGAL_MIN);
	/* maximum 0.3 x base = 10,117.719 yuan: 10,117.72 is legal, 10,117.73 is not */
	CHECK_INT(v(&frac, YD_TIER_SEVERE, 1011772, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_SEVERE, 1011771, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_SEVERE, 1011773, base), YD_V_ABOVE_LEGAL_MAX);
	/* lenient up to 0.15 x base = 5,058.8595 yuan; general from there */
	CHECK_INT(v(&frac, YD_TIER_LENIENT, 505886, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_LENIENT, 505887, base), YD_V_ABOVE_TIER);
	CHECK_INT(v(&frac, YD_TIER_GENERAL, 505885, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_GENERAL, 505884, base), YD_V_BELOW_TIER);
	/* severe from 0.25 x base = 8,431.4325 yuan */
	CHECK_INT(v(&frac, YD_TIER_GENERAL, 843144, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_GENERAL, 843145, base), YD_V_ABOVE_TIER);
	CHECK_INT(v(&frac, YD_TIER_SEVERE, 843143, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_SEVERE, 843142, base), YD_V_BELOW_TIER);
	/* mitigated: at most the minimum, met by the fen above it */
	CHECK_INT(v(&frac, YD_TIER_MITIGATED, 286669, base), YD_V_OK);
	CHECK_INT(v(&frac, YD_TIER_MITIGATED, 286670, base), YD_V_ABOVE_TIER);
	/* the example: 20,558.04 meets a minimum of 0.5 x 41,116.09 = 20,558.045 */
	CHECK_INT(v(&half, YD_TIER_UNKNOWN, 2055804, 4111609), YD_V_OK);
	CHECK_INT(v(&half, YD_TIER_UNKNOWN, 2055803, 4111609), YD_V_BELOW_LEGAL_MIN);
	CHECK_INT(v(&half, YD_TIER_UNKNOWN, 4111609, 4111609), YD_V_OK); /* exact maximum */
	CHECK_INT(v(&half, YD_TIER_UNKNOWN, 4111610, 4111609), YD_V_ABOVE_LEGAL_MAX);
	CHECK(yd_cat_fen_meets(&half, half.lo, 4111609, 2055804));
	CHECK(yd_cat_fen_meets(&half, half.lo, 4111609, 2055805));
	CHECK(!yd_cat_fen_meets(&half, half.lo, 4111609, 2055806));

	/* no reason prints two figures that read the same */
	struct yd_legal l;
	struct yd_buf b = YD_BUF_INIT;
	yd_judge_legal(&frac, YD_TIER_SEVERE, 1011773, base, &l);
	struct yd_reason_in in = {&frac, YD_TIER_SEVERE, 1011773, base, &l, NULL, l.verdict, "", NULL, 0, NULL};
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款 10,117.73 元高于法定上限 10,117.72 元（法定幅度 2,866.68–10,117.72 元）");
	yd_buf_reset(&b);
	yd_judge_legal(&frac, YD_TIER_GENERAL, 505884, base, &l);
	in.tier = YD_TIER_GENERAL, in.fine = 505884, in.verdict = l.verdict;
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款 5,058.84 元低于一般阶次下限 5,058.85 元（阶次 5,058.85–8,431.44 元）");
	yd_buf_release(&b);
}

static void test_scale_and_peers(void)
{
	struct yd_thresholds t = YD_THRESHOLDS_DEFAULT;
	struct yd_peer p = {0};

	CHECK_INT(t.min_peers, 12);
	CHECK_NEAR(t.fdr, 0.05, 0);
	CHECK_NEAR(t.ratio, 1.5, 0);
	/* MAD 0.2 -> sigma 0.2965, worth 0.368 n degrees of freedom */
	p.n = 100;
	yd_judge_scale(0.2, 0, NAN, NAN, &t, &p);
	CHECK_INT(p.method, YD_SCALE_MAD);
	CHECK_NEAR(p.own, 0.2 * 1.482602218505602, 1e-12);
	CHECK_NEAR(p.own_df, 36.8, 1e-12);
	/* a tail spread up to 1.5x the core scale is noise; beyond, the tail is the scale */
	yd_judge_scale(0.2, 0, NAN, 0.44, &t, &p);
	CHECK_NEAR(p.own, 0.2 * 1.482602218505602, 1e-12);
	yd_judge_scale(0.2, 0, NAN, 0.5, &t, &p);
	CHECK_NEAR(p.own, 0.5, 0);
	CHECK_INT(p.method, YD_SCALE_MAD);
	/* MAD 0 (heaped): Qn takes over when large enough */
	yd_judge_scale(0, 0.3, 0.5, NAN, &t, &p);
	CHECK_INT(p.method, YD_SCALE_QN);
	CHECK_NEAR(p.own, 0.3, 0);
	CHECK_NEAR(p.own_df, 82.2, 1e-9);
	/* MAD and Qn 0 (most fines on one amount), other amounts spread: their spread */
	yd_judge_scale(0, 0, 0.5, NAN, &t, &p);
	CHECK_INT(p.method, YD_SCALE_DISTINCT);
	CHECK_NEAR(p.own, 0.5, 0);
	/* all tiny (or too few amounts: NAN): no own scale, the pooled one alone */
	yd_judge_scale(0, 0.01, NAN, 3.0, &t, &p);
	CHECK_INT(p.method, YD_SCALE_POOLED);
	CHECK_NEAR(p.own, 0, 0);
	CHECK_NEAR(p.own_df, 0, 0);
	yd_judge_scale(0, 0.01, 0.05, NAN, &t, &p);
	CHECK_INT(p.method, YD_SCALE_POOLED);
}

/* 2026-12-05, issue 20.1: a 17-case group of rounded amounts said "z 9.6"
 * for a fine 2 sd out.  The scale is moderated (Smyth 2004) and the tail
 * probability is Student's t; checked by hand and against the normal tail
 * computed with erfc, not GSL. */
static void test_calibrate(void)
{
	struct yd_peer p = {.n = 100, .median = 0, .own = 0.3, .own_df = 10};
	/* s^2 = (10 x 0.09 + 10 x 0.16) / 20 = 0.125 */
	yd_judge_calibrate(1.0, &p, 0.4, 10, 1);
	CHECK_NEAR(p.scale, sqrt(0.125), 1e-12);
	CHECK_NEAR(p.df, 20, 0);
	CHECK_NEAR(p.z, 1.0 / (sqrt(0.125) * sqrt(1 + 3.14159265358979 / 200)), 1e-9);
	/* t(20): two-sided 5 % at 2.0860 (any t table) */
	double unit = sqrt(0.125) * sqrt(1 + 3.14159265358979 / 200);
	yd_judge_calibrate(2.0860 * unit, &p, 0.4, 10, 1);
	CHECK_NEAR(p.p, 0.05, 1e-4);
	/* t(5): two-sided 1 % at 4.0321 */
	struct yd_peer q = {.n = 100, .own = 0.2, .own_df = 5};
	yd_judge_calibrate(-4.0321 * 0.2 * sqrt(1 + 3.14159265358979 / 200), &q, NAN, 0, 1);
	CHECK_NEAR(q.scale, 0.2, 1e-12);
	CHECK_NEAR(q.p, 0.01, 1e-4);
	/* an infinite prior: the prior's scale, the normal tail */
	yd_judge_calibrate(0.9, &p, 0.25, INFINITY, 1);
	CHECK_NEAR(p.scale, 0.25, 0);
	CHECK(isinf(p.df));
	CHECK_NEAR(p.p, erfc(fabs(p.z) / sqrt(2)), 1e-12);
	/* no own scale and no prior: nothing to measure with */
	struct yd_peer none = {.n = 30, .own = 0, .own_df = 0};
	yd_judge_calibrate(2.0, &none, NAN, 5, 1);
	CHECK(isnan(none.z) && isnan(none.p));
	/* the prior of a region's group: its violation-tier scale x sqrt(ratio),
	 * weighted no more than that scale's own degrees of freedom */
	struct yd_thresholds t = YD_THRESHOLDS_DEFAULT;
	double s0, d0;
	t.prior_scale = 0.5, t.prior_df = 12, t.local_ratio = 0.81, t.local_df = INFINITY;
	yd_judge_prior(&t, YD_LEVEL_REGION, 0.4, 30, &s0, &d0);
	CHECK_NEAR(s0, 0.36, 1e-12);
	CHECK_NEAR(d0, 30, 0);
	yd_judge_prior(&t, YD_LEVEL_ALL, 0.4, 30, &s0, &d0);
	CHECK_NEAR(s0, 0.5, 0);
	CHECK_NEAR(d0, 12, 0);
	yd_judge_prior(&t, YD_LEVEL_PARENT, NAN, 0, &s0, &d0);
	CHECK_NEAR(s0, 0.5, 0);
}

/* A flag is a candidate (far enough in money, rare) at or below the run's cut. */
static void test_flag_needs_cut_and_money(void)
{
	struct yd_thresholds t = YD_THRESHOLDS_DEFAULT;
	struct yd_peer p = {.level = YD_LEVEL_REGION, .n = 100, .median = log(100000), .own = 0.1, .own_df = 36.8};
	double far;

	t.p_cut = 1e-4;
	p.above = 0, p.below = 100;
	CHECK_INT(yd_judge_candidate(log(150000), &p, &t), YD_V_OVER); /* exactly 1.5x */
	CHECK_INT(yd_judge_candidate(log(149000), &p, &t), YD_V_OK);
	p.above = 100, p.below = 0;
	CHECK_INT(yd_judge_candidate(log(100000 / 1.5), &p, &t), YD_V_UNDER);
	CHECK_INT(yd_judge_candidate(log(68000), &p, &t), YD_V_OK);
	/* 1.5x with scale 0.1: z 4.0, p 2.9e-4 at 36.8 df: above the cut */
	p.above = 0, p.below = 100;
	CHECK_INT(yd_judge_peer(log(150000), &p, &t, NAN, 0, &far), YD_V_OK);
	CHECK(p.p > t.p_cut && p.p < 1e-3);
	CHECK_NEAR(far, fabs(p.z), 0);
	t.p_cut = p.p; /* at the cut is a discovery */
	CHECK_INT(yd_judge_peer(log(150000), &p, &t, NAN, 0, &far), YD_V_OVER);
	t.p_cut = nextafter(p.p, 0);
	CHECK_INT(yd_judge_peer(log(150000), &p, &t, NAN, 0, &far), YD_V_OK);
	t.p_cut = 1e-3;
	/* far out in z but not in money: never a flag */
	p.own = 0.01;
	CHECK_INT(yd_judge_peer(log(120000), &p, &t, NAN, 0, &far), YD_V_OK);
	CHECK(p.p < 1e-10);
}

/* 2026-12-01, issue 11.2: where most fines of a violation sit on one amount
 * and the rest spread over the band, the ratio rule called the spread cases
 * 畸重 (27 % of one violation's cases).  An outlier is rare: with 100 peers
 * at most 2 may be as far out; a level of fines many cases share is never
 * flagged. */
static void test_outlier_is_rare(void)
{
	struct yd_thresholds t = YD_THRESHOLDS_DEFAULT;
	struct yd_peer p = {.n = 100, .median = log(50000), .method = YD_SCALE_POOLED};

	CHECK_NEAR(t.max_share, 0.05, 0);
	t.max_share = 0.02;
	p.above = 0, p.below = 100;
	CHECK_INT(yd_judge_candidate(log(300000), &p, &t), YD_V_OVER);
	p.above = 2;
	CHECK_INT(yd_judge_candidate(log(300000), &p, &t), YD_V_OVER);
	p.above = 3; /* a fourth case at or above it: a level, not an outlier */
	CHECK_INT(yd_judge_candidate(log(300000), &p, &t), YD_V_OK);
	p.above = 100, p.below = 2;
	CHECK_INT(yd_judge_candidate(log(10000), &p, &t), YD_V_UNDER);
	p.below = 40; /* 40 fines of 100 yuan among 100: a level */
	CHECK_INT(yd_judge_candidate(log(10000), &p, &t), YD_V_OK);
	/* small groups: one other case as far out is allowed */
	p.n = 8, p.above = 1, p.below = 8;
	CHECK_INT(yd_judge_candidate(log(300000), &p, &t), YD_V_OVER);
	p.above = 2;
	CHECK_INT(yd_judge_candidate(log(300000), &p, &t), YD_V_OK);
	/* however small p is */
	p.n = 100, p.above = 3, p.own = 0.2, p.own_df = 36.8;
	t.p_cut = 0.5;
	double far;
	CHECK_INT(yd_judge_peer(log(300000), &p, &t, NAN, 0, &far), YD_V_OK);
	CHECK(p.p < 1e-6);
	p.above = 1;
	CHECK_INT(yd_judge_peer(log(300000), &p, &t, NAN, 0, &far), YD_V_OVER);
}

static void test_lenient_floor_reason(void)
{
	struct yd_legal l;
	struct yd_buf b = YD_BUF_INIT;
	yd_judge_legal(&fixed, YD_TIER_LENIENT, 100000, -1, &l);
	CHECK_INT(l.verdict, YD_V_OK);
	struct yd_peer p = {.level = YD_LEVEL_ALL, .n = 40, .median_nat = 250000, .scale = 0.1,
			    .method = YD_SCALE_MAD, .percentile = 0, .z = -9.2, .above = 40, .below = 0};
	struct yd_reason_in in = {&fixed, YD_TIER_LENIENT, 100000, -1, &l, &p, YD_V_UNDER, "", NULL, 0, NULL};
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK(strstr(yd_buf_str(&b), "罚款即法定下限") != NULL);
	yd_buf_reset(&b);
	in.fine = 100100; /* above the minimum: no such note */
	yd_judge_reason(&b, YD_LANG_EN, &in);
	CHECK(strstr(yd_buf_str(&b), "legal minimum") == NULL);
	CHECK_STR(yd_buf_str(&b), "fine 0.4x the median 2,500 yuan of 40 comparable cases in all regions; lower than all 40");
	p.below = 3;
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款为全部地区 40 件可比案例中位数 2,500 元的 0.4 倍；40 件中仅 3 件不高于本案");
	yd_buf_release(&b);
}

/* 2026-12-01, issue 11.4: without a catalogue every reason began "violation
 * not in the catalogue"; a 不予处罚 case needs no catalogue to be judged. */
static void test_no_catalogue(void)
{
	struct yd_legal l;
	struct yd_buf b = YD_BUF_INIT;
	yd_judge_legal(NULL, YD_TIER_NONE, 0, -1, &l);
	CHECK_INT(l.verdict, YD_V_OK);
	yd_judge_legal(NULL, YD_TIER_NONE, 50000, -1, &l);
	CHECK_INT(l.verdict, YD_V_ABOVE_LEGAL_MAX);
	yd_judge_legal(NULL, YD_TIER_GENERAL, 50000, -1, &l);
	CHECK_INT(l.nolegal, YD_NL_NO_CATALOGUE);
	struct yd_peer p = {.level = YD_LEVEL_REGION, .n = 12, .median_nat = 50000, .scale = 0.2,
			    .method = YD_SCALE_MAD, .percentile = 50, .z = 0, .above = 7, .below = 6};
	struct yd_reason_in in = {NULL, YD_TIER_GENERAL, 50000, -1, &l, &p, YD_V_OK, "甲县", NULL, 0, NULL};
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款为甲县 12 件可比案例中位数 500 元的 1.0 倍；12 件中 7 件不低于本案");
	yd_buf_release(&b);
}

/* Issue 20.2: a reason says what the comparison was limited to, when the
 * factors were dropped, and for too few peers that another provision is
 * never a peer. */
static void test_context_reason(void)
{
	struct yd_legal l;
	struct yd_buf b = YD_BUF_INIT;
	struct yd_peer p = {.level = YD_LEVEL_ALL, .n = 12, .median_nat = 50000, .above = 7, .below = 6};
	yd_judge_legal(NULL, YD_TIER_GENERAL, 50000, -1, &l);
	struct yd_reason_in in = {NULL, YD_TIER_GENERAL, 50000, -1, &l, &p, YD_V_OK, "", "甲法第5条；车种=机车", 0, NULL};
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款为全部地区 12 件可比案例中位数 500 元的 1.0 倍；12 件中 7 件不低于本案；"
				  "按同一处罚依据（甲法第5条）、同一因素（车种=机车）比较");
	in.widened = 1;
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_EN, &in);
	CHECK(strstr(yd_buf_str(&b), "; too few cases with the same factors (车种=机车): compared under the same "
				     "penalty provision (甲法第5条)") != NULL);
	in.context = "；车种=机车；规模=大";
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK(strstr(yd_buf_str(&b), "；同一因素（车种=机车、规模=大）的可比案例不足，放宽为不分因素") != NULL);
	struct yd_reason_in few = {NULL, YD_TIER_GENERAL, 50000, -1, &l, NULL, YD_V_INSUFFICIENT, "", "甲法第53条第1款", 0, NULL};
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_ZH, &few);
	CHECK(strstr(yd_buf_str(&b), "可比案例不足，无法与同类案件比较（比较限于同一处罚依据（甲法第53条第1款），"
				     "依据不同的决定不作比较）") != NULL);
	/* no context: the reason as before */
	in.context = "";
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款为全部地区 12 件可比案例中位数 500 元的 1.0 倍；12 件中 7 件不低于本案");
	yd_buf_release(&b);
}

static void test_reasons(void)
{
	struct yd_legal l;
	struct yd_buf b = YD_BUF_INIT;
	/* the example: 60,000 yuan above a lenient bound of 37,000 */
	struct yd_cat_item it = {1, NULL, NULL, NULL, YD_KIND_FIXED, 1000000, 10000000, 3700000, 7000000, 1, NULL, 0, NULL, 0, 0};
	yd_judge_legal(&it, YD_TIER_LENIENT, 6000000, -1, &l);
	CHECK_INT(l.verdict, YD_V_ABOVE_TIER);
	struct yd_reason_in in = {&it, YD_TIER_LENIENT, 6000000, -1, &l, NULL, l.verdict, "", NULL, 0, NULL};
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款 60,000 元高于从轻阶次上限 37,000 元（阶次 10,000–37,000 元）");
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_EN, &in);
	CHECK_STR(yd_buf_str(&b), "fine 60,000 yuan is above the upper bound 37,000 yuan of the lenient tier (band 10,000-37,000 yuan)");
	/* an outlier: 3.8x the median of 214 cases */
	struct yd_peer p = {.level = YD_LEVEL_PARENT, .n = 214, .median = log(1000000.0), .median_nat = 1000000.0,
			    .scale = 0.26, .method = YD_SCALE_MAD, .percentile = 99.6, .z = 5.1, .above = 1,
			    .below = 214};
	yd_judge_legal(&it, YD_TIER_GENERAL, 3800000, -1, &l);
	struct yd_reason_in in2 = {&it, YD_TIER_GENERAL, 3800000, -1, &l, &p, YD_V_OVER, "浙江省/嘉兴市/海盐县", NULL, 0, NULL};
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_EN, &in2);
	CHECK_STR(yd_buf_str(&b), "fine 3.8x the median 10,000 yuan of 214 comparable cases in 浙江省/嘉兴市/海盐县; only 1 of the 214 is as high or higher");
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_ZH, &in2);
	CHECK_STR(yd_buf_str(&b), "罚款为浙江省/嘉兴市/海盐县 214 件可比案例中位数 10,000 元的 3.8 倍；214 件中仅 1 件不低于本案");
	/* 2026-12-05, issue 25.5: the case's own currency, not 元 / yuan */
	in.currency = in2.currency = "TWD";
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_EN, &in2);
	CHECK_STR(yd_buf_str(&b), "fine 3.8x the median NT$10,000 of 214 comparable cases in 浙江省/嘉兴市/海盐县; only 1 of the 214 is as high or higher");
	yd_judge_legal(&it, YD_TIER_LENIENT, 6000000, -1, &l);
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK_STR(yd_buf_str(&b), "罚款 新臺幣 60,000 元高于从轻阶次上限 新臺幣 37,000 元（阶次 新臺幣 10,000–37,000 元）");
	in.currency = "EUR";
	yd_buf_reset(&b);
	yd_judge_reason(&b, YD_LANG_EN, &in);
	CHECK_STR(yd_buf_str(&b), "fine €60,000 is above the upper bound €37,000 of the lenient tier (band €10,000-€37,000)");
	yd_buf_release(&b);
	enum yd_verdict vv;
	CHECK(yd_verdict_parse("under_penalized", &vv) == 0 && vv == YD_V_UNDER);
	CHECK(yd_verdict_parse("bogus", &vv) != 0);
}

/* Items read from a published table (issue 13): ranges per party and
 * branch, caps, alternatives, bounds excluded, standards that need review. */
static enum yd_verdict vp(const struct yd_cat_item *it, enum yd_tier t, enum yd_party p, int64_t fine, int64_t base,
			  struct yd_legal *l)
{
	yd_judge_legal_party(it, t, p, fine, base, l);
	return l->verdict;
}

static void test_published_ranges(void)
{
	struct yd_legal l;
	/* 对个人处50-200元，对单位处500-5000元; general 100-150 / 1000-3000 */
	struct yd_cat_range party_r[] = {
	    {YD_TIER_UNKNOWN, YD_STD_INDIVIDUAL, YD_STD_ALWAYS, YD_STD_FIXED, 5000, 20000, YD_STD_NO_CAP, 0},
	    {YD_TIER_UNKNOWN, YD_STD_ENTERPRISE, YD_STD_ALWAYS, YD_STD_FIXED, 50000, 500000, YD_STD_NO_CAP, 0},
	    {YD_TIER_GENERAL, YD_STD_INDIVIDUAL, YD_STD_ALWAYS, YD_STD_FIXED, 10000, 15000, YD_STD_NO_CAP, 0},
	    {YD_TIER_GENERAL, YD_STD_ENTERPRISE, YD_STD_ALWAYS, YD_STD_FIXED, 100000, 300000, YD_STD_NO_CAP, 0},
	};
	struct yd_cat_item party = {10, NULL, NULL, NULL, YD_KIND_FIXED, 5000, 500000, 0, 0, 0, party_r, 4, NULL, 0, 0};
	CHECK_INT(vp(&party, YD_TIER_GENERAL, YD_PARTY_INDIVIDUAL, 12000, -1, &l), YD_V_OK);
	CHECK_INT(vp(&party, YD_TIER_GENERAL, YD_PARTY_INDIVIDUAL, 80000, -1, &l), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(l.hi, 20000);
	CHECK_INT(l.party_any, 0);
	CHECK_INT(vp(&party, YD_TIER_GENERAL, YD_PARTY_ENTERPRISE, 80000, -1, &l), YD_V_BELOW_TIER);
	CHECK_INT(l.band_lo, 100000);
	/* unknown party: legal within any, and said so */
	CHECK_INT(vp(&party, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 80000, -1, &l), YD_V_OK);
	CHECK_INT(l.party_any, 1);
	CHECK_INT(vp(&party, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 600000, -1, &l), YD_V_ABOVE_LEGAL_MAX);
	struct yd_buf b = YD_BUF_INIT;
	struct yd_reason_in in = {&party, YD_TIER_GENERAL, 600000, -1, &l, NULL, l.verdict, "", NULL, 0, NULL};
	yd_judge_reason(&b, YD_LANG_EN, &in);
	CHECK(strstr(yd_buf_str(&b), "party type unknown") != NULL);
	yd_buf_release(&b);

	/* 有违法所得的 1-3 倍 (severe 2-3 倍, at most 5万)；没有违法所得的 0-1万 */
	struct yd_cat_range branch_r[] = {
	    {YD_TIER_UNKNOWN, YD_STD_ANY, YD_STD_WITH_BASE, YD_STD_MULTIPLE, 1000000, 3000000, YD_STD_NO_CAP, 0},
	    {YD_TIER_UNKNOWN, YD_STD_ANY, YD_STD_WITHOUT_BASE, YD_STD_FIXED, 0, 1000000, YD_STD_NO_CAP, 0},
	    {YD_TIER_SEVERE, YD_STD_ANY, YD_STD_WITH_BASE, YD_STD_MULTIPLE, 2000000, 3000000, 5000000, 0},
	};
	struct yd_cat_item branch = {11, NULL, NULL, NULL, YD_KIND_FIXED, 0, 1000000, 0, 0, 0, branch_r, 3, NULL, 0, 0};
	CHECK_INT(vp(&branch, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 2500000, 1000000, &l), YD_V_OK);
	CHECK_INT(vp(&branch, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 3000001, 1000000, &l), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(vp(&branch, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 999999, 1000000, &l), YD_V_BELOW_LEGAL_MIN);
	CHECK_INT(vp(&branch, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 900000, -1, &l), YD_V_OK); /* no base */
	CHECK_INT(vp(&branch, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 1000001, -1, &l), YD_V_ABOVE_LEGAL_MAX);
	/* no rows for the general tier: the 30/70 split of the one range that applies */
	CHECK_INT(vp(&branch, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 2000000, 1000000, &l), YD_V_OK);
	CHECK_INT(l.band_lo, 1600000);
	CHECK_INT(l.band_hi, 2400000);
	CHECK_INT(l.band_derived, 1);
	/* 2026-12-05, issue 23: a derived band is context, never a finding */
	CHECK_INT(vp(&branch, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 2500000, 1000000, &l), YD_V_OK);
	CHECK_INT(l.has_band, 1);

	/* 2026-12-05, issue 23: a table that publishes only 从重 (10-20万) and no
	 * range in its basis: the 从重 band is judged, the law is not, and no
	 * other tier gets a band */
	struct yd_cat_range only_r[] = {
	    {YD_TIER_SEVERE, YD_STD_ANY, YD_STD_ALWAYS, YD_STD_FIXED, 10000000, 20000000, YD_STD_NO_CAP, 0},
	};
	struct yd_cat_item only = {12, NULL, NULL, NULL, YD_KIND_FIXED, 0, 0, 0, 0, 0, only_r, 1, (char *)(uintptr_t)"x", 0, 0};
	CHECK_INT(vp(&only, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 5000000, -1, &l), YD_V_NO_BENCHMARK);
	CHECK_INT(l.nolegal, YD_NL_PARTIAL);
	CHECK_INT(l.has_band, 0);
	CHECK_INT(vp(&only, YD_TIER_SEVERE, YD_PARTY_UNKNOWN, 5000000, -1, &l), YD_V_BELOW_TIER);
	CHECK_INT(l.nolegal, YD_NL_PARTIAL);
	CHECK_INT(l.band_lo, 10000000);
	CHECK_INT(vp(&only, YD_TIER_SEVERE, YD_PARTY_UNKNOWN, 15000000, -1, &l), YD_V_NO_BENCHMARK);
	CHECK_INT(vp(&only, YD_TIER_SEVERE, YD_PARTY_UNKNOWN, 25000000, -1, &l), YD_V_ABOVE_TIER);
	CHECK_INT(vp(&only, YD_TIER_NONE, YD_PARTY_UNKNOWN, 0, -1, &l), YD_V_OK);
	CHECK_INT(vp(&only, YD_TIER_NONE, YD_PARTY_UNKNOWN, 100, -1, &l), YD_V_ABOVE_LEGAL_MAX);
	/* the cap: 2-3 x 3万 is 6-9万, capped at 5万 */
	CHECK_INT(vp(&branch, YD_TIER_SEVERE, YD_PARTY_UNKNOWN, 5000000, 3000000, &l), YD_V_OK);
	CHECK_INT(vp(&branch, YD_TIER_SEVERE, YD_PARTY_UNKNOWN, 5000001, 3000000, &l), YD_V_ABOVE_TIER);
	CHECK_INT(l.band_hi, 5000000);
	/* 不予处罚 is 0 whatever the ranges */
	CHECK_INT(vp(&branch, YD_TIER_NONE, YD_PARTY_UNKNOWN, 1, -1, &l), YD_V_ABOVE_LEGAL_MAX);

	/* alternatives with a gap, bounds excluded, and a no-fine law */
	struct yd_cat_range alt_r[] = {
	    {YD_TIER_UNKNOWN, YD_STD_ANY, YD_STD_ALWAYS, YD_STD_FIXED, 100000, 200000, YD_STD_NO_CAP, 1},
	    {YD_TIER_UNKNOWN, YD_STD_ANY, YD_STD_ALWAYS, YD_STD_FIXED, 500000, 600000, YD_STD_NO_CAP, 1},
	};
	struct yd_cat_item alt = {12, NULL, NULL, NULL, YD_KIND_FIXED, 0, 0, 0, 0, 0, alt_r, 2, NULL, 0, 0};
	CHECK_INT(vp(&alt, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 150000, -1, &l), YD_V_OK);
	CHECK_INT(vp(&alt, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 550000, -1, &l), YD_V_OK);
	CHECK_INT(vp(&alt, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 300000, -1, &l), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(vp(&alt, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 200000, -1, &l), YD_V_ABOVE_LEGAL_MAX); /* excluded */
	CHECK_INT(vp(&alt, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 199999, -1, &l), YD_V_OK);
	CHECK_INT(vp(&alt, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 100000, -1, &l), YD_V_BELOW_LEGAL_MIN);
	struct yd_cat_range none_r[] = {{YD_TIER_UNKNOWN, YD_STD_ANY, YD_STD_ALWAYS, YD_STD_NOFINE, 0, 0, YD_STD_NO_CAP, 0}};
	struct yd_cat_item nofine = {13, NULL, NULL, NULL, YD_KIND_FIXED, 0, 0, 0, 0, 0, none_r, 1, NULL, 0, 0};
	CHECK_INT(vp(&nofine, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 0, -1, &l), YD_V_OK);
	CHECK_INT(vp(&nofine, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 100, -1, &l), YD_V_ABOVE_LEGAL_MAX);

	/* a standard that needs review: peers only */
	char why[] = "legal range unknown";
	struct yd_cat_item review = {14, NULL, NULL, NULL, YD_KIND_FIXED, 0, 0, 0, 0, 0, NULL, 0, why, 0, 0};
	CHECK_INT(vp(&review, YD_TIER_GENERAL, YD_PARTY_UNKNOWN, 100, -1, &l), YD_V_NO_BENCHMARK);
	CHECK_INT(l.nolegal, YD_NL_REVIEW);
	CHECK_INT(vp(&review, YD_TIER_NONE, YD_PARTY_UNKNOWN, 100, -1, &l), YD_V_ABOVE_LEGAL_MAX);
}

/* 2026-12-05, issue 23: the version in force on a date; before every
 * version none (not the oldest), after one ended none, 0 the latest; a
 * version's reason names it */
static void test_versions(void)
{
	struct yd_cat_item v[3];
	memset(v, 0, sizeof v);
	v[0].violation_id = 20, v[0].lo = 100000, v[0].hi = 1000000, v[0].from = 20210101;
	v[1].violation_id = 20, v[1].lo = 500000, v[1].hi = 5000000, v[1].from = 20240101, v[1].to = 20241231;
	v[2].violation_id = 21, v[2].lo = 100, v[2].hi = 200;
	for (int k = 0; k < 3; k++)
		v[k].lenient_max = v[k].lo, v[k].severe_min = v[k].hi, v[k].tiers_given = 1;
	struct yd_catalogue cat = {v, 3, NULL, 0};
	int32_t next = 7;
	CHECK(yd_catalogue_find_at(&cat, 20, 20201231, &next) == NULL);
	CHECK_INT(next, 20210101);
	CHECK(yd_catalogue_find_at(&cat, 20, 20210101, &next) == &v[0]);
	CHECK(yd_catalogue_find_at(&cat, 20, 20231231, &next) == &v[0]);
	CHECK(yd_catalogue_find_at(&cat, 20, 20240101, &next) == &v[1]);
	CHECK(yd_catalogue_find_at(&cat, 20, 20250101, &next) == NULL);
	CHECK_INT(next, -1);
	CHECK(yd_catalogue_find_at(&cat, 20, 0, &next) == &v[1]);
	CHECK(yd_catalogue_find(&cat, 20) == &v[1]);
	CHECK(yd_catalogue_find_at(&cat, 21, 19000101, &next) == &v[2]);
	CHECK(yd_catalogue_find_at(&cat, 22, 20240101, &next) == NULL);
	CHECK_INT(next, 0);

	struct yd_legal l;
	/* 20,000 yuan: above the 2021 maximum, within the 2024 range */
	CHECK(yd_judge_legal_at(&cat, 20, 20230601, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 2000000, -1, &l) == &v[0]);
	CHECK_INT(l.verdict, YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(l.law_from, 20210101);
	CHECK(yd_judge_legal_at(&cat, 20, 20240601, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 2000000, -1, &l) == &v[1]);
	CHECK_INT(l.verdict, YD_V_OK);
	CHECK(yd_judge_legal_at(&cat, 20, 20200601, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 2000000, -1, &l) == NULL);
	CHECK_INT(l.verdict, YD_V_NO_BENCHMARK);
	CHECK_INT(l.nolegal, YD_NL_NO_VERSION);
	CHECK_INT(l.law_next, 20210101);
	struct yd_buf b = YD_BUF_INIT;
	struct yd_reason_in in = {NULL, YD_TIER_UNKNOWN, 2000000, -1, &l, NULL, l.verdict, "", NULL, 0, NULL};
	yd_judge_reason(&b, YD_LANG_ZH, &in);
	CHECK(strstr(yd_buf_str(&b), "2021-01-01 起施行") != NULL);
	yd_buf_reset(&b);
	yd_judge_legal_at(&cat, 20, 20230601, YD_TIER_UNKNOWN, YD_PARTY_UNKNOWN, 2000000, -1, &l);
	in.it = &v[0], in.verdict = l.verdict;
	yd_judge_reason(&b, YD_LANG_EN, &in);
	CHECK(strstr(yd_buf_str(&b), "by the catalogue in force from 2021-01-01") != NULL);
	yd_buf_release(&b);
}

int main(void)
{
	RUN(test_statutory_range);
	RUN(test_tier_bands);
	RUN(test_multiple_items);
	RUN(test_bounds_at_money_precision);
	RUN(test_bounds_past_int64);
	RUN(test_scale_and_peers);
	RUN(test_calibrate);
	RUN(test_flag_needs_cut_and_money);
	RUN(test_outlier_is_rare);
	RUN(test_lenient_floor_reason);
	RUN(test_no_catalogue);
	RUN(test_context_reason);
	RUN(test_reasons);
	RUN(test_published_ranges);
	RUN(test_versions);
	return t_report("judge");
}
