/* cmd_catalogue.c - youdu catalogue import | list */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/catalogue.h"
#include "youdu/out.h"

/* catalogue list: one row per (violation, tier, party, branch). */
struct list_state {
	enum yd_format fmt;
	long n; /* rows written */
};

static const char *const list_columns[] = {"violation_code", "violation_name", "tier", "party", "condition",
					   "fine_kind", "base", "fine_min", "fine_max", "cap",
					   "status", "source", "text", "reason", NULL};

static const char *tier_word(enum yd_tier t)
{
	return t == YD_TIER_UNKNOWN ? "legal" : yd_tier_name(t);
}

static int list_row(void *data, const char *code, const char *name, const struct yd_cat_row *row)
{
	struct list_state *s = data;
	char lo[32] = "", hi[32] = "", cap[32] = "";
	const char *v[13];

	if (row->parsed && row->r.kind != YD_STD_NOFINE) {
		yd_std_format_bound(row->r.kind, row->r.lo, lo, sizeof lo);
		yd_std_format_bound(row->r.kind, row->r.hi, hi, sizeof hi);
	}
	if (row->parsed && row->r.cap != YD_STD_NO_CAP)
		yd_std_format_bound(YD_STD_FIXED, row->r.cap, cap, sizeof cap);
	v[0] = code;
	v[1] = name;
	v[2] = tier_word(row->r.tier);
	v[3] = yd_std_party_name(row->r.party);
	v[4] = yd_std_cond_name(row->r.cond);
	v[5] = row->parsed ? yd_std_kind_name(row->r.kind) : "";
	v[6] = row->base;
	v[7] = lo;
	v[8] = hi;
	v[9] = cap;
	v[10] = row->parsed ? "parsed" : "needs_review";
	v[11] = row->source;
	v[12] = row->parsed ? row->text : row->reason;
	if (s->fmt == YD_FMT_CSV) {
		for (int i = 0; i < 13; i++) {
			if (i)
				fputc(',', stdout);
			/* a needs-review row's text is the standard as published */
			yd_out_csv(stdout, i == 12 ? row->text : v[i]);
		}
		fputc(',', stdout);
		yd_out_csv(stdout, row->reason); /* why it needs review, empty when parsed */
		fputc('\n', stdout);
	} else if (s->fmt == YD_FMT_JSON) {
		fputs(s->n ? ",\n" : "[\n", stdout);
		fputc('{', stdout);
		for (int i = 0; i < 13; i++) {
			fprintf(stdout, "%s\"%s\":", i ? "," : "", list_columns[i]);
			if ((i >= 7 && i <= 9) && !*v[i])
				fputs("null", stdout);
			else if (i >= 7 && i <= 9)
				fputs(v[i], stdout);
			else
				yd_out_json(stdout, i == 12 ? row->text : v[i]);
		}
		fputs(",\"reason\":", stdout);
		yd_out_json(stdout, row->reason);
		fputc('}', stdout);
	} else {
		/* text: code tier party branch range (source) */
		printf("%-12s %-9s %-10s %-12s ", code, v[2], v[3], *v[4] ? v[4] : "-");
		if (!row->parsed)
			printf("needs review: %s", row->reason);
		else if (row->r.kind == YD_STD_NOFINE)
			fputs("no fine", stdout);
		else if (row->r.kind == YD_STD_MULTIPLE)
			printf("%s-%s x %s%s%s", lo, hi, row->base, *cap ? ", at most " : "", cap);
		else
			printf("%s-%s yuan", lo, hi);
		printf("  (%s)\n", *row->source ? row->source : "derived");
	}
	s->n++;
	return 0;
}

static int catalogue_list(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	struct list_state s = {YD_FMT_TEXT, 0};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int c, rc;

	optind = 1;
	while ((c = cli_getopt("catalogue", argc, argv, "", opts)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		if (yd_format_parse(optarg, &s.fmt) < 0 || s.fmt == YD_FMT_TABLE || s.fmt == YD_FMT_XLSX)
			return cli_usage_error("catalogue", "--format: unsupported format '%s'", optarg);
	}
	if (optind != argc)
		return cli_usage_error("catalogue", "list takes no file");
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if (s.fmt == YD_FMT_CSV) {
		cli_csv_bom(cli);
		for (int i = 0; list_columns[i]; i++)
			printf("%s%s", i ? "," : "", list_columns[i]);
		putchar('\n');
	}
	if (yd_db_catalogue_rows_each(db, list_row, &s, &err) < 0)
		rc = cli_fail(&err);
	else if (s.fmt == YD_FMT_JSON)
		fputs(s.n ? "\n]\n" : "[]\n", stdout);
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
		printf("%s: %ld rows, %ld parsed, %ld needs review; %ld catalogue items\n", argv[optind], st.rows,
		       st.parsed, st.review, st.items);
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
