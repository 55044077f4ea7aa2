/* db_blocks.c - how a run's results are kept (the db module's lowest
 * part, below db.c and db_results.c): the packed record, a walk over the
 * blocks, and the virtual table yd_result that shows them to SQL. */
#include "youdu/db_blocks.h"

#include <math.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <string.h>

/* ---- results ----
 *
 * One row of 11 columns per case made writing the largest phase of a 10M
 * analysis (4-6 s of B-tree work).  Results are stored in blocks instead:
 * result_block(first_rowid, n, data), data holding n packed results of
 * cases in ascending id, YD_DB_RESULT_SIZE bytes each, native byte order:
 *   int64 case id, double peer_median, int32 peer_n,
 *   float scale, percentile, z, farness, int8 verdict, level, party_used, method,
 *   float df, int32 above, below, int8 widened and 3 bytes 0 (the tail
 *   probability is computed from z and df where it is shown: the yd_result
 *   column p)
 * (NAN where absent; method 0 without peers).  SQL reads them through the
 * eponymous virtual table yd_result (registered on every connection), with
 * the columns the result table had, so audit's ordering stays in SQL. */

void yd_db_blocks_pack(unsigned char *p, int64_t rowid, const struct yd_result *r)
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

void yd_db_blocks_unpack(const unsigned char *p, int64_t *rowid, struct yd_result *r)
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

int yd_db_blocks_walk_open(sqlite3 *h, struct yd_db_blocks_walk *w)
{
	memset(w, 0, sizeof *w);
	return sqlite3_prepare_v2(h, "SELECT n, data FROM result_block ORDER BY first_rowid", -1, &w->st, NULL);
}

int yd_db_blocks_walk_next(struct yd_db_blocks_walk *w, int64_t *rowid, struct yd_result *r)
{
	while (w->k == w->n) {
		int rc = sqlite3_step(w->st);
		if (rc != SQLITE_ROW)
			return rc == SQLITE_DONE ? 0 : -1;
		w->data = sqlite3_column_blob(w->st, 1);
		w->n = (size_t)sqlite3_column_bytes(w->st, 1) / YD_DB_RESULT_SIZE;
		w->k = 0;
	}
	yd_db_blocks_unpack(w->data + w->k++ * YD_DB_RESULT_SIZE, rowid, r);
	return 1;
}

void yd_db_blocks_walk_close(struct yd_db_blocks_walk *w)
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
	struct yd_db_blocks_walk w;
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
	yd_db_blocks_walk_close(&c->w);
	sqlite3_free(c);
	return SQLITE_OK;
}

static int rv_next(sqlite3_vtab_cursor *cur)
{
	struct rv_cursor *c = (struct rv_cursor *)cur;
	int r = yd_db_blocks_walk_next(&c->w, &c->rowid, &c->r);
	c->eof = r <= 0;
	return r < 0 ? SQLITE_ERROR : SQLITE_OK;
}

static int rv_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc, sqlite3_value **argv)
{
	(void)idx, (void)idxstr, (void)argc, (void)argv;
	struct rv_cursor *c = (struct rv_cursor *)cur;
	yd_db_blocks_walk_close(&c->w);
	if (yd_db_blocks_walk_open(((struct rv_vtab *)cur->pVtab)->h, &c->w) != SQLITE_OK)
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

int yd_db_blocks_register(sqlite3 *h)
{
	return sqlite3_create_module(h, "yd_result", &result_module, NULL);
}

struct yd_db_verdict_walk {
	struct yd_db_blocks_walk w;
	int64_t rowid; /* the case of r; INT64_MAX past the last */
	struct yd_result r;
	int started;
};

struct yd_db_verdict_walk *yd_db_blocks_verdicts_open(struct sqlite3 *h)
{
	struct yd_db_verdict_walk *v = calloc(1, sizeof *v);
	if (yd_db_blocks_walk_open(h, &v->w) != SQLITE_OK) {
		yd_db_blocks_walk_close(&v->w);
		free(v);
		return NULL;
	}
	return v;
}

int yd_db_blocks_verdicts_get(struct yd_db_verdict_walk *v, int64_t rowid)
{
	int more = 1;
	if (!v->started) {
		v->started = 1;
		v->rowid = INT64_MIN;
	}
	while (v->rowid < rowid && v->rowid != INT64_MAX)
		if ((more = yd_db_blocks_walk_next(&v->w, &v->rowid, &v->r)) <= 0)
			v->rowid = INT64_MAX;
	if (more < 0)
		return -2;
	return v->rowid == rowid ? v->r.verdict : -1;
}

void yd_db_blocks_verdicts_close(struct yd_db_verdict_walk *v)
{
	if (!v)
		return;
	yd_db_blocks_walk_close(&v->w);
	free(v);
}
