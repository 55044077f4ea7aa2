/* cmd_analyze.c - youdu analyze, youdu audit, youdu stats */
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

int cli_parse_long(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return cli_usage_error(cmd, "%s: expected a whole number from %ld to %ld, not '%s'", opt, lo, hi, s);
	*out = v;
	return 0;
}

int cli_parse_double(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return cli_usage_error(cmd, "%s: expected a number from %g to %g, not '%s'", opt, lo, hi, s);
	*out = v;
	return 0;
}

/* ---- analyze ---- */

/* Phases on stderr, for a terminal, once the run has taken two seconds;
 * with YOUDU_TIMINGS set in the environment, each phase's duration instead
 * (docs/PERFORMANCE.md). */
struct phases {
	time_t start;
	int shown;
	int timings;
	double began;      /* when the current phase began */
	const char *name;  /* the current phase */
};

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void end_phase(struct phases *p)
{
	if (p->timings && p->name)
		fprintf(stderr, "analyze: %-28s %7.3f s\n", p->name, seconds_now() - p->began);
}

static void show_phase(void *data, const char *name, int step, int steps)
{
	struct phases *p = data;
	if (p->timings) {
		end_phase(p);
		p->name = name;
		p->began = seconds_now();
		return;
	}
	if (time(NULL) - p->start < 2)
		return;
	fprintf(stderr, "\r\033[Kanalyze: %s (%d/%d)", name, step, steps);
	p->shown = 1;
}

static void print_ledger(FILE *f, enum yd_format fmt, const struct yd_ledger *l)
{
	if (fmt == YD_FMT_JSON) {
		fprintf(f, "{\"run\":%lld,\"min_peers\":%d,\"threshold\":%g,\"ratio\":%g,\"year\":", (long long)l->run_id,
			l->min_peers, l->threshold, l->ratio);
		if (l->year)
			fprintf(f, "%d", l->year);
		else
			fputs("null", f);
		fprintf(f, ",\"read\":%ld,\"excluded\":{\"outside_year\":%ld},\"judged\":%ld,"
			   "\"no_legal_check\":{\"no_catalogue\":%ld,\"no_base\":%ld},\"verdicts\":{",
			l->read, l->outside_year, l->judged, l->no_catalogue, l->no_base);
		for (int v = 0; v < YD_V_COUNT; v++)
			fprintf(f, "%s\"%s\":%ld", v ? "," : "", yd_verdict_name((enum yd_verdict)v), l->counts[v]);
		fputs("}}\n", f);
		return;
	}
	fprintf(f, "analysis run %lld: min peers %d, threshold |z| > %g, ratio rule %gx, %s\n", (long long)l->run_id,
		l->min_peers, l->threshold, l->ratio, l->year ? "one year" : "all years");
	if (l->year)
		fprintf(f, "year                      %d\n", l->year);
	fprintf(f, "cases read                %ld\n", l->read);
	fprintf(f, "excluded (outside --year) %ld\n", l->outside_year);
	fprintf(f, "judged                    %ld\n", l->judged);
	fprintf(f, "  no legal check: violation not in catalogue %ld, multiple item without base %ld\n",
		l->no_catalogue, l->no_base);
	fputs("verdicts\n", f);
	for (int v = 0; v < YD_V_COUNT; v++)
		fprintf(f, "  %-20s %8ld  %s\n", yd_verdict_name((enum yd_verdict)v), l->counts[v],
			yd_verdict_zh((enum yd_verdict)v));
}

