/* main.c - the youdu tool: global options and the command table. */
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "youdu/buf.h"
#include "youdu/judge.h"
#include "youdu/out.h"

#define YOUDU_VERSION "0.1.0"

/* Writes text and a newline, wrapped before column 80 at its spaces (a run
 * of spaces kept within a line: two after a sentence). */
static void put_wrapped(FILE *f, const char *text)
{
	size_t col = 0;
	for (const char *p = text; *p;) {
		size_t sp = strspn(p, " "), n = strcspn(p + sp, " ");
		if (col > 0 && col + sp + n >= 80) {
			fputc('\n', f);
			col = 0;
		} else {
			fprintf(f, "%.*s", (int)sp, p);
			col += sp;
		}
		fprintf(f, "%.*s", (int)n, p + sp);
		col += n;
		p += sp + n;
	}
	fputc('\n', f);
}

/* analyze's list of the verdicts, from the library's table. */
static void analyze_verdicts(FILE *f)
{
	struct yd_buf b = YD_BUF_INIT;
	yd_buf_addstr(&b, "Verdicts, most serious first:");
	for (int v = 0; v < YD_V_COUNT; v++)
		yd_buf_addf(&b, " %s%c", yd_verdict_name((enum yd_verdict)v), v + 1 < YD_V_COUNT ? ',' : '.');
	yd_buf_addstr(&b, "  See docs/METHODS.md.");
	put_wrapped(f, yd_buf_str(&b));
	fputc('\n', f);
	yd_buf_release(&b);
}

/* audit's first sentence: the verdicts that are no finding, from the table. */
static void audit_findings(FILE *f)
{
	struct yd_buf b = YD_BUF_INIT;
	yd_buf_addstr(&b, "Lists the cases of the last analysis whose verdict is a finding (all but");
	for (int v = YD_V_OK; v < YD_V_COUNT; v++)
		yd_buf_addf(&b, " %s%s", yd_verdict_name((enum yd_verdict)v),
			    v + 2 < YD_V_COUNT ? "," : v + 1 < YD_V_COUNT ? " and" : "),");
	yd_buf_addstr(&b, " most serious first, then farthest out.");
	put_wrapped(f, yd_buf_str(&b));
	fputc('\n', f);
	yd_buf_release(&b);
}

