/* cmd_audit.c - youdu audit: what needs a second look */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "youdu/db_exempt.h"
#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/db_analysis.h"
#include "youdu/db_catalogue.h"
#include "youdu/db_review.h"
#include "youdu/history.h"
#include "youdu/out.h"
#include "youdu/summary.h"
#include "youdu/xlsxout.h"


struct audit_state {
	enum yd_format fmt;
	enum yd_lang lang;
	struct yd_catalogue cat;
	struct yd_buf reason;
	long n;
	struct cli_out out; /* every form's rows */
	struct yd_review_list reviews; /* the dispositions, found by case */
	unsigned review_set;           /* --review: bits of enum yd_review_status, 0 all */
	long limit;                    /* --limit when --review filters here, else 0 */
	long unsettled;                /* listed flags no disposition settles (--fail-on-flag) */
	struct yd_history hist;        /* each case's earlier decisions of its party (issue 24) */
	struct yd_exempt_list list;    /* the 免罚清单: items' windows, exempt_repeat's reasons */
	struct yd_db *db;              /* for an exempt_repeat's earlier decision */
	struct yd_error err;           /* a failure of the callback */
};

/* audit's columns, every form's: the table shows the case, the fine and the
 * verdict (also in Chinese, the table's alone), and the reason on a line
 * under it */
static const struct yd_col audit_cols[] = {
    {"case_id", YD_COL_TEXT, 26, YD_SHOW_ALL},
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL},
    {"region", YD_COL_TEXT, 36, YD_SHOW_ALL},
    {"decision_date", YD_COL_DATE, 13, YD_SHOW_ALL},
    {"tier", YD_COL_TEXT, 9, YD_SHOW_DATA},
    {"fine", YD_COL_MONEY, 10, YD_SHOW_ALL},
    {"verdict", YD_COL_TEXT, 18, YD_SHOW_ALL},
    {"verdict_zh", YD_COL_TEXT, 12, YD_SHOW_TABLE},
    {"level", YD_COL_TEXT, 6, YD_SHOW_DATA},
    {"peer_n", YD_COL_INT, 6, YD_SHOW_DATA},
    {"peer_median", YD_COL_MONEY, 11, YD_SHOW_DATA},
    {"percentile", YD_COL_DECIMAL, 10, YD_SHOW_DATA},
    {"z", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"scale", YD_COL_DECIMAL, 6, YD_SHOW_DATA},
    {"p", YD_COL_DECIMAL, 10, YD_SHOW_DATA},
    {"reason", YD_COL_TEXT, 0, YD_SHOW_BELOW},
    {"review", YD_COL_TEXT, 9, YD_SHOW_ALL},
    {"first_offence", YD_COL_BOOL, 5, YD_SHOW_DATA},
    {"prior_cases", YD_COL_INT, 5, YD_SHOW_DATA}};

