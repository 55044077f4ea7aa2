/* cmd_analyze.c - youdu analyze: judge every case */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/db_analysis.h"
#include "youdu/json.h"
#include "youdu/out.h"
#include "youdu/summary.h"
#include "youdu/xlsxout.h"


static void cli_print_ledger(FILE *f, enum yd_format fmt, const struct yd_ledger *l)
{
	if (fmt == YD_FMT_JSON) {
		json_t *o = json_object(), *ex = json_object(), *nl = json_object(), *cal = json_object(),
		       *v = json_object();
		yd_json_set(o, "run", json_integer(l->run_id));
		yd_json_set(o, "min_peers", json_integer(l->min_peers));
		yd_json_set(o, "fdr", yd_json_sig(l->fdr, 6));
		yd_json_set(o, "ratio", yd_json_sig(l->ratio, 6));
		yd_json_set(o, "year", l->year ? json_integer(l->year) : json_null());
		yd_json_set(o, "read", json_integer(l->read));
		yd_json_set(ex, "outside_year", json_integer(l->outside_year));
		yd_json_set(o, "excluded", ex);
		yd_json_set(o, "judged", json_integer(l->judged));
		yd_json_set(nl, "no_catalogue", json_integer(l->no_catalogue));
		yd_json_set(nl, "no_base", json_integer(l->no_base));
		yd_json_set(o, "no_legal_check", nl);
		yd_json_set(cal, "tested", json_integer(l->tested));
		yd_json_set(cal, "discoveries", json_integer(l->discoveries));
		yd_json_set(cal, "p_cut", yd_json_sig(l->p_cut, 6));
		/* a scale without degrees of freedom is null; infinite ones "inf" */
		yd_json_set(cal, "pooled_scale", yd_json_sig(l->prior_scale, 6));
		yd_json_set(cal, "pooled_df", isnan(l->prior_scale) ? json_null()
					      : isinf(l->prior_df)   ? json_string("inf")
								     : yd_json_sig(l->prior_df, 4));
		yd_json_set(cal, "local_ratio", yd_json_sig(l->local_ratio, 6));
		yd_json_set(cal, "local_df", isnan(l->local_ratio) ? json_null()
					     : isinf(l->local_df)    ? json_string("inf")
								     : yd_json_sig(l->local_df, 4));
		yd_json_set(o, "calibration", cal);
		for (int k = 0; k < YD_V_COUNT; k++)
			yd_json_set(v, yd_verdict_name((enum yd_verdict)k), json_integer(l->counts[k]));
		yd_json_set(o, "verdicts", v);
		yd_json_print(f, o);
		return;
	}
	fprintf(f, "analysis run %lld: min peers %d, false discovery rate %g, flags at least %gx or at most 1/%g of the peers' median, %s\n",
		(long long)l->run_id, l->min_peers, l->fdr, l->ratio, l->ratio, l->year ? "one year" : "all years");
	if (l->year)
		fprintf(f, "year                      %d\n", l->year);
	fprintf(f, "cases read                %ld\n", l->read);
	fprintf(f, "excluded (outside --year) %ld\n", l->outside_year);
	fprintf(f, "judged                    %ld\n", l->judged);
	fprintf(f, "  no legal check: violation not in catalogue %ld, multiple item without base %ld\n",
		l->no_catalogue, l->no_base);
	fprintf(f, "compared with peers       %ld: %ld far enough out at a false discovery rate of %g (p <= %.3g)\n",
		l->tested, l->discoveries, l->fdr, l->p_cut);
	fputs("verdicts\n", f);
	for (int v = 0; v < YD_V_COUNT; v++)
		fprintf(f, "  %-20s %8ld  %s\n", yd_verdict_name((enum yd_verdict)v), l->counts[v],
			yd_verdict_zh((enum yd_verdict)v));
}

