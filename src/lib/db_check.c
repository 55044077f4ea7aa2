/* db_check.c - the checker's reads beside the stored groups (db_check.h). */
#include "youdu/db_check.h"

#include <sqlite3.h>
#include <stdlib.h>

/* One integer of a one-row query, 0 when it has no row; slot >= 0: the
 * statement is cached there (a query every check of serve runs). */
static int query_int(struct yd_db *db, int slot, const char *sql, int64_t *v, const char *what, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	if (slot >= 0) {
		if (!(st = yd_db_cached(db, slot, sql, NULL)))
			return yd_db_fail(db, err, what);
	} else if (sqlite3_prepare_v2(yd_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		return yd_db_fail(db, err, what);
	}
	int r = sqlite3_step(st);
	*v = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (slot >= 0)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return yd_db_fail(db, err, what);
	return 0;
}

int yd_db_has_cases(struct yd_db *db, struct yd_error *err)
{
	int64_t any = 0;
	int rc = query_int(db, -1, "SELECT EXISTS (SELECT 1 FROM cases)", &any, "reading the database state", err);
	return rc < 0 ? rc : any != 0;
}

int yd_db_data_version(struct yd_db *db, int64_t *version, struct yd_error *err)
{
	return query_int(db, YD_SLOT_DATA_VERSION, "PRAGMA data_version", version, "reading the database state", err);
}

int yd_db_snapshot_begin(struct yd_db *db, int64_t *version, struct yd_error *err)
{
	int64_t run = 0;
	int rc;
	if ((rc = yd_db_read_begin(db, err)) < 0)
		return rc;
	/* the first read takes the shared lock, after which data_version is current */
	if ((rc = query_int(db, YD_SLOT_MAX_RUN, "SELECT max(id) FROM analysis_run", &run, "beginning a read", err)) < 0)
		return rc;
	return yd_db_data_version(db, version, err);
}

int yd_db_region_paths_sorted(struct yd_db *db, char ***names, int32_t **ids, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int r;

	*names = NULL;
	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(yd_db_handle(db), "SELECT id, name FROM region ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading regions");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			*names = yd_xrealloc(*names, cap * sizeof **names);
			*ids = yd_xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[*n] = sqlite3_column_int(st, 0);
		(*names)[*n] = yd_xstrdup((const char *)sqlite3_column_text(st, 1));
		(*n)++;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return yd_db_fail(db, err, "loading regions");
	return 0;
}

int yd_db_similar_has_region(struct yd_db *db, int32_t region, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	/* the primary key (violation, context, tier, region): one seek per
	 * violation and tier */
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT 1 FROM similar_group WHERE violation_id IN (SELECT id FROM violation)"
			       " AND tier IN (0, 1, 2, 3, 4, 5) AND region_id = ?1 LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading regions");
	sqlite3_bind_int(st, 1, region);
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return yd_db_fail(db, err, "reading regions");
	return r == SQLITE_ROW;
}