static const struct command commands[] = {
    {"import", cmd_import, "import penalty decisions: CSV/TSV (UTF-8, GBK, UTF-16), .xlsx, .xls",
     "usage: youdu [--db FILE] import [options] FILE...\n"
     "\n"
     "Imports penalty decisions.  Each file is one transaction; for every file\n"
     "read = imported + duplicates + rejected.  Rejected rows are kept (see\n"
     "'youdu rejects').  Importing the same file again adds nothing.\n"
     "\n"
     "A file is read as what its content is: an .xlsx or .xls workbook (its first\n"
     "sheet), else text with commas, tabs or semicolons.  JSON, PDF, Word and the\n"
     "like are refused with a message naming them.\n"
     "\n",
     .opts = CLI_TABLES(cli_import_opts), .col = 17,
     .end = "\n"
     "Exit: 0 ok; 1 rows rejected under --strict, or a file whose rows were all\n"
     "rejected (its commonest reason named); 2 a file could not be read (then\n"
     "--analyze does not run).\n"
     "Example: youdu import datasets/sample.csv\n"},
    {"catalogue", cmd_catalogue, "import, list or compare the catalogue of statutory ranges and tier bands",
     "usage: youdu [--db FILE] catalogue import [--encoding E] [--exclusive]\n"
     "                 [--effective-from DATE [--effective-to DATE]] CATALOGUE.csv\n"
     "       youdu [--db FILE] catalogue list [--at DATE] [--format text|csv|json]\n"
     "       youdu [--db FILE] catalogue diff --at DATE --at DATE [--format text|csv|json]\n",
     .opts = CLI_TABLES(cli_catalogue_import_opts, cli_catalogue_list_opts), .col = 17,
     .end = "\n"
     "The clean CSV form has the columns (English or Chinese): violation_code 违法行为编码,\n"
     "violation_name 违法行为, legal_basis 法律依据, fine_kind 罚款方式 (fixed 定额 |\n"
     "multiple 倍数), fine_min 罚款下限, fine_max 罚款上限, lenient_max 从轻上限,\n"
     "severe_min 从重下限.  Fixed bounds are amounts (5000, 5万); multiple bounds are\n"
     "multiples of the base (3, 0.05, 5%, 3倍).  Without tier bounds the 30 % / 70 %\n"
     "points of the range are shown as derived bands, never a finding.  Any bad row\n"
     "fails the whole file.\n"
     "\n"
     "Example: youdu catalogue import datasets/catalogue.csv\n"},
    {"rejects", cmd_rejects, "list rows that could not be imported, with reasons",
     "usage: youdu [--db FILE] rejects [--warnings] [--format table|csv|json|xlsx] [--out FILE]\n"
     "\n"
     "Lists every rejected row: file, line, reason and the raw text, ordered by\n"
     "file and line.\n"
     "\n",
     .opts = CLI_TABLES(cli_rejects_opts), .col = 15,
     .end = "\n"
     "Example: youdu rejects --format csv\n"},
    {"export", cmd_export, "write all imported cases, normalised",
     "usage: youdu [--db FILE] export [--format csv|json|xlsx] [--out FILE]\n"
     "       youdu [--db FILE] export --partition FIELD[,FIELD...] --out DIR [--force]\n"
     "\n"
     "Writes every case ordered by case_id then violation_code with columns\n"
     "case_id,decision_date,region,agency,violation_code,violation_name,party_type,\n"
     "tier,fine,base_amount,currency (ISO dates, amounts with two decimals in the\n"
     "currency import was given, English tier and party words).\n"
     "\n",
     .opts = CLI_TABLES(cli_export_opts), .col = 15,
     .end = "\n"
     "Examples: youdu export > cases.csv\n"
     "          youdu export --partition province,year --out cases/\n"},
    {"analyze", cmd_analyze, "judge every case: legality, tier, and comparison with peers",
     "usage: youdu [--db FILE] analyze [options]\n"
     "\n"
     "Judges every imported case and stores verdicts, reasons' figures, peer groups\n"
     "and an inclusion ledger, replacing the previous run (one transaction).\n",
     .opts = CLI_TABLES(cli_analyze_opts), .col = 18, .more = analyze_verdicts,
     .end = "A run of more than two seconds shows its phase on stderr when that is a terminal;\n"
     "YOUDU_TIMINGS=1 in the environment prints each phase's duration instead.\n"
     "\n"
     "Example: youdu analyze --min-peers 10\n"},
    {"audit", cmd_audit, "list flagged cases with reasons, most serious first",
     "usage: youdu [--db FILE] audit [options]\n"
     "\n",
     .opts = CLI_TABLES(cli_audit_opts), .col = 26, .more = audit_findings,
     .end = "\n"
     "CSV columns: case_id,violation_code,region,decision_date,tier,fine,verdict,level,\n"
     "peer_n,peer_median,percentile,z,scale,p,reason,review (the disposition, empty when\n"
     "none),first_offence (yes when the party has no earlier decision for the same\n"
     "violation in the window, empty when no party is identified),prior_cases.\n"
     "The table adds verdict_zh, the verdict in Chinese, and shows the reason under\n"
     "each case.\n"
     "Example: youdu audit --region 浙江省/嘉兴市/海盐县 --year 2024\n"},
    {"stats", cmd_stats, "distribution of fines per violation and region, year or tier",
     "usage: youdu [--db FILE] stats [options]\n"
     "\n"
     "Per violation and group: n, min, Q1, median, Q3, max, mean, MAD (yuan),\n"
     "share fined exactly the legal minimum, share flagged by the last analysis.\n"
     "\n",
     .opts = CLI_TABLES(cli_stats_opts), .col = 20,
     .end = "\n"
     "Example: youdu stats --violation CG004 --by year\n"},
    {"check", cmd_check, "pre-decision check of a draft penalty (legal, in tier, in line)",
     "usage: youdu [--db FILE] check --violation CODE --region PATH --fine AMOUNT\n"
     "                           [--tier T] [--party P] [--base AMOUNT] [--date D]\n"
     "                           [--basis TEXT] [--factor NAME=VALUE]... [--interval P]\n"
     "                           [--currency CODE] [--format text|json] [--lang zh|en]\n"
     "       youdu [--db FILE] check --batch DRAFTS.csv [--format csv|json|xlsx] [--out FILE]\n"
     "                           [--interval P] [--lang zh|en]\n"
     "       youdu [--db FILE] check --party-id ID [--violation CODE] [--date D]\n"
     "                           [--lookback 2y|18m|ever] [--format text|json] [--lang zh|en]\n"
     "\n"
     "Judges a draft with the rules, peer groups and thresholds of the last analysis,\n"
     "without changing the database.  Prints the verdict and reason, the statutory\n"
     "range and tier band, the peer group (level, n, median, quartiles), the draft's\n"
     "percentile, z and p, a reference range (参考区间: the tier band within the\n"
     "peers' --interval prediction interval, or the band alone) and the 5 most\n"
     "similar past decisions (same violation and tier; own region, then county, then\n"
     "all; nearest date first, the most recent when no --date is given), each\n"
     "flagged one marked with its verdict.\n"
     "\n",
     .opts = CLI_TABLES(cli_check_opts), .col = 20,
     .end = "\n"
     "Exit: 0 ok; 1 the verdict is not ok (or, in batch, any row flagged or in\n"
     "error; with --party-id, not a first offence); 2 bad input.\n"
     "Example: youdu check --violation CG004 --region 浙江省/嘉兴市/海盐县/武原街道 \\\n"
     "         --tier 从轻 --party 个人 --fine 8000元\n"},
    {"regions", cmd_regions, "each region's typical fine against all other regions, with a funnel",
     "usage: youdu [--db FILE] regions [--violation CODE] [--level N] [--year Y]\n"
     "                             [--format table|csv|json|xlsx] [--out FILE]\n"
     "                             [--seed S] [--resamples B]\n"
     "                             [--min-cases N] [--min-effect PERCENT] [--material PERCENT]\n"
     "\n"
     "One row per region (the full path, or cut with --level): n, the effect, its\n"
     "95 % bootstrap interval, the 99.8 % funnel limit, a label and the violation\n"
     "types (with 10 cases or more) that pull most its way.\n"
     "Each case's position is ln(fine) against the usual fine of its violation and\n"
     "tier for the same party type, year and ln(base), region effects and case mix\n"
     "fitted jointly (a robust backfit); the index is the 10 % trimmed mean of the\n"
     "region's positions less the typical region's, shrunk toward 0 for few cases\n"
     "(empirical Bayes) for the order, shown as exp(index) - 1 in percent (+22 %:\n"
     "fines about 22 % higher), beside the unshrunk effect the interval and the label\n"
     "are of.  Harsh or lenient when the unshrunk index lies outside the 99.8 %\n"
     "funnel limit z sqrt(sigma^2/n + tau^2) (Spiegelhalter 2005, tau^2 from the\n"
     "median |z|, so biased regions cannot widen their own limits) and the effect is\n"
     "at least --min-effect percent; in_line only when the interval lies inside\n"
     "+- --material percent; else uncertain; fewer than --min-cases cases: too_few.\n"
     "Bootstrap: --resamples resamples of the region's cases, GSL mt19937 with\n"
     "--seed.\n"
     "\n",
     .opts = CLI_TABLES(cli_regions_opts), .col = 23,
     .end = "\n"
     "CSV columns: region,n,index,ci_low,ci_high,effect_pct,effect_raw_pct,\n"
     "effect_low_pct,effect_high_pct,label,funnel_se,funnel_limit95,funnel_limit998,\n"
     "top_violations,funnel_sigma,funnel_tau,index_raw,shrink,tau_all (index, the\n"
     "interval and limits on the ln scale; the interval, the label and the limits,\n"
     "+- half-widths around 0, are of index_raw, the region's own cases).\n"
     "Example: youdu regions --level 4 --format csv\n"},
    {"disparity", cmd_disparity, "Kruskal-Wallis across regions per violation, BH-adjusted",
     "usage: youdu [--db FILE] disparity [--violation CODE] [--year Y] [--format table|csv|json]\n"
     "\n"
     "Per violation type: a Kruskal-Wallis test (tie-corrected) of the cases'\n"
     "ln(fine) less the median of their violation and tier (all regions), across the\n"
     "regions with at least 5 cases; Benjamini-Hochberg q-values over all types\n"
     "tested; effect size epsilon-squared; the regions with the highest and lowest\n"
     "mean rank.  Types with fewer than two such regions are listed as not testable.\n"
     "\n",
     .opts = CLI_TABLES(cli_disparity_opts), .col = 20,
     .end = "\n"
     "Example: youdu disparity --format csv\n"},
    {"trends", cmd_trends, "consistency by year: dispersion, flags, heaping, mitigation",
     "usage: youdu [--db FILE] trends [--violation CODE] [--year Y]\n"
     "                             [--format table|csv|json]\n"
     "       youdu [--db FILE] trends --by-version [--format table|csv|json]\n"
     "\n"
     "Per violation type and for all together, per year: n, median fine, dispersion\n"
     "(1.4826 MAD of ln(fine) around its violation-tier-year median), share flagged,\n"
     "share fined exactly the legal minimum, share 减轻/不予处罚; and the least-squares\n"
     "slope of the dispersion over the years with its 95 % interval: fell, rose or no\n"
     "clear change.\n"
     "\n",
     .opts = CLI_TABLES(cli_trends_opts), .col = 20,
     .end = "\n"
     "Example: youdu trends --violation CG004\n"},
    {"plot", cmd_plot, "draw a chart with gnuplot (PNG or SVG)",
     "usage: youdu [--db FILE] plot KIND --out FILE.png|FILE.svg [--violation CODE]\n"
     "                          [--region PREFIX] [--year Y] [--lang zh|en]\n"
     "                          [--width PX] [--height PX] [--agency NAME] [--script]\n"
     "\n"
     "KIND: box (fines by region for one violation, with the statutory range and tier\n"
     "bands shaded and flagged cases in red), hist (distribution of one violation),\n"
     "scatter (fine against decision date), funnel (each region's typical fine\n"
     "against other regions, by its number of cases, with 95 % and 99.8 % limits),\n"
     "trend (dispersion by year, one axis), harshness (regions ranked with their\n"
     "95 % intervals).  Needs gnuplot (gnuplot-nox) and a CJK font (fonts-noto-cjk).\n"
     "\n",
     .opts = CLI_TABLES(cli_plot_opts), .col = 20,
     .end = "\n"
     "Example: youdu plot box --violation CG004 --out cg004.png\n"},
    {"report", cmd_report, "write the annual risk report (HTML with charts, and Markdown)",
     "usage: youdu [--db FILE] report [--year Y] [--lang zh|en] [--out DIR]\n"
     "                            [--format html|md|both] [--date YYYY-MM-DD]\n"
     "                            [--agency NAME]\n"
     "\n"
     "Writes DIR/report.html (one self-contained file: charts embedded, no network\n"
     "needed, printable) and DIR/report.md with its PNGs in DIR/img, and prints their\n"
     "paths.  Contents: scope and inclusion ledger, headline figures, every illegal\n"
     "and out-of-tier decision, the top statistical outliers, regional disparity\n"
     "(harshness chart, funnel, Kruskal-Wallis/BH table), consistency over the\n"
     "years, pages for the 3 most flagged violation types, methods and thresholds.\n"
     "\n",
     .opts = CLI_TABLES(cli_report_opts), .col = 17,
     .end = "\n"
     "Example: youdu report --year 2024 --out reports/2024\n"},
    {"exempt", cmd_exempt, "the 免罚清单: import it (windows, kinds, validity), list it as read",
     "usage: youdu [--db FILE] exempt import [--valid-from DATE] [--valid-to DATE] FILE\n"
     "       youdu [--db FILE] exempt list [--format text|csv|json]\n",
     .opts = CLI_TABLES(cli_exempt_import_opts, cli_exempt_list_opts), .col = 21,
     .end = "\n"
     "The list gives each listed item's look-back window (audit's first_offence,\n"
     "check --party-id) and the verdict exempt_repeat (非首违而免: not fined under a\n"
     "不予处罚 item although the party had an earlier decision for it in the\n"
     "window); run analyze after importing it.\n"
     "Example: youdu exempt import --valid-from 2024-01-01 免罚清单.csv\n"},
    {"review", cmd_review, "record a reviewer's decision on each flag (评查与整改); count them per rule",
     "usage: youdu [--db FILE] review set CASE_ID --violation CODE --status S\n"
     "                            [--reason R] [--note TEXT] [--reviewer NAME]\n"
     "                            [--deadline DATE] [--date DATE]\n"
     "       youdu [--db FILE] review list [--status S[,S...]] [--overdue] [--history]\n"
     "                            [--format table|csv|json|xlsx] [--out FILE]\n"
     "       youdu [--db FILE] review export [--flags] [--format csv|json|xlsx] [--out FILE]\n"
     "       youdu [--db FILE] review import [--sheet NAME] FILE\n"
     "       youdu [--db FILE] review stats [--year Y] [--format table|csv|json|xlsx] [--out FILE]\n"
     "\n"
     "A disposition belongs to a decision (case id + violation code) and is kept\n"
     "across re-imports and re-analyses.  When the decision's fine, base, tier, date,\n"
     "region or party, or its verdict, changes after it was reviewed, the disposition\n"
     "is shown as stale (需重新审核), never applied to the new facts; set it again to\n"
     "review it anew.  Every change is kept in a history.\n",
     .opts = CLI_TABLES(cli_review_set_opts, cli_review_list_opts, cli_review_import_opts, cli_review_stats_opts),
     .col = 20,
     .end = "\n"
     "Exit: 0 ok; 2 an unknown status, reason or case, or a bad file.\n"
     "Example: youdu review set 盐综执罚决〔2024〕000100号 --violation CG013 \\\n"
     "         --status dismissed --reason lawful_level --note 车型档次\n"},
    {"serve", cmd_serve, "the pre-decision check over HTTP: a JSON API and a web form",
     "usage: youdu [--db FILE] serve [--listen ADDRESS:PORT] [--threads N]\n"
     "                           [--review-token-file FILE] [--ready-file FILE]\n"
     "         [--request-timeout S] [--max-connections N] [--max-per-client N]\n"
     "\n"
     "Serves the pre-decision check to case-handling systems and officers' browsers,\n"
     "reading the database only (never writing it).  After 'youdu analyze' runs again\n"
     "the next request uses the new analysis; no restart is needed.\n"
     "\n",
     .opts = CLI_TABLES(cli_serve_opts), .col = 17,
     .end = "\n"
     "Endpoints (docs/FORMATS.md): POST /api/check (a JSON draft: violation_code,\n"
     "region, fine, and optionally tier, party, base_amount, date, lang; answers what\n"
     "'check --format json' prints), POST /api/check/batch (an array of drafts),\n"
     "GET /api/health, GET /api/catalogue, GET /api/regions; GET / is a form in\n"
     "Chinese (/?lang=en English) whose result page /check shows the check and a\n"
     "paragraph for the legal review opinion.  Errors: 400 malformed JSON, a body over\n"
     "64 KiB or a missing field; 422 an unreadable value or an unknown violation or\n"
     "region (with the nearest known ones); 408 no whole request in time.  A request\n"
     "head (request line and headers) may be 32 KiB.  One access-log line per\n"
     "request on stderr; SIGTERM or SIGINT finish the requests in flight and exit 0.\n"
     "\n"
     "Exit: 0 stopped by a signal; 2 the database or the address cannot be used.\n"
     "Example: youdu serve --listen 127.0.0.1:8750\n"},
};

