/* cmd_check.c - youdu check: the pre-decision check of a draft penalty */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/db_review.h"
#include "youdu/history.h"
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
	cli_out_row(&s->out, v);
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
	if ((rc = cli_out_open(&s.out, "check", cli, fmt, out, batch_cols, sizeof batch_cols / sizeof *batch_cols)) != 0)
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
	if (fmt == YD_FMT_JSON) {
		yd_party_history_json(&b, &ph, violation, date);
		yd_buf_addch(&b, '\n');
	} else
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

int cmd_check(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
	    {"violation", required_argument, NULL, 'V'}, {"region", required_argument, NULL, 'R'},
	    {"fine", required_argument, NULL, 'f'},      {"tier", required_argument, NULL, 't'},
	    {"party", required_argument, NULL, 'p'},     {"base", required_argument, NULL, 'b'},
	    {"date", required_argument, NULL, 'd'},      {"format", required_argument, NULL, 'F'},
	    {"lang", required_argument, NULL, 'L'},      {"batch", required_argument, NULL, 'B'},
	    {"out", required_argument, NULL, 'o'},       {"interval", required_argument, NULL, 'I'},
	    {"basis", required_argument, NULL, 'P'},     {"factor", required_argument, NULL, 'X'},
	    {"party-id", required_argument, NULL, 'i'},  {"lookback", required_argument, NULL, 'K'},
	    {"currency", required_argument, NULL, 'c'},  {NULL, 0, NULL, 0}};
	struct yd_draft d = {0};
	char region[512], currency[4];
	const char *batch = NULL, *out_path = NULL, *party_id = NULL;
	int lookback = YD_LOOKBACK_DEFAULT, have_lookback = 0;
	enum yd_format fmt = YD_FMT_TEXT;
	enum yd_lang lang = YD_LANG_ZH;
	int c, rc, have_fine = 0, have_fmt = 0;
	/* the draft's context: the provision of --basis, the --factor NAME=VALUE */
	const char *basis = NULL;
	struct yd_context_factor factors[YD_FACTOR_COLS];
	char fbuf[YD_FACTOR_COLS][256], prov[YD_CONTEXT_MAX], context[YD_CONTEXT_MAX];
	size_t nfactor = 0;

	d.base = -1;
	d.law_date = cli_today_ymd(); /* --date, else today, picks the catalogue's version */
	while ((c = cli_getopt("check", argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'V': d.violation_code = optarg; break;
		case 'R':
		case 'f':
		case 'b':
		case 't':
		case 'p':
		case 'd':
			if ((rc = draft_option(&d, region, sizeof region, c, optarg)) != 0)
				return rc;
			have_fine |= c == 'f';
			break;
		case 'F':
			if (yd_format_parse(optarg, &fmt) < 0 || fmt == YD_FMT_TABLE)
				return cli_usage_error("check", "--format: expected text, csv, json or xlsx, not '%s'", optarg);
			have_fmt = 1;
			break;
		case 'L':
			if (yd_lang_parse(optarg, &lang) < 0)
				return cli_usage_error("check", "--lang: expected zh or en, not '%s'", optarg);
			break;
		case 'I':
			if (cli_parse_double("check", "--interval", optarg, 0.5, 0.99, &d.interval))
				return EXIT_USAGE;
			break;
		case 'B': batch = optarg; break;
		case 'i': party_id = optarg; break;
		case 'K':
			if (yd_lookback_parse(optarg, &lookback) < 0)
				return cli_usage_error("check", "--lookback: expected years (2y), months (18m) or ever, not '%s'",
						       optarg);
			have_lookback = 1;
			break;
		case 'o': out_path = optarg; break;
		case 'c':
			if (yd_parse_currency(optarg, currency) < 0)
				return cli_usage_error("check", "--currency: expected a three-letter ISO 4217 code (CNY, TWD, EUR...), not '%s'",
						       optarg);
			d.currency = currency;
			break;
		case 'P': basis = optarg; break;
		case 'X': {
			char *eq;
			if (nfactor == YD_FACTOR_COLS)
				return cli_usage_error("check", "--factor: at most %d factors", YD_FACTOR_COLS);
			snprintf(fbuf[nfactor], sizeof fbuf[nfactor], "%s", optarg);
			yd_text_fold(fbuf[nfactor]);
			if (!(eq = strchr(fbuf[nfactor], '=')) || eq == fbuf[nfactor])
				return cli_usage_error("check", "--factor: expected NAME=VALUE, not '%s'", optarg);
			*eq = '\0';
			factors[nfactor].name = fbuf[nfactor];
			factors[nfactor].value = eq + 1;
			nfactor++;
			break;
		}
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
	if (basis || nfactor) {
		if (basis && yd_context_provisions(basis, prov, sizeof prov) == 0)
			return cli_usage_error("check", "--basis: no penalty provision read in '%s' (e.g. 并依《X法》第N条第M款处罚)",
					       basis);
		if (!basis)
			prov[0] = '\0';
		if (yd_context_build(prov, factors, nfactor, context, sizeof context) < 0)
			return cli_usage_error("check", "--basis and --factor: longer than %d bytes", YD_CONTEXT_MAX - 1);
		d.context = context;
	}
	if (have_lookback && !party_id)
		return cli_usage_error("check", "--lookback is for --party-id");
	if (party_id) {
		/* the party's history on its own: no fine to compare yet */
		if (batch || d.region || have_fine || d.context || d.tier || d.party || d.base >= 0 || out_path)
			return cli_usage_error("check", "--party-id takes only --violation, --date, --lookback, "
							"--format text|json and --lang");
		if (fmt != YD_FMT_TEXT && fmt != YD_FMT_JSON)
			return cli_usage_error("check", "--party-id writes text or json");
		return run_party(cli, party_id, d.violation_code && *d.violation_code ? d.violation_code : NULL,
				 d.date ? d.date : cli_today_ymd(), lookback, fmt, lang);
	}
	if (batch) {
		if (d.violation_code || d.region || have_fine || d.context)
			return cli_usage_error("check", "--batch takes the drafts from the file, not from options");
		if (!have_fmt)
			fmt = YD_FMT_CSV;
		if (fmt == YD_FMT_TEXT)
			return cli_usage_error("check", "--batch writes csv, json or xlsx");
		if ((rc = cli_out_check("check", fmt, out_path)) != 0)
			return rc;
	} else {
		if (!d.violation_code || !*d.violation_code)
			return cli_usage_error("check", "--violation is required");
		if (!d.region)
			return cli_usage_error("check", "--region is required");
		if (!have_fine)
			return cli_usage_error("check", "--fine is required");
		if (fmt == YD_FMT_CSV)
			return cli_usage_error("check", "--format csv is for --batch; use text or json");
		if (fmt == YD_FMT_XLSX || out_path)
			return cli_usage_error("check", "--format xlsx and --out are for --batch; use text or json");
	}

	struct yd_db *db = NULL;
	struct yd_checker *checker = NULL;
	struct yd_error err = {0};
	if ((rc = cli_open_db(cli, YD_DB_READONLY | YD_DB_MAPPED, &db)) != 0)
		return rc;
	/* one snapshot for the whole command, as serve has for one request */
	if (yd_checker_open(db, !batch, &checker, &err) < 0 || yd_checker_begin(checker, NULL, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if (batch) {
		rc = run_batch(checker, batch, fmt, lang, d.interval, cli, out_path);
	} else {
		struct yd_check_result r;
		struct yd_buf b = YD_BUF_INIT;
		if (yd_check(checker, &d, &r, &err) < 0) {
			rc = r.bad_field != YD_CHECK_F_NONE ? cli_usage_error("check", "%s", err.msg) : cli_fail(&err);
			goto out;
		}
		/* the similar decisions' dispositions (youdu review) */
		if (yd_db_review_mark_similar(db, d.violation_code, r.similar, r.nsimilar, &err) < 0) {
			rc = cli_fail(&err);
			goto out;
		}
		if (fmt == YD_FMT_JSON)
			yd_check_json(&b, lang, &d, &r);
		else
			yd_check_text(&b, lang, &d, &r);
		put(&b);
		yd_buf_release(&b);
		rc = r.verdict == YD_V_OK ? EXIT_OK_ : EXIT_FINDINGS;
	}
out:
	yd_checker_free(checker);
	yd_db_close(db);
	return rc;
}
