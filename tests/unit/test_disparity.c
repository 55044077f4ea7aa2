/* disparity against a temporary database, analysed: Kruskal-Wallis across
 * regions worked by hand (two regions of 5 cases whose fines do not
 * overlap, a region under kw_min left out), a violation in one region not
 * testable and listed after; regions cut to one level make one region; a
 * level deeper than the paths refused; a trend's count and median fine;
 * the effect in percent and its words. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/analyze.h"
#include "youdu/catalogue_import.h"
#include "youdu/db.h"
#include "youdu/disparity.h"

static char dir[] = "/tmp/yd-test-disparity-XXXXXX";

struct kw_rows {
	int n;
	char code[4][8], hi[4][32], lo[4][32];
	struct yd_kw_row r[4];
};

static int take_kw(void *data, const struct yd_kw_row *row)
{
	struct kw_rows *s = data;
	if (s->n < 4) {
		snprintf(s->code[s->n], sizeof s->code[0], "%s", row->violation_code);
		snprintf(s->hi[s->n], sizeof s->hi[0], "%s", row->highest);
		snprintf(s->lo[s->n], sizeof s->lo[0], "%s", row->lowest);
		s->r[s->n] = *row;
	}
	s->n++;
	return 0;
}

struct trend_rows {
	int n;
	char code[8][8];
	struct yd_trend_row r[8];
};

static int take_trend(void *data, const struct yd_trend_row *row)
{
	struct trend_rows *s = data;
	if (s->n < 8) {
		snprintf(s->code[s->n], sizeof s->code[0], "%s", row->violation_code);
		s->r[s->n] = *row;
	}
	s->n++;
	return 0;
}

static void test_effect(void)
{
	char b[32];
	CHECK_NEAR(yd_region_effect(log(1.22)), 22, 1e-9);
	CHECK_NEAR(yd_region_effect(0), 0, 1e-12);
	yd_region_fmt_effect(b, sizeof b, log(1.22));
	CHECK_STR(b, "+22%");
	yd_region_fmt_effect(b, sizeof b, log(0.915)); /* -8.5 %: one decimal under 10 % */
	CHECK_STR(b, "-8.5%");
	yd_region_fmt_effect(b, sizeof b, log(1.0001));
	CHECK_STR(b, "+0.0%");
	yd_region_fmt_effect(b, sizeof b, NAN);
	CHECK_STR(b, "");
	CHECK_STR(yd_region_label_name(YD_RL_HARSH), "harsh");
	CHECK_STR(yd_region_label_name(YD_RL_TOO_FEW), "too_few");
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_effect);
	struct yd_error err = {0};
	struct yd_db *db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n"
					  "A1,甲,法一,fixed,100,100000\nB2,乙,法二,fixed,100,100000\n");
	if (!db)
		return t_report("disparity");
	int64_t src, reg[3], a1, b2;
	static const char *const paths[3] = {"甲省/甲市", "甲省/乙市", "甲省/丙市"};
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "a.csv", NULL, &src, &err), 0);
	for (int i = 0; i < 3; i++)
		CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, paths[i], NULL, &reg[i], &err), 0);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "A1", &a1, &err), 1);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "B2", &b2, &err), 1);
	/* A1: 甲市 1000..1400, 乙市 2000..2400, 丙市 1500 1600 1700 (3 < kw_min 5);
	 * B2: 甲市 5 cases only */
	int k = 0;
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < (r == 2 ? 3 : 5); i++) {
			int64_t yuan = r == 0 ? 1000 + 100 * i : r == 1 ? 2000 + 100 * i : 1500 + 100 * i;
			char cid[16];
			snprintf(cid, sizeof cid, "A%d", k);
			struct yd_case c;
			memset(&c, 0, sizeof c);
			c.case_id = cid, c.violation_id = a1, c.region_id = reg[r], c.date = 20240301 + i;
			c.tier = YD_TIER_UNKNOWN, c.fine = yuan * 100, c.base = -1, c.source_id = src, c.line = ++k;
			int64_t id;
			CHECK_INT(yd_db_case_insert(db, &c, &id, &err), 0);
		}
	for (int i = 0; i < 5; i++) {
		char cid[16];
		snprintf(cid, sizeof cid, "B%d", i);
		struct yd_case c;
		memset(&c, 0, sizeof c);
		c.case_id = cid, c.violation_id = b2, c.region_id = reg[0], c.date = 20240401;
		c.tier = YD_TIER_UNKNOWN, c.fine = (500 + 10 * i) * 100, c.base = -1, c.source_id = src, c.line = ++k;
		int64_t id;
		CHECK_INT(yd_db_case_insert(db, &c, &id, &err), 0);
	}
	CHECK_INT(yd_db_commit(db, &err), 0);
	struct yd_disp_opts o = YD_DISP_OPTS_DEFAULT;
	struct kw_rows s = {0};
	/* no analysis yet */
	CHECK_INT(yd_disparity(db, &o, take_kw, &s, &err), YD_ESTATE);
	struct yd_analyze_opts ao = {.t = YD_THRESHOLDS_DEFAULT};
	struct yd_ledger led;
	CHECK_INT(yd_analyze(db, &ao, &led, &err), 0);

	/* ranks 1..5 against 6..10: H = 12 / (10 x 11) x (15² / 5 + 40² / 5)
	 * - 3 x 11 = 6.8181818; p = P(chi2(1) > H) = erfc(sqrt(H / 2)) =
	 * 0.0090234388; epsilon² = (H - 1) / (10 - 2) = 0.7272727 */
	CHECK_INT(yd_disparity(db, &o, take_kw, &s, &err), 0);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.code[0], "A1");
	CHECK_INT(s.r[0].testable, 1);
	CHECK_INT(s.r[0].n, 10);
	CHECK_INT(s.r[0].regions, 2);
	CHECK_NEAR(s.r[0].h, 6.818181818181813, 1e-9);
	CHECK_NEAR(s.r[0].p, 0.009023438818080352, 1e-9);
	CHECK_NEAR(s.r[0].q, 0.009023438818080352, 1e-9); /* the only test */
	CHECK_NEAR(s.r[0].epsilon2, 0.7272727272727266, 1e-9);
	CHECK_STR(s.hi[0], "甲省/乙市");
	CHECK_STR(s.lo[0], "甲省/甲市");
	CHECK_STR(s.code[1], "B2");
	CHECK_INT(s.r[1].testable, 0);
	CHECK_INT(s.r[1].regions, 1);
	CHECK(isnan(s.r[1].h));

	/* at level 1 every case is 甲省: one region, nothing testable */
	memset(&s, 0, sizeof s);
	o.level = 1;
	CHECK_INT(yd_disparity(db, &o, take_kw, &s, &err), 0);
	CHECK_INT(s.n, 2);
	CHECK_INT(s.r[0].testable, 0);
	CHECK_INT(s.r[0].regions, 1);
	CHECK_INT(yd_regions_check_level(db, 2, &err), 0);
	CHECK_INT(yd_regions_check_level(db, 3, &err), YD_EUSAGE);

	/* trends: A1 in 2024, 13 cases, median fine the 7th: 1600 yuan */
	struct trend_rows t = {0};
	o.level = 0;
	CHECK_INT(yd_trends(db, &o, take_trend, &t, &err), 0);
	int found = 0;
	for (int i = 0; i < t.n && i < 8; i++)
		if (strcmp(t.code[i], "A1") == 0) {
			found++;
			CHECK_INT(t.r[i].year, 2024);
			CHECK_INT(t.r[i].n, 13);
			CHECK_NEAR(t.r[i].median_fine, 1600, 1e-9);
			CHECK_NEAR(t.r[i].share_mitigated_none, 0, 1e-12);
		} else if (strcmp(t.code[i], "") == 0) {
			CHECK_INT(t.r[i].n, 18); /* every case */
		}
	CHECK_INT(found, 1);

	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("disparity");
}
