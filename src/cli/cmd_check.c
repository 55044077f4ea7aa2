/* cmd_check.c - youdu check: the pre-decision check of a draft penalty */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/db_review.h"
#include "youdu/history.h"
#include "youdu/json.h"
#include "youdu/check.h"
#include "youdu/csvin.h"
#include "youdu/draft.h"
#include "youdu/out.h"
#include "youdu/record.h"
#include "youdu/sheet.h"
#include "youdu/text.h"
#include "youdu/xlsxout.h"

/* Prints b's contents to stdout, names from the data shown, never run:
 * control characters as \xHH (issue 26.6). */
static void put(const struct yd_buf *b)
{
	yd_out_text(stdout, yd_buf_str(b), "");
}

/* ---- batch ---- */

struct batch_state {
	struct yd_checker *checker;
	const char *path;
	enum yd_lang lang;
	double interval; /* the reference range's level (--interval) */
	struct yd_header header;
	int have_header;
	long rows, flagged, bad;
	int32_t today;      /* a draft without a date is judged by today's catalogue */
	struct yd_buf reason;
	struct cli_out out; /* every form's rows */
};

/* check --batch's columns, every form's (it writes no table) */
static const struct yd_col batch_cols[] = {
    {"line", YD_COL_INT, 0, YD_SHOW_ALL},           {"case_id", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"verdict", YD_COL_TEXT, 0, YD_SHOW_ALL},       {"fine", YD_COL_MONEY, 0, YD_SHOW_ALL},
    {"peer_n", YD_COL_INT, 0, YD_SHOW_ALL},         {"peer_median", YD_COL_MONEY, 0, YD_SHOW_ALL},
    {"percentile", YD_COL_DECIMAL, 0, YD_SHOW_ALL}, {"z", YD_COL_DECIMAL, 0, YD_SHOW_ALL},
    {"suggested_min", YD_COL_MONEY, 0, YD_SHOW_ALL}, {"suggested_max", YD_COL_MONEY, 0, YD_SHOW_ALL},
    {"reason", YD_COL_TEXT, 0, YD_SHOW_ALL}};

static const unsigned batch_required = (1u << YD_F_VCODE) | (1u << YD_F_REGION) | (1u << YD_F_FINE);

static int batch_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct batch_state *s = data;
	struct yd_record rec;
	struct yd_check_result r;
	char why[512];

	if (!s->have_header) {
		int rc = yd_header_init(&s->header, row, NULL, batch_required, s->path, err);
		s->have_header = rc == 0;
		return rc;
	}
	s->rows++;
	yd_buf_reset(&s->reason);
	const char *verdict = "error";
	int ok = !row->bad_utf8 && yd_record_parse(&s->header, row, batch_required, &rec, why, sizeof why) == 0;
	if (row->bad_utf8)
		snprintf(why, sizeof why, "bytes that are not UTF-8 in a UTF-8 file");
	struct yd_draft d = {0};
	struct yd_error e2 = {0};
	if (ok) {
		yd_draft_of_record(&rec, &d);
		d.interval = s->interval;
		d.law_date = s->today;
		int rc = yd_check(s->checker, &d, &r, &e2);
		if (rc < 0 && r.bad_field == YD_CHECK_F_NONE) {
			*err = e2;
			return e2.code;
		}
		ok = rc == 0;
	}
	if (ok) {
		verdict = yd_verdict_name(r.verdict);
		yd_check_reason(&s->reason, s->lang, &d, &r);
		s->flagged += r.verdict != YD_V_OK;
	} else if (d.violation_code) {
		/* an unknown violation or region: reported in place, like a bad row */
		s->bad++;
		yd_buf_addstr(&s->reason, e2.msg);
	} else {
		s->bad++;
		yd_buf_addstr(&s->reason, why);
	}
	char fine[32] = "", med[32] = "", pct[32] = "", z[32] = "", lo[32] = "", hi[32] = "";
	if (ok) {
		yd_fmt_fen(fine, sizeof fine, d.fine);
		if (r.peer.level != YD_LEVEL_NONE) {
			yd_fmt_fen(med, sizeof med, (int64_t)llround(r.median));
			yd_fmt_num(pct, sizeof pct, r.peer.percentile, 1);
			yd_fmt_num(z, sizeof z, r.peer.z, 2);
		}
		if (r.has_suggest) {
			yd_fmt_fen(lo, sizeof lo, r.suggest_lo);
			yd_fmt_fen(hi, sizeof hi, r.suggest_hi);
		}
	}
	const char *case_id = s->header.col[YD_F_CASE_ID] >= 0 && (size_t)s->header.col[YD_F_CASE_ID] < row->n
				      ? row->fields[s->header.col[YD_F_CASE_ID]]
				      : "";
	char line[32], n[32] = "";
	snprintf(line, sizeof line, "%ld", row->line);
	if (ok && r.peer.level != YD_LEVEL_NONE)
		snprintf(n, sizeof n, "%ld", r.peer.n);
	const char *v[] = {line, case_id, verdict, fine, n, med, pct, z, lo, hi, yd_buf_str(&s->reason)};
	CLI_OUT_ROW(&s->out, batch_cols, v);
	return 0;
}

