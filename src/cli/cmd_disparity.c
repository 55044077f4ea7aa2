/* cmd_disparity.c - youdu disparity: Kruskal-Wallis across regions, per violation */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/disparity.h"
#include "youdu/out.h"
#include "youdu/xlsxout.h"


/* disparity's columns, every form's: an untestable violation shows "no"
 * and no statistics */
static const struct yd_col kw_cols[] = {
    {"violation_code", YD_COL_TEXT, 14, YD_SHOW_ALL}, {"n", YD_COL_INT, 7, YD_SHOW_ALL},
    {"regions", YD_COL_INT, 7, YD_SHOW_ALL},          {"testable", YD_COL_BOOL, 8, YD_SHOW_ALL},
    {"h", YD_COL_DECIMAL, 8, YD_SHOW_ALL},            {"p", YD_COL_DECIMAL, 8, YD_SHOW_ALL},
    {"q", YD_COL_DECIMAL, 8, YD_SHOW_ALL},            {"epsilon2", YD_COL_DECIMAL, 8, YD_SHOW_ALL},
    {"highest_region", YD_COL_TEXT, 36, YD_SHOW_ALL}, {"lowest_region", YD_COL_TEXT, 0, YD_SHOW_ALL},
    {"violation_name", YD_COL_TEXT, 0, YD_SHOW_DATA}};

static int kw_row(void *data, const struct yd_kw_row *r)
{
	struct cli_disp_state *s = data;
	char n[32], regions[32], h[32], p[32], q[32], e[32];
	snprintf(n, sizeof n, "%ld", r->n);
	snprintf(regions, sizeof regions, "%d", r->regions);
	yd_fmt_num(h, sizeof h, r->h, 2);
	yd_fmt_num(p, sizeof p, r->p, 4);
	yd_fmt_num(q, sizeof q, r->q, 4);
	yd_fmt_num(e, sizeof e, r->epsilon2, 3);
	const char *v[] = {r->violation_code, n, regions, r->testable ? "yes" : "no", h, p, q, e, r->highest, r->lowest,
			   r->violation_name};
	s->n++;
	CLI_OUT_ROW(&s->out, kw_cols, v);
	return 0;
}

/* disparity's options; the command's synopsis describes them */
const struct cli_opt cli_disparity_opts[] = {CLI_OPT_VIOLATION, CLI_OPT_YEAR, CLI_OPT_FORMAT_TABLE, CLI_OPT_END};

int cmd_disparity(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct cli_disp_state s = {YD_FMT_TABLE, 0, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc = cli_disp_options("disparity", cli_disparity_opts, argc, argv, &o, &s.fmt, NULL, NULL);

	if (rc || (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("disparity", db, NULL, o.violation)) != 0) {
		yd_db_close(db);
		return rc;
	}
	if ((rc = cli_out_open(&s.out, "disparity", cli, s.fmt, NULL, kw_cols, CLI_NCOLS(kw_cols))) != 0) {
		yd_db_close(db);
		return rc;
	}
	if (yd_disparity(db, &o, kw_row, &s, &err) < 0)
		rc = cli_fail(&err);
	yd_db_close(db);
	return cli_out_close(&s.out, rc);
}

