/* db_analysis against a temporary database: the cases analysis loads (each
 * column, row id order, one year's), appending a case to the columns past
 * their first allocation, the binary search on row ids, currencies told
 * apart, region paths by id and the regions below a path (whole
 * components), the commonest violation, the years, a case's brief, and
 * judged cases listed most serious first with the filters. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_analysis.h"
#include "youdu/db_results.h"

static char dir[] = "/tmp/yd-test-dbanalysis-XXXXXX";
static struct yd_db *db;
static int64_t reg[3], viol[2], ctx, src, id[6];

static void add(int k, const char *case_id, int v, int r, int32_t date, int party, int tier, int64_t fine,
		int64_t base, const char *currency, int64_t context)
{
	struct yd_case c;
	struct yd_error err = {0};
	memset(&c, 0, sizeof c);
	c.case_id = case_id;
	c.violation_id = viol[v];
	c.region_id = reg[r];
	c.date = date;
	c.party = party;
	c.tier = tier;
	c.fine = fine;
	c.base = base;
	c.source_id = src;
	c.line = k + 2;
	snprintf(c.currency, sizeof c.currency, "%s", currency);
	c.context_id = context;
	if (yd_db_case_insert(db, &c, &id[k], &err) != 0)
		t_fail(__FILE__, __LINE__, "insert %s: %s", case_id, err.msg);
}

static void setup(void)
{
	struct yd_error err = {0};
	if (!(db = t_db_open(dir, NULL)))
		return;
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "a.csv", NULL, &src, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市", NULL, &reg[0], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市/西湖区", NULL, &reg[1], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市西", NULL, &reg[2], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "CG002", "乙", &viol[0], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "CG001", "甲", &viol[1], &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_CONTEXT, "第十条|面积大", NULL, &ctx, &err), 0);
	/* CG002 three cases, CG001 three: a tie, the smaller code is the commonest */
	add(0, "K0", 0, 1, 20240105, YD_PARTY_INDIVIDUAL, YD_TIER_LENIENT, 50000, -1, "", 0);
	add(1, "K1", 1, 0, 20230611, YD_PARTY_ENTERPRISE, YD_TIER_SEVERE, 700000, 120000, "", ctx);
	add(2, "K2", 0, 2, 20240302, YD_PARTY_SOLE_TRADER, YD_TIER_GENERAL, 30000, -1, "USD", 0);
	add(3, "K3", 1, 1, 20241231, YD_PARTY_UNKNOWN, YD_TIER_UNKNOWN, 0, 0, "", 0);
	add(4, "K4", 0, 1, 20220101, YD_PARTY_INDIVIDUAL, YD_TIER_NONE, 100, -1, "HKD", 0);
	add(5, "K5", 1, 0, 20240707, YD_PARTY_ENTERPRISE, YD_TIER_MITIGATED, 99, -1, "USD", 0);
	CHECK_INT(yd_db_commit(db, &err), 0);
}

static void test_load_cases(void)
{
	struct yd_casecols c;
	struct yd_error err = {0};
	long outside = -1;
	CHECK_INT(yd_db_load_cases(db, 0, &c, &outside, &err), 0);
	CHECK_INT(outside, 0);
	CHECK_INT(c.n, 6);
	for (size_t i = 1; i < c.n; i++)
		CHECK(c.rowid[i - 1] < c.rowid[i]);
	if (c.n == 6) {
		/* K1: every column */
		CHECK_INT(c.rowid[1], id[1]);
		CHECK_INT(c.violation[1], viol[1]);
		CHECK_INT(c.region[1], reg[0]);
		CHECK_INT(c.date[1], 20230611);
		CHECK_INT(c.party[1], YD_PARTY_ENTERPRISE);
		CHECK_INT(c.tier[1], YD_TIER_SEVERE);
		CHECK_INT(c.fine[1], 700000);
		CHECK_INT(c.base[1], 120000);
		CHECK_INT(c.context[1], ctx);
		/* no base: -1; a base of 0 is kept as 0; no context 0 */
		CHECK_INT(c.base[0], -1);
		CHECK_INT(c.base[3], 0);
		CHECK_INT(c.context[0], 0);
		CHECK_INT(c.party[2], YD_PARTY_SOLE_TRADER);
		CHECK_INT(c.tier[4], YD_TIER_NONE);
		CHECK_INT(c.fine[5], 99);
	}
	/* the currencies: CNY first, then the others in code order */
	uint8_t cur[6];
	char codes[YD_CURRENCIES_MAX][4];
	int ncodes = 0;
	CHECK_INT(yd_db_load_currencies(db, &c, cur, codes, &ncodes, &err), 0);
	CHECK_INT(ncodes, 3);
	CHECK_STR(codes[0], "CNY");
	CHECK_STR(codes[1], "HKD");
	CHECK_STR(codes[2], "USD");
	CHECK_INT(cur[0], 0);
	CHECK_INT(cur[1], 0);
	CHECK_INT(cur[2], 2);
	CHECK_INT(cur[3], 0);
	CHECK_INT(cur[4], 1);
	CHECK_INT(cur[5], 2);
	yd_casecols_release(&c);

	/* 2024 only: K0, K2, K3, K5; K1 (2023) and K4 (2022) outside */
	CHECK_INT(yd_db_load_cases(db, 2024, &c, &outside, &err), 0);
	CHECK_INT(outside, 2);
	CHECK_INT(c.n, 4);
	if (c.n == 4) {
		CHECK_INT(c.rowid[0], id[0]);
		CHECK_INT(c.rowid[1], id[2]);
		CHECK_INT(c.rowid[2], id[3]);
		CHECK_INT(c.rowid[3], id[5]);
		CHECK_INT(c.date[2], 20241231);
	}
	/* a year's currencies: K2 and K5 in USD, none in HKD in c */
	CHECK_INT(yd_db_load_currencies(db, &c, cur, codes, &ncodes, &err), 0);
	CHECK_INT(cur[0], 0);
	CHECK_INT(cur[1], 2);
	CHECK_INT(cur[2], 0);
	CHECK_INT(cur[3], 2);
	yd_casecols_release(&c);
	CHECK(c.rowid == NULL && c.n == 0);
}

