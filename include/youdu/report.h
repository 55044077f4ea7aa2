/* report.h - the annual risk report (年度行政处罚裁量风险报告): one
 * self-contained HTML file (charts embedded) and a Markdown twin with the
 * PNGs beside it, from the last analysis. */
#ifndef YOUDU_REPORT_H
#define YOUDU_REPORT_H

#include <stddef.h>

#include "youdu/db.h"
#include "youdu/judge.h"

struct yd_report_opts {
	int year;            /* 0 for all years */
	enum yd_lang lang;   /* Chinese by default */
	const char *dir;     /* output folder, created when missing */
	int html, md;        /* which documents to write */
	const char *date;    /* the "generated" date (YYYY-MM-DD); the caller decides */
	int top_violations;  /* per-violation pages for this many most flagged types (3) */
	int top_outliers;    /* statistical outliers listed (50) */
};

/* Writes DIR/report.html and/or DIR/report.md (+ the PNGs in DIR/img).  The paths
 * written go to html_path / md_path (may be NULL). */
int yd_report(struct yd_db *db, const struct yd_report_opts *o, char *html_path, size_t hsz, char *md_path,
	      size_t msz, struct yd_error *err);

#endif
