/* cmd_exempt.c - youdu exempt import [--valid-from D] [--valid-to D] FILE |
 * exempt list [--format text|csv|json]: a 免罚清单 (issue 24) */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/db_exempt.h"
#include "youdu/exempt.h"
#include "youdu/out.h"
#include "youdu/xlsxout.h"

/* exempt list's columns, every form's: one row per item, in the file's
 * order; the table leaves out the texts and writes why a row needs review
 * under it */
static const struct yd_col list_cols[] = {
    {"seq", YD_COL_TEXT, 4, YD_SHOW_ALL},            {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL},
    {"name", YD_COL_TEXT, 24, YD_SHOW_ALL},          {"window_months", YD_COL_INT, 13, YD_SHOW_ALL},
    {"window", YD_COL_TEXT, 9, YD_SHOW_ALL},         {"kind", YD_COL_TEXT, 9, YD_SHOW_ALL},
    {"valid_from", YD_COL_DATE, 10, YD_SHOW_ALL},    {"valid_to", YD_COL_DATE, 10, YD_SHOW_ALL},
    {"status", YD_COL_TEXT, 12, YD_SHOW_ALL},        {"condition", YD_COL_TEXT, 0, YD_SHOW_DATA},
    {"action", YD_COL_TEXT, 0, YD_SHOW_DATA},        {"basis", YD_COL_TEXT, 0, YD_SHOW_DATA},
    {"source", YD_COL_TEXT, 0, YD_SHOW_DATA},        {"reason", YD_COL_TEXT, 0, YD_SHOW_BELOW}};

/* exempt's options, each subcommand's after what it does */
const struct cli_opt cli_exempt_import_opts[] = {
    CLI_GROUP("import replaces the stored 免罚清单 (list of violations not punished, or\n"
	      "punished less, on a first offence) with FILE's rows (CSV or .xlsx; columns\n"
	      "序号, 事项编码 (optional), 违法行为, 法律依据, 适用条件, 处理方式).  The\n"
	      "look-back window is read from 适用条件: 首次/初次 alone is ever, 一年内首次\n"
	      "1 year, 两年内首次 2 years, 6个月内首次 6 months; a period it cannot read\n"
	      "(当年内, 30日内) needs review, never a guess.  The kind from 处理方式:\n"
	      "不予处罚, 减轻 or 从轻.  Each item is matched to the catalogue by its code,\n"
	      "else by its name (full-width folded, spaces removed).\n"),
    CLI_OPT('F', "valid-from", "DATE", "the first day of the list's validity (default open)"),
    CLI_OPT('T', "valid-to", "DATE",
	    "the last day (default open): the list applies to the\n"
	    "decisions dated within its period of validity"),
    CLI_OPT_END};
const struct cli_opt cli_exempt_list_opts[] = {
    CLI_GROUP("list: one row per item: seq, violation_code, name, window_months, window,\n"
	      "kind, valid_from, valid_to, status (read or needs_review), and in CSV and\n"
	      "JSON condition, action, basis, source; the reason a row needs review.\n"),
    CLI_OPT('f', "format", "F", "text (default), csv or json"),
    CLI_OPT_END};

static int exempt_list(int argc, char **argv, struct cli *cli)
{
	enum yd_format fmt = YD_FMT_TEXT;
	struct yd_exempt_list l = {0, NULL};
	struct cli_out out = {0};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int c, rc;

	optind = 1;
	while ((c = cli_getopt("exempt", argc, argv, cli_exempt_list_opts)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		if (yd_format_parse(optarg, &fmt) < 0 || fmt == YD_FMT_TABLE || fmt == YD_FMT_XLSX)
			return cli_usage_error("exempt", "--format: expected text, csv or json, not '%s'", optarg);
	}
	if (optind != argc)
		return cli_usage_error("exempt", "list takes no file");
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if (yd_exempt_load(db, &l, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_out_open(&out, "exempt", cli, fmt, NULL, list_cols, CLI_NCOLS(list_cols))) != 0)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		const struct yd_exempt_rule *r = &l.v[i];
		char months[16] = "", win[32] = "", from[16] = "", to[16] = "", src[1100];
		if (r->months >= 0) {
			snprintf(months, sizeof months, "%d", r->months);
			yd_exempt_window_words(win, sizeof win, r->months, YD_LANG_EN);
		}
		if (r->valid_from)
			yd_fmt_date(from, sizeof from, r->valid_from);
		if (r->valid_to)
			yd_fmt_date(to, sizeof to, r->valid_to);
		snprintf(src, sizeof src, "%s:%ld", r->source, r->line);
		const char *v[] = {r->seq,  r->code, r->name,      months, win, yd_tier_name(r->kind), from, to,
				   r->review ? "needs_review" : "read", r->condition, r->action, r->basis, src,
				   r->review ? r->review : ""};
		CLI_OUT_ROW(&out, list_cols, v);
	}
out:
	rc = cli_out_close(&out, rc);
	yd_exempt_release(&l);
	yd_db_close(db);
	return rc;
}

static int exempt_import(int argc, char **argv, struct cli *cli)
{
	struct yd_exempt_opts o = {0, 0};
	struct yd_exempt_stats st;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *why = NULL;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt("exempt", argc, argv, cli_exempt_import_opts)) != -1) {
		int32_t *day = c == 'F' ? &o.valid_from : c == 'T' ? &o.valid_to : NULL;
		if (!day)
			return EXIT_USAGE;
		if (yd_parse_date(optarg, day, &why) < 0)
			return cli_usage_error("exempt", "--valid-%s: cannot read '%s': %s", c == 'F' ? "from" : "to",
					       optarg, why);
	}
	if (o.valid_from && o.valid_to && o.valid_to < o.valid_from)
		return cli_usage_error("exempt", "--valid-to is before --valid-from");
	if (optind + 1 != argc)
		return cli_usage_error("exempt", "expected 'exempt import [--valid-from D] [--valid-to D] FILE'");
	if ((rc = cli_open_db(cli, 0, &db)) != 0)
		return rc;
	if (yd_exempt_import(db, argv[optind], &o, &st, &err) < 0) {
		rc = cli_fail(&err);
	} else {
		printf("%s: %ld items, %ld matched to the catalogue, %ld without a first-offence window, "
		       "%ld of no known kind, %ld needing review\n",
		       argv[optind], st.items, st.matched, st.no_window, st.no_kind, st.review);
	}
	yd_db_close(db);
	return rc;
}

int cmd_exempt(int argc, char **argv, struct cli *cli)
{
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return exempt_import(argc - 1, argv + 1, cli);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return exempt_list(argc - 1, argv + 1, cli);
	return cli_usage_error("exempt", "expected 'exempt import FILE' or 'exempt list'");
}