static void test_add_and_index(void)
{
	struct yd_casecols c;
	memset(&c, 0, sizeof c);
	struct yd_case k;
	memset(&k, 0, sizeof k);
	/* past the first allocation (4096): the earlier rows survive the growth */
	for (int i = 0; i < 5000; i++) {
		k.violation_id = i % 7;
		k.region_id = i % 11;
		k.date = 20240101 + i % 28;
		k.context_id = i % 3;
		k.party = i % 4;
		k.tier = i % 6;
		k.fine = 1000LL * i;
		k.base = i % 2 ? -1 : i;
		yd_casecols_add(&c, 3 * (int64_t)i + 1, &k);
	}
	CHECK_INT(c.n, 5000);
	CHECK(c.cap >= 5000);
	int bad = 0;
	for (int i = 0; i < 5000; i++)
		bad += c.rowid[i] != 3 * (int64_t)i + 1 || c.violation[i] != i % 7 || c.region[i] != i % 11 ||
		       c.date[i] != 20240101 + i % 28 || c.context[i] != i % 3 || c.party[i] != i % 4 ||
		       c.tier[i] != i % 6 || c.fine[i] != 1000LL * i || c.base[i] != (i % 2 ? -1 : i);
	CHECK_INT(bad, 0);
	/* row ids 1, 4, 7, ...: each found at its place, the others not */
	CHECK_INT(yd_rowid_index(c.rowid, c.n, 1), 0);
	CHECK_INT(yd_rowid_index(c.rowid, c.n, 4), 1);
	CHECK_INT(yd_rowid_index(c.rowid, c.n, 3 * 4999 + 1), 4999);
	CHECK_INT(yd_rowid_index(c.rowid, c.n, 3 * 2500 + 1), 2500);
	CHECK_INT(yd_rowid_index(c.rowid, c.n, 2), c.n);
	CHECK_INT(yd_rowid_index(c.rowid, c.n, 0), c.n);
	CHECK_INT(yd_rowid_index(c.rowid, c.n, 3 * 5000 + 1), c.n);
	CHECK_INT(yd_rowid_index(c.rowid, 0, 1), 0);
	yd_casecols_release(&c);
}

