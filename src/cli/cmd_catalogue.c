/* cmd_catalogue.c - youdu catalogue import | list */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "youdu/alloc.h"
#include "youdu/catalogue.h"
#include "youdu/catalogue_import.h"
#include "youdu/db_catalogue.h"
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
    {"text", YD_COL_TEXT, 0, YD_SHOW_DATA},           {"reason", YD_COL_TEXT, 0, YD_SHOW_BELOW},
    {"effective_from", YD_COL_DATE, 14, YD_SHOW_ALL}, {"effective_to", YD_COL_DATE, 12, YD_SHOW_ALL}};

static const char *tier_word(enum yd_tier t)
{
	return t == YD_TIER_UNKNOWN ? "legal" : yd_tier_name(t);
}

static int list_row(void *data, const char *code, const char *name, const struct yd_cat_row *row)
{
	struct cli_out *out = data;
	char lo[32] = "", hi[32] = "", cap[32] = "", from[16] = "", to[16] = "";

	if (row->parsed && row->r.kind != YD_STD_NOFINE) {
		yd_std_format_bound(row->r.kind, row->r.lo, lo, sizeof lo);
		yd_std_format_bound(row->r.kind, row->r.hi, hi, sizeof hi);
	}
	if (row->parsed && row->r.cap != YD_STD_NO_CAP)
		yd_std_format_bound(YD_STD_FIXED, row->r.cap, cap, sizeof cap);
	if (row->from)
		yd_fmt_date(from, sizeof from, row->from);
	if (row->to)
		yd_fmt_date(to, sizeof to, row->to);
	/* text: the standard as published, a needs-review row's too; reason:
	 * why it needs review, empty when parsed; status derived: a tier band
	 * the file did not give (the 30/70 split, issue 23) */
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
			   !row->parsed ? "needs_review" : row->derived == 3 ? "derived" : "parsed",
			   row->source,
			   row->text,
			   row->reason,
			   from,
			   to};
	CLI_OUT_ROW(out, list_cols, v);
	return 0;
}

/* --at/--effective-from/--effective-to: a day */
static int day_arg(const char *opt, const char *s, int32_t *out)
{
	const char *why = NULL;
	if (yd_parse_date(s, out, &why) < 0)
		return cli_usage_error("catalogue", "%s: cannot read '%s': %s", opt, s, why);
	return 0;
}

/* The options of catalogue list and diff, after what the two do. */
const struct cli_opt cli_catalogue_list_opts[] = {
    CLI_GROUP("list shows one row per violation, tier, party and branch (docs/FORMATS.md).\n"
	      "diff lists the ranges that differ between the versions in force on two days.\n"),
    CLI_OPT('f', "format", "F", "text (default), csv or json"),
    CLI_OPT('a', "at", "DATE",
	    "list: only the versions in force that day; diff: each of the\n"
	    "two days"),
    CLI_OPT_END};

static int catalogue_list(int argc, char **argv, struct cli *cli)
{
	enum yd_format fmt = YD_FMT_TEXT;
	struct cli_out out = {0};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int32_t at = 0;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt("catalogue", argc, argv, cli_catalogue_list_opts)) != -1) {
		if (c == 'a') {
			if ((rc = day_arg("--at", optarg, &at)) != 0)
				return rc;
			continue;
		}
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
	if ((rc = cli_out_open(&out, "catalogue", cli, fmt, NULL, list_cols, CLI_NCOLS(list_cols))) == 0 &&
	    yd_db_catalogue_rows_each(db, at, list_row, &out, &err) < 0)
		rc = cli_fail(&err);
	rc = cli_out_close(&out, rc);
	yd_db_close(db);
	return rc;
}

/* ---- catalogue diff --at D1 --at D2 (issue 23) ---- */

static const struct yd_col diff_cols[] = {
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL}, {"tier", YD_COL_TEXT, 9, YD_SHOW_ALL},
    {"party", YD_COL_TEXT, 10, YD_SHOW_ALL},          {"condition", YD_COL_TEXT, 12, YD_SHOW_ALL},
    {"change", YD_COL_TEXT, 8, YD_SHOW_ALL},          {"fine_min_before", YD_COL_DECIMAL, 15, YD_SHOW_ALL},
    {"fine_max_before", YD_COL_DECIMAL, 15, YD_SHOW_ALL}, {"fine_min_after", YD_COL_DECIMAL, 14, YD_SHOW_ALL},
    {"fine_max_after", YD_COL_DECIMAL, 14, YD_SHOW_ALL},  {"from_before", YD_COL_DATE, 11, YD_SHOW_ALL},
    {"from_after", YD_COL_DATE, 11, YD_SHOW_ALL}};