int cmd_analyze(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
	    {"min-peers", required_argument, NULL, 'm'}, {"threshold", required_argument, NULL, 't'},
	    {"ratio", required_argument, NULL, 'r'},     {"year", required_argument, NULL, 'y'},
	    {"min-scale", required_argument, NULL, 's'}, {"max-share", required_argument, NULL, 'x'},
	    {"min-heaped", required_argument, NULL, 'H'},
	    {"format", required_argument, NULL, 'f'},    {NULL, 0, NULL, 0}};
	struct yd_analyze_opts o = {YD_THRESHOLDS_DEFAULT, 0, NULL, NULL};
	struct phases ph = {time(NULL), 0, getenv("YOUDU_TIMINGS") != NULL, 0, NULL};
	struct yd_ledger led;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	enum yd_format fmt = YD_FMT_TEXT;
	long v;
	int c, rc;

	while ((c = cli_getopt("analyze", argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'm':
			if (cli_parse_long("analyze", "--min-peers", optarg, 1, 100000, &v))
				return EXIT_USAGE;
			o.t.min_peers = (int)v;
			break;
		case 't':
			if (cli_parse_double("analyze", "--threshold", optarg, 0.5, 1000, &o.t.z))
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
	if (isatty(STDERR_FILENO) || ph.timings) {
		o.progress = show_phase;
		o.progress_data = &ph;
	}
	int r = yd_analyze(db, &o, &led, &err);
	end_phase(&ph);
	if (ph.shown)
		fputs("\r\033[K", stderr);
	if (r < 0)
		rc = cli_fail(&err);
	else
		print_ledger(stdout, fmt, &led);
	yd_db_close(db);
	return rc;
}

/* ---- audit ---- */

struct audit_state {
	enum yd_format fmt;
	enum yd_lang lang;
	struct yd_catalogue cat;
	struct yd_buf reason;
	long n;
	int raw;            /* --raw */
	struct cli_out out; /* CSV and xlsx rows */
};

/* audit's CSV and xlsx columns */
static const struct yd_col audit_cols[] = {
    {"case_id", YD_COL_TEXT},   {"violation_code", YD_COL_TEXT}, {"region", YD_COL_TEXT},
    {"decision_date", YD_COL_DATE}, {"tier", YD_COL_TEXT},       {"fine", YD_COL_MONEY},
    {"verdict", YD_COL_TEXT},   {"level", YD_COL_TEXT},          {"peer_n", YD_COL_INT},
    {"peer_median", YD_COL_MONEY}, {"percentile", YD_COL_DECIMAL}, {"z", YD_COL_DECIMAL},
    {"reason", YD_COL_TEXT}};

static int audit_row(void *data, const struct yd_judged_row *row)
{
	struct audit_state *s = data;
	const struct yd_cat_item *it = yd_catalogue_find(&s->cat, row->violation_id);
	char date[16], fine[32], med[32] = "", pct[32], z[32];

	yd_buf_reset(&s->reason);
	yd_judged_reason(&s->reason, s->lang, &s->cat, row);
	yd_fmt_date(date, sizeof date, row->date);
	yd_fmt_fen(fine, sizeof fine, row->fine);
	if (row->r.level != YD_LEVEL_NONE)
		yd_fmt_fen(med, sizeof med, llround(yd_judge_fen_of_nat(it, row->r.peer_median, row->base)));
	yd_fmt_num(pct, sizeof pct, row->r.percentile, 1);
	yd_fmt_num(z, sizeof z, row->r.z, 2);
	const char *verdict = yd_verdict_name((enum yd_verdict)row->r.verdict);
	const char *level = yd_level_name((enum yd_level)row->r.level);
	const char *tier = yd_tier_name((enum yd_tier)row->tier);
	s->n++;
	if (s->fmt == YD_FMT_CSV || s->fmt == YD_FMT_XLSX) {
		char n[32] = "";
		if (row->r.level != YD_LEVEL_NONE)
			snprintf(n, sizeof n, "%ld", (long)row->r.peer_n);
		const char *v[] = {row->case_id, row->violation_code, row->region, date, tier, fine, verdict,
				   level,        n,                 med,         pct,  z,    yd_buf_str(&s->reason)};
		cli_out_row(&s->out, v);
	} else if (s->fmt == YD_FMT_JSON) {
		printf("%s{\"case_id\":", s->n > 1 ? ",\n" : "");
		yd_out_json(stdout, row->case_id);
		fputs(",\"violation_code\":", stdout);
		yd_out_json(stdout, row->violation_code);
		fputs(",\"region\":", stdout);
		yd_out_json(stdout, row->region);
		printf(",\"decision_date\":\"%s\",\"tier\":\"%s\",\"fine\":%s,\"verdict\":\"%s\",\"level\":", date, tier,
		       fine, verdict);
		if (row->r.level != YD_LEVEL_NONE)
			printf("\"%s\",\"peer_n\":%ld,\"peer_median\":%s", level, (long)row->r.peer_n, med);
		else
			fputs("null,\"peer_n\":null,\"peer_median\":null", stdout);
		printf(",\"percentile\":%s,\"z\":%s,\"reason\":", *pct ? pct : "null", *z ? z : "null");
		yd_out_json(stdout, yd_buf_str(&s->reason));
		putchar('}');
	} else {
		/* data shown, never run: escape sequences in ids and names escaped */
		printf("%-16s ", verdict);
		yd_out_text(stdout, row->case_id, NULL);
		fputs("  ", stdout);
		yd_out_text(stdout, row->violation_code, NULL);
		fputs("  ", stdout);
		yd_out_text(stdout, row->region, NULL);
		printf("  %s\n    ", date);
		yd_out_text(stdout, yd_buf_str(&s->reason), "\n    ");
		putchar('\n');
	}
	return 0;
}

/* Options shared by audit and stats. */
static int filter_opt(const char *cmd, int c, struct yd_case_filter *f)
{
	long v;
	switch (c) {
	case 'R': f->region = optarg; return 0;
	case 'V': f->violation = optarg; return 0;
	case 'y':
		if (cli_parse_long(cmd, "--year", optarg, 1900, 2199, &v))
			return EXIT_USAGE;
		f->year = (int)v;
		return 0;
	default: return EXIT_USAGE;
	}
}

static int parse_verdicts(const char *s, unsigned *set)
{
	char buf[512];
	*set = 0;
	if (strcmp(s, "all") == 0) {
		*set = (1u << YD_V_COUNT) - 1;
		return 0;
	}
	snprintf(buf, sizeof buf, "%s", s);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum yd_verdict v;
		if (yd_verdict_parse(tok, &v) < 0) {
			char names[512] = "";
			for (int k = 0; k < YD_V_COUNT; k++)
				snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "",
					 yd_verdict_name((enum yd_verdict)k));
			return cli_usage_error("audit", "--verdict: unknown verdict '%s' (%s, or all)", tok, names);
		}
		*set |= 1u << v;
	}
	return *set ? 0 : cli_usage_error("audit", "--verdict: empty list");
}

