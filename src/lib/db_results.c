/* db_results.c - a run's results, stored in blocks and read through the
 * virtual table yd_result. */
#include "youdu/db_results.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- results ----
 *
 * One row of 11 columns per case made writing the largest phase of a 10M
 * analysis (4-6 s of B-tree work).  Results are stored in blocks instead:
 * result_block(first_rowid, n, data), data holding n packed results of
 * cases in ascending id, RESULT_SIZE bytes each, native byte order:
 *   int64 case id, double peer_median, int32 peer_n,
 *   float scale, percentile, z, farness, int8 verdict, level, party_used, method,
 *   float df, int32 above, below, int8 widened and 3 bytes 0 (the tail
 *   probability is computed from z and df where it is shown: the yd_result
 *   column p)
 * (NAN where absent; method 0 without peers).  SQL reads them through the
 * eponymous virtual table yd_result (registered on every connection), with
 * the columns the result table had, so audit's ordering stays in SQL. */

#define RESULT_SIZE 56
#define RESULT_BLOCK 4096 /* cases per block */

static void pack_result(unsigned char *p, int64_t rowid, const struct yd_result *r)
{
	double med = r->peer_median;
	int32_t n = r->peer_n;
	float f[4] = {r->scale, r->percentile, r->z, isfinite(r->farness) ? r->farness : 0};
	int8_t b[4] = {r->verdict, r->level, r->party_used, (int8_t)(r->level != YD_LEVEL_NONE ? r->method : 0)};
	memcpy(p, &rowid, 8);
	memcpy(p + 8, &med, 8);
	memcpy(p + 16, &n, 4);
	memcpy(p + 20, f, 16);
	memcpy(p + 36, b, 4);
	memcpy(p + 40, &r->df, 4);
	memcpy(p + 44, &r->above, 4);
	memcpy(p + 48, &r->below, 4);
	memset(p + 52, 0, 4);
	p[52] = (unsigned char)r->widened;
}

static void unpack_result(const unsigned char *p, int64_t *rowid, struct yd_result *r)
{
	float f[4];
	int8_t b[4];
	memcpy(rowid, p, 8);
	memcpy(&r->peer_median, p + 8, 8);
	memcpy(&r->peer_n, p + 16, 4);
	memcpy(f, p + 20, 16);
	memcpy(b, p + 36, 4);
	memcpy(&r->df, p + 40, 4);
	r->p = NAN;
	memcpy(&r->above, p + 44, 4);
	memcpy(&r->below, p + 48, 4);
	r->widened = (int8_t)p[52];
	r->scale = f[0];
	r->percentile = f[1];
	r->z = f[2];
	r->farness = f[3];
	r->verdict = b[0];
	r->level = b[1];
	r->party_used = b[2];
	r->method = b[3];
}

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
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			*keys = yd_xrealloc(*keys, cap * sizeof **keys);
		}
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
	unsigned char *buf = yd_xmalloc(RESULT_BLOCK * RESULT_SIZE);
	int64_t *old = NULL;
	size_t nold = 0, o = 0;
	int rc = st ? block_keys(db, &old, &nold, err) : YD_EDB;

	for (size_t i = 0; i < n && rc == 0; i += RESULT_BLOCK) {
		size_t m = n - i < RESULT_BLOCK ? n - i : RESULT_BLOCK;
		for (size_t k = 0; k < m; k++)
			pack_result(buf + k * RESULT_SIZE, rowids[i + k], &r[i + k]);
		sqlite3_bind_int64(st, 1, rowids[i]);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)m);
		sqlite3_bind_blob(st, 3, buf, (int)(m * RESULT_SIZE), SQLITE_STATIC);
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

/* Walks the stored results in case order, a block at a time. */
struct result_walk {
	sqlite3_stmt *st;
	const unsigned char *data; /* the current block */
	size_t n, k;               /* its results, the next one */
};

static int walk_open(sqlite3 *h, struct result_walk *w)
{
	memset(w, 0, sizeof *w);
	return sqlite3_prepare_v2(h, "SELECT n, data FROM result_block ORDER BY first_rowid", -1, &w->st, NULL);
}