/* A parsed row of a version, copied. */
struct drow {
	char *code, *base;
	struct yd_cat_range r;
	int32_t from;
	int used;
};

struct dset {
	struct drow *v;
	size_t n, cap;
};

static int collect_row(void *data, const char *code, const char *name, const struct yd_cat_row *row)
{
	struct dset *s = data;
	(void)name;
	if (!row->parsed)
		return 0;
	YD_ALLOC_GROW(s->v, s->n + 1, s->cap);
	struct drow *d = &s->v[s->n++];
	d->code = yd_xstrdup(code);
	d->base = yd_xstrdup(row->base);
	d->r = row->r;
	d->from = row->from;
	d->used = 0;
	return 0;
}

static void dset_release(struct dset *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].code);
		free(s->v[i].base);
	}
	free(s->v);
}

static int same_key(const struct drow *a, const struct drow *b)
{
	return strcmp(a->code, b->code) == 0 && a->r.tier == b->r.tier && a->r.party == b->r.party &&
	       a->r.cond == b->r.cond && a->r.kind == b->r.kind && strcmp(a->base, b->base) == 0;
}

static void diff_out(struct cli_out *out, const struct drow *a, const struct drow *b)
{
	const struct drow *k = a ? a : b;
	char lo0[32] = "", hi0[32] = "", lo1[32] = "", hi1[32] = "", f0[16] = "", f1[16] = "";
	if (a && a->r.kind != YD_STD_NOFINE) {
		yd_std_format_bound(a->r.kind, a->r.lo, lo0, sizeof lo0);
		yd_std_format_bound(a->r.kind, a->r.hi, hi0, sizeof hi0);
	}
	if (b && b->r.kind != YD_STD_NOFINE) {
		yd_std_format_bound(b->r.kind, b->r.lo, lo1, sizeof lo1);
		yd_std_format_bound(b->r.kind, b->r.hi, hi1, sizeof hi1);
	}
	if (a && a->from)
		yd_fmt_date(f0, sizeof f0, a->from);
	if (b && b->from)
		yd_fmt_date(f1, sizeof f1, b->from);
	const char *v[] = {k->code, tier_word(k->r.tier), yd_std_party_name(k->r.party), yd_std_cond_name(k->r.cond),
			   !a ? "added" : !b ? "removed" : "changed", lo0, hi0, lo1, hi1, f0, f1};
	CLI_OUT_ROW(out, diff_cols, v);
}

