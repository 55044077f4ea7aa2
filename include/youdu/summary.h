/* summary.h - distribution of fines per violation and group (youdu stats). */
#ifndef YOUDU_SUMMARY_H
#define YOUDU_SUMMARY_H

#include "youdu/db.h"
#include "youdu/db_analysis.h"

enum yd_by { YD_BY_REGION = 0, YD_BY_YEAR, YD_BY_TIER };
int yd_by_parse(const char *s, enum yd_by *by);

struct yd_summary_row {
	const char *violation_code;
	const char *group;      /* region path, year or tier name */
	long n;
	double min, q1, median, q3, max, mean, mad; /* yuan */
	double share_at_min;    /* share of cases fined exactly the legal minimum (NAN without catalogue) */
	double share_flagged;   /* share with a flagged verdict */
};

typedef int (*yd_summary_fn)(void *data, const struct yd_summary_row *row);

/* Groups the analysed cases matching f (verdicts ignored) by violation and
 * by, ordered by violation code then group, and calls fn for each group. */
int yd_summary(struct yd_db *db, const struct yd_case_filter *f, enum yd_by by, yd_summary_fn fn, void *data,
	       struct yd_error *err);

#endif
