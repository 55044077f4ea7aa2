/* db_exempt.c - the stored 免罚清单 (issue 24). */
#include "youdu/db_exempt.h"

#include <sqlite3.h>
#include <stdlib.h>

int yd_db_exempt_clear(struct yd_db *db, struct yd_error *err)
{
	return yd_db_exec(db, "DELETE FROM exempt", err);
}

int yd_db_exempt_add(struct yd_db *db, const struct yd_exempt_item *it, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "INSERT INTO exempt(seq, name, basis, condition, action, kind, months, violation_id,"
			       " source, line, valid_from, valid_to, review) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "storing an exemption");
		goto out;
	}
	sqlite3_bind_text(st, 1, it->seq, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, it->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, it->condition, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, it->action, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, (int)it->kind);
	if (it->months >= 0)
		sqlite3_bind_int(st, 7, it->months);
	if (it->violation_id > 0)
		sqlite3_bind_int64(st, 8, it->violation_id);
	sqlite3_bind_text(st, 9, it->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, it->line);
	if (it->valid_from)
		sqlite3_bind_int(st, 11, it->valid_from);
	if (it->valid_to)
		sqlite3_bind_int(st, 12, it->valid_to);
	if (it->review)
		sqlite3_bind_text(st, 13, it->review, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = yd_db_fail(db, err, "storing an exemption");
out:
	sqlite3_finalize(st);
	return rc;
}

int yd_exempt_load(struct yd_db *db, struct yd_exempt_list *l, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int r, rc = 0;

	l->n = 0;
	l->v = NULL;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT e.seq, e.name, e.basis, e.condition, e.action, e.source, coalesce(v.name, ''),"
			       " coalesce(e.violation_id, 0), coalesce(e.months, -1), e.kind, coalesce(e.valid_from, 0),"
			       " coalesce(e.valid_to, 0), e.line, e.review FROM exempt e"
			       " LEFT JOIN violation v ON v.id = e.violation_id ORDER BY e.id",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "reading the exemption list");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == cap) {
			cap = cap ? 2 * cap : 16;
			l->v = yd_xrealloc(l->v, cap * sizeof *l->v);
		}
		struct yd_exempt_rule *e = &l->v[l->n++];
		e->seq = yd_xstrdup(yd_db_col_text(st, 0));
		e->name = yd_xstrdup(yd_db_col_text(st, 1));
		e->basis = yd_xstrdup(yd_db_col_text(st, 2));
		e->condition = yd_xstrdup(yd_db_col_text(st, 3));
		e->action = yd_xstrdup(yd_db_col_text(st, 4));
		e->source = yd_xstrdup(yd_db_col_text(st, 5));
		e->code = yd_xstrdup(yd_db_col_text(st, 6));
		e->violation_id = sqlite3_column_int64(st, 7);
		e->months = sqlite3_column_int(st, 8);
		e->kind = (enum yd_tier)sqlite3_column_int(st, 9);
		e->valid_from = sqlite3_column_int(st, 10);
		e->valid_to = sqlite3_column_int(st, 11);
		e->line = (long)sqlite3_column_int64(st, 12);
		e->review = sqlite3_column_type(st, 13) == SQLITE_NULL ? NULL : yd_xstrdup(yd_db_col_text(st, 13));
	}
	if (r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading the exemption list");
out:
	sqlite3_finalize(st);
	if (rc < 0)
		yd_exempt_release(l);
	return rc;
}

void yd_exempt_release(struct yd_exempt_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct yd_exempt_rule *e = &l->v[i];
		free(e->seq);
		free(e->name);
		free(e->basis);
		free(e->condition);
		free(e->action);
		free(e->source);
		free(e->code);
		free(e->review);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