#define NCOMMANDS (sizeof commands / sizeof *commands)

const struct command *cli_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* One option's help line: "  --name ARG", its help from column col (on
 * the next line when the name leaves no space before it), and the lines of
 * its more. */
static void opt_help(FILE *f, const struct cli_opt *o, int col)
{
	int w = fprintf(f, "  --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	if (w < col)
		fprintf(f, "%*s", col - w, "");
	else
		fprintf(f, "\n%*s", col, "");
	for (const char *p = o->help; *p; p++) {
		fputc(*p, f);
		if (*p == '\n')
			fprintf(f, "%*s", col, "");
	}
	fputc('\n', f);
	if (o->more)
		o->more(f, col);
}

void cli_help(const struct command *c, FILE *f)
{
	fputs(c->help, f);
	if (c->more)
		c->more(f);
	for (const struct cli_opt *const *t = c->opts; t && *t; t++)
		for (const struct cli_opt *o = *t; cli_opt_more(o); o++)
			if (!o->name)
				fprintf(f, "\n%s", o->help); /* a CLI_GROUP, after a blank line */
			else if (o->help)
				opt_help(f, o, c->col);
	if (c->end)
		fputs(c->end, f);
}

void cli_list_opts(const struct command *c, FILE *f)
{
	const char *shown[128];
	size_t n = 0;
	for (const struct cli_opt *const *t = c->opts; t && *t; t++)
		for (const struct cli_opt *o = *t; cli_opt_more(o); o++) {
			if (!o->name) /* a CLI_GROUP */
				continue;
			size_t i = 0;
			while (i < n && strcmp(shown[i], o->name) != 0)
				i++;
			if (i < n) /* a subcommand's option another one has too */
				continue;
			if (n < sizeof shown / sizeof *shown)
				shown[n++] = o->name;
			fprintf(f, "--%s\n", o->name);
		}
}

int cli_exit_code(int status)
{
	switch (status) {
	case YD_OK: return EXIT_OK_;
	case YD_EREJECT: return EXIT_FINDINGS;
	default: return EXIT_USAGE;
	}
}

int cli_fail(const struct yd_error *err)
{
	fputs("youdu: ", stderr);
	yd_out_text(stderr, err->msg, ""); /* names from the data: shown, never run */
	fputc('\n', stderr);
	return cli_exit_code(err->code);
}

void cli_note(const char *fmt, ...)
{
	va_list ap;
	char msg[2048];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fputs("youdu: ", stderr);
	yd_out_text(stderr, msg, "");
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[2048];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "youdu %s: ", cmd);
	yd_out_text(stderr, msg, ""); /* an argument or a name from the data: shown, never run */
	fprintf(stderr, "\n(see 'youdu %s --help')\n", cmd);
	return EXIT_USAGE;
}

