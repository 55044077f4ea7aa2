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


struct stats_state {
	enum yd_format fmt;
	long n;
	int raw; /* --raw */
};

static int stats_row(void *data, const struct yd_summary_row *r)
{
	struct stats_state *s = data;
	char v[9][32];
	double vals[7] = {r->min, r->q1, r->median, r->q3, r->max, r->mean, r->mad};
	for (int i = 0; i < 7; i++)
		yd_fmt_num(v[i], sizeof v[i], vals[i], 2);
	yd_fmt_num(v[7], sizeof v[7], r->share_at_min, 3);
	yd_fmt_num(v[8], sizeof v[8], r->share_flagged, 3);
	s->n++;
	if (s->fmt == YD_FMT_CSV) {
		cli_csv(s->raw, r->violation_code);
		putchar(',');
		cli_csv(s->raw, r->group);
		printf(",%ld", r->n);
		for (int i = 0; i < 9; i++)
			printf(",%s", v[i]);
		putchar('\n');
	} else if (s->fmt == YD_FMT_JSON) {
		static const char *const keys[9] = {"min", "q1", "median", "q3", "max", "mean", "mad", "share_at_min",
						    "share_flagged"};
		printf("%s{\"violation_code\":", s->n > 1 ? ",\n" : "");
		yd_out_json(stdout, r->violation_code);
		fputs(",\"group\":", stdout);
		yd_out_json(stdout, r->group);
		printf(",\"n\":%ld", r->n);
		for (int i = 0; i < 9; i++)
			printf(",\"%s\":%s", keys[i], *v[i] ? v[i] : "null");
		putchar('}');
	} else {
		printf("%-6s ", r->violation_code);
		yd_out_pad(stdout, r->group, 40);
		printf(" %6ld %10s %10s %10s %10s %10s %10s %10s %6s %6s\n", r->n, v[0], v[1], v[2], v[3], v[4], v[5],
		       v[6], *v[7] ? v[7] : "-", v[8]);
	}
	return 0;
}

int cmd_stats(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
	    {"region", required_argument, NULL, 'R'}, {"violation", required_argument, NULL, 'V'},
	    {"year", required_argument, NULL, 'y'},   {"by", required_argument, NULL, 'b'},
	    {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	struct yd_case_filter f = {0};
	struct stats_state s = {YD_FMT_TABLE, 0, cli->raw};
	enum yd_by by = YD_BY_REGION;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_ledger led;
	int c, rc;

	while ((c = cli_getopt("stats", argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'b':
			if (yd_by_parse(optarg, &by) < 0)
				return cli_usage_error("stats", "--by: expected region, year or tier, not '%s'", optarg);
			break;
		case 'f':
			if (yd_format_parse(optarg, &s.fmt) < 0 || s.fmt == YD_FMT_TEXT || s.fmt == YD_FMT_XLSX)
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
	if (s.fmt == YD_FMT_CSV) {
		cli_csv_bom(cli);
		puts("violation_code,group,n,min,q1,median,q3,max,mean,mad,share_at_min,share_flagged");
	}
	else if (s.fmt == YD_FMT_JSON)
		putchar('[');
	else
		printf("%-6s %-40s %6s %10s %10s %10s %10s %10s %10s %10s %6s %6s\n", "code", "group", "n", "min", "q1",
		       "median", "q3", "max", "mean", "mad", "at_min", "flag");
	if (yd_summary(db, &f, by, stats_row, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
out:
	yd_db_close(db);
	return rc;
}
