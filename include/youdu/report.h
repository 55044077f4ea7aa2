/* report.h - the annual risk report (年度行政处罚裁量风险报告): one
 * self-contained HTML file (charts embedded) and a Markdown twin with the
 * PNGs beside it, from the last analysis.  Sections: summary (period,
 * agencies, totals, findings with recommendations, change from the year
 * before), by agency, data quality, illegal and tier cases, outliers,
 * regional disparity, consistency over the years, the most flagged
 * violation types, methods.  See docs/METHODS.md, "The annual report". */
#ifndef YOUDU_REPORT_H
#define YOUDU_REPORT_H

#include <stddef.h>

#include "youdu/analyze.h"
#include "youdu/db.h"
#include "youdu/judge.h"

struct yd_report_opts {
	int year;            /* 0 for all years (an analysis of one year reports that year) */
	enum yd_lang lang;   /* Chinese by default */
	const char *dir;     /* output folder, created when missing */
	int html, md;        /* which documents to write */
	const char *date;    /* the "generated" date (YYYY-MM-DD); the caller decides */
	int top_violations;  /* per-violation pages for this many most flagged types (3) */
	int top_outliers;    /* statistical outliers listed (50) */
	const char *agency;  /* one agency (执法机关) by name, NULL for all */
	yd_phase_fn progress; /* may be NULL: told as each phase begins */
	void *progress_data;
};

/* What a report covered and wrote, for the caller to tell the user. */
struct yd_report_info {
	char html[1024], md[1024]; /* the files written, "" when not */
	int year;                  /* the year the report covers, 0 for every year of the analysis */
	int analysis_year;         /* the --year of the analysis it used, 0 for all years */
	int year_differs;          /* 1 when opts.year was asked but the analysis judged another
				    * year only: the report covers analysis_year (and says so) */
};

/* Writes DIR/report.html and/or DIR/report.md (+ the PNGs in DIR/img) and
 * fills *info.  YD_EUSAGE for an agency with no judged case (the message
 * lists the agencies), YD_ESTATE without an analysis. */
int yd_report(struct yd_db *db, const struct yd_report_opts *o, struct yd_report_info *info, struct yd_error *err);

#endif