/* Edit distance of two short ASCII words (a command typed with a typo). */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[32];
	if (la > 30 || lb > 30)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		d[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int prev = d[0];
		d[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cur = d[j], sub = prev + (a[i - 1] != b[j - 1]);
			d[j] = sub < d[j] + 1 ? sub : d[j] + 1;
			d[j] = d[j] < d[j - 1] + 1 ? d[j] : d[j - 1] + 1;
			prev = cur;
		}
	}
	return d[lb];
}

/* The command nearest to a typo ("analyse": analyze), or NULL. */
static const char *nearest_command(const char *s)
{
	const char *best = NULL;
	int bd = 3; /* at most two edits away */
	for (size_t i = 0; i < NCOMMANDS; i++) {
		int dd = distance(s, commands[i].name);
		if (dd < bd)
			bd = dd, best = commands[i].name;
	}
	return best;
}

static void main_help(FILE *f)
{
	fputs("usage: youdu [--db FILE] COMMAND [options]   (--db may also follow the command)\n"
	      "\n"
	      "youdu (有度) benchmarks administrative-penalty discretion: it imports past\n"
	      "decisions, learns usual fines per violation and region, and flags rulings that\n"
	      "are illegal, outside their tier, or out of line with comparable cases.\n"
	      "\n"
	      "  --db FILE   database (default youdu.db)\n"
	      "  --raw       CSV output cells exactly as stored: no ' before a cell a\n"
	      "              spreadsheet would run as a formula (= + - @); the same\n"
	      "              for the text cells of --format xlsx\n"
	      "  --bom       CSV output starts with a UTF-8 byte-order mark, so Excel on\n"
	      "              Chinese Windows does not read it as GBK\n"
	      "  --help      this text; 'youdu help COMMAND' for a command, and\n"
	      "              'youdu COMMAND --list-options' its long options, one a line\n"
	      "  --version   print the version\n"
	      "\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
	struct cli cli = {"youdu.db", 0, 0, 0};
	int i;

	gsl_set_error_handler_off();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			cli.db_path = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			cli.db_path = argv[i] + 5;
		} else if (strcmp(argv[i], "--raw") == 0) {
			cli.raw = 1;
		} else if (strcmp(argv[i], "--bom") == 0) {
			cli.bom = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			main_help(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("youdu %s\n", YOUDU_VERSION);
			return 0;
		} else {
			fprintf(stderr, "youdu: unknown option '%s' (see 'youdu --help')\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (i == argc) {
		main_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 == argc) {
			main_help(stdout);
			return 0;
		}
		const struct command *c = cli_command(argv[i + 1]);
		if (!c) {
			fprintf(stderr, "youdu: no command '%s' (see 'youdu --help')\n", argv[i + 1]);
			return EXIT_USAGE;
		}
		cli_help(c, stdout);
		return 0;
	}
	const struct command *c = cli_command(argv[i]);
	if (!c) {
		const char *near = nearest_command(argv[i]);
		if (near)
			fprintf(stderr, "youdu: no command '%s'; did you mean '%s'? (see 'youdu --help')\n", argv[i], near);
		else
			fprintf(stderr, "youdu: no command '%s' (see 'youdu --help')\n", argv[i]);
		return EXIT_USAGE;
	}
	/* global options may stand after the command too (youdu audit --db x.db),
	 * as git and sqlite3 users expect: take them out before the command's
	 * own options are read */
	int n = 0;
	for (int k = i; k < argc; k++) {
		if (k > i && strcmp(argv[k], "--") == 0) {
			while (k < argc)
				argv[i + n++] = argv[k++];
			break;
		}
		if (k > i && strcmp(argv[k], "--db") == 0) {
			if (k + 1 == argc)
				return cli_usage_error(c->name, "option --db needs a value");
			cli.db_path = argv[++k];
			continue;
		}
		if (k > i && strncmp(argv[k], "--db=", 5) == 0) {
			cli.db_path = argv[k] + 5;
			continue;
		}
		if (k > i && strcmp(argv[k], "--raw") == 0) {
			cli.raw = 1;
			continue;
		}
		if (k > i && strcmp(argv[k], "--bom") == 0) {
			cli.bom = 1;
			continue;
		}
		if (k > i && (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0)) {
			cli_help(c, stdout);
			return 0;
		}
		if (k > i && strcmp(argv[k], "--list-options") == 0) {
			cli_list_opts(c, stdout);
			return 0;
		}
		argv[i + n++] = argv[k];
	}
	argv[i + n] = NULL;
	int rc = c->run(n, argv + i, &cli);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "youdu: error writing output\n");
		return EXIT_USAGE;
	}
	return rc;
}

