/* db_report: the report's queries against a temporary database - judged
 * cases (only those with a result) in case order with their agency and
 * currency, one agency's; cases and fines per decision year, oldest first;
 * the regions of an agency, sorted and searched. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_report.h"
#include "youdu/db_results.h"
#include "youdu/judge.h"
#include "youdu/parse.h"

static char dir[] = "/tmp/yd-test-report-XXXXXX";

struct cases {
	int n;
	int64_t rowid[8], agency_id[8], fine[8], base[8];
	char agency[8][32], cur[8][4];
	int verdict[8], tier[8];
	int32_t date[8];
};

static int on_case(void *data, const struct yd_report_case *c)
{
	struct cases *s = data;
	if (s->n < 8) {
		int i = s->n;
		s->rowid[i] = c->rowid, s->agency_id[i] = c->agency_id, s->fine[i] = c->fine, s->base[i] = c->base;
		snprintf(s->agency[i], sizeof s->agency[0], "%s", c->agency);
		snprintf(s->cur[i], sizeof s->cur[0], "%s", c->currency);
		s->verdict[i] = c->verdict, s->tier[i] = c->tier, s->date[i] = c->date;
	}
	s->n++;
	return 0;
}

struct years {
	int n, year[4];
	long cases[4];
	double fine[4];
};

static int on_year(void *data, const struct yd_report_year *y)
{
	struct years *s = data;
	if (s->n < 4) {
		s->year[s->n] = y->year, s->cases[s->n] = y->cases, s->fine[s->n] = y->fine;
	}
	s->n++;
	return 0;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	struct yd_error err = {0};
	struct yd_db *db = t_db_open(dir, NULL);
	if (!db)
		return t_report("db_report");
	int64_t src, reg[3], ag[2], v;
	static const char *const paths[3] = {"浙江省/杭州市/西湖区", "北京市/东城区", "浙江省/宁波市"};
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "a.csv", NULL, &src, &err), 0);
	for (int i = 0; i < 3; i++)
		CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, paths[i], NULL, &reg[i], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_AGENCY, "甲局", NULL, &ag[0], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_AGENCY, "乙局", NULL, &ag[1], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "CG001", NULL, &v, &err), 0);
	static const struct {
		int agency, region, tier;
		int32_t date;
		int64_t fine, base;
		const char *cur;
	} cs[5] = {
		{1, 0, YD_TIER_GENERAL, 20230105, 10000, -1, ""},    /* 甲局, 西湖区 */
		{2, 1, YD_TIER_SEVERE, 20240105, 20000, 5000, "USD"}, /* 乙局 */
		{1, 1, YD_TIER_LENIENT, 20240601, 30000, -1, ""},    /* 甲局, 东城区 */
		{0, 2, YD_TIER_UNKNOWN, 20240701, 40000, -1, ""},    /* no agency */
		{1, 0, YD_TIER_GENERAL, 20240801, 50000, -1, ""},    /* 甲局, 西湖区 again; no result */
	};
	int64_t id[5];
	for (int i = 0; i < 5; i++) {
		char cid[16];
		snprintf(cid, sizeof cid, "R%d", i);
		struct yd_case c;
		memset(&c, 0, sizeof c);
		c.case_id = cid, c.violation_id = v, c.region_id = reg[cs[i].region], c.date = cs[i].date;
		c.agency_id = cs[i].agency ? ag[cs[i].agency - 1] : 0;
		c.tier = cs[i].tier, c.fine = cs[i].fine, c.base = cs[i].base, c.source_id = src, c.line = i + 2;
		snprintf(c.currency, sizeof c.currency, "%s", cs[i].cur);
		CHECK_INT(yd_db_case_insert(db, &c, &id[i], &err), 0);
	}
	/* results for the first four only */
	struct yd_result res[4];
	memset(res, 0, sizeof res);
	for (int i = 0; i < 4; i++) {
		res[i].verdict = (int8_t)(i == 2 ? YD_V_OVER : YD_V_OK);
		res[i].level = YD_LEVEL_NONE;
		res[i].peer_median = NAN;
		res[i].scale = res[i].percentile = res[i].z = NAN;
	}
	CHECK_INT(yd_db_results_clear(db, &err), 0);
	CHECK_INT(yd_db_results_add(db, id, res, 4, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);

	struct cases s = {0};
	CHECK_INT(yd_db_report_cases_each(db, NULL, on_case, &s, &err), 0);
	CHECK_INT(s.n, 4);
	for (int i = 0; i < 4 && i < s.n; i++)
		CHECK_INT(s.rowid[i], id[i]);
	CHECK_STR(s.agency[0], "甲局");
	CHECK_INT(s.agency_id[0], ag[0]);
	CHECK_STR(s.agency[1], "乙局");
	CHECK_STR(s.cur[1], "USD");
	CHECK_INT(s.base[1], 5000);
	CHECK_INT(s.tier[1], YD_TIER_SEVERE);
	CHECK_STR(s.cur[0], "CNY");
	CHECK_INT(s.base[0], -1);
	CHECK_INT(s.verdict[2], YD_V_OVER);
	CHECK_INT(s.agency_id[3], 0);
	CHECK_STR(s.agency[3], "");
	CHECK_INT(s.date[3], 20240701);
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_db_report_cases_each(db, "甲局", on_case, &s, &err), 0);
	CHECK_INT(s.n, 2); /* R0 and R2; R4 has no result */
	CHECK_INT(s.fine[0], 10000);
	CHECK_INT(s.fine[1], 30000);

	/* years, judged or not: 2023 one case of 100 yuan, 2024 four of 1400 */
	struct years y = {0};
	CHECK_INT(yd_db_report_years_each(db, NULL, on_year, &y, &err), 0);
	CHECK_INT(y.n, 2);
	CHECK_INT(y.year[0], 2023);
	CHECK_INT(y.cases[0], 1);
	CHECK_NEAR(y.fine[0], 10000, 0);
	CHECK_INT(y.year[1], 2024);
	CHECK_INT(y.cases[1], 4);
	CHECK_NEAR(y.fine[1], 140000, 0);
	memset(&y, 0, sizeof y);
	CHECK_INT(yd_db_report_years_each(db, "甲局", on_year, &y, &err), 0);
	CHECK_INT(y.n, 2);
	CHECK_INT(y.cases[1], 2); /* R2 and R4 */
	CHECK_NEAR(y.fine[1], 80000, 0);

	/* 甲局's regions in byte order: 北京市 (E5 8C 97) before 浙江省 (E6 B5 99) */
	char **rp = NULL;
	size_t n = 0;
	CHECK_INT(yd_db_agency_regions(db, "甲局", &rp, &n, &err), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(rp[0], "北京市/东城区");
		CHECK_STR(rp[1], "浙江省/杭州市/西湖区");
	}
	CHECK(yd_db_agency_regions_has(rp, n, "浙江省/杭州市/西湖区"));
	CHECK(yd_db_agency_regions_has(rp, n, "北京市/东城区"));
	CHECK(!yd_db_agency_regions_has(rp, n, "浙江省/宁波市"));
	CHECK(!yd_db_agency_regions_has(rp, n, "浙江省/杭州市"));
	yd_db_agency_regions_free(rp, n);
	CHECK_INT(yd_db_agency_regions(db, "丙局", &rp, &n, &err), 0);
	CHECK_INT(n, 0);
	yd_db_agency_regions_free(rp, n);

	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("db_report");
}
