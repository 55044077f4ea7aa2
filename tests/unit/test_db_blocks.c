/* db_blocks: a result packed and unpacked is the same (the tail
 * probability not stored, an absent farness 0, no method without a peer
 * level); results stored over two blocks (4,096 cases each) read back in
 * case order by the walk, by the verdict walk beside a scan that also
 * meets cases without a result, and through the virtual table yd_result. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_blocks.h"
#include "youdu/db_results.h"

static char dir[] = "/tmp/yd-test-db-blocks-XXXXXX";

static void test_pack(void)
{
	unsigned char p[YD_DB_RESULT_SIZE];
	struct yd_result r, u;
	int64_t rowid = 0;
	memset(&r, 0, sizeof r);
	r.verdict = YD_V_OVER, r.level = 2, r.party_used = 1, r.method = 3;
	r.peer_n = 17, r.peer_median = 123456.5;
	r.scale = 0.25f, r.percentile = 0.975f, r.z = 3.5f, r.farness = 1.75f;
	r.df = 16, r.p = 0.01f, r.above = 4, r.below = 13, r.widened = 1;
	yd_db_blocks_pack(p, 9876543210LL, &r);
	yd_db_blocks_unpack(p, &rowid, &u);
	CHECK_INT(rowid, 9876543210LL);
	CHECK_INT(u.verdict, YD_V_OVER);
	CHECK_INT(u.level, 2);
	CHECK_INT(u.party_used, 1);
	CHECK_INT(u.method, 3);
	CHECK_INT(u.peer_n, 17);
	CHECK_NEAR(u.peer_median, 123456.5, 0);
	CHECK_NEAR(u.scale, 0.25, 0);
	CHECK_NEAR(u.percentile, 0.975f, 0);
	CHECK_NEAR(u.z, 3.5, 0);
	CHECK_NEAR(u.farness, 1.75, 0);
	CHECK_NEAR(u.df, 16, 0);
	CHECK(isnan(u.p)); /* computed where shown, never stored */
	CHECK_INT(u.above, 4);
	CHECK_INT(u.below, 13);
	CHECK_INT(u.widened, 1);
	/* without a peer level: no method; absent figures stay NAN, farness 0 */
	r.level = YD_LEVEL_NONE;
	r.peer_median = NAN, r.scale = r.z = NAN, r.farness = NAN;
	yd_db_blocks_pack(p, 5, &r);
	yd_db_blocks_unpack(p, &rowid, &u);
	CHECK_INT(rowid, 5);
	CHECK_INT(u.method, 0);
	CHECK(isnan(u.peer_median) && isnan(u.scale) && isnan(u.z));
	CHECK_NEAR(u.farness, 0, 0);
}

enum { NCASES = 6300 };

/* Case i's verdict: every third case (i % 3 == 2) has no result. */
static int verdict_of(int64_t rowid)
{
	return rowid % 3 == 2 ? -1 : (int)(rowid % 5 == 0 ? YD_V_UNDER : YD_V_OK);
}

static void test_stored(void)
{
	struct yd_db *db = t_db_open(dir, NULL);
	if (!db)
		return;
	struct yd_error err = {0};
	int64_t *ids = malloc(NCASES * sizeof *ids);
	struct yd_result *res = calloc(NCASES, sizeof *res);
	size_t n = 0;
	for (int64_t id = 1; id <= NCASES && ids && res; id++) {
		if (verdict_of(id) < 0)
			continue;
		ids[n] = id;
		res[n].verdict = (int8_t)verdict_of(id);
		res[n].level = YD_LEVEL_NONE;
		res[n].peer_n = (int32_t)id; /* to tell them apart */
		res[n].peer_median = NAN;
		res[n].scale = res[n].percentile = res[n].z = NAN;
		n++;
	}
	/* 4,200 results: a full block of 4,096 and one of 104 */
	CHECK_INT(n, NCASES - NCASES / 3);
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_results_clear(db, &err), 0);
	CHECK_INT(yd_db_results_add(db, ids, res, n, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);
	sqlite3_stmt *st = NULL;
	CHECK_INT(sqlite3_prepare_v2(yd_db_handle(db), "SELECT group_concat(n) FROM (SELECT n FROM result_block ORDER BY first_rowid)", -1, &st, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "4096,104");
	sqlite3_finalize(st);

	/* the walk: every result once, in case order */
	struct yd_db_blocks_walk w;
	struct yd_result r;
	int64_t rowid = 0, last = 0;
	size_t seen = 0, ordered = 0, same = 0;
	CHECK_INT(yd_db_blocks_walk_open(yd_db_handle(db), &w), SQLITE_OK);
	while (yd_db_blocks_walk_next(&w, &rowid, &r) == 1) {
		ordered += rowid > last;
		same += r.verdict == verdict_of(rowid) && r.peer_n == rowid;
		last = rowid;
		seen++;
	}
	yd_db_blocks_walk_close(&w);
	CHECK_INT(seen, n);
	CHECK_INT(ordered, n);
	CHECK_INT(same, n);

	/* the verdict walk beside a scan of all case ids, with gaps */
	struct yd_db_verdict_walk *v = yd_db_blocks_verdicts_open(yd_db_handle(db));
	CHECK(v != NULL);
	size_t right = 0;
	for (int64_t id = 1; id <= NCASES && v; id++)
		right += yd_db_blocks_verdicts_get(v, id) == verdict_of(id);
	CHECK_INT(right, NCASES);
	yd_db_blocks_verdicts_close(v);
	yd_db_blocks_verdicts_close(NULL);

	/* SQL through yd_result: case 10 (under), the counts */
	CHECK_INT(sqlite3_prepare_v2(yd_db_handle(db),
				     "SELECT count(*), sum(verdict = ?1), min(case_rowid), max(case_rowid),"
				     " (SELECT verdict FROM yd_result WHERE case_rowid = 10) FROM yd_result",
				     -1, &st, NULL),
		  SQLITE_OK);
	sqlite3_bind_int(st, 1, YD_V_UNDER);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int64(st, 0), (int64_t)n);
	/* multiples 5k of 5 up to 6300, without those 2 mod 3 (k 1 mod 3) */
	CHECK_INT(sqlite3_column_int64(st, 1), 1260 - 420);
	CHECK_INT(sqlite3_column_int64(st, 2), 1);
	CHECK_INT(sqlite3_column_int64(st, 3), 6300); /* 0 mod 3: has one */
	CHECK_INT(sqlite3_column_int(st, 4), YD_V_UNDER);
	sqlite3_finalize(st);
	free(ids);
	free(res);
	yd_db_close(db);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_pack);
	RUN(test_stored);
	t_rm_dir(dir);
	return t_report("db_blocks");
}
