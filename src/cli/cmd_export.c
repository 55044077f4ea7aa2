/* cmd_export.c - youdu export: the normalised cases, or the judged cases as
 * a partitioned table (--partition) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "youdu/db.h"
#include "youdu/judge.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/partition.h"
#include "youdu/xlsxout.h"

/* The columns of every form (export writes no table); --partition adds
 * verdict. */
static const struct yd_col case_cols[] = {
    {"case_id", YD_COL_TEXT, 0, YD_SHOW_ALL},      {"decision_date", YD_COL_DATE, 0, YD_SHOW_ALL},
    {"region", YD_COL_TEXT, 0, YD_SHOW_ALL},       {"agency", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"violation_code", YD_COL_TEXT, 0, YD_SHOW_ALL}, {"violation_name", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"party_type", YD_COL_TEXT, 0, YD_SHOW_ALL},   {"tier", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"fine", YD_COL_MONEY, 0, YD_SHOW_ALL},        {"base_amount", YD_COL_MONEY, 0, YD_SHOW_ALL},
    {"currency", YD_COL_TEXT, 0, YD_SHOW_ALL}};
#define NCELLS (CLI_NCOLS(case_cols) + 1) /* with the verdict */

/* A case's cells, in the order of case_cols then the verdict ("" when not
 * judged); date, fine and base are the caller's buffers for them. */
static void case_cells(const struct yd_case_row *r, char date[16], char fine[32], char base[32], const char *v[NCELLS])
{
	yd_fmt_date(date, 16, r->date);
	yd_fmt_fen(fine, 32, r->fine);
	base[0] = '\0';
	if (r->base >= 0)
		yd_fmt_fen(base, 32, r->base);
	v[0] = r->case_id, v[1] = date, v[2] = r->region, v[3] = r->agency, v[4] = r->violation_code;
	v[5] = r->violation_name, v[6] = yd_party_name((enum yd_party)r->party);
	v[7] = yd_tier_name((enum yd_tier)r->tier), v[8] = fine, v[9] = base, v[10] = r->currency;
	v[11] = r->verdict >= 0 ? yd_verdict_name((enum yd_verdict)r->verdict) : "";
}

static int print_case(void *data, const struct yd_case_row *r)
{
	struct cli_list_state *s = data;
	char date[16], fine[32], base[32];
	const char *v[NCELLS], *row[CLI_NCOLS(case_cols)];

	case_cells(r, date, fine, base, v);
	memcpy(row, v, sizeof row); /* all but the verdict, the partitioned table's */
	CLI_OUT_ROW(&s->out, case_cols, row);
	s->n++;
	return 0;
}

/* The state of a partitioned export. */
struct part_state {
	struct yd_part_writer *w;
	enum yd_part_field f[YD_PART_MAX]; /* the --partition fields */
	size_t nf;
	int keep[NCELLS]; /* 1: the cell is written in the files (not moved to a folder name) */
	int raw;          /* --raw */
	struct yd_buf key, row;
	struct yd_error *err;
};

static int part_case(void *data, const struct yd_case_row *r)
{
	struct part_state *p = data;
	char date[16], fine[32], base[32];
	const char *v[NCELLS];
	int first = 1;

	case_cells(r, date, fine, base, v);
	yd_buf_reset(&p->key);
	yd_buf_reset(&p->row);
	yd_part_key(&p->key, p->f, p->nf, r);
	for (size_t i = 0; i < NCELLS; i++) {
		if (!p->keep[i])
			continue;
		if (!first)
			yd_buf_addch(&p->row, ',');
		first = 0;
		yd_buf_csv(&p->row, v[i] ? v[i] : "", p->raw);
	}
	return yd_part_add(p->w, yd_buf_str(&p->key), yd_buf_str(&p->row), p->row.len, p->err);
}

/* export --partition FIELDS --out DIR: the judged cases as a Hive-style
 * table of gzip CSV files. */
