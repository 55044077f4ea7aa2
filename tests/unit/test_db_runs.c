/* db_runs: the run ledger through a temporary database - every field read
 * back as written, a missing pooled scale (NAN) and an infinite weight kept
 * as such, the latest run the one loaded, and no run a state error. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_runs.h"
#include "youdu/error.h"

static void test_round_trip(void)
{
	char dir[] = "/tmp/yd-test-runs-XXXXXX";
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_ledger a, b;
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	if (!(db = t_db_open(dir, NULL)))
		return;
	/* no run yet */
	CHECK_INT(yd_db_run_load(db, &b, &err), YD_ESTATE);

	memset(&a, 0, sizeof a);
	a.min_peers = 12, a.min_heaped = 30;
	a.fdr = 0.05, a.ratio = 1.5, a.min_scale = 0.1, a.max_share = 0.05;
	a.prior_scale = NAN, a.prior_df = INFINITY;
	a.local_ratio = 2.25, a.local_df = 17.5;
	a.p_cut = 0.0125, a.tested = 400, a.discoveries = 9;
	a.year = 2024, a.read = 1000, a.outside_year = 100, a.no_catalogue = 7, a.no_base = 3, a.judged = 900;
	for (int v = 0; v < YD_V_COUNT; v++)
		a.counts[v] = 10 * v + 1; /* distinct per verdict: a swap shows */
	a.max_case_id = 123456789012LL, a.catalogue_sig = -42, a.cases_replaced = 5;
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_run_add(db, &a, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);
	CHECK(a.run_id > 0);

	CHECK_INT(yd_db_run_load(db, &b, &err), 0);
	CHECK_INT(b.run_id, a.run_id);
	CHECK_INT(b.min_peers, 12);
	CHECK_INT(b.min_heaped, 30);
	CHECK(b.fdr == 0.05 && b.ratio == 1.5 && b.min_scale == 0.1 && b.max_share == 0.05);
	CHECK(isnan(b.prior_scale));
	CHECK(isinf(b.prior_df) && b.prior_df > 0);
	CHECK(b.local_ratio == 2.25 && b.local_df == 17.5);
	CHECK(b.p_cut == 0.0125);
	CHECK_INT(b.tested, 400);
	CHECK_INT(b.discoveries, 9);
	CHECK_INT(b.year, 2024);
	CHECK_INT(b.read, 1000);
	CHECK_INT(b.outside_year, 100);
	CHECK_INT(b.no_catalogue, 7);
	CHECK_INT(b.no_base, 3);
	CHECK_INT(b.judged, 900);
	for (int v = 0; v < YD_V_COUNT; v++)
		CHECK_INT(b.counts[v], 10 * v + 1);
	CHECK_INT(b.max_case_id, 123456789012LL);
	CHECK_INT(b.catalogue_sig, -42);
	CHECK_INT(b.cases_replaced, 5);

	/* a second run: it is the one loaded; year 0 (all) reads back 0, a
	 * pooled scale and a finite weight, no local ratio */
	a.year = 0, a.prior_scale = 0.37, a.prior_df = 8, a.local_ratio = NAN, a.local_df = INFINITY;
	a.counts[YD_V_OK] = 77;
	CHECK_INT(yd_db_run_add(db, &a, &err), 0);
	CHECK_INT(yd_db_run_load(db, &b, &err), 0);
	CHECK_INT(b.run_id, a.run_id);
	CHECK_INT(b.year, 0);
	CHECK(b.prior_scale == 0.37 && b.prior_df == 8);
	CHECK(isnan(b.local_ratio));
	CHECK(isinf(b.local_df));
	CHECK_INT(b.counts[YD_V_OK], 77);
	CHECK_INT(b.counts[YD_V_INSUFFICIENT], 10 * YD_V_INSUFFICIENT + 1);

	yd_db_close(db);
	t_rm_dir(dir);
}

int main(void)
{
	RUN(test_round_trip);
	return t_report("db_runs");
}