#include "youdu/analyze.h"
#include "youdu/check.h"
#include "youdu/strmap.h"
#include "youdu/db.h"

int cli_open_db(struct cli *cli, int flags, struct yd_db **db)
{
	struct yd_error err = {0};
	struct yd_ledger led;
	int64_t newer = 0, replaced = 0;
	int changed = 0;

	if (yd_db_open(cli->db_path, flags & ~CLI_NEEDS_ANALYSIS, db, &err) < 0)
		return cli_fail(&err);
	/* the read-only commands read the last analysis: say when it is stale */
	if (!(flags & YD_DB_READONLY) || cli->quiet_notes)
		return 0;
	if (yd_ledger_load(*db, &led, &err) != 0) {
		if (!(flags & CLI_NEEDS_ANALYSIS))
			return 0;
		yd_db_close(*db);
		*db = NULL;
		return cli_fail(&err);
	}
	if (yd_ledger_newer_cases(*db, &led, &newer, &replaced, &err) == 0 && newer > 0)
		fprintf(stderr, "youdu: note: %lld %s imported after the last analysis; run 'youdu analyze'\n",
			(long long)newer, newer == 1 ? "case was" : "cases were");
	if (replaced > 0)
		fprintf(stderr, "youdu: note: %lld %s replaced after the last analysis; run 'youdu analyze'\n",
			(long long)replaced, replaced == 1 ? "case was" : "cases were");
	if (yd_ledger_catalogue_changed(*db, &led, &changed, &err) == 0 && changed)
		fputs("youdu: note: the catalogue or the 免罚清单 changed after the last analysis; run 'youdu analyze'\n",
		      stderr);
	return 0;
}

