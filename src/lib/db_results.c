/* db_results.c - a run's results, stored in blocks and read through the
 * virtual table yd_result. */
#include "youdu/db_results.h"

#include "youdu/alloc.h"
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record and its blocks: db_blocks.h. */

int yd_db_results_clear(struct yd_db *db, struct yd_error *err)
{
	/* the result blocks are overwritten by yd_db_results_add */
	if (sqlite3_exec(yd_db_handle(db), "DELETE FROM peer_group; DELETE FROM similar_group; DELETE FROM analysis_run",
			 NULL, NULL, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "replacing the previous analysis");
	return 0;
}

/* The first ids of the stored blocks, ascending, into *keys (malloc'd). */
static int block_keys(struct yd_db *db, int64_t **keys, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int r;

	*keys = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(yd_db_handle(db), "SELECT first_rowid FROM result_block ORDER BY first_rowid", -1, &st,
			       NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading the stored results");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		YD_ALLOC_GROW(*keys, *n + 1, cap);
		(*keys)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 0 : yd_db_fail(db, err, "reading the stored results");
}

/* A run replaces the previous run's blocks: a block whose first case is
 * the same is overwritten (same size: in place, no freeing and refilling
 * of pages, which cost a second at 10M), the previous run's other blocks
 * are deleted afterwards. */
int yd_db_results_add(struct yd_db *db, const int64_t *rowids, const struct yd_result *r, size_t n,
		      struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, YD_SLOT_RESULT_ADD,
					"INSERT INTO result_block(first_rowid, n, data) VALUES (?,?,?)"
					" ON CONFLICT(first_rowid) DO UPDATE SET n = excluded.n, data = excluded.data",
					err);
	unsigned char *buf = yd_xmalloc(YD_DB_RESULT_BLOCK * YD_DB_RESULT_SIZE);
	int64_t *old = NULL;
	size_t nold = 0, o = 0;
	int rc = st ? block_keys(db, &old, &nold, err) : YD_EDB;

	for (size_t i = 0; i < n && rc == 0; i += YD_DB_RESULT_BLOCK) {
		size_t m = n - i < YD_DB_RESULT_BLOCK ? n - i : YD_DB_RESULT_BLOCK;
		for (size_t k = 0; k < m; k++)
			yd_db_blocks_pack(buf + k * YD_DB_RESULT_SIZE, rowids[i + k], &r[i + k]);
		sqlite3_bind_int64(st, 1, rowids[i]);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)m);
		sqlite3_bind_blob(st, 3, buf, (int)(m * YD_DB_RESULT_SIZE), SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = yd_db_fail(db, err, "storing results");
		sqlite3_reset(st);
		while (o < nold && old[o] < rowids[i])
			o++;
		if (o < nold && old[o] == rowids[i])
			old[o++] = 0; /* overwritten: keep */
	}
	for (size_t k = 0; k < nold && rc == 0; k++) {
		char sql[64];
		if (!old[k])
			continue;
		snprintf(sql, sizeof sql, "DELETE FROM result_block WHERE first_rowid = %lld", (long long)old[k]);
		if (sqlite3_exec(yd_db_handle(db), sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = yd_db_fail(db, err, "storing results");
	}
	free(old);
	free(buf);
	return rc;
}


int yd_db_load_verdicts(struct yd_db *db, const int64_t *rowids, size_t n, int8_t *verdict, struct yd_error *err)
{
	struct yd_db_verdict_walk *v = yd_db_blocks_verdicts_open(yd_db_handle(db));
	int rc = v ? 0 : yd_db_fail(db, err, "reading verdicts");

	for (size_t i = 0; i < n && rc == 0; i++) {
		int r = yd_db_blocks_verdicts_get(v, rowids[i]);
		if (r < -1)
			rc = yd_db_fail(db, err, "reading verdicts");
		verdict[i] = (int8_t)r;
	}
	yd_db_blocks_verdicts_close(v);
	return rc;
}

int yd_db_result_get(struct yd_db *db, int64_t rowid, struct yd_result *r, struct yd_error *err)
{
	/* the block that holds rowid, if any: the last one starting at or
	 * before it; then a binary search on the ids inside the blob, read 8
	 * bytes at a time (a block is 4096 results: reading it whole for one
	 * made each similar decision of a check cost 200 KB) */
	sqlite3_stmt *st = yd_db_cached(db, YD_SLOT_RESULT_GET,
					"SELECT first_rowid FROM result_block WHERE first_rowid <= ?"
					" ORDER BY first_rowid DESC LIMIT 1",
					err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int64(st, 1, rowid);
	int s = sqlite3_step(st);
	if (s == SQLITE_DONE)
		return 0;
	if (s != SQLITE_ROW)
		return yd_db_fail(db, err, "reading a result");
	int64_t first = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_blob *blob = yd_db_blob(db, "result_block", "data", first, "reading a result", err);
	if (!blob)
		return YD_EDB;
	size_t lo = 0, hi = (size_t)sqlite3_blob_bytes(blob) / YD_DB_RESULT_SIZE;
	int found = 0, rc = 0;
	/* the ids ascend from first and are distinct, so rowid stands at
	 * rowid - first or before; where they are consecutive (mostly) it
	 * stands there, which the first read confirms (each read walks the
	 * blob's chain of overflow pages) */
	if ((uint64_t)(rowid - first) < hi)
		hi = (size_t)(rowid - first) + 1;
	int guess = 1;
	while (lo < hi && rc == 0) { /* ascending case ids */
		size_t mid = guess ? hi - 1 : lo + (hi - lo) / 2;
		unsigned char buf[YD_DB_RESULT_SIZE];
		guess = 0;
		int64_t id;
		if (sqlite3_blob_read(blob, buf, 8, (int)(mid * YD_DB_RESULT_SIZE)) != SQLITE_OK) {
			rc = yd_db_fail(db, err, "reading a result");
			break;
		}
		memcpy(&id, buf, 8);
		if (id == rowid) {
			if (sqlite3_blob_read(blob, buf, YD_DB_RESULT_SIZE, (int)(mid * YD_DB_RESULT_SIZE)) != SQLITE_OK)
				rc = yd_db_fail(db, err, "reading a result");
			else
				yd_db_blocks_unpack(buf, &id, r), found = 1;
			break;
		}
		if (id < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	yd_db_blob_done(db);
	return rc < 0 ? rc : found;
}
