/* chart.h - charts through gnuplot: box, hist, scatter, funnel, trend,
 * harshness.  gnuplot is started with a fixed argument list (no shell), the
 * script and the data (inline blocks) go to its standard input; PNG via
 * pngcairo or SVG, with a CJK font found at run time. */
#ifndef YOUDU_CHART_H
#define YOUDU_CHART_H

#include "youdu/buf.h"
#include "youdu/db.h"
#include "youdu/disparity.h"
#include "youdu/judge.h"

enum yd_chart_kind {
	YD_CHART_BOX,
	YD_CHART_HIST,
	YD_CHART_SCATTER,
	YD_CHART_FUNNEL,
	YD_CHART_TREND,
	YD_CHART_HARSHNESS,
	YD_CHART_COUNT
};

const char *yd_chart_kind_name(enum yd_chart_kind k); /* "box"...; static */
int yd_chart_kind_parse(const char *s, enum yd_chart_kind *k);
/* 1 when the kind needs --violation. */
int yd_chart_needs_violation(enum yd_chart_kind k);

struct yd_chart_opts {
	enum yd_chart_kind kind;
	const char *violation; /* violation code; required by box, hist, scatter */
	const char *region;    /* region path prefix, NULL for all */
	const char *agency;    /* agency (执法机关) name, NULL for all: its cases (box, hist, scatter)
				* or its regions (funnel, harshness; the yardstick stays all regions) */
	int year;              /* 0 for all */
	int32_t today;         /* yyyymmdd: the trend leaves out dates after it and placeholders (0: no upper bound) */
	const char *out;       /* FILE.png or FILE.svg */
	int width, height;     /* pixels (default 900 x 560) */
	enum yd_lang lang;
	/* Rows computed already (the report has them), NULL to compute them
	 * here: every region of yd_regions for this year, all violations and
	 * the default options, before any agency filter (funnel, harshness);
	 * the all-violations series of yd_trends over all years (trend). */
	const struct yd_region_row *regions;
	size_t nregions;
	const struct yd_trend_row *trends;
	size_t ntrends;
	/* The cases of this year loaded at level 0 (yd_disp_cases_load), read
	 * by box and hist without region and agency; NULL: read here. */
	const struct yd_disp_cases *cases;
};

/* The CJK font family gnuplot should use ("Noto Sans CJK SC"...), or NULL
 * when none of the known ones is installed. */
const char *yd_chart_cjk_font(void);

/* Draws one chart into o->out.  YD_ETOOL when gnuplot is missing or fails
 * (the message says what to install), YD_ESTATE when there is nothing to
 * draw (no analysis, no such violation...). */
int yd_chart(struct yd_db *db, const struct yd_chart_opts *o, struct yd_error *err);

/* The same in two steps, so that the caller goes on while gnuplot draws
 * (the report starts each chart and collects them all at the end):
 * yd_chart_start checks the options, builds the script and starts gnuplot
 * on it (*job NULL after a failure); yd_chart_finish waits for it, checks
 * the picture and renames it into place, and frees the job (every started
 * job must be finished, once).  The errors are yd_chart's. */
struct yd_chart_job;
int yd_chart_start(struct yd_db *db, const struct yd_chart_opts *o, struct yd_chart_job **job, struct yd_error *err);
int yd_chart_finish(struct yd_chart_job *job, struct yd_error *err);

/* Appends to script the gnuplot script (commands and inline data) yd_chart
 * would send for o, naming o->out as given; runs nothing.  For tests and
 * for a person who wants to change a chart by hand. */
int yd_chart_script(struct yd_db *db, const struct yd_chart_opts *o, struct yd_buf *script, struct yd_error *err);

#endif
