/* The catalogue's rules (catalogue.h): the 30/70 split, tier bands, bounds
 * at the precision of money, finding an item's version, name keys; and a
 * clean CSV read by catalogue_import.c into a temporary database and loaded
 * back by db_catalogue.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "youdu/catalogue.h"
#include "youdu/catalogue_import.h"
#include "youdu/db_catalogue.h"

static void test_tier_split(void)
{
	int64_t lm, sm;
	/* 1000..10000 yuan in fen: 30 % of 900000 is 270000, 70 % 630000 */
	yd_cat_tier_split(100000, 1000000, &lm, &sm);
	CHECK_INT(lm, 370000);
	CHECK_INT(sm, 730000);
	/* rounded to the nearest unit: 0..5 gives 1.5 -> 2 and 3.5 -> 4 */
	yd_cat_tier_split(0, 5, &lm, &sm);
	CHECK_INT(lm, 2);
	CHECK_INT(sm, 4);
	/* an empty range splits at its one point */
	yd_cat_tier_split(7, 7, &lm, &sm);
	CHECK_INT(lm, 7);
	CHECK_INT(sm, 7);
}

static void test_tier_band(void)
{
	struct yd_cat_item it = {0};
	int64_t lo, hi;
	it.lo = 100, it.hi = 1000, it.lenient_max = 300, it.severe_min = 700;
	CHECK(yd_cat_tier_band(&it, YD_TIER_LENIENT, &lo, &hi) == 0 && lo == 100 && hi == 300);
	CHECK(yd_cat_tier_band(&it, YD_TIER_GENERAL, &lo, &hi) == 0 && lo == 300 && hi == 700);
	CHECK(yd_cat_tier_band(&it, YD_TIER_SEVERE, &lo, &hi) == 0 && lo == 700 && hi == 1000);
	/* 减轻: at most the legal minimum; 不予处罚: nothing */
	CHECK(yd_cat_tier_band(&it, YD_TIER_MITIGATED, &lo, &hi) == 0 && lo == 0 && hi == 100);
	CHECK(yd_cat_tier_band(&it, YD_TIER_NONE, &lo, &hi) == 0 && lo == 0 && hi == 0);
	CHECK_INT(yd_cat_tier_band(&it, YD_TIER_UNKNOWN, &lo, &hi), -1);
}

static void test_fen(void)
{
	struct yd_cat_item fixed = {0}, mult = {0};
	fixed.kind = YD_KIND_FIXED;
	mult.kind = YD_KIND_MULTIPLE;
	/* fixed: the bound itself whatever the base */
	CHECK_INT(yd_cat_fen_down(&fixed, 5000, 123), 5000);
	CHECK_INT(yd_cat_fen_up(&fixed, 5000, -1), 5000);
	/* 1.5 times (1500000 ppm) a base of 333 fen is 499.5 fen: 499 at or
	 * below, 500 at or above, and both meet it */
	CHECK_INT(yd_cat_fen_down(&mult, 1500000, 333), 499);
	CHECK_INT(yd_cat_fen_up(&mult, 1500000, 333), 500);
	CHECK(yd_cat_fen_meets(&mult, 1500000, 333, 499));
	CHECK(yd_cat_fen_meets(&mult, 1500000, 333, 500));
	CHECK(!yd_cat_fen_meets(&mult, 1500000, 333, 501));
	/* exact: no rounding */
	CHECK_INT(yd_cat_fen_up(&mult, 2000000, 1000), 2000);
	/* past int64: saturates rather than wraps */
	CHECK_INT(yd_cat_fen_up(&mult, INT64_MAX / 2, INT64_MAX / 2), INT64_MAX);
}

