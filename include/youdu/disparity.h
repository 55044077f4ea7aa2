/* disparity.h - where discretion is uneven and whether it is getting
 * better: regional harshness with bootstrap intervals and funnel limits,
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
	int min_peers;         /* other cases a comparison group needs (8) */
	double min_scale;      /* scale floor on ln(fine) (0.1) */
	int min_cases;         /* a region with fewer cases is "too_few" (20) */
	double min_effect;     /* |harshness| a label needs besides the interval (0.25) */
	size_t boot;           /* bootstrap resamples (2000) */
	unsigned long seed;    /* of GSL's mt19937 (20241) */
	int kw_min;            /* cases a region needs to enter a Kruskal-Wallis test (5) */
};

#define YD_DISP_OPTS_DEFAULT {NULL, 0, 0, 8, 0.1, 20, 0.25, 2000, 20241, 5}

enum yd_region_label { YD_RL_HARSH, YD_RL_LENIENT, YD_RL_IN_LINE, YD_RL_TOO_FEW };
const char *yd_region_label_name(enum yd_region_label l); /* "harsh"... */
const char *yd_region_label_zh(enum yd_region_label l);   /* "偏严"... */

struct yd_region_row {
	const char *region;
	long n;                    /* cases with a standardized position */
	double harshness;          /* median position */
	double ci_low, ci_high;    /* bootstrap interval of the median */
	enum yd_region_label label;
	double mean;               /* mean position (funnel plot) */
	double limit95, limit998;  /* funnel control limits at this n (+/-) */
	const char *top;           /* "CG004 +1.8, SC005 +1.1": the types that contribute most */
};
typedef int (*yd_region_fn)(void *data, const struct yd_region_row *r);
/* One row per region, harshest first. */
int yd_regions(struct yd_db *db, const struct yd_disp_opts *o, yd_region_fn fn, void *data, struct yd_error *err);

struct yd_kw_row {
	const char *violation_code;
	long n;            /* cases in the test */
	int regions;       /* regions in the test */
	int testable;      /* 0: fewer than two regions with kw_min cases */
	double h, p, q, epsilon2;
	const char *highest, *lowest; /* regions with the highest / lowest mean rank */
};
typedef int (*yd_kw_fn)(void *data, const struct yd_kw_row *r);
/* One row per violation: testable ones by q, then the rest by code. */
int yd_disparity(struct yd_db *db, const struct yd_disp_opts *o, yd_kw_fn fn, void *data, struct yd_error *err);

struct yd_trend_row {
	const char *violation_code; /* "" for all violations together */
	int year;
	long n;
	double median_fine;         /* yuan */
	double dispersion;          /* 1.4826 MAD of ln(fine) around its violation-tier-year median */
	double share_flagged, share_at_min, share_mitigated_none;
	double slope, slope_low, slope_high; /* dispersion per year, 95 % interval (whole series) */
	const char *direction;      /* "fell", "rose", "no clear change", "too few years" */
};
typedef int (*yd_trend_fn)(void *data, const struct yd_trend_row *r);
/* Per violation (and overall, code ""), one row per year. */
int yd_trends(struct yd_db *db, const struct yd_disp_opts *o, yd_trend_fn fn, void *data, struct yd_error *err);

#endif