/* The next result: 1, 0 at the end, -1 on an SQLite error. */
static int walk_next(struct result_walk *w, int64_t *rowid, struct yd_result *r)
{
	while (w->k == w->n) {
		int rc = sqlite3_step(w->st);
		if (rc != SQLITE_ROW)
			return rc == SQLITE_DONE ? 0 : -1;
		w->data = sqlite3_column_blob(w->st, 1);
		w->n = (size_t)sqlite3_column_bytes(w->st, 1) / RESULT_SIZE;
		w->k = 0;
	}
	unpack_result(w->data + w->k++ * RESULT_SIZE, rowid, r);
	return 1;
}

static void walk_close(struct result_walk *w)
{
	sqlite3_finalize(w->st);
	w->st = NULL;
}

/* The virtual table yd_result: a scan of the blocks as rows. */
struct rv_vtab {
	sqlite3_vtab base;
	sqlite3 *h; /* its connection, to read the blocks */
};

struct rv_cursor {
	sqlite3_vtab_cursor base;
	struct result_walk w;
	int64_t rowid;
	struct yd_result r;
	int eof;
};

static int rv_connect(sqlite3 *h, void *aux, int argc, const char *const *argv, sqlite3_vtab **vt, char **errmsg)
{
	(void)aux, (void)argc, (void)argv, (void)errmsg;
	int rc = sqlite3_declare_vtab(h, "CREATE TABLE x(case_rowid INTEGER, verdict INTEGER, level INTEGER,"
					 " party_used INTEGER, peer_n INTEGER, peer_median REAL, scale REAL,"
					 " method INTEGER, percentile REAL, z REAL, farness REAL, p REAL,"
					 " above INTEGER, below INTEGER, widened INTEGER)");
	if (rc != SQLITE_OK)
		return rc;
	struct rv_vtab *v = sqlite3_malloc(sizeof *v);
	if (!v)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof *v);
	v->h = h;
	*vt = &v->base;
	return SQLITE_OK;
}

static int rv_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

/* Only a full scan: make it costly as an inner loop, so that a join reads
 * the results once and looks the cases up by id. */
static int rv_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	(void)vt;
	info->estimatedCost = 1e9;
	info->estimatedRows = 10000000;
	return SQLITE_OK;
}

static int rv_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **cur)
{
	(void)vt;
	struct rv_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*cur = &c->base;
	return SQLITE_OK;
}

static int rv_close(sqlite3_vtab_cursor *cur)
{
	struct rv_cursor *c = (struct rv_cursor *)cur;
	walk_close(&c->w);
	sqlite3_free(c);
	return SQLITE_OK;
}

static int rv_next(sqlite3_vtab_cursor *cur)
{
	struct rv_cursor *c = (struct rv_cursor *)cur;
	int r = walk_next(&c->w, &c->rowid, &c->r);
	c->eof = r <= 0;
	return r < 0 ? SQLITE_ERROR : SQLITE_OK;
}

static int rv_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc, sqlite3_value **argv)
{
	(void)idx, (void)idxstr, (void)argc, (void)argv;
	struct rv_cursor *c = (struct rv_cursor *)cur;
	walk_close(&c->w);
	if (walk_open(((struct rv_vtab *)cur->pVtab)->h, &c->w) != SQLITE_OK)
		return SQLITE_ERROR;
	return rv_next(cur);
}

static int rv_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct rv_cursor *)cur)->eof;
}

static void result_real(sqlite3_context *ctx, double v)
{
	if (isfinite(v))
		sqlite3_result_double(ctx, v);
	else
		sqlite3_result_null(ctx);
}

static int rv_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i)
{
	const struct rv_cursor *c = (const struct rv_cursor *)cur;
	const struct yd_result *r = &c->r;
	switch (i) {
	case 0: sqlite3_result_int64(ctx, c->rowid); break;
	case 1: sqlite3_result_int(ctx, r->verdict); break;
	case 2: sqlite3_result_int(ctx, r->level); break;
	case 3: sqlite3_result_int(ctx, r->party_used); break;
	case 4: sqlite3_result_int(ctx, r->peer_n); break;
	case 5: result_real(ctx, r->peer_median); break;
	case 6: result_real(ctx, r->scale); break;
	case 7:
		if (r->level != YD_LEVEL_NONE)
			sqlite3_result_int(ctx, r->method);
		else
			sqlite3_result_null(ctx);
		break;
	case 8: result_real(ctx, r->percentile); break;
	case 9: result_real(ctx, r->z); break;
	case 11: result_real(ctx, yd_judge_tail(r->z, r->df)); break;
	case 12: sqlite3_result_int(ctx, r->above); break;
	case 13: sqlite3_result_int(ctx, r->below); break;
	case 14: sqlite3_result_int(ctx, r->widened); break;
	default: sqlite3_result_double(ctx, r->farness); break;
	}
	return SQLITE_OK;
}

