/* db_review: dispositions through a temporary database - stored with the
 * decision as it is, read back; stale when the decision's fine changes or
 * its verdict differs from when it was reviewed, and fresh again when
 * written anew (but left as it is by an equal one with keep_same); an
 * unknown case or violation named with its column; the history of every
 * change with who and what it was before; the list ordered by case id and
 * found by row id; similar decisions marked with their dispositions. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_results.h"
#include "youdu/db_review.h"
#include "youdu/error.h"
#include "youdu/judge.h"

static char dir[] = "/tmp/yd-test-review-XXXXXX";
static struct yd_db *db;
static int64_t src, reg, viol, id[2];

static struct yd_case a_case(const char *case_id, int64_t fine)
{
	struct yd_case c;
	memset(&c, 0, sizeof c);
	c.case_id = case_id;
	c.violation_id = viol;
	c.date = 20240105;
	c.region_id = reg;
	c.tier = YD_TIER_GENERAL;
	c.fine = fine;
	c.base = -1;
	c.source_id = src;
	c.line = 2;
	return c;
}

struct events {
	int n;
	char who[8][16], via[8][8];
	int from[8], to[8];
};

static int on_event(void *data, const struct yd_review_event *e)
{
	struct events *s = data;
	if (s->n < 8) {
		snprintf(s->who[s->n], sizeof s->who[0], "%s", e->who);
		snprintf(s->via[s->n], sizeof s->via[0], "%s", e->via);
		s->from[s->n] = e->from;
		s->to[s->n] = (int)e->to;
	}
	s->n++;
	return 0;
}

static void test_review(void)
{
	struct yd_error err = {0};
	struct yd_review_who w = {"2025-01-01T00:00:00Z", "set", "admin"};
	struct yd_disposition d = {"K1", "CG001", YD_REVIEW_CONFIRMED, YD_REASON_NONE, "罚款过高", "张三", 20250301, 20250101};
	struct yd_review_row row;
	int written = -1;
	enum yd_review_col col = YD_RCOL_DATE;

	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_review_put(db, &d, &w, 1, &written, &col, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);
	CHECK_INT(written, 1);
	CHECK_INT(yd_db_review_get(db, "K1", "CG001", &row, &err), 1);
	CHECK_INT(row.rowid, id[0]);
	CHECK_INT(row.status, YD_REVIEW_CONFIRMED);
	CHECK_INT(row.shown, YD_REVIEW_CONFIRMED);
	CHECK_STR(row.note, "罚款过高");
	CHECK_STR(row.reviewer, "张三");
	CHECK_STR(row.region, "浙江省/杭州市");
	CHECK_STR(row.agency, "");
	CHECK_INT(row.deadline, 20250301);
	CHECK_INT(row.date, 20250101);
	CHECK_INT(row.decision_date, 20240105);
	CHECK_INT(row.verdict, -1); /* no analysis */
	CHECK_INT(row.at_verdict, -1);
	CHECK_INT(row.changed, 0);
	CHECK_INT(row.stale, 0);
	yd_review_row_release(&row);
	CHECK_INT(yd_db_review_get(db, "K2", "CG001", &row, &err), 0);

	/* unknown: the case id, then a violation the case does not have */
	struct yd_disposition u = d;
	u.case_id = "K9";
	CHECK_INT(yd_db_review_put(db, &u, &w, 0, &written, &col, &err), YD_EUSAGE);
	CHECK_INT(col, YD_RCOL_CASE_ID);
	CHECK_INT(written, 0);
	u.case_id = "K1", u.violation_code = "CG777";
	CHECK_INT(yd_db_review_put(db, &u, &w, 0, &written, &col, &err), YD_EUSAGE);
	CHECK_INT(col, YD_RCOL_VIOLATION_CODE);
	CHECK(strstr(err.msg, "CG001") != NULL); /* names the case's violations */
	/* a dismissal without its reason */
	u = d;
	u.status = YD_REVIEW_DISMISSED, u.deadline = 0;
	CHECK_INT(yd_db_review_put(db, &u, &w, 0, &written, &col, &err), YD_EUSAGE);
	CHECK_INT(col, YD_RCOL_REASON);

	/* the fine changes: stale, its status kept */
	struct yd_case c = a_case("K1", 60000);
	CHECK_INT(yd_db_case_replace(db, &c, &err), 0);
	CHECK_INT(yd_db_review_get(db, "K1", "CG001", &row, &err), 1);
	CHECK_INT(row.changed, 1);
	CHECK_INT(row.stale, 1);
	CHECK_INT(row.shown, YD_REVIEW_STALE);
	CHECK_INT(row.status, YD_REVIEW_CONFIRMED);
	yd_review_row_release(&row);
	/* the same disposition again with keep_same: nothing written, still stale */
	CHECK_INT(yd_db_review_put(db, &d, &w, 1, &written, NULL, &err), 0);
	CHECK_INT(written, 0);
	CHECK_INT(yd_db_review_get(db, "K1", "CG001", &row, &err), 1);
	CHECK_INT(row.stale, 1);
	yd_review_row_release(&row);
	/* without keep_same: recorded as the decision is now, fresh */
	w.via = "import";
	CHECK_INT(yd_db_review_put(db, &d, &w, 0, &written, NULL, &err), 0);
	CHECK_INT(written, 1);
	CHECK_INT(yd_db_review_get(db, "K1", "CG001", &row, &err), 1);
	CHECK_INT(row.stale, 0);
	yd_review_row_release(&row);

	/* an analysis judges K1 over-penalized: its verdict differs from none */
	int64_t rowids[2] = {id[0], id[1]};
	struct yd_result r[2];
	memset(r, 0, sizeof r);
	for (int i = 0; i < 2; i++) {
		r[i].verdict = (int8_t)(i ? YD_V_OK : YD_V_OVER);
		r[i].level = YD_LEVEL_REGION;
		r[i].peer_median = NAN;
		r[i].scale = r[i].percentile = r[i].z = NAN;
	}
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_results_clear(db, &err), 0);
	CHECK_INT(yd_db_results_add(db, rowids, r, 2, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);
	CHECK_INT(yd_db_review_get(db, "K1", "CG001", &row, &err), 1);
	CHECK_INT(row.verdict, YD_V_OVER);
	CHECK_INT(row.at_verdict, -1);
	CHECK_INT(row.changed, 0);
	CHECK_INT(row.stale, 1);
	yd_review_row_release(&row);

	/* K2 dismissed, no reviewer named: the history's who is w's */
	struct yd_disposition d2 = {"K2", "CG001", YD_REVIEW_DISMISSED, YD_REASON_LAWFUL_LEVEL, "", "", 0, 20250102};
	w.via = "serve";
	CHECK_INT(yd_db_review_put(db, &d2, &w, 0, &written, NULL, &err), 0);
	CHECK_INT(yd_db_review_get(db, "K2", "CG001", &row, &err), 1);
	CHECK_INT(row.at_verdict, YD_V_OK); /* reviewed after the analysis */
	CHECK_INT(row.stale, 0);
	CHECK_INT(row.reason, YD_REASON_LAWFUL_LEVEL);
	yd_review_row_release(&row);

	/* the history: K1 set, K1 import (from stale), K2 serve */
	struct events ev = {0};
	CHECK_INT(yd_db_review_history_each(db, NULL, NULL, on_event, &ev, &err), 0);
	CHECK_INT(ev.n, 3);
	CHECK_STR(ev.who[0], "张三");
	CHECK_STR(ev.via[0], "set");
	CHECK_INT(ev.from[0], -1);
	CHECK_INT(ev.to[0], YD_REVIEW_CONFIRMED);
	CHECK_STR(ev.via[1], "import");
	CHECK_INT(ev.from[1], YD_REVIEW_STALE);
	CHECK_STR(ev.who[2], "admin");
	CHECK_INT(ev.to[2], YD_REVIEW_DISMISSED);
	memset(&ev, 0, sizeof ev);
	CHECK_INT(yd_db_review_history_each(db, "K2", "CG001", on_event, &ev, &err), 0);
	CHECK_INT(ev.n, 1);

	/* the list, by case id; found by row id */
	struct yd_review_list l;
	CHECK_INT(yd_db_review_load(db, &l, &err), 0);
	CHECK_INT(l.n, 2);
	if (l.n == 2) {
		CHECK_STR(l.rows[0].case_id, "K1");
		CHECK_INT(l.rows[0].shown, YD_REVIEW_STALE);
		CHECK_STR(l.rows[1].case_id, "K2");
		CHECK_INT(l.rows[1].shown, YD_REVIEW_DISMISSED);
	}
	const struct yd_review_row *f = yd_review_list_find(&l, id[1]);
	CHECK(f != NULL && strcmp(f->case_id, "K2") == 0);
	CHECK(yd_review_list_find(&l, id[1] + 100) == NULL);
	yd_review_list_release(&l);

	/* similar decisions marked as they stand */
	struct yd_similar sim[3];
	memset(sim, 0, sizeof sim);
	snprintf(sim[0].case_id, sizeof sim[0].case_id, "K2");
	snprintf(sim[1].case_id, sizeof sim[1].case_id, "K1");
	snprintf(sim[2].case_id, sizeof sim[2].case_id, "K3");
	CHECK_INT(yd_db_review_mark_similar(db, "CG001", sim, 3, &err), 0);
	CHECK_STR(sim[0].review, "dismissed");
	CHECK_STR(sim[1].review, "stale");
	CHECK_STR(sim[2].review, "");
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	struct yd_error err = {0};
	if (!(db = t_db_open(dir, NULL)))
		return t_report("db_review");
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "a.csv", NULL, &src, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市", NULL, &reg, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "CG001", NULL, &viol, &err), 0);
	struct yd_case c = a_case("K1", 50000);
	CHECK_INT(yd_db_case_insert(db, &c, &id[0], &err), 0);
	c = a_case("K2", 20000);
	CHECK_INT(yd_db_case_insert(db, &c, &id[1], &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);
	test_review();
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("db_review");
}
