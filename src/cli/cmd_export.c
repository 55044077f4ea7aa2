/* cmd_export.c - youdu export: the normalised cases */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/db.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/xlsxout.h"

/* The columns of every form (export writes no table). */
static const struct yd_col case_cols[] = {
    {"case_id", YD_COL_TEXT, 0, YD_SHOW_ALL},      {"decision_date", YD_COL_DATE, 0, YD_SHOW_ALL},
    {"region", YD_COL_TEXT, 0, YD_SHOW_ALL},       {"agency", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"violation_code", YD_COL_TEXT, 0, YD_SHOW_ALL}, {"violation_name", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"party_type", YD_COL_TEXT, 0, YD_SHOW_ALL},   {"tier", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"fine", YD_COL_MONEY, 0, YD_SHOW_ALL},        {"base_amount", YD_COL_MONEY, 0, YD_SHOW_ALL},
    {"currency", YD_COL_TEXT, 0, YD_SHOW_ALL}};
#define NCOLS(a) (sizeof a / sizeof *a)

static int print_case(void *data, const struct yd_case_row *r)
{
	struct cli_list_state *s = data;
	char date[16], fine[32], base[32] = "";
	const char *v[11];

	yd_fmt_date(date, sizeof date, r->date);
	yd_fmt_fen(fine, sizeof fine, r->fine);
	if (r->base >= 0)
		yd_fmt_fen(base, sizeof base, r->base);
	v[0] = r->case_id, v[1] = date, v[2] = r->region, v[3] = r->agency, v[4] = r->violation_code;
	v[5] = r->violation_name, v[6] = yd_party_name((enum yd_party)r->party);
	v[7] = yd_tier_name((enum yd_tier)r->tier), v[8] = fine, v[9] = base, v[10] = r->currency;
	cli_out_row(&s->out, v);
	s->n++;
	return 0;
}

int cmd_export(int argc, char **argv, struct cli *cli)
{
	struct cli_list_state s = {YD_FMT_CSV, 0, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *out = NULL;
	int rc = cli_list_options("export", argc, argv, 1u << YD_FMT_CSV | 1u << YD_FMT_JSON | 1u << YD_FMT_XLSX, &s.fmt,
			      &out, NULL);

	if (rc || (rc = cli_out_check("export", s.fmt, out)) != 0 || (rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if ((rc = cli_out_open(&s.out, "export", cli, s.fmt, out, case_cols, NCOLS(case_cols))) != 0) {
		yd_db_close(db);
		return rc;
	}
	if (yd_db_cases_each(db, print_case, &s, &err) < 0)
		rc = cli_fail(&err);
	yd_db_close(db);
	return cli_out_close(&s.out, rc);
}
