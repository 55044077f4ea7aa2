/* disparity.h - where discretion is uneven and whether it is getting
 * better: each region's typical fine against all other regions, with a
 * bootstrap interval and overdispersion-adjusted funnel limits (funnel.h),
 * Kruskal-Wallis across regions per violation with BH q-values, and
 * dispersion by year.  Reads the last analysis; writes nothing.
 * See docs/METHODS.md, "Regions, disparity and trends". */
#ifndef YOUDU_DISPARITY_H
#define YOUDU_DISPARITY_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"

struct yd_disp_opts {
	const char *violation; /* one violation code, NULL for all */
	int year;              /* one year, 0 for all */
	int level;             /* regions aggregated to this path depth; 0 = full path */
	int min_peers;         /* other-region cases a comparison needs (8) */
	int min_cases;         /* a region with fewer cases is "too_few" (20) */
	double min_effect;     /* |effect| in percent a label needs besides the funnel (5) */
	size_t boot;           /* bootstrap resamples (2000) */
	unsigned long seed;    /* of GSL's mt19937 (20241) */
	int kw_min;            /* cases a region needs to enter a Kruskal-Wallis test (5) */
	double material;       /* in_line needs the effect's interval inside +-material percent (10; at most 25) */
	int32_t today;         /* yyyymmdd: trends leave out cases dated after it (0: no such bound)
				* and placeholder dates (yd_date_warning) */
};

#define YD_DISP_OPTS_DEFAULT {NULL, 0, 0, 8, 20, 5, 2000, 20241, 5, 10, 0}
/* A year enters a trend's slope with at least this many cases; fewer are
 * listed but not fitted (issue 25.7: two one-case years made a "trend"). */
#define YD_TREND_MIN_FIT 10

/* The funnel limit the labels use: 99.8 % (z = 3.09).  See METHODS.md. */
#define YD_REGION_LABEL_Z 3.090232306167813
#define YD_REGION_Z95 1.959963984540054
/* Above this many cases a region's interval is the normal one with the
 * Tukey-McLaughlin standard error instead of 2000 resamples (the trimmed
 * mean is then close to normal; the bootstrap cost B x n). */
#define YD_REGION_BOOT_MAX 5000

/* From the region's own cases (raw and its interval), never from the
 * shrinkage: harsh / lenient: outside the funnel and at least min_effect;
 * in_line: the interval inside the material band; uncertain: neither (the
 * data do not tell); too_few: under min_cases.  Not every region is one of the
 * first three: a region is called in line only when it was shown to be. */
enum yd_region_label { YD_RL_HARSH, YD_RL_LENIENT, YD_RL_IN_LINE, YD_RL_UNCERTAIN, YD_RL_TOO_FEW };
/* The largest material band --material accepts: never in_line at +-25 %. */
#define YD_REGION_MATERIAL_MAX 25
/* Cases a violation type needs in a region to be among its top violations. */
#define YD_REGION_TOP_MIN 10
const char *yd_region_label_name(enum yd_region_label l); /* "harsh"... */
const char *yd_region_label_zh(enum yd_region_label l);   /* "偏严"... */

/* A region's position.  Each case's position is ln(fine) against the
 * usual fine of its violation and tier for a case of the same party type,
 * year and base (mix.h: region, group level and case mix fitted jointly);
 * index = the 10 % trimmed mean of the region's positions less that of the
 * typical region (the median of the regions' trimmed means), shrunk toward
 * 0 by shrink = tau_all^2 / (tau_all^2 + se^2) (empirical Bayes: a region
 * of few cases moves most): the region's typical fine relative to the
 * usual fine elsewhere, on the log scale.  People see it as a percentage,
 * 100 (exp(index) - 1).  Funnel limits are half-widths around 0 for raw. */
