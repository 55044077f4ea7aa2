/* cmd_disparity.c - youdu disparity: Kruskal-Wallis across regions, per violation */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/disparity.h"
#include "youdu/out.h"
#include "youdu/xlsxout.h"


static int kw_row(void *data, const struct yd_kw_row *r)
{
	struct cli_disp_state *s = data;
	char h[32], p[32], q[32], e[32];
	yd_fmt_num(h, sizeof h, r->h, 2);
	yd_fmt_num(p, sizeof p, r->p, 4);
	yd_fmt_num(q, sizeof q, r->q, 4);
	yd_fmt_num(e, sizeof e, r->epsilon2, 3);
	s->n++;
	if (s->fmt == YD_FMT_CSV) {
		printf("%s,%ld,%d,%s,%s,%s,%s,%s,", r->violation_code, r->n, r->regions, r->testable ? "yes" : "no", h, p, q,
		       e);
		cli_csv(s->raw, r->highest);
		putchar(',');
		cli_csv(s->raw, r->lowest);
		putchar(',');
		cli_csv(s->raw, r->violation_name);
		putchar('\n');
	} else if (s->fmt == YD_FMT_JSON) {
		printf("%s{\"violation_code\":", s->n > 1 ? ",\n" : "");
		yd_out_json(stdout, r->violation_code);
		printf(",\"n\":%ld,\"regions\":%d,\"testable\":%s,\"h\":%s,\"p\":%s,\"q\":%s,\"epsilon2\":%s,\"highest\":", r->n,
		       r->regions, r->testable ? "true" : "false", cli_json_num(h), cli_json_num(p), cli_json_num(q), cli_json_num(e));
		yd_out_json(stdout, r->highest);
		fputs(",\"lowest\":", stdout);
		yd_out_json(stdout, r->lowest);
		fputs(",\"violation_name\":", stdout);
		yd_out_json(stdout, r->violation_name);
		putchar('}');
	} else if (r->testable) {
		printf("%-6s %7ld %4d %8s %8s %8s %7s  %s / %s\n", r->violation_code, r->n, r->regions, h, p, q, e, r->highest,
		       r->lowest);
	} else {
		printf("%-6s %7ld %4d  not testable (fewer than two regions with enough cases)\n", r->violation_code, r->n,
		       r->regions);
	}
	return 0;
}

int cmd_disparity(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct cli_disp_state s = {YD_FMT_TABLE, 0, cli->raw, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc = cli_disp_options("disparity", argc, argv, &o, &s.fmt, 0, NULL);

	if (rc || (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("disparity", db, NULL, o.violation)) != 0) {
		yd_db_close(db);
		return rc;
	}
	if (s.fmt == YD_FMT_CSV) {
		cli_csv_bom(cli);
		puts("violation_code,n,regions,testable,h,p,q,epsilon2,highest_region,lowest_region,violation_name");
	} else if (s.fmt == YD_FMT_JSON)
		putchar('[');
	else
		printf("%-6s %7s %4s %8s %8s %8s %7s  %s\n", "code", "n", "reg", "H", "p", "q(BH)", "eps2",
		       "highest / lowest region");
	if (yd_disparity(db, &o, kw_row, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	yd_db_close(db);
	return rc;
}