static void test_find_at(void)
{
	/* violation 7 in two versions (from 2020-01-01 until 2021-12-31, then
	 * from 2023-01-01), violation 9 undated */
	struct yd_cat_item items[3] = {{0}};
	items[0].violation_id = 7, items[0].from = 20200101, items[0].to = 20211231, items[0].hi = 1;
	items[1].violation_id = 7, items[1].from = 20230101, items[1].hi = 2;
	items[2].violation_id = 9, items[2].hi = 3;
	struct yd_catalogue cat = {items, 3, NULL, 0};
	int32_t next = 0;
	const struct yd_cat_item *it = yd_catalogue_find_at(&cat, 7, 20210615, &next);
	CHECK(it == &items[0]);
	/* in the gap between the versions: none, and the day the next starts */
	CHECK(yd_catalogue_find_at(&cat, 7, 20220615, &next) == NULL);
	CHECK_INT(next, 20230101);
	/* before every version */
	CHECK(yd_catalogue_find_at(&cat, 7, 20190101, &next) == NULL);
	CHECK_INT(next, 20200101);
	CHECK(yd_catalogue_find_at(&cat, 7, 20240101, NULL) == &items[1]);
	/* 0: the latest; an unknown violation: none, *next 0 */
	CHECK(yd_catalogue_find_at(&cat, 7, 0, NULL) == &items[1]);
	CHECK(yd_catalogue_find_at(&cat, 8, 20240101, &next) == NULL);
	CHECK_INT(next, 0);
	CHECK(yd_catalogue_find(&cat, 9) == &items[2]);
	CHECK(yd_catalogue_versioned(&cat));
}

static void test_name_key(void)
{
	char k[64];
	/* full-width forms folded, spaces of every kind removed */
	yd_cat_name_key("擅自 占用\t城市道路（Ａ）", k, sizeof k);
	CHECK_STR(k, "擅自占用城市道路(A)");
	/* cut at the size, never inside a UTF-8 character (3 bytes each) */
	yd_cat_name_key("城市道路", k, 8);
	CHECK_STR(k, "城市");
}

/* A clean CSV through a temporary database and back: the given tiers kept,
 * the missing ones split 30/70, a multiple in millionths of its base. */
static void test_import_load(void)
{
	char dir[] = "/tmp/yd-test-catalogue-XXXXXX", csv[128], dbp[128];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(csv, sizeof csv, "%s/c.csv", dir);
	snprintf(dbp, sizeof dbp, "%s/t.db", dir);
	int wrote = t_write_file(csv, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max,lenient_max,severe_min\n"
				      "A1,甲,法一,fixed,1000,10000,3000,7000\n"
				      "B2,乙,法二,定额,0,5,,\n"
				      "C3,丙,法三,multiple,1,3,,\n");
	CHECK_INT(wrote, 0);
	if (wrote != 0)
		return;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_cat_stats st;
	struct yd_catalogue cat = {0};
	CHECK_INT(yd_db_open(dbp, 0, &db, &err), 0);
	CHECK_INT(yd_catalogue_import(db, csv, YD_ENC_AUTO, NULL, &st, &err), 0);
	CHECK_INT(st.items, 3);
	CHECK_INT(st.published, 0);
	CHECK_INT(yd_catalogue_load(db, &cat, &err), 0);
	CHECK_INT(cat.n, 3);
	for (size_t i = 0; i < cat.n; i++) {
		const struct yd_cat_item *it = &cat.items[i];
		if (strcmp(it->code, "A1") == 0) {
			CHECK(it->tiers_given && it->lo == 100000 && it->hi == 1000000);
			CHECK(it->lenient_max == 300000 && it->severe_min == 700000);
		} else if (strcmp(it->code, "B2") == 0) {
			/* 0..500 fen: 150 and 350 */
			CHECK(!it->tiers_given && it->lenient_max == 150 && it->severe_min == 350);
		} else {
			CHECK_STR(it->code, "C3");
			CHECK(it->kind == YD_KIND_MULTIPLE && it->lo == 1000000 && it->hi == 3000000);
			CHECK(it->lenient_max == 1600000 && it->severe_min == 2400000);
		}
	}
	yd_catalogue_release(&cat);
	/* a bad row fails the file naming it, and the stored catalogue stays */
	CHECK_INT(t_write_file(csv, "violation_code,fine_kind,fine_min,fine_max\nZ9,weird,1,2\n"), 0);
	CHECK(yd_catalogue_import(db, csv, YD_ENC_AUTO, NULL, &st, &err) < 0);
	CHECK(strstr(err.msg, "c.csv:2:") != NULL);
	CHECK_INT(yd_catalogue_load(db, &cat, &err), 0);
	CHECK_INT(cat.n, 3);
	yd_catalogue_release(&cat);
	yd_db_close(db);
	t_rm_dir(dir);
}

int main(void)
{
	RUN(test_tier_split);
	RUN(test_tier_band);
	RUN(test_fen);
	RUN(test_find_at);
	RUN(test_name_key);
	RUN(test_import_load);
	return t_report("catalogue");
}