static int audit_row(void *data, const struct yd_judged_row *row)
{
	struct audit_state *s = data;
	const struct yd_cat_item *it = yd_catalogue_find(&s->cat, row->violation_id);
	char date[16], fine[32], n[32] = "", med[32] = "", pct[32], z[32], sc[32], p[32] = "", prior[16] = "";

	/* the disposition as it stands: stale when the decision or its verdict
	 * changed since it was recorded; --review pending is the flags not yet
	 * decided (none recorded, or recorded pending) */
	const struct yd_review_row *rv = yd_review_list_find(&s->reviews, row->rowid);
	int shown = rv ? (int)(rv->changed || rv->at_verdict != row->r.verdict ? YD_REVIEW_STALE : rv->status) : -1;
	if (s->review_set && !(s->review_set & (1u << (shown < 0 ? YD_REVIEW_PENDING : shown))))
		return 0;
	if (s->limit && s->n >= s->limit)
		return 1; /* enough: stop the listing */
	yd_buf_reset(&s->reason);
	if (row->r.verdict == YD_V_EXEMPT_REPEAT) {
		if (yd_exempt_repeat_reason(&s->reason, s->lang, s->db, &s->list, &s->hist, row->rowid, row->violation_id,
					    row->date, &s->err) < 0)
			return s->err.code;
	} else {
		yd_judged_reason(&s->reason, s->lang, &s->cat, row);
	}
	yd_fmt_date(date, sizeof date, row->date);
	yd_fmt_fen(fine, sizeof fine, row->fine);
	if (row->r.level != YD_LEVEL_NONE) {
		snprintf(n, sizeof n, "%ld", (long)row->r.peer_n);
		yd_fmt_fen(med, sizeof med, llround(yd_judge_fen_of_nat(it, row->r.peer_median, row->base)));
	}
	yd_fmt_num(pct, sizeof pct, row->r.percentile, 1);
	yd_fmt_num(z, sizeof z, row->r.z, 2);
	yd_fmt_num(sc, sizeof sc, row->r.scale, 4);
	if (isfinite(row->r.p))
		snprintf(p, sizeof p, "%.3g", row->r.p); /* tail probabilities go far below 0.0001 */
	int32_t np = yd_history_prior(&s->hist, row->rowid, NULL);
	if (np >= 0)
		snprintf(prior, sizeof prior, "%ld", (long)np);
	const char *v[] = {row->case_id,
			   row->violation_code,
			   row->region,
			   date,
			   yd_tier_name((enum yd_tier)row->tier),
			   fine,
			   yd_verdict_name((enum yd_verdict)row->r.verdict),
			   yd_verdict_zh((enum yd_verdict)row->r.verdict),
			   yd_level_name((enum yd_level)row->r.level),
			   n,
			   med,
			   pct,
			   z,
			   sc,
			   p,
			   yd_buf_str(&s->reason),
			   shown >= 0 ? yd_review_status_name((enum yd_review_status)shown) : "",
			   np < 0 ? "" : np == 0 ? "yes" : "no",
			   prior};
	s->n++;
	if (shown < 0 || !yd_review_settles((enum yd_review_status)shown))
		s->unsettled++;
	CLI_OUT_ROW(&s->out, audit_cols, v);
	return 0;
}

/* Options shared by audit and stats. */
int cli_filter_opt(const char *cmd, int c, struct yd_case_filter *f)
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

/* --verdict's list: every verdict by name and in Chinese, two a line, from
 * the library's table */
static void verdict_names(FILE *f, int col)
{
	for (int v = 0; v < YD_V_COUNT; v++)
		fprintf(f, "%*s%s %s%s%s", v % 2 ? 1 : col, "", yd_verdict_name((enum yd_verdict)v),
			yd_verdict_zh((enum yd_verdict)v), v + 1 < YD_V_COUNT ? "," : "",
			v % 2 || v + 1 == YD_V_COUNT ? "\n" : "");
}

const struct cli_opt cli_audit_opts[] = {
    {"verdict", 'v', "V[,V...]|all", "verdicts to list, by name or in Chinese:", verdict_names},
    CLI_OPT_REGION,
    CLI_OPT_VIOLATION,
    CLI_OPT_YEAR,
    CLI_OPT('l', "limit", "N", "at most N cases"),
    CLI_OPT_FORMAT_XLSX,
    CLI_OPT_OUT,
    CLI_OPT('L', "lang", "L", "reasons in zh (default) or en"),
    CLI_OPT('r', "review", "S[,S...]",
	    "cases whose disposition (youdu review) is S: pending\n"
	    "(not yet decided: none recorded, or pending), confirmed,\n"
	    "dismissed, rectified or stale (the decision or its\n"
	    "verdict changed since it was reviewed)"),
    CLI_FLAG('F', "fail-on-flag",
	     "exit 1 when anything listed is not settled: a flag\n"
	     "dismissed or rectified (and not stale) is settled"),
    CLI_OPT('B', "lookback", "W",
	    "the window of first_offence and prior_cases: 2y\n"
	    "(default), 18m, or ever; a decision on an item of\n"
	    "the 免罚清单 (exempt import) takes the item's window"),
    CLI_OPT('P', "party-match", "M",
	    "id (default): a party is its party_id; name: a decision\n"
	    "without one is also matched by its normalised name"),
    CLI_OPT_END};

