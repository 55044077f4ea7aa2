/* analyze against a temporary database: a small data set whose verdicts
 * are worked out by hand (docs/METHODS.md rules 1-3) - a fine above the
 * legal maximum, one below its declared tier, an obvious outlier among 20
 * spread peers flagged under-penalized while none of the peers is, a
 * violation with too few cases for any peer level; the ledger's counts;
 * and import --analyze's path (opts.cases holding the loaded cases) gives
 * the same results as loading them. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "t.h"
#include "youdu/analyze.h"
#include "youdu/catalogue_import.h"
#include "youdu/db.h"
#include "youdu/db_analysis.h"
#include "youdu/db_results.h"

static char dir[] = "/tmp/yd-test-analyze-XXXXXX";

enum { NPEER = 20 };
/* row ids in insertion order */
static int64_t peer_id[NPEER], outlier_id, above_max_id, below_tier_id, small_id[3];

static int64_t add_case(struct yd_db *db, const char *case_id, int64_t viol, int64_t region, int64_t src, int tier,
			int64_t yuan, long line)
{
	struct yd_case c;
	memset(&c, 0, sizeof c);
	c.case_id = case_id;
	c.violation_id = viol;
	c.date = 20240301;
	c.region_id = region;
	c.party = YD_PARTY_ENTERPRISE;
	c.tier = tier;
	c.fine = yuan * 100;
	c.base = -1;
	c.source_id = src;
	c.line = line;
	int64_t id = 0;
	struct yd_error err = {0};
	if (yd_db_case_insert(db, &c, &id, &err) != 0)
		t_fail(__FILE__, __LINE__, "insert %s: %s", case_id, err.msg);
	return id;
}

/* A1: 1000..10000 yuan, 从轻 up to 3000, 从重 from 7000; B2: 100..1000. */
static struct yd_db *make_db(const char *name)
{
	char sub[128];
	snprintf(sub, sizeof sub, "%s/%s", dir, name);
	if (mkdir(sub, 0700) != 0) {
		t_fail(__FILE__, __LINE__, "mkdir %s", sub);
		return NULL;
	}
	struct yd_db *db = t_db_open(sub, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max,lenient_max,severe_min\n"
					  "A1,甲,法一,fixed,1000,10000,3000,7000\n"
					  "B2,乙,法二,fixed,100,1000,,\n");
	if (!db)
		return NULL;
	struct yd_error err = {0};
	int64_t src, reg, a1, b2;
	char id[64];
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "cases.csv", NULL, &src, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市/西湖区", NULL, &reg, &err), 0);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "A1", &a1, &err), 1);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "B2", &b2, &err), 1);
	/* 20 peers with no tier declared, 4000..5900 yuan in steps of 100 */
	for (int i = 0; i < NPEER; i++) {
		snprintf(id, sizeof id, "P%02d", i);
		peer_id[i] = add_case(db, id, a1, reg, src, YD_TIER_UNKNOWN, 4000 + 100 * i, 2 + i);
	}
	/* 1500 yuan: lawful, but the others' median (4950) is 3.3 times it */
	outlier_id = add_case(db, "OUT", a1, reg, src, YD_TIER_UNKNOWN, 1500, 30);
	/* 12000 yuan: above the law's 10000 */
	above_max_id = add_case(db, "MAX", a1, reg, src, YD_TIER_GENERAL, 12000, 31);
	/* 从重 at 5000 yuan: below the 从重 band's 7000 */
	below_tier_id = add_case(db, "TIER", a1, reg, src, YD_TIER_SEVERE, 5000, 32);
	/* B2: three lawful cases, fewer than the 12 peers any level needs */
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof id, "S%d", i);
		small_id[i] = add_case(db, id, b2, reg, src, YD_TIER_UNKNOWN, 300 + 100 * i, 33 + i);
	}
	CHECK_INT(yd_db_commit(db, &err), 0);
	return db;
}

static int verdict_of(struct yd_db *db, int64_t id)
{
	struct yd_result r;
	struct yd_error err = {0};
	if (yd_db_result_get(db, id, &r, &err) != 1)
		return -1;
	return r.verdict;
}