static int run_batch(struct yd_checker *checker, const char *path, enum yd_format fmt, enum yd_lang lang,
		     double interval, const struct cli *cli, const char *out)
{
	struct batch_state s;
	struct yd_error err = {0};
	int rc = EXIT_OK_;

	memset(&s, 0, sizeof s);
	s.checker = checker;
	s.today = cli_today_ymd();
	s.path = path;
	s.lang = lang;
	s.interval = interval;
	if ((rc = cli_out_open(&s.out, "check", cli, fmt, out, batch_cols, CLI_NCOLS(batch_cols))) != 0)
		return rc;
	if (!yd_checker_has_cases(checker)) /* said once, not on every row */
		fprintf(stderr, "youdu: no past cases in the database: legality and tiers are judged by the catalogue"
				" for any region; every peer verdict is insufficient_peers\n");
	struct yd_sheet_opts so = {YD_ENC_AUTO, NULL}; /* drafts as CSV, TSV, .xlsx or .xls */
	if (yd_sheet_read(path, &so, batch_row, &s, NULL, &err) < 0)
		rc = cli_fail(&err);
	else if (!s.have_header)
		rc = cli_usage_error("check", "%s: empty file: no header row", path);
	if (rc == EXIT_OK_ && (s.flagged || s.bad))
		rc = EXIT_FINDINGS;
	rc = cli_out_close(&s.out, rc);
	yd_header_release(&s.header);
	yd_buf_release(&s.reason);
	return rc;
}

/* ---- check --party-id (issue 24): the party's earlier decisions ---- */

/* check --party-id ID [--violation CODE] [--date D] [--lookback W]: exit 0
 * for a first offence, 1 when the party has earlier decisions in the window. */
static int run_party(struct cli *cli, const char *party_id, const char *violation, int32_t date, int months,
		     enum yd_format fmt, enum yd_lang lang)
{
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_party_history ph;
	struct yd_buf b = YD_BUF_INIT;
	int rc;

	memset(&ph, 0, sizeof ph);
	if ((rc = cli_open_db(cli, YD_DB_READONLY | YD_DB_MAPPED, &db)) != 0)
		return rc;
	if (yd_party_history(db, party_id, violation, date, months, &ph, &err) < 0) {
		rc = err.code == YD_EUSAGE ? cli_usage_error("check", "--party-id: %s", err.msg) : cli_fail(&err);
		goto out;
	}
	if (fmt == YD_FMT_JSON)
		yd_json_line(&b, yd_party_history_json_object(&ph, violation, date));
	else
		yd_party_history_text(&b, lang, &ph, violation, date);
	put(&b);
	rc = ph.n ? EXIT_FINDINGS : EXIT_OK_;
out:
	yd_buf_release(&b);
	yd_party_history_release(&ph);
	yd_db_close(db);
	return rc;
}

/* Reads the draft field of option c (--region, --fine, --base, --tier,
 * --party, --date) from arg through yd_draft_read; 0, or the usage error. */
static int draft_option(struct yd_draft *d, char *region, size_t regionsz, int c, const char *arg)
{
	static const struct {
		int c;
		const char *name;
		enum yd_draft_field f;
	} opt[] = {{'R', "--region", YD_DRAFT_REGION}, {'f', "--fine", YD_DRAFT_FINE},   {'b', "--base", YD_DRAFT_BASE},
		   {'t', "--tier", YD_DRAFT_TIER},     {'p', "--party", YD_DRAFT_PARTY}, {'d', "--date", YD_DRAFT_DATE}};
	struct yd_draft_text t = {0};
	const char *why = NULL;
	size_t k = 0;
	while (opt[k].c != c)
		k++;
	const char **field[] = {NULL, &t.region, &t.fine, &t.base, &t.tier, &t.party, &t.date};
	*field[opt[k].f] = arg;
	enum yd_draft_field f = yd_draft_read(&t, d, region, regionsz, &why);
	if (f == YD_DRAFT_OK)
		return 0;
	if (f == YD_DRAFT_TIER)
		return cli_usage_error("check", "%s: unknown tier '%s'", opt[k].name, arg);
	if (f == YD_DRAFT_PARTY)
		return cli_usage_error("check", "%s: unknown party type '%s'", opt[k].name, arg);
	return cli_usage_error("check", "%s: cannot read '%s': %s", opt[k].name, arg, why);
}