int cli_getopt(const char *cmd, int argc, char **argv, const struct cli_opt *opts)
{
	struct option lo[64];
	size_t n = 0;
	const struct cli_opt *o = opts;
	for (; cli_opt_more(o) && n + 1 < sizeof lo / sizeof *lo; o++)
		if (o->name) /* not a CLI_GROUP */
			lo[n++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->key};
	lo[n] = (struct option){NULL, 0, NULL, 0};
	if (cli_opt_more(o)) { /* a table longer than lo: a mistake of the program */
		cli_usage_error(cmd, "more than %zu options in one table", n);
		return '?';
	}
	/* no short options; the leading ':' tells a missing value (':') from an
	 * unknown option ('?') */
	opterr = 0;
	int c = getopt_long(argc, argv, ":", lo, NULL);
	if (c == '?' || c == ':') {
		const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		char name[64];
		/* name the option as typed: --limit, not "-l" */
		if (strncmp(arg, "--", 2) == 0)
			snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
		else if (optopt)
			snprintf(name, sizeof name, "-%c", optopt);
		else
			snprintf(name, sizeof name, "%s", arg);
		if (c == ':')
			cli_usage_error(cmd, "option %s needs a value", name);
		else
			cli_usage_error(cmd, "unknown option '%s'", name);
		return '?';
	}
	return c;
}

