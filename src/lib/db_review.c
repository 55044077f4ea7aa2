/* db_review.c - the db module's queries of the review loop: dispositions,
 * their history, and what is stale now (db_review.h). */
#include "youdu/db_review.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/buf.h"
#include "youdu/db_analysis.h"
#include "youdu/db_results.h"
#include "youdu/strmap.h"

/* The decision's content now against the one recorded: 1 when changed. */
#define CHANGED_SQL                                                                                               \
	"(c.decision_date <> r.at_date OR c.region_id <> r.at_region_id OR c.party <> r.at_party OR"                \
	" c.tier <> r.at_tier OR c.fine <> r.at_fine OR c.base IS NOT r.at_base)"

/* The columns read into a struct yd_review_row by read_row. */
#define ROW_SQL                                                                                                   \
	"SELECT c.id, r.case_id, v.name, g.name, coalesce(a.name, ''), r.status, r.reason, r.note, r.reviewer,"     \
	" r.updated, coalesce(r.deadline, 0), r.date, coalesce(r.at_verdict, -1), " CHANGED_SQL ", c.decision_date"  \
	" FROM review r JOIN violation v ON v.id = r.violation_id"                                                  \
	" JOIN cases c ON c.case_id = r.case_id AND c.violation_id = r.violation_id"                                \
	" JOIN region g ON g.id = c.region_id LEFT JOIN agency a ON a.id = c.agency_id"

static void read_row(sqlite3_stmt *st, struct yd_review_row *row)
{
	memset(row, 0, sizeof *row);
	row->rowid = sqlite3_column_int64(st, 0);
	row->case_id = yd_xstrdup(yd_db_col_text(st, 1));
	row->violation_code = yd_xstrdup(yd_db_col_text(st, 2));
	row->region = yd_xstrdup(yd_db_col_text(st, 3));
	row->agency = yd_xstrdup(yd_db_col_text(st, 4));
	row->status = (enum yd_review_status)sqlite3_column_int(st, 5);
	row->reason = (enum yd_review_reason)sqlite3_column_int(st, 6);
	row->note = yd_xstrdup(yd_db_col_text(st, 7));
	row->reviewer = yd_xstrdup(yd_db_col_text(st, 8));
	row->updated = yd_xstrdup(yd_db_col_text(st, 9));
	row->deadline = sqlite3_column_int(st, 10);
	row->date = sqlite3_column_int(st, 11);
	row->at_verdict = sqlite3_column_int(st, 12);
	row->changed = sqlite3_column_int(st, 13);
	row->decision_date = sqlite3_column_int(st, 14);
	row->verdict = -1;
}

/* stale and shown, once verdict is known */
static void settle_row(struct yd_review_row *row)
{
	row->stale = row->changed || row->verdict != row->at_verdict;
	row->shown = row->stale ? YD_REVIEW_STALE : row->status;
}

void yd_review_row_release(struct yd_review_row *row)
{
	if (!row)
		return;
	free(row->case_id);
	free(row->violation_code);
	free(row->region);
	free(row->agency);
	free(row->note);
	free(row->reviewer);
	free(row->updated);
	memset(row, 0, sizeof *row);
}

/* The verdict of one case now, -1 when it has none. */
static int verdict_now(struct yd_db *db, int64_t rowid, int *verdict, struct yd_error *err)
{
	struct yd_result r;
	int rc = yd_db_result_get(db, rowid, &r, err);
	if (rc < 0)
		return rc;
	*verdict = rc ? r.verdict : -1;
	return 0;
}

