/* cmd_catalogue.c - youdu catalogue import | list */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/catalogue.h"
#include "youdu/out.h"
#include "youdu/xlsxout.h"

/* catalogue list's columns, every form's: one row per (violation, tier,
 * party, branch); the table leaves out the name and the standard's text and
 * writes why a row needs review under it. */
static const struct yd_col list_cols[] = {
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL}, {"violation_name", YD_COL_TEXT, 0, YD_SHOW_DATA},
    {"tier", YD_COL_TEXT, 9, YD_SHOW_ALL},            {"party", YD_COL_TEXT, 10, YD_SHOW_ALL},
    {"condition", YD_COL_TEXT, 12, YD_SHOW_ALL},      {"fine_kind", YD_COL_TEXT, 9, YD_SHOW_ALL},
    {"base", YD_COL_TEXT, 12, YD_SHOW_ALL},           {"fine_min", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"fine_max", YD_COL_DECIMAL, 10, YD_SHOW_ALL},    {"cap", YD_COL_DECIMAL, 10, YD_SHOW_ALL},
    {"status", YD_COL_TEXT, 12, YD_SHOW_ALL},         {"source", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"text", YD_COL_TEXT, 0, YD_SHOW_DATA},           {"reason", YD_COL_TEXT, 0, YD_SHOW_BELOW}};

static const char *tier_word(enum yd_tier t)
{
	return t == YD_TIER_UNKNOWN ? "legal" : yd_tier_name(t);
}

static int list_row(void *data, const char *code, const char *name, const struct yd_cat_row *row)
{
	struct cli_out *out = data;
	char lo[32] = "", hi[32] = "", cap[32] = "";

	if (row->parsed && row->r.kind != YD_STD_NOFINE) {
		yd_std_format_bound(row->r.kind, row->r.lo, lo, sizeof lo);
		yd_std_format_bound(row->r.kind, row->r.hi, hi, sizeof hi);
	}
	if (row->parsed && row->r.cap != YD_STD_NO_CAP)
		yd_std_format_bound(YD_STD_FIXED, row->r.cap, cap, sizeof cap);
	/* text: the standard as published, a needs-review row's too; reason:
	 * why it needs review, empty when parsed */
	const char *v[] = {code,
			   name,
			   tier_word(row->r.tier),
			   yd_std_party_name(row->r.party),
			   yd_std_cond_name(row->r.cond),
			   row->parsed ? yd_std_kind_name(row->r.kind) : "",
			   row->base,
			   lo,
			   hi,
			   cap,
			   row->parsed ? "parsed" : "needs_review",
			   row->source,
			   row->text,
			   row->reason};
	cli_out_row(out, v);
	return 0;
}

static int catalogue_list(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	enum yd_format fmt = YD_FMT_TEXT;
	struct cli_out out = {0};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int c, rc;

	optind = 1;
	while ((c = cli_getopt("catalogue", argc, argv, "", opts)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		if (yd_format_parse(optarg, &fmt) < 0 || fmt == YD_FMT_TABLE || fmt == YD_FMT_XLSX)
			return cli_usage_error("catalogue", "--format: unsupported format '%s'", optarg);
	}
	if (optind != argc)
		return cli_usage_error("catalogue", "list takes no file");
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	/* text is the table */
	if ((rc = cli_out_open(&out, "catalogue", cli, fmt, NULL, list_cols, sizeof list_cols / sizeof *list_cols)) == 0 &&
	    yd_db_catalogue_rows_each(db, list_row, &out, &err) < 0)
		rc = cli_fail(&err);
	rc = cli_out_close(&out, rc);
	yd_db_close(db);
	return rc;
}

static int catalogue_import(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {{"encoding", required_argument, NULL, 'e'},
					     {"exclusive", no_argument, NULL, 'x'},
					     {NULL, 0, NULL, 0}};
	enum yd_encoding enc = YD_ENC_AUTO;
	struct yd_cat_opts o = {0};
	struct yd_cat_stats st;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int c, rc;

	optind = 1;
	while ((c = cli_getopt("catalogue", argc, argv, "", opts)) != -1) {
		if (c == 'x') {
			o.exclusive = 1;
			continue;
		}
		if (c != 'e')
			return EXIT_USAGE;
		if (yd_encoding_parse(optarg, &enc) < 0)
			return cli_usage_error("catalogue", "--encoding: unknown encoding '%s'", optarg);
	}
	if (optind + 1 != argc)
		return cli_usage_error("catalogue", "expected 'catalogue import FILE'");
	if ((rc = cli_open_db(cli, 0, &db)) != 0)
		return rc;
	if (yd_catalogue_import(db, argv[optind], enc, &o, &st, &err) < 0) {
		rc = cli_fail(&err);
	} else if (st.published) {
		char nr[96] = "";
		if (st.no_range)
			snprintf(nr, sizeof nr, ", %ld without a legal range (legality not checked)", st.no_range);
		printf("%s: %ld rows, %ld parsed, %ld needs review; %ld catalogue items%s\n", argv[optind], st.rows,
		       st.parsed, st.review, st.items, nr);
		if (st.review)
			fprintf(stderr, "youdu: %ld %s review: see 'youdu catalogue list'\n", st.review,
				st.review == 1 ? "standard needs" : "standards need");
		rc = st.review ? EXIT_FINDINGS : 0;
	} else {
		printf("%s: %ld catalogue items\n", argv[optind], st.items);
	}
	yd_db_close(db);
	return rc;
}

int cmd_catalogue(int argc, char **argv, struct cli *cli)
{
	/* catalogue [options] import|list [options] [FILE]: the subcommand
	 * word may stand anywhere after the options' values */
	char *args[64];
	int n = 0, sub = 0;
	if (argc > 63)
		return cli_usage_error("catalogue", "too many arguments");
	for (int i = 0; i < argc; i++) {
		int after_value = i > 0 && strcmp(argv[i - 1], "--encoding") == 0;
		if (!sub && !after_value && (strcmp(argv[i], "import") == 0 || strcmp(argv[i], "list") == 0)) {
			sub = argv[i][0] == 'i' ? 1 : 2;
			continue;
		}
		args[n++] = argv[i];
	}
	args[n] = NULL;
	if (sub == 1)
		return catalogue_import(n, args, cli);
	if (sub == 2)
		return catalogue_list(n, args, cli);
	return cli_usage_error("catalogue", "expected 'catalogue import FILE' or 'catalogue list'");
}