/* check's options as read: the draft they describe and what to do with it */
struct check_opts {
	struct yd_draft d;                   /* the draft of the options (single check) */
	char region[512];                    /* d.region's storage */
	char currency[4];                    /* d.currency's storage (--currency) */
	const char *batch;                   /* --batch FILE, NULL for a single check */
	const char *out_path;                /* --out FILE, NULL for stdout */
	const char *party_id;                /* --party-id ID, NULL when none */
	int lookback, have_lookback;         /* --lookback, in months, and whether given */
	enum yd_format fmt;                  /* --format */
	int have_fmt;                        /* --format given (--batch defaults to csv) */
	enum yd_lang lang;                   /* --lang */
	int have_fine;                       /* --fine given */
	const char *basis;                   /* --basis: the text naming the provision */
	struct yd_context_factor factors[YD_FACTOR_COLS]; /* --factor NAME=VALUE, folded */
	char fbuf[YD_FACTOR_COLS][256];      /* the factors' storage */
	size_t nfactor;                      /* factors given */
	char prov[YD_CONTEXT_MAX];           /* the provisions read in --basis */
	char context[YD_CONTEXT_MAX];        /* d.context's storage */
};

/* Reads one --factor NAME=VALUE into o's factors; 0, or the usage error. */
static int factor_option(struct check_opts *o, const char *arg)
{
	char *eq = NULL;
	int rc = 0;

	if (o->nfactor == YD_FACTOR_COLS) {
		rc = cli_usage_error("check", "--factor: at most %d factors", YD_FACTOR_COLS);
		goto out;
	}
	snprintf(o->fbuf[o->nfactor], sizeof o->fbuf[o->nfactor], "%s", arg);
	yd_text_fold(o->fbuf[o->nfactor]);
	if (!(eq = strchr(o->fbuf[o->nfactor], '=')) || eq == o->fbuf[o->nfactor]) {
		rc = cli_usage_error("check", "--factor: expected NAME=VALUE, not '%s'", arg);
		goto out;
	}
	*eq = '\0';
	o->factors[o->nfactor].name = o->fbuf[o->nfactor];
	o->factors[o->nfactor].value = eq + 1;
	o->nfactor++;
out:
	return rc;
}

/* Reads option c with its argument arg into o; 0, or the usage error. */
static int check_option(struct check_opts *o, int c, const char *arg)
{
	struct yd_draft *d = &o->d;
	int rc = 0;

	switch (c) {
	case 'V': d->violation_code = arg; break;
	case 'R':
	case 'f':
	case 'b':
	case 't':
	case 'p':
	case 'd':
		rc = draft_option(d, o->region, sizeof o->region, c, arg);
		o->have_fine |= rc == 0 && c == 'f';
		break;
	case 'F':
		if (yd_format_parse(arg, &o->fmt) < 0 || o->fmt == YD_FMT_TABLE)
			rc = cli_usage_error("check", "--format: expected text, csv, json or xlsx, not '%s'", arg);
		o->have_fmt = 1;
		break;
	case 'L':
		if (yd_lang_parse(arg, &o->lang) < 0)
			rc = cli_usage_error("check", "--lang: expected zh or en, not '%s'", arg);
		break;
	case 'I':
		if (cli_parse_double("check", "--interval", arg, 0.5, 0.99, &d->interval))
			rc = EXIT_USAGE;
		break;
	case 'B': o->batch = arg; break;
	case 'i': o->party_id = arg; break;
	case 'K':
		if (yd_lookback_parse(arg, &o->lookback) < 0)
			rc = cli_usage_error("check", "--lookback: expected years (2y), months (18m) or ever, not '%s'", arg);
		o->have_lookback = 1;
		break;
	case 'o': o->out_path = arg; break;
	case 'c':
		if (yd_parse_currency(arg, o->currency) < 0)
			rc = cli_usage_error("check", "--currency: expected a three-letter ISO 4217 code (CNY, TWD, EUR...), not '%s'",
					     arg);
		d->currency = o->currency;
		break;
	case 'P': o->basis = arg; break;
	case 'X': rc = factor_option(o, arg); break;
	default: rc = EXIT_USAGE;
	}
	return rc;
}

