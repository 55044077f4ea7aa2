/* cmd_regions.c - youdu regions, youdu disparity, youdu trends */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/disparity.h"
#include "youdu/out.h"
#include "youdu/xlsxout.h"

/* Options shared by the three commands; returns 0 or an exit code. */
static int disp_options(const char *cmd, int argc, char **argv, struct yd_disp_opts *o, enum yd_format *fmt,
			int allow_level, const char **out)
{
	static const struct option opts[] = {
	    {"violation", required_argument, NULL, 'V'}, {"year", required_argument, NULL, 'y'},
	    {"level", required_argument, NULL, 'l'},     {"format", required_argument, NULL, 'f'},
	    {"seed", required_argument, NULL, 's'},      {"resamples", required_argument, NULL, 'B'},
	    {"min-cases", required_argument, NULL, 'm'}, {"min-effect", required_argument, NULL, 'e'},
	    {"out", required_argument, NULL, 'o'},       {NULL, 0, NULL, 0}};
	long v;
	int c;
	while ((c = cli_getopt(cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'V': o->violation = optarg; break;
		case 'y':
			if (cli_parse_long(cmd, "--year", optarg, 1900, 2199, &v))
				return EXIT_USAGE;
			o->year = (int)v;
			break;
		case 'l':
			if (!allow_level)
				return cli_usage_error(cmd, "--level is for 'regions'");
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
		case 'o':
			if (!out)
				return cli_usage_error(cmd, "--out is for 'regions'");
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

struct out_state {
	enum yd_format fmt;
	long n;
	int raw;            /* --raw */
	struct cli_out out; /* regions: CSV and xlsx rows */
};

/* regions' CSV and xlsx columns */
static const struct yd_col region_cols[] = {
    {"region", YD_COL_TEXT},          {"n", YD_COL_INT},
    {"index", YD_COL_DECIMAL},        {"ci_low", YD_COL_DECIMAL},
    {"ci_high", YD_COL_DECIMAL},      {"effect_pct", YD_COL_DECIMAL},
    {"effect_low_pct", YD_COL_DECIMAL}, {"effect_high_pct", YD_COL_DECIMAL},
    {"label", YD_COL_TEXT},           {"funnel_se", YD_COL_DECIMAL},
    {"funnel_limit95", YD_COL_DECIMAL}, {"funnel_limit998", YD_COL_DECIMAL},
    {"top_violations", YD_COL_TEXT}};

static void num(char *buf, size_t n, double v, int dec)
{
	yd_fmt_num(buf, n, v, dec);
}

/* A JSON number or null. */
static const char *jn(const char *s)
{
	return *s ? s : "null";
}

static int region_row(void *data, const struct yd_region_row *r)
{
	struct out_state *s = data;
	char ix[32], lo[32], hi[32], e[32], elo[32], ehi[32], se[32], l95[32], l998[32];
	num(ix, sizeof ix, r->index, 3);
	num(lo, sizeof lo, r->ci_low, 3);
	num(hi, sizeof hi, r->ci_high, 3);
	num(e, sizeof e, yd_region_effect(r->index), 1);
	num(elo, sizeof elo, yd_region_effect(r->ci_low), 1);
	num(ehi, sizeof ehi, yd_region_effect(r->ci_high), 1);
	num(se, sizeof se, r->se, 4);
	num(l95, sizeof l95, r->limit95, 4);
	num(l998, sizeof l998, r->limit998, 4);
	const char *label = yd_region_label_name(r->label);
	s->n++;
	if (s->fmt == YD_FMT_CSV || s->fmt == YD_FMT_XLSX) {
		char n[32];
		snprintf(n, sizeof n, "%ld", r->n);
		const char *v[] = {r->region, n, ix, lo, hi, e, elo, ehi, label, se, l95, l998, r->top};
		cli_out_row(&s->out, v);
	} else if (s->fmt == YD_FMT_JSON) {
		char sg[32], tau[32];
		num(sg, sizeof sg, r->sigma, 4);
		num(tau, sizeof tau, r->tau, 4);
		printf("%s{\"region\":", s->n > 1 ? ",\n" : "");
		yd_out_json(stdout, r->region);
		printf(",\"n\":%ld,\"index\":%s,\"ci_low\":%s,\"ci_high\":%s,\"effect_pct\":%s,\"effect_low_pct\":%s,"
		       "\"effect_high_pct\":%s,\"label\":\"%s\",\"funnel\":{\"se\":%s,\"limit95\":%s,\"limit998\":%s,"
		       "\"sigma\":%s,\"tau\":%s},\"top\":",
		       r->n, jn(ix), jn(lo), jn(hi), jn(e), jn(elo), jn(ehi), label, jn(se), jn(l95), jn(l998), jn(sg),
		       jn(tau));
		yd_out_json(stdout, r->top);
		putchar('}');
	} else {
		char pe[32], pl[32], ph[32], lim[64] = "";
		yd_region_fmt_effect(pe, sizeof pe, r->index);
		yd_region_fmt_effect(pl, sizeof pl, r->ci_low);
		yd_region_fmt_effect(ph, sizeof ph, r->ci_high);
		if (!isnan(r->limit998))
			snprintf(lim, sizeof lim, "%.1f/+%.1f %%", 100 * expm1(-r->limit998), 100 * expm1(r->limit998));
		char ci[80] = "";
		if (*pl)
			snprintf(ci, sizeof ci, "[%8s, %8s]", pl, ph);
		yd_out_pad(stdout, r->region, 34); /* by display width: 汉字 take two columns */
		printf(" %6ld %8s  %20s  %13s  %-8s %s  %s\n", r->n, pe, ci, lim, label, yd_region_label_zh(r->label),
		       r->top);
	}
	return 0;
}

int cmd_regions(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct out_state s = {YD_FMT_TABLE, 0, cli->raw, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *out = NULL;
	int rc = disp_options("regions", argc, argv, &o, &s.fmt, 1, &out);

	if (rc || (rc = cli_out_check("regions", s.fmt, out)) != 0 ||
	    (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("regions", db, NULL, o.violation)) != 0) {
		yd_db_close(db);
		return rc;
	}
	if ((rc = cli_out_open(&s.out, "regions", cli, s.fmt, out, region_cols, sizeof region_cols / sizeof *region_cols)) !=
	    0) {
		yd_db_close(db);
		return rc;
	}
	if (s.fmt == YD_FMT_JSON)
		putchar('[');
	else if (s.fmt == YD_FMT_TABLE)
		printf("%-34s %6s %8s  %20s  %13s  %-8s\n", "region", "n", "effect", "95% interval", "99.8% limits",
		       "label");
	if (yd_regions(db, &o, region_row, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	yd_db_close(db);
	return cli_out_close(&s.out, rc);
}

static int kw_row(void *data, const struct yd_kw_row *r)
{
	struct out_state *s = data;
	char h[32], p[32], q[32], e[32];
	num(h, sizeof h, r->h, 2);
	num(p, sizeof p, r->p, 4);
	num(q, sizeof q, r->q, 4);
	num(e, sizeof e, r->epsilon2, 3);
	s->n++;
	if (s->fmt == YD_FMT_CSV) {
		printf("%s,%ld,%d,%s,%s,%s,%s,%s,", r->violation_code, r->n, r->regions, r->testable ? "yes" : "no", h, p, q,
		       e);
		cli_csv(s->raw, r->highest);
		putchar(',');
		cli_csv(s->raw, r->lowest);
		putchar(',');
		cli_csv(s->raw, r->violation_name);
		putchar('\n');
	} else if (s->fmt == YD_FMT_JSON) {
		printf("%s{\"violation_code\":", s->n > 1 ? ",\n" : "");
		yd_out_json(stdout, r->violation_code);
		printf(",\"n\":%ld,\"regions\":%d,\"testable\":%s,\"h\":%s,\"p\":%s,\"q\":%s,\"epsilon2\":%s,\"highest\":", r->n,
		       r->regions, r->testable ? "true" : "false", jn(h), jn(p), jn(q), jn(e));
		yd_out_json(stdout, r->highest);
		fputs(",\"lowest\":", stdout);
		yd_out_json(stdout, r->lowest);
		fputs(",\"violation_name\":", stdout);
		yd_out_json(stdout, r->violation_name);
		putchar('}');
	} else if (r->testable) {
		printf("%-6s %7ld %4d %8s %8s %8s %7s  %s / %s\n", r->violation_code, r->n, r->regions, h, p, q, e, r->highest,
		       r->lowest);
	} else {
		printf("%-6s %7ld %4d  not testable (fewer than two regions with enough cases)\n", r->violation_code, r->n,
		       r->regions);
	}
	return 0;
}

int cmd_disparity(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct out_state s = {YD_FMT_TABLE, 0, cli->raw, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc = disp_options("disparity", argc, argv, &o, &s.fmt, 0, NULL);

	if (rc || (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("disparity", db, NULL, o.violation)) != 0) {
		yd_db_close(db);
		return rc;
	}
	if (s.fmt == YD_FMT_CSV) {
		cli_csv_bom(cli);
		puts("violation_code,n,regions,testable,h,p,q,epsilon2,highest_region,lowest_region,violation_name");
	} else if (s.fmt == YD_FMT_JSON)
		putchar('[');
	else
		printf("%-6s %7s %4s %8s %8s %8s %7s  %s\n", "code", "n", "reg", "H", "p", "q(BH)", "eps2",
		       "highest / lowest region");
	if (yd_disparity(db, &o, kw_row, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	yd_db_close(db);
	return rc;
}

static int trend_row(void *data, const struct yd_trend_row *r)
{
	struct out_state *s = data;
	char v[9][32];
	double vals[8] = {r->median_fine, r->dispersion, r->share_flagged, r->share_at_min, r->share_mitigated_none,
			  r->slope, r->slope_low, r->slope_high};
	static const int dec[8] = {2, 3, 3, 3, 3, 4, 4, 4};
	for (int i = 0; i < 8; i++)
		num(v[i], sizeof v[i], vals[i], dec[i]);
	const char *code = *r->violation_code ? r->violation_code : "all";
	s->n++;
	if (s->fmt == YD_FMT_CSV) {
		printf("%s,%d,%ld", code, r->year, r->n);
		for (int i = 0; i < 8; i++)
			printf(",%s", v[i]);
		printf(",%s\n", r->direction);
	} else if (s->fmt == YD_FMT_JSON) {
		static const char *const keys[8] = {"median_fine", "dispersion", "share_flagged", "share_at_min",
						    "share_mitigated_none", "slope", "slope_low", "slope_high"};
		printf("%s{\"violation_code\":\"%s\",\"year\":%d,\"n\":%ld", s->n > 1 ? ",\n" : "", code, r->year, r->n);
		for (int i = 0; i < 8; i++)
			printf(",\"%s\":%s", keys[i], jn(v[i]));
		printf(",\"direction\":\"%s\"}", r->direction);
	} else {
		printf("%-6s %4d %7ld %12s %7s %7s %7s %7s   %s [%s, %s] %s\n", code, r->year, r->n, v[0], v[1], v[2], v[3],
		       v[4], v[5], v[6], v[7], r->direction);
	}
	return 0;
}

int cmd_trends(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct out_state s = {YD_FMT_TABLE, 0, cli->raw, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc = disp_options("trends", argc, argv, &o, &s.fmt, 0, NULL);

	if (rc || (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("trends", db, NULL, o.violation)) != 0) {
		yd_db_close(db);
		return rc;
	}
	if (s.fmt == YD_FMT_CSV) {
		cli_csv_bom(cli);
		puts("violation_code,year,n,median_fine,dispersion,share_flagged,share_at_min,share_mitigated_none,slope,"
		     "slope_low,slope_high,direction");
	} else if (s.fmt == YD_FMT_JSON)
		putchar('[');
	else
		printf("%-6s %4s %7s %12s %7s %7s %7s %7s   %s\n", "code", "year", "n", "median fine", "disp.", "flagged",
		       "at min", "mit/none", "dispersion slope per year [95%]");
	if (yd_trends(db, &o, trend_row, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	yd_db_close(db);
	return rc;
}
