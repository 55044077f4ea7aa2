/* cmd_stats.c - youdu stats: the distribution of fines per group */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/db_analysis.h"
#include "youdu/out.h"
#include "youdu/summary.h"
#include "youdu/xlsxout.h"


/* stats' columns, every form's (amounts as decimals: a multiple item's are
 * multiples of its base) */
static const struct yd_col stats_cols[] = {
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL}, {"group", YD_COL_TEXT, 40, YD_SHOW_ALL},
    {"n", YD_COL_INT, 6, YD_SHOW_ALL},                {"min", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"q1", YD_COL_DECIMAL, 10, YD_SHOW_ALL},          {"median", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"q3", YD_COL_DECIMAL, 10, YD_SHOW_ALL},          {"max", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"mean", YD_COL_DECIMAL, 10, YD_SHOW_ALL},        {"mad", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"share_at_min", YD_COL_DECIMAL, 12, YD_SHOW_ALL}, {"share_flagged", YD_COL_DECIMAL, 13, YD_SHOW_ALL}};

static int stats_row(void *data, const struct yd_summary_row *r)
{
	struct cli_out *out = data;
	char n[32], v[9][32];
	double vals[7] = {r->min, r->q1, r->median, r->q3, r->max, r->mean, r->mad};
	snprintf(n, sizeof n, "%ld", r->n);
	for (int i = 0; i < 7; i++)
		yd_fmt_num(v[i], sizeof v[i], vals[i], 2);
	yd_fmt_num(v[7], sizeof v[7], r->share_at_min, 3);
	yd_fmt_num(v[8], sizeof v[8], r->share_flagged, 3);
	const char *cells[] = {r->violation_code, r->group, n, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
	CLI_OUT_ROW(out, stats_cols, cells);
	return 0;
}

const struct cli_opt cli_stats_opts[] = {
    CLI_OPT('b', "by", "G", "region (default), year or tier"),
    CLI_OPT_VIOLATION,
    CLI_OPT_REGION,
    CLI_OPT_YEAR,
    CLI_OPT_FORMAT_TABLE,
    CLI_OPT_END};

int cmd_stats(int argc, char **argv, struct cli *cli)
{
	struct yd_case_filter f = {0};
	enum yd_format fmt = YD_FMT_TABLE;
	struct cli_out out = {0};
	enum yd_by by = YD_BY_REGION;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_ledger led;
	int c, rc;

	while ((c = cli_getopt("stats", argc, argv, cli_stats_opts)) != -1) {
		switch (c) {
		case 'b':
			if (yd_by_parse(optarg, &by) < 0)
				return cli_usage_error("stats", "--by: expected region, year or tier, not '%s'", optarg);
			break;
		case 'f':
			if (yd_format_parse(optarg, &fmt) < 0 || fmt == YD_FMT_TEXT || fmt == YD_FMT_XLSX)
				return cli_usage_error("stats", "--format: expected table, csv or json, not '%s'", optarg);
			break;
		default:
			if (cli_filter_opt("stats", c, &f))
				return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("stats", db, f.region, f.violation)) != 0)
		goto out;
	if (yd_ledger_load(db, &led, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_out_open(&out, "stats", cli, fmt, NULL, stats_cols, CLI_NCOLS(stats_cols))) != 0)
		goto out;
	if (yd_summary(db, &f, by, stats_row, &out, &err) < 0)
		rc = cli_fail(&err);
out:
	rc = cli_out_close(&out, rc);
	yd_db_close(db);
	return rc;
}