/* check's options: a draft's, then --batch's, then --party-id's */
const struct cli_opt cli_check_opts[] = {
    CLI_OPT('V', "violation", "CODE", "the draft's violation code"),
    CLI_OPT('R', "region", "PATH", "the draft's region path"),
    CLI_OPT('f', "fine", "AMOUNT",
	    "the draft's fine; amounts, tiers and parties take the\n"
	    "import's forms (5万元, 从轻, 单位...)"),
    CLI_OPT('t', "tier", "T", "the draft's tier"),
    CLI_OPT('p', "party", "P", "the draft's party type"),
    CLI_OPT('b', "base", "AMOUNT", "the base amount of a fine that is a multiple"),
    CLI_OPT('d', "date", "D", "the draft's date (default today)"),
    CLI_OPT('P', "basis", "TEXT",
	    "处罚依据: 并依《X法》第N条第M款处罚, or the provision alone;\n"
	    "the draft is compared with past decisions under the same\n"
	    "penalty provision"),
    CLI_OPT('X', "factor", "NAME=VALUE",
	    "a peer factor imported as factor:NAME; the draft is compared\n"
	    "with past decisions with the same factors, which are dropped\n"
	    "only when too few such decisions exist, and the reason says\n"
	    "so"),
    CLI_OPT('I', "interval", "P",
	    "the peers' prediction interval of the reference range, 0.5\n"
	    "to 0.99 (default 0.8: 80 %)"),
    CLI_OPT('c', "currency", "CODE",
	    "the ISO 4217 currency of --fine and --base (default: that of\n"
	    "most of the violation's cases); the draft is compared with\n"
	    "cases of that currency only (a batch row's currency column\n"
	    "does the same)"),
    CLI_OPT('F', "format", "F",
	    "text (default) or json; with --batch csv (default), json or\n"
	    "xlsx (a workbook, which needs --out)"),
    CLI_OPT('L', "lang", "L", "zh (default) or en"),
    CLI_OPT('B', "batch", "DRAFTS.csv",
	    "reads a CSV with the import's column names (violation_code,\n"
	    "region and fine required) and writes one row per draft, in\n"
	    "order; unreadable rows are reported in place with verdict\n"
	    "'error'"),
    CLI_OPT('o', "out", "FILE", "with --batch, writes the rows to FILE"),
    CLI_OPT('i', "party-id", "ID",
	    "(统一社会信用代码, 身份证号...) says whether a draft dated\n"
	    "--date (default today) is the party's first offence (首违):\n"
	    "its earlier decisions, any office and region, of --violation\n"
	    "when given, within --lookback before that day, listed with\n"
	    "case, office, date and fine.  An identifier with a wrong\n"
	    "check digit is refused.  A --violation on the 免罚清单\n"
	    "(exempt import) takes its item's window; the item is named,\n"
	    "and for a first offence check says the list may apply and\n"
	    "the conditions (适用条件) to verify"),
    CLI_OPT('K', "lookback", "W", "with --party-id, the window: 2y (default), 18m or ever"),
    CLI_OPT_END};

/* Reads check's command line into o, the draft's context (--basis,
 * --factor) included; 0, or the usage error. */