static int catalogue_diff(int argc, char **argv, struct cli *cli)
{
	enum yd_format fmt = YD_FMT_TEXT;
	struct cli_out out = {0};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct dset s[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
	int32_t at[2] = {0, 0};
	int c, rc, nat = 0;

	optind = 1;
	while ((c = cli_getopt("catalogue", argc, argv, cli_catalogue_list_opts)) != -1) {
		if (c == 'a') {
			if (nat == 2)
				return cli_usage_error("catalogue", "diff takes --at twice");
			if ((rc = day_arg("--at", optarg, &at[nat++])) != 0)
				return rc;
			continue;
		}
		if (c != 'f')
			return EXIT_USAGE;
		if (yd_format_parse(optarg, &fmt) < 0 || fmt == YD_FMT_TABLE || fmt == YD_FMT_XLSX)
			return cli_usage_error("catalogue", "--format: unsupported format '%s'", optarg);
	}
	if (optind != argc || nat != 2)
		return cli_usage_error("catalogue", "expected 'catalogue diff --at DATE --at DATE'");
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	for (int k = 0; k < 2 && rc == 0; k++)
		if (yd_db_catalogue_rows_each(db, at[k], collect_row, &s[k], &err) < 0)
			rc = cli_fail(&err);
	if (rc == 0 && (rc = cli_out_open(&out, "catalogue", cli, fmt, NULL, diff_cols,
					  CLI_NCOLS(diff_cols))) == 0) {
		/* the rows of the first day, each with its match on the second
		 * (same violation, tier, party, branch, kind and base), then the
		 * second day's new ones */
		for (size_t i = 0; i < s[0].n; i++) {
			struct drow *a = &s[0].v[i], *b = NULL;
			for (size_t j = 0; j < s[1].n && !b; j++)
				if (!s[1].v[j].used && same_key(a, &s[1].v[j]))
					b = &s[1].v[j];
			if (b)
				b->used = 1;
			if (!b || a->r.lo != b->r.lo || a->r.hi != b->r.hi || a->r.cap != b->r.cap)
				diff_out(&out, a, b);
		}
		for (size_t j = 0; j < s[1].n; j++)
			if (!s[1].v[j].used)
				diff_out(&out, NULL, &s[1].v[j]);
		rc = cli_out_close(&out, rc);
	}
	dset_release(&s[0]);
	dset_release(&s[1]);
	yd_db_close(db);
	return rc;
}

/* The options of catalogue import, after what it does. */
const struct cli_opt cli_catalogue_import_opts[] = {
    CLI_GROUP("import replaces the catalogue.  A discretion table as offices publish it\n"
	      "(裁量基准, saved as CSV) is recognised by its 处罚标准 column (or 具体标准,\n"
	      "裁量幅度, 裁量标准): one row per violation and tier (事项代码, 违法行为,\n"
	      "处罚依据, 裁量阶次, 处罚标准), the standard a sentence such as\n"
	      "处五千元以上三万元以下罚款 or 对个人处…，对单位处….  It prints rows, parsed and\n"
	      "needing review, and exits 1 when any needs review.\n"),
    CLI_OPT_ENCODING,
    CLI_FLAG('x', "exclusive", "以上/以下 exclude the bound (provinces whose rules say so)"),
    CLI_OPT('F', "effective-from", "DATE",
	    "adds a version of the file's items in force from DATE instead\n"
	    "of replacing the catalogue: the previous version of each item\n"
	    "stays in force until then, and every decision is judged by the\n"
	    "version in force on its date"),
    CLI_OPT('T', "effective-to", "DATE",
	    "the version is in force through DATE (else until the next\n"
	    "version)"),
    CLI_OPT_END};

static int catalogue_import(int argc, char **argv, struct cli *cli)
{
	enum yd_encoding enc = YD_ENC_AUTO;
	struct yd_cat_opts o = {0};
	struct yd_cat_stats st;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int c, rc;

	optind = 1;
	while ((c = cli_getopt("catalogue", argc, argv, cli_catalogue_import_opts)) != -1) {
		if (c == 'x') {
			o.exclusive = 1;
			continue;
		}
		if (c == 'F' || c == 'T') {
			if ((rc = day_arg(c == 'F' ? "--effective-from" : "--effective-to", optarg, c == 'F' ? &o.from : &o.to)) != 0)
				return rc;
			continue;
		}
		if (c != 'e')
			return EXIT_USAGE;
		if (yd_encoding_parse(optarg, &enc) < 0)
			return cli_usage_error("catalogue", "--encoding: unknown encoding '%s'", optarg);
	}
	if (optind + 1 != argc)
		return cli_usage_error("catalogue", "expected 'catalogue import FILE'");
	if (o.to && !o.from)
		return cli_usage_error("catalogue", "--effective-to needs --effective-from");
	if (o.to && o.to < o.from)
		return cli_usage_error("catalogue", "--effective-to is before --effective-from");
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
		int after_value = i > 0 && (strcmp(argv[i - 1], "--encoding") == 0 || strcmp(argv[i - 1], "--at") == 0 ||
					    strcmp(argv[i - 1], "--effective-from") == 0 ||
					    strcmp(argv[i - 1], "--effective-to") == 0 || strcmp(argv[i - 1], "--format") == 0);
		if (!sub && !after_value &&
		    (strcmp(argv[i], "import") == 0 || strcmp(argv[i], "list") == 0 || strcmp(argv[i], "diff") == 0)) {
			sub = argv[i][0] == 'i' ? 1 : argv[i][0] == 'l' ? 2 : 3;
			continue;
		}
		args[n++] = argv[i];
	}
	args[n] = NULL;
	if (sub == 1)
		return catalogue_import(n, args, cli);
	if (sub == 2)
		return catalogue_list(n, args, cli);
	if (sub == 3)
		return catalogue_diff(n, args, cli);
	return cli_usage_error("catalogue", "expected 'catalogue import FILE', 'catalogue list' or 'catalogue diff'");
}