static void test_verdicts(void)
{
	struct yd_db *db = make_db("a");
	if (!db)
		return;
	struct yd_analyze_opts o = {.t = YD_THRESHOLDS_DEFAULT};
	struct yd_ledger led;
	struct yd_error err = {0};
	memset(&led, 0, sizeof led);
	CHECK_INT(yd_analyze(db, &o, &led, &err), 0);

	CHECK_INT(verdict_of(db, above_max_id), YD_V_ABOVE_LEGAL_MAX);
	CHECK_INT(verdict_of(db, below_tier_id), YD_V_BELOW_TIER);
	CHECK_INT(verdict_of(db, outlier_id), YD_V_UNDER);
	/* every peer is within 1.5 times of the others' median (about 4950
	 * with or without the outlier): none can be flagged */
	for (int i = 0; i < NPEER; i++)
		CHECK_INT(verdict_of(db, peer_id[i]), YD_V_OK);
	for (int i = 0; i < 3; i++)
		CHECK_INT(verdict_of(db, small_id[i]), YD_V_INSUFFICIENT);

	/* the outlier's peers are the 20 others in its region, median 4950 yuan */
	struct yd_result r;
	CHECK_INT(yd_db_result_get(db, outlier_id, &r, &err), 1);
	CHECK_INT(r.peer_n, NPEER);
	CHECK_INT(r.level, YD_LEVEL_REGION);
	CHECK_NEAR(r.peer_median, 495000, 0.5);
	CHECK_INT(r.below, 0); /* no peer at or below 1500 yuan */
	CHECK_INT(r.above, NPEER);

	/* the ledger: 26 cases read, all judged, counts by verdict */
	CHECK_INT(led.read, 26);
	CHECK_INT(led.outside_year, 0);
	CHECK_INT(led.judged, 26);
	CHECK_INT(led.no_catalogue, 0);
	CHECK_INT(led.counts[YD_V_ABOVE_LEGAL_MAX], 1);
	CHECK_INT(led.counts[YD_V_BELOW_TIER], 1);
	CHECK_INT(led.counts[YD_V_UNDER], 1);
	CHECK_INT(led.counts[YD_V_OVER], 0);
	CHECK_INT(led.counts[YD_V_OK], NPEER);
	CHECK_INT(led.counts[YD_V_INSUFFICIENT], 3);
	CHECK_INT(led.max_case_id, small_id[2]);
	/* the stored ledger is the one returned */
	struct yd_ledger back;
	memset(&back, 0, sizeof back);
	CHECK_INT(yd_ledger_load(db, &back, &err), 0);
	CHECK_INT(back.judged, 26);
	CHECK_INT(back.counts[YD_V_UNDER], 1);
	CHECK_INT(back.run_id, led.run_id);

	/* --year 2023: no case is of it */
	struct yd_analyze_opts oy = {.t = YD_THRESHOLDS_DEFAULT, .year = 2023};
	memset(&led, 0, sizeof led);
	CHECK_INT(yd_analyze(db, &oy, &led, &err), 0);
	CHECK_INT(led.read, 26);
	CHECK_INT(led.outside_year, 26);
	CHECK_INT(led.judged, 0);

	/* the stored run is up to date, until two cases come and the
	 * catalogue changes */
	int64_t newer = -1, replaced = -1;
	int changed = -1;
	CHECK_INT(yd_ledger_newer_cases(db, &led, &newer, &replaced, &err), 0);
	CHECK_INT(newer, 0);
	CHECK_INT(replaced, 0);
	CHECK_INT(yd_ledger_catalogue_changed(db, &led, &changed, &err), 0);
	CHECK_INT(changed, 0);
	static const struct t_case late[] = {{"L1", "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 5000, 20240401},
					     {"L2", "B2", "甲省/甲市", NULL, YD_TIER_GENERAL, 500, 20240402}};
	CHECK_INT(t_add_cases(db, late, 2, NULL), 0);
	CHECK_INT(yd_ledger_newer_cases(db, &led, &newer, &replaced, &err), 0);
	CHECK_INT(newer, 2);
	char sub[128];
	snprintf(sub, sizeof sub, "%s/a/catalogue.csv", dir);
	struct yd_cat_stats cst;
	CHECK_INT(t_write_file(sub, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n"
				    "A1,甲,法一,fixed,1000,20000\n"),
		  0);
	CHECK_INT(yd_catalogue_import(db, sub, YD_ENC_AUTO, NULL, &cst, &err), 0);
	CHECK_INT(yd_ledger_catalogue_changed(db, &led, &changed, &err), 0);
	CHECK_INT(changed, 1);
	yd_db_close(db);
}

/* import --analyze hands the cases it holds to the run: the results are
 * those of a run that loads them itself. */
static void test_given_cases(void)
{
	struct yd_db *db = make_db("b");
	if (!db)
		return;
	struct yd_error err = {0};
	struct yd_ledger l1, l2;
	struct yd_analyze_opts o = {.t = YD_THRESHOLDS_DEFAULT};
	memset(&l1, 0, sizeof l1);
	memset(&l2, 0, sizeof l2);
	CHECK_INT(yd_analyze(db, &o, &l1, &err), 0);
	int64_t ids[26];
	struct yd_result r1[26];
	struct yd_casecols c;
	long outside = -1;
	CHECK_INT(yd_db_load_cases(db, 0, &c, &outside, &err), 0);
	CHECK_INT(c.n, 26);
	for (size_t i = 0; i < c.n && i < 26; i++) {
		ids[i] = c.rowid[i];
		CHECK_INT(yd_db_result_get(db, ids[i], &r1[i], &err), 1);
	}
	o.cases = &c;
	CHECK_INT(yd_analyze(db, &o, &l2, &err), 0);
	for (size_t i = 0; i < c.n && i < 26; i++) {
		struct yd_result r2;
		CHECK_INT(yd_db_result_get(db, ids[i], &r2, &err), 1);
		CHECK_INT(r2.verdict, r1[i].verdict);
		CHECK_INT(r2.peer_n, r1[i].peer_n);
		CHECK_INT(r2.level, r1[i].level);
		CHECK(r2.z == r1[i].z || (isnan(r2.z) && isnan(r1[i].z)));
	}
	CHECK_INT(l2.judged, l1.judged);
	for (int v = 0; v < YD_V_COUNT; v++)
		CHECK_INT(l2.counts[v], l1.counts[v]);
	CHECK(l2.p_cut == l1.p_cut);
	yd_casecols_release(&c);
	yd_db_close(db);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_verdicts);
	RUN(test_given_cases);
	t_rm_dir(dir);
	return t_report("analyze");
}
