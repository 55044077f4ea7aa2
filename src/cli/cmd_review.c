/* cmd_review.c - youdu review set | list | export | import | stats: a
 * reviewer's decision on every flag, kept, counted and used to measure
 * each rule (issue 21). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "youdu/analyze.h"
#include "youdu/db.h"
#include "youdu/db_analysis.h"
#include "youdu/db_review.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/review.h"
#include "youdu/review_import.h"
#include "youdu/xlsxout.h"


/* The time of a change, UTC (SOURCE_DATE_EPOCH when set, for the tests). */
static void now_iso(char *buf, size_t n)
{
	time_t t;
	struct tm tm;
	cli_now(&t);
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Who runs the command, for the history when no --reviewer is given. */
static const char *login_name(void)
{
	const char *u = getenv("USER");
	if (!u || !*u)
		u = getenv("LOGNAME");
	return u && *u ? u : "unknown";
}

static int parse_date_opt(const char *opt, const char *s, int32_t *ymd)
{
	const char *why = NULL;
	if (yd_parse_date(s, ymd, &why) < 0)
		return cli_usage_error("review", "%s: not a date '%s'", opt, s);
	return 0;
}

static int bad_status(const char *opt, const char *s, int allow_stale)
{
	return cli_usage_error("review", "%s: unknown status '%s' (%s)", opt, s,
			       allow_stale ? "pending, confirmed, dismissed, rectified or stale" : yd_review_status_list());
}

/* ---- set ---- */

/* The options of each subcommand, after what it does. */
const struct cli_opt cli_review_set_opts[] = {
    CLI_GROUP("set: records one disposition (one transaction).  Note, deadline and reason not\n"
	      "given stay as they were where the new status allows.\n"),
    CLI_OPT('V', "violation", "CODE", "the decision's violation code"),
    CLI_OPT('s', "status", "S",
	    "pending 待审核, confirmed 问题属实, dismissed 误报 (needs\n"
	    "--reason), rectified 已整改"),
    CLI_OPT('r', "reason", "R",
	    "of dismissed: lawful_level 合法档次, special_circumstances\n"
	    "特殊情形, data_error 数据错误, other 其他"),
    CLI_OPT('n', "note", "TEXT", "the reviewer's note"),
    CLI_OPT('w', "reviewer", "NAME", "default: the login name"),
    CLI_OPT('d', "deadline", "DATE", "the 整改 deadline (not for dismissed)"),
    CLI_OPT('D', "date", "DATE",
	    "the day of the review, or the day it was rectified (default\n"
	    "today)"),
    CLI_OPT_END};
/* list and export */
const struct cli_opt cli_review_list_opts[] = {
    CLI_GROUP("list: every disposition with its status now (stale included), whether it is\n"
	      "overdue (confirmed, its deadline passed), the verdict now and when reviewed.\n"
	      "export: the columns case_id,violation_code,status,reason,note,reviewer,\n"
	      "deadline,date.\n"),
    CLI_OPT('s', "status", "S[,S...]", "list: keeps those statuses (stale too)"),
    CLI_FLAG('O', "overdue", "list: the overdue ones"),
    CLI_FLAG('H', "history", "list: every change instead (at, case, who, via, from, to)"),
    CLI_OPT('f', "format", "F",
	    "table (list's default), csv (export's default), json or xlsx\n"
	    "(needs --out: --format xlsx --out FILE.xlsx for Excel)"),
    CLI_OPT_OUT,
    CLI_FLAG('F', "flags",
	     "export: every flag of the last analysis, most serious first,\n"
	     "those not yet reviewed with an empty status to fill in"),
    CLI_OPT_END};
const struct cli_opt cli_review_import_opts[] = {
    CLI_GROUP("import: the same columns from CSV or .xlsx (Chinese headers too), all or\n"
	      "nothing: a bad row changes nothing and the error names its row and column;\n"
	      "an empty date is today; a row equal to the stored one is left unchanged, a\n"
	      "row without a status (a flag not decided yet) is skipped.\n"),
    CLI_OPT_SHEET, CLI_OPT_END};
const struct cli_opt cli_review_stats_opts[] = {
    CLI_GROUP("stats: per rule (all, each verdict now, each violation): flagged by the last\n"
	      "analysis, reviewed, pending, confirmed, dismissed (and by reason), rectified,\n"
	      "overdue, stale, and the rule's precision = (confirmed + rectified) /\n"
	      "(confirmed + rectified + dismissed) with its 95 % Wilson interval (stale and\n"
	      "pending dispositions count for neither).\n"),
    CLI_OPT_YEAR, CLI_OPT_FORMAT_XLSX, CLI_OPT_OUT, CLI_OPT_END};

static int review_set(int argc, char **argv, struct cli *cli)
{
	struct yd_disposition d = {"", "", YD_REVIEW_PENDING, YD_REASON_NONE, "", "", 0, 0};
	struct yd_review_row old;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *note = NULL, *deadline = NULL;
	int c, rc, has_status = 0, has_reason = 0, has_old = 0, written = 0;
	char at[32];

	memset(&old, 0, sizeof old);
	optind = 1;
	while ((c = cli_getopt("review", argc, argv, cli_review_set_opts)) != -1) {
		switch (c) {
		case 'V': d.violation_code = optarg; break;
		case 's':
			if (yd_review_status_parse(optarg, 1, &d.status) < 0)
				return bad_status("--status", optarg, 0);
			if (d.status == YD_REVIEW_STALE)
				return cli_usage_error("review", "--status: stale is computed, not recorded (%s)",
						       yd_review_status_list());
			has_status = 1;
			break;
		case 'r':
			if (yd_review_reason_parse(optarg, &d.reason) < 0 || !*optarg)
				return cli_usage_error("review", "--reason: unknown reason '%s' (%s)", optarg,
						       yd_review_reason_list());
			has_reason = 1;
			break;
		case 'n': note = optarg; break;
		case 'w': d.reviewer = optarg; break;
		case 'd': deadline = optarg; break;
		case 'D':
			if (parse_date_opt("--date", optarg, &d.date))
				return EXIT_USAGE;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("review", "expected 'review set CASE_ID --violation CODE --status S'");
	d.case_id = argv[optind];
	if (!*d.violation_code)
		return cli_usage_error("review", "review set needs --violation CODE");
	if (!has_status)
		return cli_usage_error("review", "review set needs --status (%s)", yd_review_status_list());
	if (deadline && *deadline && parse_date_opt("--deadline", deadline, &d.deadline))
		return EXIT_USAGE;
	if (!d.date)
		d.date = cli_today_ymd();
	if (!*d.reviewer)
		d.reviewer = login_name();
	if ((rc = cli_open_db(cli, YD_DB_NOCREATE, &db)) != 0)
		return rc;
	if (yd_db_begin(db, &err) < 0 || (has_old = yd_db_review_get(db, d.case_id, d.violation_code, &old, &err)) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	/* what is not given stays as it was, where the new status allows it */
	if (has_old) {
		if (!note)
			d.note = old.note;
		if (!deadline && d.status != YD_REVIEW_DISMISSED)
			d.deadline = old.deadline;
		if (!has_reason && d.status == YD_REVIEW_DISMISSED)
			d.reason = old.reason;
	}
	if (note)
		d.note = note;
	enum yd_review_col col;
	if (yd_review_check(&d, &col, &err) < 0) {
		rc = cli_usage_error("review", "%s", err.msg);
		goto out;
	}
	now_iso(at, sizeof at);
	struct yd_review_who w = {at, "set", login_name()};
	if (yd_db_review_put(db, &d, &w, 0, &written, NULL, &err) < 0 || yd_db_commit(db, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if (has_old)
		printf("%s %s: %s (was %s)\n", d.case_id, d.violation_code, yd_review_status_name(d.status),
		       yd_review_status_name(old.shown));
	else
		printf("%s %s: %s\n", d.case_id, d.violation_code, yd_review_status_name(d.status));
out:
	if (rc)
		yd_db_rollback(db);
	yd_review_row_release(&old);
	yd_db_close(db);
	return rc;
}

/* ---- list, export ---- */

/* review list's columns, every form's */
static const struct yd_col list_cols[] = {
    {"case_id", YD_COL_TEXT, 26, YD_SHOW_ALL},      {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL},
    {"status", YD_COL_TEXT, 9, YD_SHOW_ALL},        {"status_zh", YD_COL_TEXT, 10, YD_SHOW_TABLE},
    {"recorded", YD_COL_TEXT, 9, YD_SHOW_DATA},     {"reason", YD_COL_TEXT, 12, YD_SHOW_ALL},
    {"reviewer", YD_COL_TEXT, 8, YD_SHOW_ALL},      {"deadline", YD_COL_DATE, 10, YD_SHOW_ALL},
    {"date", YD_COL_DATE, 10, YD_SHOW_ALL},         {"overdue", YD_COL_BOOL, 7, YD_SHOW_ALL},
    {"verdict", YD_COL_TEXT, 15, YD_SHOW_ALL},      {"verdict_reviewed", YD_COL_TEXT, 0, YD_SHOW_DATA},
    {"stale_why", YD_COL_TEXT, 0, YD_SHOW_DATA},    {"region", YD_COL_TEXT, 0, YD_SHOW_DATA},
    {"agency", YD_COL_TEXT, 0, YD_SHOW_DATA},       {"updated", YD_COL_TEXT, 0, YD_SHOW_DATA},
    {"note", YD_COL_TEXT, 0, YD_SHOW_BELOW}};

/* review export's columns: what review import reads back */
static const struct yd_col export_cols[] = {
    {"case_id", YD_COL_TEXT, 0, YD_SHOW_ALL},  {"violation_code", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"status", YD_COL_TEXT, 0, YD_SHOW_ALL},   {"reason", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"note", YD_COL_TEXT, 0, YD_SHOW_ALL},     {"reviewer", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"deadline", YD_COL_DATE, 0, YD_SHOW_ALL}, {"date", YD_COL_DATE, 0, YD_SHOW_ALL}};

/* review list --history's columns */
static const struct yd_col history_cols[] = {
    {"at", YD_COL_TEXT, 20, YD_SHOW_ALL},       {"case_id", YD_COL_TEXT, 26, YD_SHOW_ALL},
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL}, {"who", YD_COL_TEXT, 8, YD_SHOW_ALL},
    {"via", YD_COL_TEXT, 6, YD_SHOW_ALL},       {"from", YD_COL_TEXT, 9, YD_SHOW_ALL},
    {"to", YD_COL_TEXT, 9, YD_SHOW_ALL},        {"reason", YD_COL_TEXT, 12, YD_SHOW_ALL},
    {"deadline", YD_COL_DATE, 10, YD_SHOW_ALL}, {"date", YD_COL_DATE, 10, YD_SHOW_ALL},
    {"note", YD_COL_TEXT, 0, YD_SHOW_BELOW}};

/* 1 when a disposition is overdue on today: confirmed, not stale, its
 * deadline passed */
static int overdue(const struct yd_review_row *r, int32_t today)
{
	return r->shown == YD_REVIEW_CONFIRMED && r->deadline && r->deadline < today;
}

static const char *stale_why(const struct yd_review_row *r)
{
	int v = r->verdict != r->at_verdict;
	return r->changed && v ? "decision_and_verdict_changed"
	       : r->changed    ? "decision_changed"
	       : v             ? "verdict_changed"
			       : "";
}

static const char *verdict_or_none(int v)
{
	return v >= 0 ? yd_verdict_name((enum yd_verdict)v) : "";
}

struct list_state {
	enum yd_format fmt;
	long n;
	struct cli_out out;
	const struct yd_review_list *l; /* export --flags: the dispositions */
};

/* One row of review export. */
static void export_row(struct list_state *s, const struct yd_review_row *r)
{
	char dl[16] = "", dt[16] = "";
	if (r->deadline)
		yd_fmt_date(dl, sizeof dl, r->deadline);
	yd_fmt_date(dt, sizeof dt, r->date);
	const char *v[] = {r->case_id, r->violation_code, yd_review_status_name(r->status),
			   yd_review_reason_name(r->reason), r->note, r->reviewer, dl, dt};
	CLI_OUT_ROW(&s->out, export_cols, v);
	s->n++;
}

/* export --flags: a flagged case, with its disposition or blank to fill in */
static int flag_row(void *data, const struct yd_judged_row *row)
{
	struct list_state *s = data;
	const struct yd_review_row *r = yd_review_list_find(s->l, row->rowid);
	if (r) {
		export_row(s, r);
		return 0;
	}
	const char *v[] = {row->case_id, row->violation_code, "", "", "", "", "", ""};
	CLI_OUT_ROW(&s->out, export_cols, v);
	s->n++;
	return 0;
}

static int history_row(void *data, const struct yd_review_event *e)
{
	struct list_state *s = data;
	char dl[16] = "", dt[16] = "";
	if (e->deadline)
		yd_fmt_date(dl, sizeof dl, e->deadline);
	yd_fmt_date(dt, sizeof dt, e->date);
	const char *v[] = {e->at,
			   e->case_id,
			   e->violation_code,
			   e->who,
			   e->via,
			   e->from >= 0 ? yd_review_status_name((enum yd_review_status)e->from) : "",
			   yd_review_status_name(e->to),
			   yd_review_reason_name(e->reason),
			   dl,
			   dt,
			   e->note};
	CLI_OUT_ROW(&s->out, history_cols, v);
	s->n++;
	return 0;
}

static int review_list(int argc, char **argv, struct cli *cli, int export)
{
	struct list_state s;
	struct yd_review_list l = {0};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *out_path = NULL;
	unsigned statuses = 0;
	int c, rc, only_overdue = 0, history = 0, flags = 0;
	int32_t today = cli_today_ymd();

	memset(&s, 0, sizeof s);
	s.fmt = export ? YD_FMT_CSV : YD_FMT_TABLE;
	optind = 1;
	while ((c = cli_getopt("review", argc, argv, cli_review_list_opts)) != -1) {
		switch (c) {
		case 's':
			if (export)
				return cli_usage_error("review", "export takes no --status: it writes every disposition");
			for (char *save = NULL, *tok = strtok_r(optarg, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				enum yd_review_status st;
				if (yd_review_status_parse(tok, 1, &st) < 0)
					return bad_status("--status", tok, 1);
				statuses |= 1u << st;
			}
			break;
		case 'O':
		case 'H':
			if (export)
				return cli_usage_error("review", "export takes no --%s", c == 'O' ? "overdue" : "history");
			if (c == 'O')
				only_overdue = 1;
			else
				history = 1;
			break;
		case 'f':
			if (yd_format_parse(optarg, &s.fmt) < 0 || s.fmt == YD_FMT_TEXT || (export && s.fmt == YD_FMT_TABLE))
				return cli_usage_error("review", "--format: expected %s, not '%s'",
						       export ? "csv, json or xlsx" : "table, csv, json or xlsx", optarg);
			break;
		case 'o': out_path = optarg; break;
		case 'F':
			if (!export)
				return cli_usage_error("review", "--flags is an option of export");
			flags = 1;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("review", "unexpected argument '%s'", argv[optind]);
	if (history && (statuses || only_overdue))
		return cli_usage_error("review", "--history lists every change: no --status or --overdue with it");
	if ((rc = cli_out_check("review", s.fmt, out_path)) != 0)
		return rc;
	if ((rc = cli_open_db(cli, YD_DB_READONLY | (flags ? CLI_NEEDS_ANALYSIS : 0), &db)) != 0)
		return rc;
	const struct yd_col *cols = history ? history_cols : export ? export_cols : list_cols;
	size_t ncols = history ? CLI_NCOLS(history_cols) : export ? CLI_NCOLS(export_cols) : CLI_NCOLS(list_cols);
	if ((rc = cli_out_open(&s.out, "review", cli, s.fmt, out_path, cols, ncols)) != 0)
		goto out;
	if (history) {
		if (yd_db_review_history_each(db, NULL, NULL, history_row, &s, &err) < 0)
			rc = cli_fail(&err);
		if (s.fmt == YD_FMT_TABLE)
			printf("%ld %s\n", s.n, s.n == 1 ? "change" : "changes");
		goto out;
	}
	if (yd_db_review_load(db, &l, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if (flags) {
		/* every flag of the last analysis, most serious first, as audit lists them */
		struct yd_case_filter f = {0};
		for (int v = 0; v < YD_V_OK; v++)
			f.verdicts |= 1u << v;
		s.l = &l;
		if (yd_db_judged_each(db, &f, flag_row, &s, &err) < 0)
			rc = cli_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct yd_review_row *r = &l.rows[i];
		char dl[16] = "", dt[16] = "";
		if (export) {
			export_row(&s, r);
			continue;
		}
		if ((statuses && !(statuses & (1u << r->shown))) || (only_overdue && !overdue(r, today)))
			continue;
		if (r->deadline)
			yd_fmt_date(dl, sizeof dl, r->deadline);
		yd_fmt_date(dt, sizeof dt, r->date);
		{
			const char *v[] = {r->case_id,
					   r->violation_code,
					   yd_review_status_name(r->shown),
					   yd_review_status_zh(r->shown),
					   yd_review_status_name(r->status),
					   yd_review_reason_name(r->reason),
					   r->reviewer,
					   dl,
					   dt,
					   overdue(r, today) ? "yes" : "no",
					   verdict_or_none(r->verdict),
					   verdict_or_none(r->at_verdict),
					   stale_why(r),
					   r->region,
					   r->agency,
					   r->updated,
					   r->note};
			CLI_OUT_ROW(&s.out, list_cols, v);
		}
		s.n++;
	}
	if (s.fmt == YD_FMT_TABLE)
		printf("%ld %s\n", s.n, s.n == 1 ? "disposition" : "dispositions");
out:
	rc = cli_out_close(&s.out, rc);
	yd_review_list_release(&l);
	yd_db_close(db);
	return rc;
}

/* ---- import ---- */

static int review_import(int argc, char **argv, struct cli *cli)
{
	struct yd_review_import_stats st;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *sheet = NULL;
	int c, rc;
	char at[32];

	optind = 1;
	while ((c = cli_getopt("review", argc, argv, cli_review_import_opts)) != -1) {
		if (c != 'S')
			return EXIT_USAGE;
		sheet = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage_error("review", "expected 'review import FILE'");
	if ((rc = cli_open_db(cli, YD_DB_NOCREATE, &db)) != 0)
		return rc;
	now_iso(at, sizeof at);
	struct yd_review_who w = {at, "import", login_name()};
	if (yd_review_import(db, argv[optind], sheet, &w, cli_today_ymd(), &st, &err) < 0)
		rc = cli_fail(&err);
	else
		printf("%s: %ld %s, %ld written, %ld unchanged%s\n", argv[optind], st.rows,
		       st.rows == 1 ? "disposition" : "dispositions", st.written, st.unchanged,
		       st.blank ? "; rows without a status skipped" : "");
	yd_db_close(db);
	return rc;
}

/* ---- stats ---- */

/* review stats' columns, every form's: one row per rule (all, each verdict,
 * each violation) */
static const struct yd_col stats_cols[] = {
    {"group", YD_COL_TEXT, 9, YD_SHOW_ALL},        {"key", YD_COL_TEXT, 16, YD_SHOW_ALL},
    {"flagged", YD_COL_INT, 7, YD_SHOW_ALL},        {"reviewed", YD_COL_INT, 8, YD_SHOW_ALL},
    {"pending", YD_COL_INT, 7, YD_SHOW_DATA},       {"confirmed", YD_COL_INT, 9, YD_SHOW_ALL},
    {"dismissed", YD_COL_INT, 9, YD_SHOW_ALL},      {"dismissed_lawful_level", YD_COL_INT, 0, YD_SHOW_DATA},
    {"dismissed_special_circumstances", YD_COL_INT, 0, YD_SHOW_DATA},
    {"dismissed_data_error", YD_COL_INT, 0, YD_SHOW_DATA},
    {"dismissed_other", YD_COL_INT, 0, YD_SHOW_DATA}, {"rectified", YD_COL_INT, 9, YD_SHOW_ALL},
    {"overdue", YD_COL_INT, 7, YD_SHOW_ALL},        {"stale", YD_COL_INT, 5, YD_SHOW_ALL},
    {"precision", YD_COL_DECIMAL, 9, YD_SHOW_ALL},  {"precision_low", YD_COL_DECIMAL, 13, YD_SHOW_ALL},
    {"precision_high", YD_COL_DECIMAL, 14, YD_SHOW_ALL}};

static void stats_row(struct cli_out *o, const char *group, const char *key, const struct yd_review_tally *t)
{
	char n[13][24], p[3][24];
	double prec, lo, hi;
	long v[] = {t->flagged,
		    t->reviewed,
		    t->pending,
		    t->confirmed,
		    t->dismissed,
		    t->by_reason[YD_REASON_LAWFUL_LEVEL],
		    t->by_reason[YD_REASON_SPECIAL],
		    t->by_reason[YD_REASON_DATA_ERROR],
		    t->by_reason[YD_REASON_OTHER],
		    t->rectified,
		    t->overdue,
		    t->stale};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		snprintf(n[i], sizeof n[i], "%ld", v[i]);
	yd_review_precision(t, &prec, &lo, &hi);
	yd_fmt_num(p[0], sizeof p[0], prec, 3);
	yd_fmt_num(p[1], sizeof p[1], lo, 3);
	yd_fmt_num(p[2], sizeof p[2], hi, 3);
	const char *cells[] = {group, key, n[0], n[1], n[2],  n[3],  n[4], n[5],
			       n[6],  n[7], n[8], n[9], n[10], n[11], p[0], p[1], p[2]};
	CLI_OUT_ROW(o, stats_cols, cells);
}

static int any(const struct yd_review_tally *t)
{
	return t->flagged || t->reviewed || t->pending || t->stale;
}

static int review_stats(int argc, char **argv, struct cli *cli)
{
	enum yd_format fmt = YD_FMT_TABLE;
	struct cli_out out = {0};
	struct yd_review_list l = {0};
	struct yd_review_stats st;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *out_path = NULL;
	long year = 0;
	int c, rc;

	memset(&st, 0, sizeof st);
	optind = 1;
	while ((c = cli_getopt("review", argc, argv, cli_review_stats_opts)) != -1) {
		switch (c) {
		case 'f':
			if (yd_format_parse(optarg, &fmt) < 0 || fmt == YD_FMT_TEXT)
				return cli_usage_error("review", "--format: expected table, csv, json or xlsx, not '%s'",
						       optarg);
			break;
		case 'o': out_path = optarg; break;
		case 'y':
			if (cli_parse_long("review", "--year", optarg, 1900, 2199, &year))
				return EXIT_USAGE;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("review", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_out_check("review", fmt, out_path)) != 0 ||
	    (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if (yd_db_review_load(db, &l, &err) < 0 ||
	    yd_review_stats_compute(db, &l, (int)year, NULL, cli_today_ymd(), &st, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_out_open(&out, "review", cli, fmt, out_path, stats_cols, CLI_NCOLS(stats_cols))) != 0)
		goto out;
	stats_row(&out, "all", "all", &st.all);
	for (int v = 0; v < YD_V_COUNT; v++)
		if (any(&st.verdict[v]))
			stats_row(&out, "verdict", yd_verdict_name((enum yd_verdict)v), &st.verdict[v]);
	for (size_t i = 0; i < st.nviol; i++)
		stats_row(&out, "violation", st.viol[i].code, &st.viol[i].t);
	if (fmt == YD_FMT_TABLE)
		printf("precision = (confirmed + rectified) / (confirmed + rectified + dismissed), 95%% Wilson interval\n");
out:
	rc = cli_out_close(&out, rc);
	yd_review_stats_release(&st);
	yd_review_list_release(&l);
	yd_db_close(db);
	return rc;
}

/* ---- the subcommands ---- */

static int list_cmd(int argc, char **argv, struct cli *cli)
{
	return review_list(argc, argv, cli, 0);
}

static int export_cmd(int argc, char **argv, struct cli *cli)
{
	return review_list(argc, argv, cli, 1);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv, struct cli *cli);
} subcommands[] = {
    {"set", review_set},
    {"list", list_cmd},
    {"export", export_cmd},
    {"import", review_import},
    {"stats", review_stats},
};

int cmd_review(int argc, char **argv, struct cli *cli)
{
	if (argc < 2)
		return cli_usage_error("review", "expected set, list, export, import or stats");
	for (size_t i = 0; i < CLI_NCOLS(subcommands); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1, cli);
	return cli_usage_error("review", "unknown subcommand '%s' (set, list, export, import or stats)", argv[1]);
}
