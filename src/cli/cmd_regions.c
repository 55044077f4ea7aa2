/* cmd_regions.c - youdu regions: each region's fines against all others */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/disparity.h"
#include "youdu/out.h"
#include "youdu/xlsxout.h"

/* regions' options; the command's synopsis and prose describe them */
const struct cli_opt cli_regions_opts[] = {
    CLI_OPT_VIOLATION,
    CLI_OPT('l', "level", "N", "region paths cut to N components (3 is the county)"),
    CLI_OPT_YEAR,
    CLI_OPT_FORMAT_XLSX,
    CLI_OPT_OUT,
    CLI_OPT('s', "seed", "S", "the bootstrap's seed (20241)"),
    CLI_OPT('B', "resamples", "B", "the bootstrap's resamples (2000)"),
    CLI_OPT('m', "min-cases", "N", "fewer cases: too_few (20)"),
    CLI_OPT('e', "min-effect", "PERCENT", "the least effect of harsh or lenient (5)"),
    CLI_OPT('M', "material", "PERCENT", "the band of in_line (10, at most 25)"),
    CLI_OPT_END};

/* Options of the three commands, each by its own table; returns 0 or an exit code. */
int cli_disp_options(const char *cmd, const struct cli_opt *opts, int argc, char **argv, struct yd_disp_opts *o,
		     enum yd_format *fmt, const char **out, int *by_version)
{
	long v;
	int c;
	while ((c = cli_getopt(cmd, argc, argv, opts)) != -1) {
		switch (c) {
		case 'V': o->violation = optarg; break;
		case 'v':
			if (!by_version)
				return EXIT_USAGE;
			*by_version = 1;
			break;
		case 'y':
			if (cli_parse_long(cmd, "--year", optarg, 1900, 2199, &v))
				return EXIT_USAGE;
			o->year = (int)v;
			break;
		case 'l':
			if (cli_parse_long(cmd, "--level", optarg, 1, 20, &v))
				return EXIT_USAGE;
			o->level = (int)v;
			break;
		case 's':
			if (cli_parse_long(cmd, "--seed", optarg, 0, 2147483647, &v))
				return EXIT_USAGE;
			o->seed = (unsigned long)v;
			break;
		case 'B':
			if (cli_parse_long(cmd, "--resamples", optarg, 100, 1000000, &v))
				return EXIT_USAGE;
			o->boot = (size_t)v;
			break;
		case 'm':
			if (cli_parse_long(cmd, "--min-cases", optarg, 1, 1000000, &v))
				return EXIT_USAGE;
			o->min_cases = (int)v;
			break;
		case 'e':
			if (cli_parse_double(cmd, "--min-effect", optarg, 0, 100, &o->min_effect))
				return EXIT_USAGE;
			break;
		case 'M':
			if (cli_parse_double(cmd, "--material", optarg, 0.5, YD_REGION_MATERIAL_MAX, &o->material))
				return EXIT_USAGE;
			break;
		case 'o':
			if (!out)
				return EXIT_USAGE;
			*out = optarg;
			break;
		case 'f':
			if (yd_format_parse(optarg, fmt) < 0 || *fmt == YD_FMT_TEXT || (*fmt == YD_FMT_XLSX && !out))
				return cli_usage_error(cmd, "--format: expected table, csv, json%s, not '%s'",
						       out ? " or xlsx" : "", optarg);
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* regions' columns, every form's: the table shows the effect (shrunk: the
 * order), the region's own effect and its interval in percent, the 99.8 %
 * funnel limits in percent and the label in 汉字 too (table-only cells),
 * and leaves the log-scale index and funnel numbers to CSV, JSON and xlsx
 * (in JSON the funnel's are flat keys). */
static const struct yd_col region_cols[] = {
    {"region", YD_COL_TEXT, 36, YD_SHOW_ALL},
    {"n", YD_COL_INT, 6, YD_SHOW_ALL},
    {"index", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"ci_low", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"ci_high", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"effect_pct", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"effect_raw_pct", YD_COL_DECIMAL, 14, YD_SHOW_ALL},
    {"effect_low_pct", YD_COL_DECIMAL, 14, YD_SHOW_ALL},
    {"effect_high_pct", YD_COL_DECIMAL, 15, YD_SHOW_ALL},
    {"limits998_pct", YD_COL_TEXT, 13, YD_SHOW_TABLE},
    {"label", YD_COL_TEXT, 8, YD_SHOW_ALL},
    {"label_zh", YD_COL_TEXT, 8, YD_SHOW_TABLE},
    {"funnel_se", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"funnel_limit95", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"funnel_limit998", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"top_violations", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"funnel_sigma", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"funnel_tau", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"index_raw", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"shrink", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"tau_all", YD_COL_DECIMAL, 6, YD_SHOW_DATA}};

static int region_row(void *data, const struct yd_region_row *r)
{
	struct cli_disp_state *s = data;
	char n[32], ix[32], lo[32], hi[32], e[32], er[32], elo[32], ehi[32], lim[64] = "", se[32], l95[32], l998[32],
	    sg[32], tau[32], raw[32], shr[32], ta[32];
	snprintf(n, sizeof n, "%ld", r->n);
	yd_fmt_num(ix, sizeof ix, r->index, 3);
	yd_fmt_num(lo, sizeof lo, r->ci_low, 3);
	yd_fmt_num(hi, sizeof hi, r->ci_high, 3);
	yd_fmt_num(e, sizeof e, yd_region_effect(r->index), 1);
	yd_fmt_num(er, sizeof er, yd_region_effect(r->raw), 1);
	yd_fmt_num(elo, sizeof elo, yd_region_effect(r->ci_low), 1);
	yd_fmt_num(ehi, sizeof ehi, yd_region_effect(r->ci_high), 1);
	if (!isnan(r->limit998))
		snprintf(lim, sizeof lim, "%.1f/+%.1f", yd_region_effect(-r->limit998), yd_region_effect(r->limit998));
	yd_fmt_num(se, sizeof se, r->se, 4);
	yd_fmt_num(l95, sizeof l95, r->limit95, 4);
	yd_fmt_num(l998, sizeof l998, r->limit998, 4);
	yd_fmt_num(sg, sizeof sg, r->sigma, 4);
	yd_fmt_num(tau, sizeof tau, r->tau, 4);
	yd_fmt_num(raw, sizeof raw, r->raw, 3);
	yd_fmt_num(shr, sizeof shr, r->shrink, 3);
	yd_fmt_num(ta, sizeof ta, r->tau_all, 4);
	const char *v[] = {r->region, n,  ix,  lo,   hi,  e,  er, elo, ehi, lim, yd_region_label_name(r->label),
			   yd_region_label_zh(r->label), se, l95, l998, r->top, sg, tau, raw, shr, ta};
	s->n++;
	CLI_OUT_ROW(&s->out, region_cols, v);
	return 0;
}

int cmd_regions(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct cli_disp_state s = {YD_FMT_TABLE, 0, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *out = NULL;
	int rc = cli_disp_options("regions", cli_regions_opts, argc, argv, &o, &s.fmt, &out, NULL);

	if (rc || (rc = cli_out_check("regions", s.fmt, out)) != 0 ||
	    (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("regions", db, NULL, o.violation)) == 0 && o.level &&
	    yd_regions_check_level(db, o.level, &err) < 0)
		rc = err.code == YD_EUSAGE ? cli_usage_error("regions", "%s", err.msg) : cli_fail(&err);
	if (rc) {
		yd_db_close(db);
		return rc;
	}
	if ((rc = cli_out_open(&s.out, "regions", cli, s.fmt, out, region_cols, CLI_NCOLS(region_cols))) !=
	    0) {
		yd_db_close(db);
		return rc;
	}
	if (yd_regions(db, &o, region_row, &s, &err) < 0)
		rc = cli_fail(&err);
	yd_db_close(db);
	return cli_out_close(&s.out, rc);
}