int yd_db_review_get(struct yd_db *db, const char *case_id, const char *violation_code, struct yd_review_row *row,
		     struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	memset(row, 0, sizeof *row);
	if (sqlite3_prepare_v2(yd_db_handle(db), ROW_SQL " WHERE r.case_id = ? AND v.name = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return yd_db_fail(db, err, "reading a review");
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, violation_code, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		read_row(st, row);
		rc = 1;
	} else if (s != SQLITE_DONE) {
		rc = yd_db_fail(db, err, "reading a review");
	}
	sqlite3_finalize(st);
	if (rc == 1) {
		int v;
		if ((rc = verdict_now(db, row->rowid, &v, err)) < 0) {
			yd_review_row_release(row);
			return rc;
		}
		row->verdict = v;
		settle_row(row);
		rc = 1;
	}
	return rc;
}

struct rowid_index {
	int64_t rowid;
	size_t i;
};
static int by_rowid(const void *a, const void *b)
{
	int64_t x = ((const struct rowid_index *)a)->rowid, y = ((const struct rowid_index *)b)->rowid;
	return x < y ? -1 : x > y;
}

int yd_db_review_load(struct yd_db *db, struct yd_review_list *l, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int s, rc = 0;

	memset(l, 0, sizeof *l);
	if (sqlite3_prepare_v2(yd_db_handle(db), ROW_SQL " ORDER BY r.case_id, v.name", -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading reviews");
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		YD_ALLOC_GROW(l->rows, l->n + 1, cap);
		read_row(st, &l->rows[l->n++]);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		rc = yd_db_fail(db, err, "reading reviews");
		yd_review_list_release(l);
		return rc;
	}
	/* the verdicts now: one walk of the results in case order */
	struct rowid_index *ix = yd_xcalloc(l->n ? l->n : 1, sizeof *ix);
	for (size_t i = 0; i < l->n; i++)
		ix[i] = (struct rowid_index){l->rows[i].rowid, i};
	qsort(ix, l->n, sizeof *ix, by_rowid);
	l->by_rowid = yd_xcalloc(l->n ? l->n : 1, sizeof *l->by_rowid);
	for (size_t i = 0; i < l->n; i++)
		l->by_rowid[i] = ix[i].i;
	free(ix);
	if (l->n) {
		int64_t *ids = yd_xmalloc(l->n * sizeof *ids);
		int8_t *v = yd_xmalloc(l->n);
		for (size_t i = 0; i < l->n; i++)
			ids[i] = l->rows[l->by_rowid[i]].rowid;
		rc = yd_db_load_verdicts(db, ids, l->n, v, err);
		for (size_t i = 0; i < l->n && rc == 0; i++)
			l->rows[l->by_rowid[i]].verdict = v[i];
		free(ids);
		free(v);
	}
	for (size_t i = 0; i < l->n; i++)
		settle_row(&l->rows[i]);
	if (rc < 0)
		yd_review_list_release(l);
	return rc;
}

void yd_review_list_release(struct yd_review_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		yd_review_row_release(&l->rows[i]);
	free(l->rows);
	free(l->by_rowid);
	memset(l, 0, sizeof *l);
}

const struct yd_review_row *yd_review_list_find(const struct yd_review_list *l, int64_t rowid)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct yd_review_row *r = &l->rows[l->by_rowid[mid]];
		if (r->rowid == rowid)
			return r;
		if (r->rowid < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* An unknown decision: name the case's violations when the case id is known. */
static int unknown_case(struct yd_db *db, const struct yd_disposition *d, enum yd_review_col *col,
			struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	struct yd_buf b = YD_BUF_INIT;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT v.name FROM cases c JOIN violation v ON v.id = c.violation_id WHERE c.case_id = ?"
			       " ORDER BY v.name LIMIT 6",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "looking up a case");
	sqlite3_bind_text(st, 1, d->case_id, -1, SQLITE_STATIC);
	int k = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		yd_buf_addf(&b, "%s%s", k++ ? ", " : "", yd_db_col_text(st, 0));
	sqlite3_finalize(st);
	int rc;
	if (col)
		*col = k ? YD_RCOL_VIOLATION_CODE : YD_RCOL_CASE_ID;
	if (k)
		rc = yd_error_set(err, YD_EUSAGE, "unknown case: '%s' has no violation '%s' (it has %s)", d->case_id,
				  d->violation_code, yd_buf_str(&b));
	else
		rc = yd_error_set(err, YD_EUSAGE, "unknown case '%s': no imported decision has this case id", d->case_id);
	yd_buf_release(&b);
	return rc;
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int yd_db_review_put(struct yd_db *db, const struct yd_disposition *d, const struct yd_review_who *w, int keep_same,
		     int *written, enum yd_review_col *col, struct yd_error *err)
{
	sqlite3 *h = yd_db_handle(db);
	sqlite3_stmt *st = NULL;
	struct yd_review_row old;
	int64_t rowid = 0, violation_id = 0;
	int32_t date = 0;
	int region = 0, party = 0, tier = 0, verdict = -1, has_old = 0, rc, s;
	int64_t fine = 0, base = -1;

	if (written)
		*written = 0;
	memset(&old, 0, sizeof old);
	if ((rc = yd_review_check(d, col, err)) < 0)
		return rc;
	if (sqlite3_prepare_v2(h,
			       "SELECT c.id, c.violation_id, c.decision_date, c.region_id, c.party, c.tier, c.fine, c.base"
			       " FROM cases c JOIN violation v ON v.id = c.violation_id WHERE c.case_id = ? AND v.name = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "looking up a case");
	sqlite3_bind_text(st, 1, d->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->violation_code, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		rowid = sqlite3_column_int64(st, 0);
		violation_id = sqlite3_column_int64(st, 1);
		date = sqlite3_column_int(st, 2);
		region = sqlite3_column_int(st, 3);
		party = sqlite3_column_int(st, 4);
		tier = sqlite3_column_int(st, 5);
		fine = sqlite3_column_int64(st, 6);
		base = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (s == SQLITE_DONE)
		return unknown_case(db, d, col, err);
	if (s != SQLITE_ROW)
		return yd_db_fail(db, err, "looking up a case");
	if ((rc = verdict_now(db, rowid, &verdict, err)) < 0)
		return rc;
	if ((has_old = yd_db_review_get(db, d->case_id, d->violation_code, &old, err)) < 0)
		return has_old;
	if (has_old && keep_same && old.status == d->status && old.reason == d->reason && same_text(old.note, d->note) &&
	    same_text(old.reviewer, d->reviewer) && old.deadline == d->deadline && old.date == d->date) {
		yd_review_row_release(&old);
		return 0;
	}
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO review(case_id, violation_id, status, reason, note, reviewer, deadline, date,"
			       " at_date, at_region_id, at_party, at_tier, at_fine, at_base, at_verdict, updated)"
			       " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)"
			       " ON CONFLICT(case_id, violation_id) DO UPDATE SET status=?3, reason=?4, note=?5,"
			       " reviewer=?6, deadline=?7, date=?8, at_date=?9, at_region_id=?10, at_party=?11,"
			       " at_tier=?12, at_fine=?13, at_base=?14, at_verdict=?15, updated=?16",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "storing a review");
		goto out;
	}
	sqlite3_bind_text(st, 1, d->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, violation_id);
	sqlite3_bind_int(st, 3, d->status);
	sqlite3_bind_int(st, 4, d->reason);
	sqlite3_bind_text(st, 5, d->note ? d->note : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, d->reviewer ? d->reviewer : "", -1, SQLITE_STATIC);
	if (d->deadline)
		sqlite3_bind_int(st, 7, d->deadline);
	sqlite3_bind_int(st, 8, d->date);
	sqlite3_bind_int(st, 9, date);
	sqlite3_bind_int(st, 10, region);
	sqlite3_bind_int(st, 11, party);
	sqlite3_bind_int(st, 12, tier);
	sqlite3_bind_int64(st, 13, fine);
	if (base >= 0)
		sqlite3_bind_int64(st, 14, base);
	if (verdict >= 0)
		sqlite3_bind_int(st, 15, verdict);
	sqlite3_bind_text(st, 16, w->at, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = yd_db_fail(db, err, "storing a review");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO review_history(case_id, violation_id, at, who, via, from_status, to_status,"
			       " reason, note, deadline, date) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "recording a review's history");
		goto out;
	}
	sqlite3_bind_text(st, 1, d->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, violation_id);
	sqlite3_bind_text(st, 3, w->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->reviewer && *d->reviewer ? d->reviewer : w->who ? w->who : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, w->via, -1, SQLITE_STATIC);
	if (has_old)
		sqlite3_bind_int(st, 6, old.shown);
	sqlite3_bind_int(st, 7, d->status);
	sqlite3_bind_int(st, 8, d->reason);
	sqlite3_bind_text(st, 9, d->note ? d->note : "", -1, SQLITE_STATIC);
	if (d->deadline)
		sqlite3_bind_int(st, 10, d->deadline);
	sqlite3_bind_int(st, 11, d->date);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = yd_db_fail(db, err, "recording a review's history");
		goto out;
	}
	if (written)
		*written = 1;
	rc = 0;
out:
	sqlite3_finalize(st);
	yd_review_row_release(&old);
	return rc;
}

int yd_db_review_history_each(struct yd_db *db, const char *case_id, const char *violation_code,
			      yd_review_event_fn fn, void *data, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int s, rc = 0;
	const char *sql = "SELECT h.case_id, v.name, h.at, h.who, h.via, coalesce(h.from_status, -1), h.to_status,"
			  " h.reason, h.note, coalesce(h.deadline, 0), h.date FROM review_history h"
			  " JOIN violation v ON v.id = h.violation_id"
			  " WHERE ?1 IS NULL OR (h.case_id = ?1 AND v.name = ?2) ORDER BY h.id";
	if (sqlite3_prepare_v2(yd_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading the review history");
	if (case_id && violation_code) {
		sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, violation_code, -1, SQLITE_STATIC);
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_review_event e = {yd_db_col_text(st, 0),
					    yd_db_col_text(st, 1),
					    yd_db_col_text(st, 2),
					    yd_db_col_text(st, 3),
					    yd_db_col_text(st, 4),
					    sqlite3_column_int(st, 5),
					    (enum yd_review_status)sqlite3_column_int(st, 6),
					    (enum yd_review_reason)sqlite3_column_int(st, 7),
					    yd_db_col_text(st, 8),
					    sqlite3_column_int(st, 9),
					    sqlite3_column_int(st, 10)};
		if ((rc = fn(data, &e)) != 0)
			break;
	}
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading the review history");
	sqlite3_finalize(st);
	return rc;
}

int yd_db_review_mark_similar(struct yd_db *db, const char *violation_code, struct yd_similar *sim, int n,
			      struct yd_error *err)
{
	/* most databases hold no disposition yet: one look instead of a
	 * review query per similar decision (issue 22.4) */
	sqlite3_stmt *st = yd_db_cached(db, YD_SLOT_REVIEW_ANY, "SELECT EXISTS (SELECT 1 FROM review)", err);
	if (!st)
		return YD_EDB;
	int s = sqlite3_step(st), any = s == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (s != SQLITE_ROW)
		return yd_db_fail(db, err, "reading reviews");
	for (int i = 0; i < n; i++)
		sim[i].review[0] = '\0';
	for (int i = 0; i < n && any; i++) {
		struct yd_review_row row;
		int rc = yd_db_review_get(db, sim[i].case_id, violation_code, &row, err);
		if (rc < 0)
			return rc;
		snprintf(sim[i].review, sizeof sim[i].review, "%s", rc ? yd_review_status_name(row.shown) : "");
		yd_review_row_release(&row);
	}
	return 0;
}

struct stats_ctx {
	struct yd_review_stats *s;
	struct yd_strmap idx; /* code -> index in s->viol */
	size_t cap;
};

static struct yd_review_tally *viol_tally(struct stats_ctx *c, const char *code)
{
	int64_t i;
	if (yd_strmap_get(&c->idx, code, &i))
		return &c->s->viol[i].t;
	YD_ALLOC_GROW(c->s->viol, c->s->nviol + 1, c->cap);
	i = (int64_t)c->s->nviol++;
	memset(&c->s->viol[i], 0, sizeof c->s->viol[i]);
	c->s->viol[i].code = yd_xstrdup(code);
	yd_strmap_put(&c->idx, code, i);
	return &c->s->viol[i].t;
}

static int count_flag(void *data, const struct yd_judged_row *row)
{
	struct stats_ctx *c = data;
	c->s->all.flagged++;
	c->s->verdict[row->r.verdict].flagged++;
	viol_tally(c, row->violation_code)->flagged++;
	return 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct yd_review_violation *)a)->code, ((const struct yd_review_violation *)b)->code);
}

int yd_review_stats_compute(struct yd_db *db, const struct yd_review_list *l, int year, const char *agency,
			    int32_t today, struct yd_review_stats *s, struct yd_error *err)
{
	struct stats_ctx c;
	struct yd_case_filter f = {0};
	int rc;

	memset(s, 0, sizeof *s);
	memset(&c, 0, sizeof c);
	c.s = s;
	for (int v = 0; v < YD_V_OK; v++)
		f.verdicts |= 1u << v;
	f.year = year;
	f.agency = agency;
	f.unordered = 1;
	if ((rc = yd_db_judged_each(db, &f, count_flag, &c, err)) < 0)
		goto out;
	for (size_t i = 0; i < l->n; i++) {
		const struct yd_review_row *r = &l->rows[i];
		if ((year && r->decision_date / 10000 != year) || (agency && strcmp(r->agency, agency) != 0))
			continue;
		yd_review_tally_add(&s->all, r->status, r->reason, r->stale, r->deadline, today);
		if (r->verdict >= 0 && r->verdict < YD_V_COUNT)
			yd_review_tally_add(&s->verdict[r->verdict], r->status, r->reason, r->stale, r->deadline, today);
		else
			s->no_verdict++;
		yd_review_tally_add(viol_tally(&c, r->violation_code), r->status, r->reason, r->stale, r->deadline, today);
	}
	qsort(s->viol, s->nviol, sizeof *s->viol, by_code);
out:
	yd_strmap_release(&c.idx);
	if (rc < 0)
		yd_review_stats_release(s);
	return rc;
}