static int rv_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = ((const struct rv_cursor *)cur)->rowid;
	return SQLITE_OK;
}

static const sqlite3_module result_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only: SELECT ... FROM yd_result */
    .xConnect = rv_connect,
    .xBestIndex = rv_best_index,
    .xDisconnect = rv_disconnect,
    .xDestroy = rv_disconnect,
    .xOpen = rv_open,
    .xClose = rv_close,
    .xFilter = rv_filter,
    .xNext = rv_next,
    .xEof = rv_eof,
    .xColumn = rv_column,
    .xRowid = rv_rowid,
};

int yd_db_results_register(struct yd_db *db, struct yd_error *err)
{
	if (sqlite3_create_module(yd_db_handle(db), "yd_result", &result_module, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "registering the results table");
	return 0;
}

struct yd_verdict_walk {
	struct result_walk w;
	int64_t rowid; /* the case of r; INT64_MAX past the last */
	struct yd_result r;
	int started;
};

struct yd_verdict_walk *yd_db_verdict_walk_open(struct yd_db *db, struct yd_error *err)
{
	struct yd_verdict_walk *v = yd_xcalloc(1, sizeof *v);
	if (walk_open(yd_db_handle(db), &v->w) != SQLITE_OK) {
		free(v);
		yd_db_fail(db, err, "reading verdicts");
		return NULL;
	}
	return v;
}

int yd_db_verdict_walk_get(struct yd_verdict_walk *v, int64_t rowid)
{
	int more = 1;
	if (!v->started) {
		v->started = 1;
		v->rowid = INT64_MIN;
	}
	while (v->rowid < rowid && v->rowid != INT64_MAX)
		if ((more = walk_next(&v->w, &v->rowid, &v->r)) <= 0)
			v->rowid = INT64_MAX;
	if (more < 0)
		return -2;
	return v->rowid == rowid ? v->r.verdict : -1;
}

void yd_db_verdict_walk_close(struct yd_verdict_walk *v)
{
	if (!v)
		return;
	walk_close(&v->w);
	free(v);
}

int yd_db_load_verdicts(struct yd_db *db, const int64_t *rowids, size_t n, int8_t *verdict, struct yd_error *err)
{
	struct yd_verdict_walk *v = yd_db_verdict_walk_open(db, err);
	int rc = v ? 0 : YD_EDB;

	for (size_t i = 0; i < n && rc == 0; i++) {
		int r = yd_db_verdict_walk_get(v, rowids[i]);
		if (r < -1)
			rc = yd_db_fail(db, err, "reading verdicts");
		verdict[i] = (int8_t)r;
	}
	yd_db_verdict_walk_close(v);
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
	sqlite3_blob *blob = NULL;
	if (sqlite3_blob_open(yd_db_handle(db), "main", "result_block", "data", first, 0, &blob) != SQLITE_OK)
		return yd_db_fail(db, err, "reading a result");
	size_t lo = 0, hi = (size_t)sqlite3_blob_bytes(blob) / RESULT_SIZE;
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
		unsigned char buf[RESULT_SIZE];
		guess = 0;
		int64_t id;
		if (sqlite3_blob_read(blob, buf, 8, (int)(mid * RESULT_SIZE)) != SQLITE_OK) {
			rc = yd_db_fail(db, err, "reading a result");
			break;
		}
		memcpy(&id, buf, 8);
		if (id == rowid) {
			if (sqlite3_blob_read(blob, buf, RESULT_SIZE, (int)(mid * RESULT_SIZE)) != SQLITE_OK)
				rc = yd_db_fail(db, err, "reading a result");
			else
				unpack_result(buf, &id, r), found = 1;
			break;
		}
		if (id < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	sqlite3_blob_close(blob);
	return rc < 0 ? rc : found;
}