static int parse_check(int argc, char **argv, struct check_opts *o)
{
	int c, rc = 0;

	memset(o, 0, sizeof *o);
	o->lookback = YD_LOOKBACK_DEFAULT;
	o->fmt = YD_FMT_TEXT;
	o->lang = YD_LANG_ZH;
	o->d.base = -1;
	o->d.law_date = cli_today_ymd(); /* --date, else today, picks the catalogue's version */
	while (rc == 0 && (c = cli_getopt("check", argc, argv, cli_check_opts)) != -1)
		rc = check_option(o, c, optarg);
	if (rc != 0)
		goto out;
	if (optind != argc) {
		rc = cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	/* the draft's context: the provision of --basis, the --factor NAME=VALUE */
	if (o->basis || o->nfactor) {
		if (o->basis && yd_context_provisions(o->basis, o->prov, sizeof o->prov) == 0) {
			rc = cli_usage_error("check", "--basis: no penalty provision read in '%s' (e.g. 并依《X法》第N条第M款处罚)",
					     o->basis);
			goto out;
		}
		if (!o->basis)
			o->prov[0] = '\0';
		if (yd_context_build(o->prov, o->factors, o->nfactor, o->context, sizeof o->context) < 0) {
			rc = cli_usage_error("check", "--basis and --factor: longer than %d bytes", YD_CONTEXT_MAX - 1);
			goto out;
		}
		o->d.context = o->context;
	}
out:
	return rc;
}

/* Whether o's options go together for what they ask (the party's history,
 * a batch or a single draft), fixing --batch's default format; 0, or the
 * usage error. */
static int check_usage(struct check_opts *o)
{
	const struct yd_draft *d = &o->d;
	int rc = 0;

	if (o->have_lookback && !o->party_id)
		rc = cli_usage_error("check", "--lookback is for --party-id");
	else if (o->party_id) {
		/* the party's history on its own: no fine to compare yet */
		if (o->batch || d->region || o->have_fine || d->context || d->tier || d->party || d->base >= 0 ||
		    o->out_path)
			rc = cli_usage_error("check", "--party-id takes only --violation, --date, --lookback, "
						      "--format text|json and --lang");
		else if (o->fmt != YD_FMT_TEXT && o->fmt != YD_FMT_JSON)
			rc = cli_usage_error("check", "--party-id writes text or json");
	} else if (o->batch) {
		if (d->violation_code || d->region || o->have_fine || d->context)
			rc = cli_usage_error("check", "--batch takes the drafts from the file, not from options");
		else {
			if (!o->have_fmt)
				o->fmt = YD_FMT_CSV;
			if (o->fmt == YD_FMT_TEXT)
				rc = cli_usage_error("check", "--batch writes csv, json or xlsx");
			else
				rc = cli_out_check("check", o->fmt, o->out_path);
		}
	} else if (!d->violation_code || !*d->violation_code)
		rc = cli_usage_error("check", "--violation is required");
	else if (!d->region)
		rc = cli_usage_error("check", "--region is required");
	else if (!o->have_fine)
		rc = cli_usage_error("check", "--fine is required");
	else if (o->fmt == YD_FMT_CSV)
		rc = cli_usage_error("check", "--format csv is for --batch; use text or json");
	else if (o->fmt == YD_FMT_XLSX || o->out_path)
		rc = cli_usage_error("check", "--format xlsx and --out are for --batch; use text or json");
	return rc;
}

/* Checks the one draft of the options and prints the result: exit 0 when
 * it is ok, 1 for a finding, 2 for an unknown violation or region. */
static int run_single(struct yd_db *db, struct yd_checker *checker, const struct check_opts *o)
{
	struct yd_check_result r;
	struct yd_buf b = YD_BUF_INIT;
	struct yd_error err = {0};
	int rc;

	if (yd_check(checker, &o->d, &r, &err) < 0) {
		rc = r.bad_field != YD_CHECK_F_NONE ? cli_usage_error("check", "%s", err.msg) : cli_fail(&err);
		goto out;
	}
	/* the similar decisions' dispositions (youdu review) */
	if (yd_db_review_mark_similar(db, o->d.violation_code, r.similar, r.nsimilar, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if (o->fmt == YD_FMT_JSON)
		yd_check_json(&b, o->lang, &o->d, &r);
	else
		yd_check_text(&b, o->lang, &o->d, &r);
	put(&b);
	rc = r.verdict == YD_V_OK ? EXIT_OK_ : EXIT_FINDINGS;
out:
	yd_buf_release(&b);
	return rc;
}

/* Opens the database and one snapshot for the whole command (as serve has
 * for one request), then runs the batch or the single check. */
static int run_checks(struct cli *cli, const struct check_opts *o)
{
	struct yd_db *db = NULL;
	struct yd_checker *checker = NULL;
	struct yd_error err = {0};
	int rc;

	if ((rc = cli_open_db(cli, YD_DB_READONLY | YD_DB_MAPPED, &db)) != 0)
		goto out;
	if (yd_checker_open(db, !o->batch, &checker, &err) < 0 || yd_checker_begin(checker, NULL, &err) < 0)
		rc = cli_fail(&err);
	else if (o->batch)
		rc = run_batch(checker, o->batch, o->fmt, o->lang, o->d.interval, cli, o->out_path);
	else
		rc = run_single(db, checker, o);
out:
	yd_checker_free(checker);
	yd_db_close(db);
	return rc;
}

int cmd_check(int argc, char **argv, struct cli *cli)
{
	struct check_opts o;
	int rc;

	if ((rc = parse_check(argc, argv, &o)) != 0 || (rc = check_usage(&o)) != 0)
		goto out;
	if (o.party_id)
		rc = run_party(cli, o.party_id, o.d.violation_code && *o.d.violation_code ? o.d.violation_code : NULL,
			       o.d.date ? o.d.date : cli_today_ymd(), o.lookback, o.fmt, o.lang);
	else
		rc = run_checks(cli, &o);
out:
	return rc;
}
