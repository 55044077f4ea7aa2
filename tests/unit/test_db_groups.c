/* db_groups: stored peer groups and similar-case lists through a temporary
 * database - a group read back by its whole key (each part of the key
 * tells groups apart), its statistics, levels and values kept, NAN kept as
 * NAN; a missing group is 0; similar lists by region and for every region
 * in region order, other contexts and tiers apart. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_groups.h"

static char dir[] = "/tmp/yd-test-groups-XXXXXX";

static void test_peer_groups(struct yd_db *db)
{
	struct yd_error err = {0};
	double xs[4] = {1.0, 2.5, 2.5, 7.0};
	struct yd_group_summary g;
	memset(&g, 0, sizeof g);
	g.violation = 3, g.context = 5, g.widened = 0, g.tier = 4, g.party = 2, g.level = 1, g.region = 9;
	g.n = 4, g.median = 2.5, g.mad = 0.75, g.qn = NAN, g.distinct = 1.25;
	g.median_nat = 250000, g.q1_nat = 100000, g.q3_nat = 700000;
	g.levels[0].x = 2.5, g.levels[0].count = 2;
	g.nlevels = 1;
	g.xs = xs, g.nxs = 4;
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_peer_group_add(db, &g, &err), 0);
	/* the same key but widened, with other figures */
	double ys[1] = {9.0};
	struct yd_group_summary w = g;
	w.widened = 1, w.n = 1, w.median = 9.0, w.qn = 0.5, w.distinct = NAN, w.nlevels = 0, w.xs = ys, w.nxs = 1;
	CHECK_INT(yd_db_peer_group_add(db, &w, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);

	struct yd_group_summary b;
	CHECK_INT(yd_db_peer_group_get(db, 3, 5, 0, 4, 2, 1, 9, &b, &err), 1);
	CHECK_INT(b.violation, 3);
	CHECK_INT(b.region, 9);
	CHECK_INT(b.n, 4);
	CHECK(b.median == 2.5 && b.mad == 0.75 && b.distinct == 1.25);
	CHECK(isnan(b.qn));
	CHECK(b.median_nat == 250000 && b.q1_nat == 100000 && b.q3_nat == 700000);
	CHECK_INT(b.nlevels, 1);
	CHECK(b.levels[0].x == 2.5 && b.levels[0].count == 2);
	CHECK_INT(b.nxs, 4);
	if (b.nxs == 4)
		CHECK(b.xs[0] == 1.0 && b.xs[1] == 2.5 && b.xs[2] == 2.5 && b.xs[3] == 7.0);
	free(b.xs);

	CHECK_INT(yd_db_peer_group_get(db, 3, 5, 1, 4, 2, 1, 9, &b, &err), 1);
	CHECK_INT(b.widened, 1);
	CHECK_INT(b.n, 1);
	CHECK(b.median == 9.0 && b.qn == 0.5);
	CHECK(isnan(b.distinct));
	CHECK_INT(b.nlevels, 0);
	CHECK(b.nxs == 1 && b.xs[0] == 9.0);
	free(b.xs);

	/* any one part of the key different: no group */
	CHECK_INT(yd_db_peer_group_get(db, 4, 5, 0, 4, 2, 1, 9, &b, &err), 0);
	CHECK_INT(yd_db_peer_group_get(db, 3, 0, 0, 4, 2, 1, 9, &b, &err), 0);
	CHECK_INT(yd_db_peer_group_get(db, 3, 5, 0, 3, 2, 1, 9, &b, &err), 0);
	CHECK_INT(yd_db_peer_group_get(db, 3, 5, 0, 4, 0, 1, 9, &b, &err), 0);
	CHECK_INT(yd_db_peer_group_get(db, 3, 5, 0, 4, 2, 0, 9, &b, &err), 0);
	CHECK_INT(yd_db_peer_group_get(db, 3, 5, 0, 4, 2, 1, 8, &b, &err), 0);
}

struct lists {
	int calls;
	int32_t region[4];
	size_t n[4];
	struct yd_dated first[4], last[4];
};

static int take(void *data, int32_t region, const struct yd_dated *v, size_t n)
{
	struct lists *l = data;
	if (l->calls < 4) {
		l->region[l->calls] = region;
		l->n[l->calls] = n;
		if (n) {
			l->first[l->calls] = v[0];
			l->last[l->calls] = v[n - 1];
		}
	}
	l->calls++;
	return 0;
}

static void test_similar(struct yd_db *db)
{
	struct yd_error err = {0};
	struct yd_dated a[3] = {{20240101, 0, 11}, {20240201, 0, 12}, {20240301, 0, 13}};
	struct yd_dated b[2] = {{20230505, 0, 21}, {20240909, 0, 22}};
	struct yd_dated c[1] = {{20220101, 0, 31}};
	CHECK_INT(yd_db_begin(db, &err), 0);
	/* region 8 stored after region 2: read in region order */
	CHECK_INT(yd_db_similar_add(db, 3, 0, 4, 8, a, 3, &err), 0);
	CHECK_INT(yd_db_similar_add(db, 3, 0, 4, 2, b, 2, &err), 0);
	CHECK_INT(yd_db_similar_add(db, 3, 5, 4, 2, c, 1, &err), 0); /* another context */
	CHECK_INT(yd_db_similar_add(db, 3, 0, 5, 2, c, 1, &err), 0); /* another tier */
	CHECK_INT(yd_db_commit(db, &err), 0);

	struct lists l = {0};
	CHECK_INT(yd_db_similar_each(db, 3, 0, 4, 0, take, &l, &err), 0);
	CHECK_INT(l.calls, 2);
	CHECK_INT(l.region[0], 2);
	CHECK_INT(l.n[0], 2);
	CHECK_INT(l.first[0].rowid, 21);
	CHECK_INT(l.last[0].date, 20240909);
	CHECK_INT(l.region[1], 8);
	CHECK_INT(l.n[1], 3);
	CHECK_INT(l.first[1].date, 20240101);
	CHECK_INT(l.last[1].rowid, 13);

	memset(&l, 0, sizeof l);
	CHECK_INT(yd_db_similar_each(db, 3, 0, 4, 8, take, &l, &err), 0);
	CHECK_INT(l.calls, 1);
	CHECK_INT(l.region[0], 8);
	CHECK_INT(l.n[0], 3);

	memset(&l, 0, sizeof l);
	CHECK_INT(yd_db_similar_each(db, 3, 5, 4, 0, take, &l, &err), 0);
	CHECK_INT(l.calls, 1);
	CHECK_INT(l.first[0].rowid, 31);

	memset(&l, 0, sizeof l);
	CHECK_INT(yd_db_similar_each(db, 3, 0, 4, 7, take, &l, &err), 0);
	CHECK_INT(l.calls, 0);
	CHECK_INT(yd_db_similar_each(db, 9, 0, 4, 0, take, &l, &err), 0);
	CHECK_INT(l.calls, 0);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	struct yd_db *db = t_db_open(dir, NULL);
	if (!db)
		return t_report("db_groups");
	test_peer_groups(db);
	test_similar(db);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("db_groups");
}