int cmd_audit(int argc, char **argv, struct cli *cli)
{
	struct yd_case_filter f = {0};
	struct audit_state s;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_ledger led;
	const char *out_path = NULL;
	int c, rc, fail_on_flag = 0, lookback = YD_LOOKBACK_DEFAULT;
	enum yd_party_match match = YD_MATCH_ID;

	memset(&s, 0, sizeof s);
	s.fmt = YD_FMT_TABLE;
	for (int v = 0; v < YD_V_OK; v++)
		f.verdicts |= 1u << v;
	while ((c = cli_getopt("audit", argc, argv, cli_audit_opts)) != -1) {
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
		case 'P':
			if (yd_party_match_parse(optarg, &match) < 0)
				return cli_usage_error("audit", "--party-match: expected id or name, not '%s'", optarg);
			break;
		case 'B':
			if (yd_lookback_parse(optarg, &lookback) < 0)
				return cli_usage_error("audit", "--lookback: expected years (2y), months (18m) or ever, not '%s'",
						       optarg);
			break;
		case 'r':
			for (char *save = NULL, *tok = strtok_r(optarg, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				enum yd_review_status st;
				if (yd_review_status_parse(tok, 1, &st) < 0)
					return cli_usage_error("audit",
							       "--review: unknown status '%s' (pending, confirmed,"
							       " dismissed, rectified or stale)",
							       tok);
				s.review_set |= 1u << st;
			}
			break;
		default:
			if (cli_filter_opt("audit", c, &f))
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
	if (yd_ledger_load(db, &led, &err) < 0 || yd_catalogue_load(db, &s.cat, &err) < 0 ||
	    yd_db_review_load(db, &s.reviews, &err) < 0 || yd_exempt_load(db, &s.list, &err) < 0 ||
	    yd_history_compute(db, match, lookback, &s.list, &s.hist, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if (s.fmt == YD_FMT_TABLE) {
		/* each reason writes its case's currency (import --currency) */
		char cur[64];
		if (yd_db_currencies(db, cur, sizeof cur, &err) < 0 || !*cur || strcmp(cur, "CNY") == 0)
			;
		else if (s.lang == YD_LANG_EN)
			printf("amounts in %s (each in its own currency, not converted)\n", cur);
		else
			printf("金额币种：%s（各按其币种，未换算）\n", cur);
	}
	if ((rc = cli_out_open(&s.out, "audit", cli, s.fmt, out_path, audit_cols,
			       CLI_NCOLS(audit_cols))) != 0)
		goto out;
	if (s.review_set) {
		/* the limit counts the cases listed after the --review filter */
		s.limit = f.limit;
		f.limit = 0;
	}
	s.db = db;
	if (yd_db_judged_each(db, &f, audit_row, &s, &err) < 0) {
		rc = cli_fail(s.err.code ? &s.err : &err);
		goto out;
	}
	if (s.fmt == YD_FMT_TABLE)
		printf("%ld %s listed\n", s.n, s.n == 1 ? "case" : "cases");
	/* a flag dismissed or rectified (and not stale since) is settled */
	if (fail_on_flag && s.unsettled > 0)
		rc = EXIT_FINDINGS;
out:
	rc = cli_out_close(&s.out, rc);
	yd_catalogue_release(&s.cat);
	yd_buf_release(&s.reason);
	yd_review_list_release(&s.reviews);
	yd_history_release(&s.hist);
	yd_exempt_release(&s.list);
	yd_db_close(db);
	return rc;
}

