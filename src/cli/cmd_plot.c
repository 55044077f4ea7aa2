/* cmd_plot.c - youdu plot KIND --out FILE.png|svg */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/db_analysis.h"
#include "youdu/chart.h"

/* plot's options */
const struct cli_opt cli_plot_opts[] = {
    CLI_OPT('o', "out", "FILE", "the chart: FILE.png or FILE.svg"),
    CLI_OPT('V', "violation", "CODE",
	    "the violation box, hist and scatter draw; without it the\n"
	    "violation with the most cases (and they say which on stderr)"),
    CLI_OPT_REGION,
    CLI_OPT_YEAR,
    CLI_OPT('L', "lang", "L", "zh (default) or en"),
    CLI_OPT('w', "width", "PX", "the chart's width in pixels (default 900)"),
    CLI_OPT('h', "height", "PX", "its height (default 560)"),
    CLI_OPT('A', "agency", "NAME", "one agency's decisions only"),
    CLI_FLAG('S', "script",
	     "prints the gnuplot script (commands and inline data) instead\n"
	     "of drawing"),
    CLI_OPT_END};

int cmd_plot(int argc, char **argv, struct cli *cli)
{
	int script = 0;
	struct yd_chart_opts o = {0};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	long v;
	int c, rc;

	while ((c = cli_getopt("plot", argc, argv, cli_plot_opts)) != -1) {
		switch (c) {
		case 'V': o.violation = optarg; break;
		case 'R': o.region = optarg; break;
		case 'o': o.out = optarg; break;
		case 'A': o.agency = optarg; break;
		case 'S': script = 1; break;
		case 'y':
			if (cli_parse_long("plot", "--year", optarg, 1900, 2199, &v))
				return EXIT_USAGE;
			o.year = (int)v;
			break;
		case 'w':
		case 'h':
			if (cli_parse_long("plot", c == 'w' ? "--width" : "--height", optarg, 200, 10000, &v))
				return EXIT_USAGE;
			*(c == 'w' ? &o.width : &o.height) = (int)v;
			break;
		case 'L':
			if (yd_lang_parse(optarg, &o.lang) < 0)
				return cli_usage_error("plot", "--lang: expected zh or en, not '%s'", optarg);
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("plot", "expected one chart kind: box, hist, scatter, funnel, trend, harshness");
	if (yd_chart_kind_parse(argv[optind], &o.kind) < 0)
		return cli_usage_error("plot", "unknown chart kind '%s' (box, hist, scatter, funnel, trend, harshness)",
				       argv[optind]);
	o.today = cli_today_ymd();
	if (!o.out)
		return cli_usage_error("plot", "--out FILE.png or FILE.svg is required");
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	char top[256];
	if (yd_chart_needs_violation(o.kind) && !o.violation) {
		/* the violation with the most cases, and say which */
		if (yd_db_top_violation(db, top, sizeof top, &err) < 0) {
			rc = cli_fail(&err);
			yd_db_close(db);
			return rc;
		}
		o.violation = top;
		cli_note("plot %s: %s, the violation with the most cases (--violation picks another)", argv[optind], top);
	}
	if (!yd_chart_cjk_font())
		fprintf(stderr, "youdu: no CJK font found (apt-get install fonts-noto-cjk): Chinese labels may not show\n");
	if (script) {
		/* --script: the gnuplot script on stdout, nothing drawn */
		struct yd_buf b = YD_BUF_INIT;
		if (yd_chart_script(db, &o, &b, &err) < 0)
			rc = cli_fail(&err);
		else
			fwrite(yd_buf_str(&b), 1, b.len, stdout);
		yd_buf_release(&b);
	} else if (yd_chart(db, &o, &err) < 0) {
		rc = cli_fail(&err);
	} else {
		fprintf(stderr, "youdu: plot %s: wrote %s\n", argv[optind], o.out);
	}
	yd_db_close(db);
	return rc;
}
