/* db_catalogue against a temporary database: items stored (a second of
 * the same version ignored), loaded back by violation then version, the
 * name given to the violation; the signature changes with the stored
 * catalogue and comes back when it is cleared; a published table's rows
 * listed by code, version and seq, all or those in force on a day; a
 * version dropped with its rows. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/catalogue.h"
#include "youdu/db.h"
#include "youdu/db_catalogue.h"

static char dir[] = "/tmp/yd-test-db-catalogue-XXXXXX";
static struct yd_db *db;
static int64_t a1, b2;

struct rows {
	int n;
	char seen[8][96]; /* "code from seq text to" */
};

static int take(void *data, const char *code, const char *name, const struct yd_cat_row *row)
{
	struct rows *r = data;
	(void)name;
	if (r->n < 8)
		snprintf(r->seen[r->n], sizeof r->seen[0], "%s %d %d %s %d", code, (int)row->from, row->seq, row->text,
			 (int)row->to);
	r->n++;
	return 0;
}

static struct rows rows_at(int32_t at)
{
	struct rows r;
	struct yd_error err = {0};
	memset(&r, 0, sizeof r);
	CHECK_INT(yd_db_catalogue_rows_each(db, at, take, &r, &err), 0);
	return r;
}

static int64_t sig(void)
{
	int64_t s = 0;
	struct yd_error err = {0};
	CHECK_INT(yd_db_catalogue_sig(db, &s, &err), 0);
	return s;
}

static void add_row(int64_t violation, int32_t from, int seq, const char *text)
{
	struct yd_cat_row row;
	struct yd_error err = {0};
	memset(&row, 0, sizeof row);
	row.violation_id = violation, row.from = from, row.seq = seq, row.text = text;
	row.r.tier = YD_TIER_GENERAL, row.r.kind = YD_STD_FIXED, row.r.lo = 100000, row.r.hi = 200000;
	row.r.cap = YD_STD_NO_CAP, row.parsed = 1;
	CHECK_INT(yd_db_catalogue_row_add(db, &row, &err), 0);
}

static void test_items(void)
{
	struct yd_error err = {0};
	struct yd_catalogue cat = {0};
	int64_t empty = sig();
	CHECK_INT(empty, 1); /* nothing stored */
	/* A1 undated 1,000..10,000 yuan, and from 2024 2,000..20,000 */
	struct yd_cat_item it;
	memset(&it, 0, sizeof it);
	it.violation_id = a1, it.name = (char *)"擅自占道", it.basis = (char *)"法一", it.kind = YD_KIND_FIXED;
	it.lo = 100000, it.hi = 1000000, it.lenient_max = 300000, it.severe_min = 700000, it.tiers_given = 1;
	CHECK_INT(yd_db_catalogue_add(db, &it, &err), 0);
	CHECK_INT(yd_db_catalogue_add(db, &it, &err), 1); /* the same version again */
	int64_t one = sig();
	CHECK(one != empty);
	CHECK_INT(sig(), one);
	it.from = 20240101, it.lo = 200000, it.hi = 2000000, it.tiers_given = 0;
	CHECK_INT(yd_db_catalogue_add(db, &it, &err), 0);
	CHECK(sig() != one);
	CHECK_INT(yd_catalogue_load(db, &cat, &err), 0);
	CHECK_INT(cat.n, 2);
	if (cat.n == 2) {
		CHECK_INT(cat.items[0].from, 0);
		CHECK_INT(cat.items[0].hi, 1000000);
		CHECK_INT(cat.items[0].tiers_given, 1);
		CHECK_STR(cat.items[0].code, "A1");
		CHECK_STR(cat.items[0].name, "擅自占道");
		CHECK_STR(cat.items[0].basis, "法一");
		CHECK_INT(cat.items[1].from, 20240101);
		CHECK_INT(cat.items[1].lo, 200000);
	}
	yd_catalogue_release(&cat);

	/* rows: A1 undated, A1 from 2024 (two), B2 without an item */
	add_row(a1, 0, 0, "一千元以上一万元以下");
	add_row(a1, 20240101, 1, "二千元以上二万元以下");
	add_row(a1, 20240101, 0, "二千元以上");
	add_row(b2, 0, 0, "看不懂");
	struct rows r = rows_at(0);
	CHECK_INT(r.n, 4);
	CHECK_STR(r.seen[0], "A1 0 0 一千元以上一万元以下 0");
	CHECK_STR(r.seen[1], "A1 20240101 0 二千元以上 0");
	CHECK_STR(r.seen[2], "A1 20240101 1 二千元以上二万元以下 0");
	CHECK_STR(r.seen[3], "B2 0 0 看不懂 0");
	/* in force on a day: the version begun last by then; B2 has no item */
	r = rows_at(20230601);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.seen[0], "A1 0 0 一千元以上一万元以下 0");
	r = rows_at(20240601);
	CHECK_INT(r.n, 2);
	CHECK_STR(r.seen[0], "A1 20240101 0 二千元以上 0");

	/* the 2024 version dropped, its rows with it */
	CHECK_INT(yd_db_catalogue_drop_version(db, a1, 20240101, &err), 0);
	CHECK(sig() != one); /* the rows still count */
	CHECK_INT(yd_catalogue_load(db, &cat, &err), 0);
	CHECK_INT(cat.n, 1);
	yd_catalogue_release(&cat);
	r = rows_at(0);
	CHECK_INT(r.n, 2);
	r = rows_at(20240601);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.seen[0], "A1 0 0 一千元以上一万元以下 0");

	/* cleared: nothing, and the signature of nothing */
	CHECK_INT(yd_db_catalogue_clear(db, &err), 0);
	CHECK_INT(yd_catalogue_load(db, &cat, &err), 0);
	CHECK_INT(cat.n, 0);
	yd_catalogue_release(&cat);
	CHECK_INT(rows_at(0).n, 0);
	CHECK_INT(sig(), empty);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	struct yd_error err = {0};
	if (!(db = t_db_open(dir, NULL)))
		return t_report("db_catalogue");
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "A1", NULL, &a1, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "B2", NULL, &b2, &err), 0);
	RUN(test_items);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("db_catalogue");
}