/* The nearest known values of an unknown one, as "A, B or C". */
static void nearest_list(struct yd_buf *b, const char *s, const char *const *keys, const char *const *names,
			 size_t n, int paths)
{
	size_t near[YD_CHECK_NEAR];
	int k = yd_check_nearest(s, keys, names, n, paths, near, 5);
	for (int i = 0; i < k; i++) {
		yd_buf_addstr(b, i == 0 ? "" : i + 1 == k ? " or " : ", ");
		yd_buf_addstr(b, keys[near[i]]);
		if (!paths && names && names[near[i]] && *names[near[i]])
			yd_buf_addf(b, " %s", names[near[i]]);
	}
}

int cli_known_filters(const char *cmd, struct yd_db *db, const char *region, const char *violation)
{
	struct yd_error err = {0};
	struct yd_buf b = YD_BUF_INIT;
	int rc = 0;

	if (violation) {
		char **codes = NULL, **titles = NULL;
		size_t n = 0, found = 0;
		if (yd_db_violations(db, &codes, &titles, &n, &err) < 0)
			return cli_fail(&err);
		for (size_t i = 0; i < n && !found; i++)
			found = codes[i] && strcmp(codes[i], violation) == 0;
		if (!found) {
			/* the lists hold NULL for unused ids: nearest only among the used */
			const char **k = yd_xcalloc(n + 1, sizeof *k), **t = yd_xcalloc(n + 1, sizeof *t);
			size_t m = 0;
			for (size_t i = 0; i < n; i++)
				if (codes[i])
					k[m] = codes[i], t[m++] = titles[i];
			nearest_list(&b, violation, k, t, m, 0);
			rc = cli_usage_error(cmd, "--violation %s: no decision has this violation%s%s", violation,
					     b.len ? "; did you mean " : "", yd_buf_str(&b));
			free(k);
			free(t);
		}
		yd_db_violations_free(codes, titles, n);
	}
	if (region && rc == 0) {
		char **paths = NULL;
		size_t n = 0, found = 0, len = strlen(region);
		if (yd_db_region_paths(db, &paths, &n, &err) < 0)
			return cli_fail(&err);
		/* a known path, or a prefix of one in whole components */
		for (size_t i = 0; i < n && !found; i++)
			found = paths[i] && strncmp(paths[i], region, len) == 0 && (paths[i][len] == '\0' || paths[i][len] == '/');
		if (!found) {
			/* the candidates: every known path and each of its prefixes */
			struct yd_strmap seen = YD_STRMAP_INIT;
			char **k = NULL;
			size_t m = 0;
			for (size_t i = 0; i < n; i++)
				for (const char *p = paths[i]; p && *p; p++) {
					if (p[1] != '/' && p[1] != '\0')
						continue;
					char *pre = yd_xstrdup(paths[i]);
					pre[p + 1 - paths[i]] = '\0';
					int64_t id;
					if (yd_strmap_get(&seen, pre, &id)) {
						free(pre);
						continue;
					}
					yd_strmap_put(&seen, pre, (int64_t)m);
					k = yd_xrealloc(k, (m + 1) * sizeof *k);
					k[m++] = pre;
				}
			yd_buf_reset(&b);
			nearest_list(&b, region, (const char *const *)k, NULL, m, 1);
			rc = cli_usage_error(cmd, "--region %s: no known region is or lies below this path%s%s", region,
					     b.len ? "; did you mean " : "", yd_buf_str(&b));
			for (size_t i = 0; i < m; i++)
				free(k[i]);
			free(k);
			yd_strmap_release(&seen);
		}
		yd_region_paths_free(paths, n);
	}
	yd_buf_release(&b);
	return rc;
}

int cli_now(time_t *t)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	*t = time(NULL);
	if (!sde || !*sde)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(sde, &end, 10);
	if (errno || *end || v < 0)
		return -1;
	*t = (time_t)v;
	return 0;
}

int32_t cli_today_ymd(void)
{
	time_t t;
	struct tm tm;
	cli_now(&t); /* a bad SOURCE_DATE_EPOCH: the clock */
	gmtime_r(&t, &tm);
	return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

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
