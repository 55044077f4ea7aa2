/* cmd_report.c - youdu report: the annual risk report */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "youdu/db_analysis.h"
#include "youdu/parse.h"
#include "youdu/report.h"

/* The report's date: --date, else SOURCE_DATE_EPOCH (reproducible builds),
 * else today, all in UTC. */
static int report_date(const char *opt, char *buf, size_t n)
{
	int32_t ymd;
	const char *why;
	if (opt) {
		if (yd_parse_date(opt, &ymd, &why) < 0)
			return cli_usage_error("report", "--date: cannot read '%s': %s", opt, why);
		snprintf(buf, n, "%04d-%02d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
		return 0;
	}
	time_t t;
	if (cli_now(&t) < 0)
		return cli_usage_error("report", "SOURCE_DATE_EPOCH is not a number of seconds: '%s'",
				       getenv("SOURCE_DATE_EPOCH"));
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
	return 0;
}

/* report's options; the command's synopsis and prose describe them */
const struct cli_opt cli_report_opts[] = {
    CLI_OPT('y', "year", "Y",
	    "the year reported (default all years; after an analysis of one\n"
	    "year, that year)"),
    CLI_OPT('L', "lang", "L", "zh (Chinese, the default) or en"),
    CLI_OPT('o', "out", "DIR",
	    "default youdu-report (in the current folder); DIR is made when\n"
	    "missing, the folder it is in must exist"),
    CLI_OPT('f', "format", "F", "html, md or both (default)"),
    CLI_OPT('d', "date", "DATE", "the report's date; else SOURCE_DATE_EPOCH, else today (UTC)"),
    CLI_OPT('A', "agency", "NAME",
	    "narrows the report to one agency's decisions and regions (the\n"
	    "regional comparison stays all regions)"),
    CLI_OPT_END};

int cmd_report(int argc, char **argv, struct cli *cli)
{
	struct yd_report_opts o = {0, YD_LANG_ZH, "youdu-report", 1, 1, NULL, 3, 50, NULL, NULL, NULL};
	struct cli_phases ph;
	struct yd_report_info info;
	const char *date_opt = NULL;
	char date[16];
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	long v;
	int c, rc;

	while ((c = cli_getopt("report", argc, argv, cli_report_opts)) != -1) {
		switch (c) {
		case 'y':
			if (cli_parse_long("report", "--year", optarg, 1900, 2199, &v))
				return EXIT_USAGE;
			o.year = (int)v;
			break;
		case 'L':
			if (yd_lang_parse(optarg, &o.lang) < 0)
				return cli_usage_error("report", "--lang: expected zh or en, not '%s'", optarg);
			break;
		case 'o': o.dir = optarg; break;
		case 'd': date_opt = optarg; break;
		case 'A': o.agency = optarg; break;
		case 'f':
			if (strcmp(optarg, "html") == 0)
				o.md = 0;
			else if (strcmp(optarg, "md") == 0)
				o.html = 0;
			else if (strcmp(optarg, "both") != 0)
				return cli_usage_error("report", "--format: expected html, md or both, not '%s'", optarg);
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if ((rc = report_date(date_opt, date, sizeof date)) != 0)
		return rc;
	o.date = date;
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if (o.year) {
		/* a report of a year without decisions says nothing: say so instead */
		int first = 0, last = 0;
		long in_year = 0;
		if (yd_db_case_years(db, o.year, &first, &last, &in_year, &err) < 0) {
			rc = cli_fail(&err);
			yd_db_close(db);
			return rc;
		}
		if (!in_year) {
			rc = first ? cli_usage_error("report", "--year %d: no decision of %d in the data (it covers %d-%d)",
						     o.year, o.year, first, last)
				   : cli_usage_error("report", "--year %d: no decisions in the database", o.year);
			yd_db_close(db);
			return rc;
		}
	}
	if (cli_phases_start(&ph, "report")) {
		o.progress = cli_phase;
		o.progress_data = &ph;
	}
	int r = yd_report(db, &o, &info, &err);
	cli_phases_end(&ph);
	if (r < 0)
		rc = cli_fail(&err);
	else {
		if (info.year_differs)
			fprintf(stderr,
				"youdu: report --year %d, but the last analysis judged %d only (analyze --year %d): "
				"the report uses that analysis and covers %d; run youdu analyze --year %d for %d\n",
				o.year, info.analysis_year, info.analysis_year, info.analysis_year, o.year, o.year);
		if (*info.html)
			printf("%s\n", info.html);
		if (*info.md)
			printf("%s\n", info.md);
	}
	yd_db_close(db);
	return rc;
}