int cli_analyze(struct yd_db *db, struct yd_analyze_opts *o, enum yd_format fmt)
{
	struct cli_phases ph;
	struct yd_ledger led;
	struct yd_error err = {0};

	if (cli_phases_start(&ph, "analyze")) {
		o->progress = cli_phase;
		o->progress_data = &ph;
	}
	int r = yd_analyze(db, o, &led, &err);
	cli_phases_end(&ph);
	if (r < 0)
		return cli_fail(&err);
	cli_print_ledger(stdout, fmt, &led);
	return EXIT_OK_;
}

const struct cli_opt cli_analyze_opts[] = {
    CLI_OPT('m', "min-peers", "N", "other cases a peer group needs (default 12)"),
    CLI_OPT('q', "fdr", "Q",
	    "false discovery rate of the 畸重/畸轻 flags over all cases\n"
	    "compared (Benjamini-Hochberg; default 0.05)"),
    CLI_OPT('r', "ratio", "R",
	    "a flag differs in money: at least R times or at most 1/R of\n"
	    "the peers' median (default 1.5)"),
    CLI_OPT('s', "min-scale", "S",
	    "robust sigmas of ln(fine) below S count as no spread: then\n"
	    "Qn, then the spread of the distinct amounts, then the run's\n"
	    "pooled scale alone (default 0.1, about 10 %)"),
    CLI_OPT('x', "max-share", "F",
	    "an outlier is rare: at most max(1, F x peers) peers may be\n"
	    "as far out, so a level many fines share is never flagged\n"
	    "(default 0.05)"),
    CLI_OPT('H', "min-heaped", "N",
	    "a group with no spread (most fines on one amount) needs N\n"
	    "other cases, else it is widened to the next level (default 30)"),
    CLI_OPT('y', "year", "Y", "judge only decisions of year Y, against peers of that year"),
    CLI_OPT('f', "format", "F", "text (default) or json"),
    CLI_OPT_END};

int cmd_analyze(int argc, char **argv, struct cli *cli)
{
	struct yd_analyze_opts o = {YD_THRESHOLDS_DEFAULT, 0, NULL, NULL, NULL};
	struct yd_db *db = NULL;
	enum yd_format fmt = YD_FMT_TEXT;
	long v;
	int c, rc;

	while ((c = cli_getopt("analyze", argc, argv, cli_analyze_opts)) != -1) {
		switch (c) {
		case 'm':
			if (cli_parse_long("analyze", "--min-peers", optarg, 1, 100000, &v))
				return EXIT_USAGE;
			o.t.min_peers = (int)v;
			break;
		case 'q':
			if (cli_parse_double("analyze", "--fdr", optarg, 1e-6, 0.5, &o.t.fdr))
				return EXIT_USAGE;
			break;
		case 'r':
			if (cli_parse_double("analyze", "--ratio", optarg, 1.01, 1000, &o.t.ratio))
				return EXIT_USAGE;
			break;
		case 's':
			if (cli_parse_double("analyze", "--min-scale", optarg, 0.001, 10, &o.t.min_scale))
				return EXIT_USAGE;
			break;
		case 'x':
			if (cli_parse_double("analyze", "--max-share", optarg, 0, 0.5, &o.t.max_share))
				return EXIT_USAGE;
			break;
		case 'H':
			if (cli_parse_long("analyze", "--min-heaped", optarg, 1, 100000, &v))
				return EXIT_USAGE;
			o.t.min_heaped = (int)v;
			break;
		case 'y':
			if (cli_parse_long("analyze", "--year", optarg, 1900, 2199, &v))
				return EXIT_USAGE;
			o.year = (int)v;
			break;
		case 'f':
			if (yd_format_parse(optarg, &fmt) < 0 || (fmt != YD_FMT_TEXT && fmt != YD_FMT_JSON))
				return cli_usage_error("analyze", "--format: expected text or json, not '%s'", optarg);
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("analyze", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_db(cli, YD_DB_NOCREATE, &db)) != 0)
		return rc;
	rc = cli_analyze(db, &o, fmt);
	yd_db_close(db);
	return rc;
}