static int export_partitioned(struct cli *cli, const char *fields, const char *dir, int force)
{
	struct part_state p = {0};
	struct yd_part_opts o = {0};
	struct yd_part_stats st = {0};
	struct yd_buf header = YD_BUF_INIT, names = YD_BUF_INIT;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc;

	p.err = &err;
	p.raw = cli->raw;
	p.key = (struct yd_buf)YD_BUF_INIT;
	p.row = (struct yd_buf)YD_BUF_INIT;
	if (yd_part_fields_parse(fields, p.f, &p.nf, &err) < 0)
		return cli_usage_error("export", "%s", err.msg);
	if (!dir)
		return cli_usage_error("export", "--partition needs --out DIR");
	if (cli->bom)
		return cli_usage_error("export", "--bom is for spreadsheets; --partition writes for DuckDB and Spark");
	for (size_t i = 0; i < NCELLS; i++) {
		const char *name = i < CLI_NCOLS(case_cols) ? case_cols[i].name : "verdict";
		p.keep[i] = 1;
		for (size_t k = 0; k < p.nf; k++) {
			const char *col = yd_part_field_column(p.f[k]);
			if (col && strcmp(col, name) == 0)
				p.keep[i] = 0;
		}
		if (p.keep[i])
			yd_buf_addf(&header, "%s%s", header.len ? "," : "", name);
	}
	for (size_t k = 0; k < p.nf; k++)
		yd_buf_addf(&names, "%s%s", k ? ", " : "", yd_part_field_name(p.f[k]));
	o.force = force;
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		goto out;
	if ((p.w = yd_part_open(dir, yd_buf_str(&header), &o, &err)) == NULL) {
		rc = cli_fail(&err);
		goto out;
	}
	if (yd_db_cases_judged_each(db, part_case, &p, &err) < 0) {
		yd_part_abort(p.w);
		rc = cli_fail(&err);
	} else if (yd_part_commit(p.w, &st, &err) < 0)
		rc = cli_fail(&err);
	else
		printf("export: %lld cases in %zu partitions (%s) written to %s\n", (long long)st.rows, st.partitions,
		       yd_buf_str(&names), dir);
out:
	yd_db_close(db);
	yd_buf_release(&header);
	yd_buf_release(&names);
	yd_buf_release(&p.key);
	yd_buf_release(&p.row);
	return rc;
}

/* export's options */
const struct cli_opt cli_export_opts[] = {
    CLI_OPT('f', "format", "F",
	    "csv (default), json or xlsx: with --out FILE.xlsx a workbook:\n"
	    "amounts as numbers (0.00), dates as Excel dates, a frozen header\n"
	    "row"),
    CLI_OPT('o', "out", "FILE",
	    "writes any format to FILE instead of stdout (DIR with\n"
	    "--partition)"),
    CLI_OPT('p', "partition", "FIELD[,FIELD...]",
	    "writes the cases with the stored analysis's verdict (a column\n"
	    "after currency, empty for a case not judged) as a Hive-style\n"
	    "table for DuckDB and Spark:\n"
	    "DIR/province=浙江省/year=2024/part-0.csv.gz, one gzip CSV with a\n"
	    "header per partition, in the order the cases were imported.\n"
	    "Fields: province, city, county (levels 1-3 of the region path),\n"
	    "year (of the decision date), and region, agency, violation_code,\n"
	    "verdict, tier, party_type, currency, which leave the files for\n"
	    "the folder names.  Values in folder names are escaped as Hive\n"
	    "does (/ = % and others as %XX); an empty one is\n"
	    "__HIVE_DEFAULT_PARTITION__.  The table is written beside DIR and\n"
	    "renamed into place when whole; a DIR that is not empty is refused\n"
	    "unless --force"),
    CLI_FLAG('F', "force",
	     "with --partition, replaces a table written before (a folder\n"
	     "holding only field=value folders), never another folder"),
    CLI_OPT_END};

int cmd_export(int argc, char **argv, struct cli *cli)
{
	struct cli_list_state s = {YD_FMT_CSV, 0, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *out = NULL, *partition = NULL;
	const char *fmt_name = NULL;
	int c, rc, force = 0;

	while ((c = cli_getopt("export", argc, argv, cli_export_opts)) != -1) {
		switch (c) {
		case 'f':
			if (yd_format_parse(optarg, &s.fmt) < 0 || s.fmt == YD_FMT_TEXT || s.fmt == YD_FMT_TABLE)
				return cli_usage_error("export", "--format: unsupported format '%s'", optarg);
			fmt_name = optarg;
			break;
		case 'o': out = optarg; break;
		case 'p': partition = optarg; break;
		case 'F': force = 1; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
	if (partition) {
		if (fmt_name && s.fmt != YD_FMT_CSV)
			return cli_usage_error("export", "--partition writes gzip CSV only, not --format %s", fmt_name);
		return export_partitioned(cli, partition, out, force);
	}
	if (force)
		return cli_usage_error("export", "--force is for --partition (--out FILE is always replaced)");
	if ((rc = cli_out_check("export", s.fmt, out)) != 0 || (rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if ((rc = cli_out_open(&s.out, "export", cli, s.fmt, out, case_cols, CLI_NCOLS(case_cols))) != 0) {
		yd_db_close(db);
		return rc;
	}
	if (yd_db_cases_each(db, print_case, &s, &err) < 0)
		rc = cli_fail(&err);
	yd_db_close(db);
	return cli_out_close(&s.out, rc);
}
