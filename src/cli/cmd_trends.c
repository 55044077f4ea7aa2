/* cmd_trends.c - youdu trends: consistency by year */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/disparity.h"
#include "youdu/out.h"
#include "youdu/versions.h"
#include "youdu/xlsxout.h"


/* trends' columns, every form's */
static const struct yd_col trend_cols[] = {
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL},       {"year", YD_COL_INT, 4, YD_SHOW_ALL},
    {"n", YD_COL_INT, 7, YD_SHOW_ALL},                      {"median_fine", YD_COL_DECIMAL, 11, YD_SHOW_ALL},
    {"dispersion", YD_COL_DECIMAL, 10, YD_SHOW_ALL},        {"share_flagged", YD_COL_DECIMAL, 13, YD_SHOW_ALL},
    {"share_at_min", YD_COL_DECIMAL, 12, YD_SHOW_ALL},      {"share_mitigated_none", YD_COL_DECIMAL, 20, YD_SHOW_ALL},
    {"slope", YD_COL_DECIMAL, 8, YD_SHOW_ALL},              {"slope_low", YD_COL_DECIMAL, 9, YD_SHOW_ALL},
    {"slope_high", YD_COL_DECIMAL, 10, YD_SHOW_ALL},        {"direction", YD_COL_TEXT, 15, YD_SHOW_ALL},
    {"direction_zh", YD_COL_TEXT, 0, YD_SHOW_TABLE}};

/* The trend's direction in Chinese, for the table (the data keep the word). */
static const char *direction_zh(const char *d)
{
	static const char *const words[][2] = {{"fell", "下降（更一致）"},
					       {"rose", "上升（更分散）"},
					       {"no clear change", "无明显变化"},
					       {"too few years", "年份不足"}};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(d, words[i][0]) == 0)
			return words[i][1];
	return "";
}

static int trend_row(void *data, const struct yd_trend_row *r)
{
	struct cli_disp_state *s = data;
	char year[16], n[32], v[8][32];
	double vals[8] = {r->median_fine, r->dispersion, r->share_flagged, r->share_at_min, r->share_mitigated_none,
			  r->slope, r->slope_low, r->slope_high};
	static const int dec[8] = {2, 3, 3, 3, 3, 4, 4, 4};
	snprintf(year, sizeof year, "%d", r->year);
	snprintf(n, sizeof n, "%ld", r->n);
	for (int i = 0; i < 8; i++)
		yd_fmt_num(v[i], sizeof v[i], vals[i], dec[i]);
	const char *cells[] = {*r->violation_code ? r->violation_code : "all", year, n, v[0], v[1], v[2], v[3], v[4],
			       v[5], v[6], v[7], r->direction, direction_zh(r->direction)};
	s->n++;
	CLI_OUT_ROW(&s->out, trend_cols, cells);
	return 0;
}

/* ---- trends --by-version (issue 23): fines before and after each change
 * of an item's legal range ---- */

static const struct yd_col version_cols[] = {
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL}, {"change_date", YD_COL_DATE, 11, YD_SHOW_ALL},
    {"side", YD_COL_TEXT, 6, YD_SHOW_ALL},            {"version_from", YD_COL_DATE, 12, YD_SHOW_ALL},
    {"legal_min", YD_COL_DECIMAL, 10, YD_SHOW_ALL},   {"legal_max", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"n", YD_COL_INT, 6, YD_SHOW_ALL},                {"median_fine", YD_COL_DECIMAL, 11, YD_SHOW_ALL},
    {"share_at_min", YD_COL_DECIMAL, 12, YD_SHOW_ALL}, {"share_at_max", YD_COL_DECIMAL, 12, YD_SHOW_ALL}};

static int version_row(void *data, const struct yd_version_change *ch)
{
	struct cli_disp_state *s = data;
	const struct yd_version_side *sides[2] = {&ch->before, &ch->after};
	enum yd_std_kind kind = ch->kind == YD_KIND_MULTIPLE ? YD_STD_MULTIPLE : YD_STD_FIXED;
	for (int k = 0; k < 2; k++) {
		const struct yd_version_side *v = sides[k];
		char day[16], from[16] = "", lo[32], hi[32], n[32], med[32], smin[32], smax[32];
		yd_fmt_date(day, sizeof day, ch->day);
		if (v->from)
			yd_fmt_date(from, sizeof from, v->from);
		yd_std_format_bound(kind, v->lo, lo, sizeof lo);
		yd_std_format_bound(kind, v->hi, hi, sizeof hi);
		snprintf(n, sizeof n, "%ld", v->n);
		/* fen as yuan; a multiple of the base as it is */
		yd_fmt_num(med, sizeof med, kind == YD_STD_FIXED ? v->median / 100 : v->median, kind == YD_STD_FIXED ? 2 : 4);
		yd_fmt_num(smin, sizeof smin, v->share_min, 3);
		yd_fmt_num(smax, sizeof smax, v->share_max, 3);
		const char *cells[] = {ch->violation_code, day, k ? "after" : "before", from, lo, hi, n, med, smin, smax};
		CLI_OUT_ROW(&s->out, version_cols, cells);
	}
	s->n++;
	return 0;
}

static int trends_by_version(struct cli *cli, enum yd_format fmt)
{
	struct cli_disp_state s = {fmt, 0, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc;

	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if ((rc = cli_out_open(&s.out, "trends", cli, fmt, NULL, version_cols, CLI_NCOLS(version_cols))) ==
	    0) {
		if (yd_version_changes(db, version_row, &s, &err) < 0)
			rc = cli_fail(&err);
		rc = cli_out_close(&s.out, rc);
	}
	yd_db_close(db);
	return rc;
}

/* trends' options */
const struct cli_opt cli_trends_opts[] = {
    CLI_OPT_VIOLATION, CLI_OPT('y', "year", "Y", "the decisions of year Y only"), CLI_OPT_FORMAT_TABLE,
    CLI_FLAG('v', "by-version",
	     "for each change of an item's legal range (catalogue import\n"
	     "--effective-from), the fines before and after it: n, median,\n"
	     "share at the legal minimum and at the maximum"),
    CLI_OPT_END};

int cmd_trends(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct cli_disp_state s = {YD_FMT_TABLE, 0, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int by_version = 0;
	int rc = cli_disp_options("trends", cli_trends_opts, argc, argv, &o, &s.fmt, NULL, &by_version);
	o.today = cli_today_ymd(); /* dates after today are left out, as import warned */

	if (rc == 0 && by_version)
		return trends_by_version(cli, s.fmt);
	if (rc || (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("trends", db, NULL, o.violation)) != 0) {
		yd_db_close(db);
		return rc;
	}
	if ((rc = cli_out_open(&s.out, "trends", cli, s.fmt, NULL, trend_cols, CLI_NCOLS(trend_cols))) !=
	    0) {
		yd_db_close(db);
		return rc;
	}
	if (yd_trends(db, &o, trend_row, &s, &err) < 0)
		rc = cli_fail(&err);
	yd_db_close(db);
	return cli_out_close(&s.out, rc);
}