int cmd_audit(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
	    {"verdict", required_argument, NULL, 'v'}, {"region", required_argument, NULL, 'R'},
	    {"violation", required_argument, NULL, 'V'}, {"year", required_argument, NULL, 'y'},
	    {"limit", required_argument, NULL, 'l'},   {"format", required_argument, NULL, 'f'},
	    {"lang", required_argument, NULL, 'L'},    {"fail-on-flag", no_argument, NULL, 'F'},
	    {"out", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0}};
	struct yd_case_filter f = {0};
	struct audit_state s;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_ledger led;
	const char *out_path = NULL;
	int c, rc, fail_on_flag = 0;

	memset(&s, 0, sizeof s);
	s.fmt = YD_FMT_TABLE;
	s.raw = cli->raw;
	for (int v = 0; v < YD_V_OK; v++)
		f.verdicts |= 1u << v;
	while ((c = cli_getopt("audit", argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'v':
			if (parse_verdicts(optarg, &f.verdicts))
				return EXIT_USAGE;
			break;
		case 'l':
			if (cli_parse_long("audit", "--limit", optarg, 1, 1000000000, &f.limit))
				return EXIT_USAGE;
			break;
		case 'f':
			if (yd_format_parse(optarg, &s.fmt) < 0 || s.fmt == YD_FMT_TEXT)
				return cli_usage_error("audit", "--format: expected table, csv, json or xlsx, not '%s'",
						       optarg);
			break;
		case 'o': out_path = optarg; break;
		case 'L':
			if (yd_lang_parse(optarg, &s.lang) < 0)
				return cli_usage_error("audit", "--lang: expected zh or en, not '%s'", optarg);
			break;
		case 'F': fail_on_flag = 1; break;
		default:
			if (filter_opt("audit", c, &f))
				return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("audit", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_out_check("audit", s.fmt, out_path)) != 0)
		return rc;
	if ((rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("audit", db, f.region, f.violation)) != 0)
		goto out;
	if (yd_ledger_load(db, &led, &err) < 0 || yd_catalogue_load(db, &s.cat, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_out_open(&s.out, "audit", cli, s.fmt, out_path, audit_cols,
			       sizeof audit_cols / sizeof *audit_cols)) != 0)
		goto out;
	if (s.fmt == YD_FMT_TABLE) {
		/* the reasons write 元 / yuan whatever the currency (import --currency) */
		char cur[64];
		if (yd_db_currencies(db, cur, sizeof cur, &err) < 0 || !*cur || strcmp(cur, "CNY") == 0)
			;
		else if (s.lang == YD_LANG_EN)
			printf("amounts in %s (written \"yuan\" in the reasons, not converted)\n", cur);
		else
			printf("金额币种：%s（理由中写作“元”，未换算）\n", cur);
	}
	if (s.fmt == YD_FMT_JSON)
		putchar('[');
	if (yd_db_judged_each(db, &f, audit_row, &s, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	if (s.fmt == YD_FMT_TABLE)
		printf("%ld %s listed\n", s.n, s.n == 1 ? "case" : "cases");
	if (fail_on_flag && s.n > 0)
		rc = EXIT_FINDINGS;
out:
	rc = cli_out_close(&s.out, rc);
	yd_catalogue_release(&s.cat);
	yd_buf_release(&s.reason);
	yd_db_close(db);
	return rc;
}

/* ---- stats ---- */

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
			if (filter_opt("stats", c, &f))
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
