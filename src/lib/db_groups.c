/* db_groups.c - stored peer groups and similar-case lists, for check. */
#include "youdu/db_groups.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int yd_db_peer_group_add(struct yd_db *db, const struct yd_group_summary *g, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, YD_SLOT_GROUP_ADD,
					"INSERT INTO peer_group(violation_id, tier, party, level, region_id, n, median, mad,"
					" qn, q1, q3, xs, distinct_spread, median_nat, levels, context_id, widened)"
					" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
					err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int(st, 1, g->violation);
	sqlite3_bind_int(st, 2, g->tier);
	sqlite3_bind_int(st, 3, g->party);
	sqlite3_bind_int(st, 4, g->level);
	sqlite3_bind_int(st, 5, g->region);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)g->n);
	sqlite3_bind_double(st, 7, g->median);
	sqlite3_bind_double(st, 8, g->mad);
	yd_db_bind_real(st, 9, g->qn);
	sqlite3_bind_double(st, 10, g->q1_nat);
	sqlite3_bind_double(st, 11, g->q3_nat);
	sqlite3_bind_blob(st, 12, g->xs, (int)(g->nxs * sizeof *g->xs), SQLITE_STATIC);
	yd_db_bind_real(st, 13, g->distinct);
	sqlite3_bind_double(st, 14, g->median_nat);
	sqlite3_bind_blob(st, 15, g->levels, (int)((size_t)g->nlevels * sizeof *g->levels), SQLITE_STATIC);
	sqlite3_bind_int(st, 16, g->context);
	sqlite3_bind_int(st, 17, g->widened);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "storing a peer group");
	return 0;
}

int yd_db_peer_group_get(struct yd_db *db, int32_t violation, int32_t context, int widened, int tier, int party,
			 int level, int32_t region, struct yd_group_summary *g, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, YD_SLOT_GROUP_GET,
					"SELECT n, median, mad, qn, q1, q3, xs, distinct_spread, median_nat, levels FROM peer_group"
					" WHERE violation_id=? AND tier=?"
					" AND party=? AND level=? AND region_id=? AND context_id=? AND widened=?",
					err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int(st, 1, violation);
	sqlite3_bind_int(st, 2, tier);
	sqlite3_bind_int(st, 3, party);
	sqlite3_bind_int(st, 4, level);
	sqlite3_bind_int(st, 5, region);
	sqlite3_bind_int(st, 6, context);
	sqlite3_bind_int(st, 7, widened);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		return 0;
	if (r != SQLITE_ROW)
		return yd_db_fail(db, err, "reading a peer group");
	memset(g, 0, sizeof *g);
	g->violation = violation;
	g->context = context;
	g->widened = widened;
	g->tier = tier;
	g->party = party;
	g->level = level;
	g->region = region;
	g->n = (size_t)sqlite3_column_int64(st, 0);
	g->median = sqlite3_column_double(st, 1);
	g->mad = sqlite3_column_double(st, 2);
	g->qn = yd_db_col_real(st, 3);
	g->q1_nat = sqlite3_column_double(st, 4);
	g->q3_nat = sqlite3_column_double(st, 5);
	g->distinct = yd_db_col_real(st, 7);
	g->median_nat = sqlite3_column_double(st, 8);
	size_t lbytes = (size_t)sqlite3_column_bytes(st, 9);
	g->nlevels = (int)(lbytes / sizeof *g->levels);
	if (g->nlevels > YD_PEER_LEVELS)
		g->nlevels = YD_PEER_LEVELS;
	if (g->nlevels)
		memcpy(g->levels, sqlite3_column_blob(st, 9), (size_t)g->nlevels * sizeof *g->levels);
	size_t bytes = (size_t)sqlite3_column_bytes(st, 6);
	g->nxs = bytes / sizeof *g->xs;
	g->xs = yd_xmalloc(bytes + 1);
	memcpy(g->xs, sqlite3_column_blob(st, 6), bytes);
	sqlite3_reset(st);
	return 1;
}

int yd_db_similar_add(struct yd_db *db, int32_t violation, int32_t context, int tier, int32_t region,
		      const struct yd_dated *v, size_t n, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(
	    db, YD_SLOT_SIMILAR_ADD,
	    "INSERT INTO similar_group(violation_id, tier, region_id, cases, context_id) VALUES (?,?,?,?,?)", err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int(st, 1, violation);
	sqlite3_bind_int(st, 2, tier);
	sqlite3_bind_int(st, 3, region);
	sqlite3_bind_blob(st, 4, v, (int)(n * sizeof *v), SQLITE_STATIC);
	sqlite3_bind_int(st, 5, context);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "storing similar cases");
	return 0;
}

int yd_db_similar_each(struct yd_db *db, int32_t violation, int32_t context, int tier, int32_t region,
		       yd_similar_fn fn, void *data, struct yd_error *err)
{
	int r, rc = 0;
	sqlite3_stmt *st =
	    region ? yd_db_cached(db, YD_SLOT_SIMILAR_ONE,
				  "SELECT region_id, cases FROM similar_group WHERE violation_id=?1 AND tier=?2"
				  " AND context_id=?4 AND region_id=?3",
				  err)
		   : yd_db_cached(db, YD_SLOT_SIMILAR_ALL,
				  "SELECT region_id, cases FROM similar_group WHERE violation_id=?1 AND tier=?2"
				  " AND context_id=?4 ORDER BY region_id",
				  err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int(st, 1, violation);
	sqlite3_bind_int(st, 2, tier);
	if (region)
		sqlite3_bind_int(st, 3, region);
	sqlite3_bind_int(st, 4, context);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(st, 1) / sizeof(struct yd_dated);
		if ((rc = fn(data, sqlite3_column_int(st, 0), sqlite3_column_blob(st, 1), n)) != 0)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading similar cases");
	sqlite3_reset(st);
	return rc;
}