struct yd_region_row {
	const char *region;
	long n;                   /* cases with a position */
	double index;             /* see above; ln scale */
	double ci_low, ci_high;   /* 95 % bootstrap interval of the region's own cases (raw, not shrunk:
				     with few cases and little spread between regions, index may lie
				     outside it) */
	enum yd_region_label label;
	double raw;               /* the index before shrinkage: the funnel's dot */
	double shrink;            /* the factor taking raw to index, 0..1 */
	double se;                /* sigma / sqrt(n): raw's standard error were the region in line */
	double limit95, limit998; /* z sqrt(se^2 + tau^2) at this n */
	double sigma, tau;        /* the same in every row: pooled spread of the positions (for a trimmed
				     mean), robust between-region sd (the limits) */
	double tau_all;           /* between-region sd of all regions, biased ones too (the shrinkage) */
	const char *top;          /* "CG004 擅自占用城市道路 +35 %（12 件）": the types pulling most the index's
				     way, each with its own effect and at least YD_REGION_TOP_MIN cases */
};
typedef int (*yd_region_fn)(void *data, const struct yd_region_row *r);
/* One row per region, harshest first, too_few last. */
int yd_regions(struct yd_db *db, const struct yd_disp_opts *o, yd_region_fn fn, void *data, struct yd_error *err);
/* YD_EUSAGE when level is deeper than every region path (it would silently
 * be the full paths), else 0. */
int yd_regions_check_level(struct yd_db *db, int level, struct yd_error *err);

/* 100 (exp(index) - 1): the effect in percent. */
/* The cases of one year (0: all) with their regions cut to one level
 * (0: full path), loaded once for several of the statistics here: the
 * report computes regions, disparity and trends from one load.  Free with
 * yd_disp_cases_free (NULL is allowed). */
struct yd_disp_cases;
int yd_disp_cases_load(struct yd_db *db, int year, int level, struct yd_disp_cases **out, struct yd_error *err);
void yd_disp_cases_free(struct yd_disp_cases *c);
/* yd_regions, yd_disparity and yd_trends on loaded cases: o->year and
 * o->level are those of the load (theirs are not read); return 0 or what
 * fn returned. */
/* One judged case of loaded cases (for a chart of one violation). */
struct yd_disp_case {
	const char *region; /* full path at level 0 */
	int32_t date;
	int tier;
	int verdict;
	int64_t fine, base; /* fen; base -1 when none */
};
typedef int (*yd_disp_case_fn)(void *data, const struct yd_disp_case *c);
/* Calls fn for each case of violation (a code as imported) in c that has a
 * verdict, in load order; returns 0 or what fn returned. */
int yd_disp_cases_each(const struct yd_disp_cases *c, const char *violation, yd_disp_case_fn fn, void *data);
int yd_regions_in(const struct yd_disp_cases *c, const struct yd_disp_opts *o, yd_region_fn fn, void *data);

double yd_region_effect(double index);
/* The effect as people read it: "+22%", "-8.5%" (one decimal under 10 %),
 * "+0.0%"; "" for NAN. */
void yd_region_fmt_effect(char *buf, size_t n, double index);

struct yd_kw_row {
	const char *violation_code;
	const char *violation_name; /* as imported or from the catalogue; "" when unknown */
	long n;            /* cases in the test */
	int regions;       /* regions in the test */
	int testable;      /* 0: fewer than two regions with kw_min cases */
	double h, p, q, epsilon2;
	const char *highest, *lowest; /* regions with the highest / lowest mean rank */
};
typedef int (*yd_kw_fn)(void *data, const struct yd_kw_row *r);
/* One row per violation: testable ones by q, then the rest by code. */
int yd_disparity(struct yd_db *db, const struct yd_disp_opts *o, yd_kw_fn fn, void *data, struct yd_error *err);
int yd_disparity_in(const struct yd_disp_cases *c, const struct yd_disp_opts *o, yd_kw_fn fn, void *data);

struct yd_trend_row {
	const char *violation_code; /* "" for all violations together */
	int year;
	long n;
	double median_fine;         /* in the cases' currency; NAN when they are of several */
	double dispersion;          /* 1.4826 MAD of ln(fine) around its violation-tier-year median */
	double share_flagged, share_at_min, share_mitigated_none;
	double slope, slope_low, slope_high; /* dispersion per year, 95 % interval (whole series) */
	int fitted;                 /* 1 when this year entered the slope (n >= YD_TREND_MIN_FIT) */
	const char *direction;      /* "fell", "rose", "no clear change", "too few years" */
};
typedef int (*yd_trend_fn)(void *data, const struct yd_trend_row *r);
/* Per violation (and overall, code ""), one row per year with cases; the
 * cases whose date yd_date_warning names (placeholders, before 1990, after
 * o->today) are left out. */
int yd_trends(struct yd_db *db, const struct yd_disp_opts *o, yd_trend_fn fn, void *data, struct yd_error *err);
int yd_trends_in(const struct yd_disp_cases *c, const struct yd_disp_opts *o, yd_trend_fn fn, void *data);

#endif