static void test_names(void)
{
	struct yd_error err = {0};
	char **paths = NULL;
	size_t n = 0;
	CHECK_INT(yd_db_region_paths(db, &paths, &n, &err), 0);
	int64_t maxid = reg[0] > reg[1] ? reg[0] : reg[1];
	maxid = maxid > reg[2] ? maxid : reg[2];
	CHECK_INT(n, maxid + 1);
	CHECK(paths[0] == NULL);
	CHECK_STR(paths[reg[1]], "浙江省/杭州市/西湖区");
	CHECK_STR(paths[reg[2]], "浙江省/杭州市西");
	yd_region_paths_free(paths, n);
	CHECK_INT(yd_db_context_names(db, &paths, &n, &err), 0);
	CHECK_INT(n, ctx + 1);
	CHECK_STR(paths[ctx], "第十条|面积大");
	yd_region_paths_free(paths, n);

	/* below 浙江省/杭州市: its district, not 浙江省/杭州市西 nor itself */
	int32_t *ids = NULL;
	CHECK_INT(yd_db_regions_below(db, "浙江省/杭州市", &ids, &n, &err), 0);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(ids[0], reg[1]);
	free(ids);
	CHECK_INT(yd_db_regions_below(db, "浙江省", &ids, &n, &err), 0);
	CHECK_INT(n, 3);
	free(ids);

	int64_t got = 0;
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "CG001", &got, &err), 1);
	CHECK_INT(got, viol[1]);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "CG999", &got, &err), 0);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_REGION, "浙江省/杭州市西", &got, &err), 1);
	CHECK_INT(got, reg[2]);

	char code[16];
	CHECK_INT(yd_db_top_violation(db, code, sizeof code, &err), 0);
	CHECK_STR(code, "CG001");

	int first = 0, last = 0;
	long in_year = -1;
	CHECK_INT(yd_db_case_years(db, 2024, &first, &last, &in_year, &err), 0);
	CHECK_INT(first, 2022);
	CHECK_INT(last, 2024);
	CHECK_INT(in_year, 4);

	char cid[32], region[64];
	int32_t date = 0;
	int64_t fine = 0;
	CHECK_INT(yd_db_case_brief(db, id[1], cid, sizeof cid, region, sizeof region, &date, &fine, &err), 0);
	CHECK_STR(cid, "K1");
	CHECK_STR(region, "浙江省/杭州市");
	CHECK_INT(date, 20230611);
	CHECK_INT(fine, 700000);
}

struct seen {
	int n;
	char ids[8][8];
};

static int collect(void *data, const struct yd_judged_row *row)
{
	struct seen *s = data;
	if (s->n < 8) {
		snprintf(s->ids[s->n], sizeof s->ids[0], "%s", row->case_id);
		s->n++;
	}
	return 0;
}

static void test_judged(void)
{
	struct yd_error err = {0};
	struct yd_result r[6];
	memset(r, 0, sizeof r);
	int64_t rowids[6];
	/* K0 over (farness 2), K1 ok, K2 above max, K3 over (farness 5), K4 ok, K5 under */
	static const int verdict[6] = {YD_V_OVER, YD_V_OK, YD_V_ABOVE_LEGAL_MAX, YD_V_OVER, YD_V_OK, YD_V_UNDER};
	static const float far[6] = {2, 0, 1, 5, 0, 3};
	for (int i = 0; i < 6; i++) {
		rowids[i] = id[i];
		r[i].verdict = (int8_t)verdict[i];
		r[i].level = YD_LEVEL_REGION;
		r[i].peer_median = NAN;
		r[i].scale = r[i].percentile = r[i].z = NAN;
		r[i].farness = far[i];
	}
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_results_clear(db, &err), 0);
	CHECK_INT(yd_db_results_add(db, rowids, r, 6, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);

	/* the flagged: above max first, then over by farness, then under */
	struct yd_case_filter f = {0};
	struct seen s = {0};
	for (int v = 0; v < YD_V_OK; v++)
		f.verdicts |= 1u << v;
	CHECK_INT(yd_db_judged_each(db, &f, collect, &s, &err), 0);
	CHECK_INT(s.n, 4);
	CHECK_STR(s.ids[0], "K2");
	CHECK_STR(s.ids[1], "K3");
	CHECK_STR(s.ids[2], "K0");
	CHECK_STR(s.ids[3], "K5");
	/* under 浙江省/杭州市/西湖区 (K0, K3, K4), of 2024 (K0, K3) */
	memset(&s, 0, sizeof s);
	f.region = "浙江省/杭州市/西湖区";
	f.year = 2024;
	CHECK_INT(yd_db_judged_each(db, &f, collect, &s, &err), 0);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.ids[0], "K3");
	CHECK_STR(s.ids[1], "K0");
	/* 浙江省/杭州市 covers its district, not 浙江省/杭州市西 (K2) */
	memset(&s, 0, sizeof s);
	f.region = "浙江省/杭州市";
	f.year = 0;
	f.violation = "CG002";
	CHECK_INT(yd_db_judged_each(db, &f, collect, &s, &err), 0);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.ids[0], "K0");
	/* a limit */
	memset(&s, 0, sizeof s);
	struct yd_case_filter g = {.verdicts = 1u << YD_V_OK | 1u << YD_V_OVER, .limit = 1};
	CHECK_INT(yd_db_judged_each(db, &g, collect, &s, &err), 0);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.ids[0], "K3");
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	setup();
	if (!db)
		return t_report("db_analysis");
	RUN(test_load_cases);
	RUN(test_add_and_index);
	RUN(test_names);
	RUN(test_judged);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("db_analysis");
}
