/* db_exempt.c - the stored 免罚清单 (issue 24). */
#include "youdu/db_exempt.h"

#include <sqlite3.h>

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
			       " source, line) VALUES (?,?,?,?,?,?,?,?,?,?)",
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
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = yd_db_fail(db, err, "storing an exemption");
out:
	sqlite3_finalize(st);
	return rc;
}
