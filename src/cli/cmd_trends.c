/* cmd_trends.c - youdu trends: consistency by year */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/disparity.h"
#include "youdu/out.h"
#include "youdu/xlsxout.h"


static int trend_row(void *data, const struct yd_trend_row *r)
{
	struct cli_disp_state *s = data;
	char v[9][32];
	double vals[8] = {r->median_fine, r->dispersion, r->share_flagged, r->share_at_min, r->share_mitigated_none,
			  r->slope, r->slope_low, r->slope_high};
	static const int dec[8] = {2, 3, 3, 3, 3, 4, 4, 4};
	for (int i = 0; i < 8; i++)
		yd_fmt_num(v[i], sizeof v[i], vals[i], dec[i]);
	const char *code = *r->violation_code ? r->violation_code : "all";
	s->n++;
	if (s->fmt == YD_FMT_CSV) {
		printf("%s,%d,%ld", code, r->year, r->n);
		for (int i = 0; i < 8; i++)
			printf(",%s", v[i]);
		printf(",%s\n", r->direction);
	} else if (s->fmt == YD_FMT_JSON) {
		static const char *const keys[8] = {"median_fine", "dispersion", "share_flagged", "share_at_min",
						    "share_mitigated_none", "slope", "slope_low", "slope_high"};
		printf("%s{\"violation_code\":\"%s\",\"year\":%d,\"n\":%ld", s->n > 1 ? ",\n" : "", code, r->year, r->n);
		for (int i = 0; i < 8; i++)
			printf(",\"%s\":%s", keys[i], cli_json_num(v[i]));
		printf(",\"direction\":\"%s\"}", r->direction);
	} else {
		printf("%-6s %4d %7ld %12s %7s %7s %7s %7s   %s [%s, %s] %s\n", code, r->year, r->n, v[0], v[1], v[2], v[3],
		       v[4], v[5], v[6], v[7], r->direction);
	}
	return 0;
}

int cmd_trends(int argc, char **argv, struct cli *cli)
{
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct cli_disp_state s = {YD_FMT_TABLE, 0, cli->raw, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc = cli_disp_options("trends", argc, argv, &o, &s.fmt, 0, NULL);

	if (rc || (rc = cli_open_db(cli, YD_DB_READONLY | CLI_NEEDS_ANALYSIS, &db)) != 0)
		return rc;
	if ((rc = cli_known_filters("trends", db, NULL, o.violation)) != 0) {
		yd_db_close(db);
		return rc;
	}
	if (s.fmt == YD_FMT_CSV) {
		cli_csv_bom(cli);
		puts("violation_code,year,n,median_fine,dispersion,share_flagged,share_at_min,share_mitigated_none,slope,"
		     "slope_low,slope_high,direction");
	} else if (s.fmt == YD_FMT_JSON)
		putchar('[');
	else
		printf("%-6s %4s %7s %12s %7s %7s %7s %7s   %s\n", "code", "year", "n", "median fine", "disp.", "flagged",
		       "at min", "mit/none", "dispersion slope per year [95%]");
	if (yd_trends(db, &o, trend_row, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	yd_db_close(db);
	return rc;
}
