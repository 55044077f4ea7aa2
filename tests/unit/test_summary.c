/* summary (youdu stats) against a temporary database with results stored
 * by hand: groups by region, year and tier ordered by violation code then
 * group; each group's quantiles (GSL's interpolation), mean, raw MAD, share
 * at the legal minimum (NAN for a violation not in the catalogue) and share
 * flagged, all worked out by hand; the region filter. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/catalogue_import.h"
#include "youdu/db.h"
#include "youdu/db_results.h"
#include "youdu/judge.h"
#include "youdu/summary.h"

static char dir[] = "/tmp/yd-test-summary-XXXXXX";

struct rows {
	int n;
	char code[8][8], group[8][64];
	struct yd_summary_row r[8];
};

static int take(void *data, const struct yd_summary_row *row)
{
	struct rows *s = data;
	if (s->n < 8) {
		snprintf(s->code[s->n], sizeof s->code[0], "%s", row->violation_code);
		snprintf(s->group[s->n], sizeof s->group[0], "%s", row->group);
		s->r[s->n] = *row;
	}
	s->n++;
	return 0;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	struct yd_error err = {0};
	struct yd_db *db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n"
					  "A1,甲,法一,fixed,1000,10000\n");
	if (!db)
		return t_report("summary");
	int64_t src, r1, r2, a1, x9;
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "a.csv", NULL, &src, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市/西湖区", NULL, &r1, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/宁波市", NULL, &r2, &err), 0);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "A1", &a1, &err), 1);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "X9", NULL, &x9, &err), 0);
	/* A1 in 西湖区: 1000 (the legal minimum), 2000, 3000, 4000 yuan; A1 in
	 * 宁波市: 5000; X9 (no catalogue item) in 西湖区: 700 */
	static const struct {
		int x9, r2, tier, verdict;
		int32_t date;
		int64_t yuan;
	} cs[6] = {
		{0, 0, YD_TIER_GENERAL, YD_V_OK, 20230101, 4000},  {0, 0, YD_TIER_LENIENT, YD_V_UNDER, 20240101, 1000},
		{0, 0, YD_TIER_GENERAL, YD_V_OK, 20240202, 3000},  {0, 0, YD_TIER_GENERAL, YD_V_OK, 20240303, 2000},
		{0, 1, YD_TIER_UNKNOWN, YD_V_OK, 20240404, 5000},  {1, 0, YD_TIER_GENERAL, YD_V_INSUFFICIENT, 20240505, 700},
	};
	int64_t ids[6];
	struct yd_result res[6];
	memset(res, 0, sizeof res);
	for (int i = 0; i < 6; i++) {
		char cid[8];
		snprintf(cid, sizeof cid, "S%d", i);
		struct yd_case c;
		memset(&c, 0, sizeof c);
		c.case_id = cid;
		c.violation_id = cs[i].x9 ? x9 : a1;
		c.region_id = cs[i].r2 ? r2 : r1;
		c.date = cs[i].date;
		c.tier = cs[i].tier;
		c.fine = cs[i].yuan * 100;
		c.base = -1;
		c.source_id = src;
		c.line = i + 2;
		CHECK_INT(yd_db_case_insert(db, &c, &ids[i], &err), 0);
		res[i].verdict = (int8_t)cs[i].verdict;
		res[i].level = YD_LEVEL_NONE;
		res[i].peer_median = NAN;
		res[i].scale = res[i].percentile = res[i].z = NAN;
	}
	CHECK_INT(yd_db_results_clear(db, &err), 0);
	CHECK_INT(yd_db_results_add(db, ids, res, 6, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);

	/* by region: A1 宁波市 (宁 E5AE81 before 浙 E6B599), A1 西湖区, X9 西湖区 */
	struct yd_case_filter all = {0};
	struct rows s = {0};
	CHECK_INT(yd_summary(db, &all, YD_BY_REGION, take, &s, &err), 0);
	CHECK_INT(s.n, 3);
	CHECK_STR(s.code[0], "A1");
	CHECK_STR(s.group[0], "浙江省/宁波市");
	CHECK_INT(s.r[0].n, 1);
	CHECK_STR(s.code[1], "A1");
	CHECK_STR(s.group[1], "浙江省/杭州市/西湖区");
	const struct yd_summary_row *g = &s.r[1];
	CHECK_INT(g->n, 4);
	CHECK_NEAR(g->min, 1000, 1e-9);
	CHECK_NEAR(g->max, 4000, 1e-9);
	/* 1000 2000 3000 4000: q1 at position 0.75 = 1750, q3 at 2.25 = 3250 */
	CHECK_NEAR(g->q1, 1750, 1e-9);
	CHECK_NEAR(g->median, 2500, 1e-9);
	CHECK_NEAR(g->q3, 3250, 1e-9);
	CHECK_NEAR(g->mean, 2500, 1e-9);
	/* |x - 2500| = 1500 500 500 1500: median 1000 (raw, unscaled) */
	CHECK_NEAR(g->mad, 1000, 1e-9);
	CHECK_NEAR(g->share_at_min, 0.25, 1e-12);
	CHECK_NEAR(g->share_flagged, 0.25, 1e-12);
	CHECK_STR(s.code[2], "X9");
	CHECK(isnan(s.r[2].share_at_min));
	CHECK_NEAR(s.r[2].share_flagged, 0, 1e-12); /* insufficient is no flag */

	/* by year: A1 2023 (4000), A1 2024 (1000 2000 3000 5000), X9 2024 */
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_summary(db, &all, YD_BY_YEAR, take, &s, &err), 0);
	CHECK_INT(s.n, 3);
	CHECK_STR(s.group[0], "2023");
	CHECK_INT(s.r[0].n, 1);
	CHECK_STR(s.group[1], "2024");
	CHECK_INT(s.r[1].n, 4);
	CHECK_NEAR(s.r[1].median, 2500, 1e-9);
	CHECK_NEAR(s.r[1].mean, 2750, 1e-9);

	/* by tier, in the order of the names: general, lenient, undeclared */
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_summary(db, &all, YD_BY_TIER, take, &s, &err), 0);
	CHECK_INT(s.n, 4);
	CHECK_STR(s.group[0], "general");
	CHECK_INT(s.r[0].n, 3);
	CHECK_NEAR(s.r[0].median, 3000, 1e-9);
	CHECK_STR(s.group[1], "lenient");
	CHECK_NEAR(s.r[1].share_at_min, 1, 1e-12);
	CHECK_STR(s.group[2], "undeclared");
	CHECK_STR(s.code[3], "X9");

	/* 浙江省/杭州市 covers 西湖区 only */
	memset(&s, 0, sizeof s);
	all.region = "浙江省/杭州市";
	CHECK_INT(yd_summary(db, &all, YD_BY_REGION, take, &s, &err), 0);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.code[0], "A1");
	CHECK_INT(s.r[0].n, 4);

	enum yd_by by;
	CHECK(yd_by_parse("tier", &by) == 0 && by == YD_BY_TIER);
	CHECK(yd_by_parse("county", &by) < 0);

	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("summary");
}
