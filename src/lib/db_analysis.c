/* db_analysis.c - the db module's queries for analysis and its readers. */
#include "youdu/db_analysis.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"

enum { SLOT_RESULT_ADD, SLOT_GROUP_ADD, SLOT_GROUP_GET, SLOT_SIMILAR_ADD, SLOT_BRIEF, SLOT_LOOKUP0 };

int yd_db_load_cases(struct yd_db *db, int year, struct yd_casecols *c, long *outside_year, struct yd_error *err)
{
	sqlite3 *h = yd_db_handle(db);
	sqlite3_stmt *st = NULL;
	int64_t total = 0;
	size_t cap;
	int r;

	memset(c, 0, sizeof *c);
	/* max(id) bounds the row count and, unlike count(*), needs no scan */
	if (sqlite3_prepare_v2(h, "SELECT coalesce(max(id), 0) FROM cases", -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading cases");
	if (sqlite3_step(st) == SQLITE_ROW)
		total = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	cap = (size_t)total + 1;
	c->rowid = yd_xmalloc(cap * sizeof *c->rowid);
	c->violation = yd_xmalloc(cap * sizeof *c->violation);
	c->region = yd_xmalloc(cap * sizeof *c->region);
	c->date = yd_xmalloc(cap * sizeof *c->date);
	c->party = yd_xmalloc(cap * sizeof *c->party);
	c->tier = yd_xmalloc(cap * sizeof *c->tier);
	c->fine = yd_xmalloc(cap * sizeof *c->fine);
	c->base = yd_xmalloc(cap * sizeof *c->base);
	if (sqlite3_prepare_v2(h,
			       "SELECT id, violation_id, region_id, decision_date, party, tier, fine, base FROM cases"
			       " ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading cases");
	*outside_year = 0;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t date = sqlite3_column_int(st, 3);
		if (year && date / 10000 != year) {
			(*outside_year)++;
			continue;
		}
		if (c->n == cap)
			break; /* rows added since the count: ignore them */
		size_t i = c->n++;
		c->rowid[i] = sqlite3_column_int64(st, 0);
		c->violation[i] = sqlite3_column_int(st, 1);
		c->region[i] = sqlite3_column_int(st, 2);
		c->date[i] = date;
		c->party[i] = (int8_t)sqlite3_column_int(st, 4);
		c->tier[i] = (int8_t)sqlite3_column_int(st, 5);
		c->fine[i] = sqlite3_column_int64(st, 6);
		c->base[i] = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW) {
		yd_casecols_release(c);
		return yd_db_fail(db, err, "loading cases");
	}
	return 0;
}

void yd_casecols_release(struct yd_casecols *c)
{
	free(c->rowid);
	free(c->violation);
	free(c->region);
	free(c->date);
	free(c->party);
	free(c->tier);
	free(c->fine);
	free(c->base);
	memset(c, 0, sizeof *c);
}

int yd_db_region_paths(struct yd_db *db, char ***paths, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	char **p = NULL;
	int r;

	*n = 0;
	*paths = NULL;
	if (sqlite3_prepare_v2(yd_db_handle(db), "SELECT id, name FROM region ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading regions");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		size_t id = (size_t)sqlite3_column_int64(st, 0);
		if (id >= cap) {
			size_t nc = cap ? cap : 64;
			while (nc <= id)
				nc *= 2;
			p = yd_xrealloc(p, nc * sizeof *p);
			memset(p + cap, 0, (nc - cap) * sizeof *p);
			cap = nc;
		}
		p[id] = yd_xstrdup((const char *)sqlite3_column_text(st, 1));
		if (id + 1 > *n)
			*n = id + 1;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		/* the caller gets nothing to free: the array never reached it */
		yd_region_paths_free(p, *n);
		*n = 0;
		return yd_db_fail(db, err, "loading regions");
	}
	*paths = p;
	return 0;
}

void yd_region_paths_free(char **paths, size_t n)
{
	if (!paths)
		return;
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static void bind_real_or_null(sqlite3_stmt *st, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* ---- results ----
 *
 * One row of 11 columns per case made writing the largest phase of a 10M
 * analysis (4-6 s of B-tree work).  Results are stored in blocks instead:
 * result_block(first_rowid, n, data), data holding n packed results of
 * cases in ascending id, RESULT_SIZE bytes each, native byte order:
 *   int64 case id, double peer_median, int32 peer_n,
 *   float scale, percentile, z, farness, int8 verdict, level, party_used, method
 * (NAN where absent; method 0 without peers).  SQL reads them through the
 * eponymous virtual table yd_result (registered on every connection), with
 * the columns the result table had, so audit's ordering stays in SQL. */

#define RESULT_SIZE 40
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
	sqlite3_stmt *st = yd_db_cached(db, SLOT_RESULT_ADD,
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
					 " method INTEGER, percentile REAL, z REAL, farness REAL)");
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

int yd_db_peer_group_add(struct yd_db *db, const struct yd_group_summary *g, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, SLOT_GROUP_ADD,
					"INSERT INTO peer_group(violation_id, tier, party, level, region_id, n, median, mad,"
					" qn, q1, q3, xs, distinct_spread, median_nat, levels)"
					" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
	bind_real_or_null(st, 9, g->qn);
	sqlite3_bind_double(st, 10, g->q1_nat);
	sqlite3_bind_double(st, 11, g->q3_nat);
	sqlite3_bind_blob(st, 12, g->xs, (int)(g->nxs * sizeof *g->xs), SQLITE_STATIC);
	bind_real_or_null(st, 13, g->distinct);
	sqlite3_bind_double(st, 14, g->median_nat);
	sqlite3_bind_blob(st, 15, g->levels, (int)((size_t)g->nlevels * sizeof *g->levels), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "storing a peer group");
	return 0;
}

int yd_db_peer_group_get(struct yd_db *db, int32_t violation, int tier, int party, int level, int32_t region,
			 struct yd_group_summary *g, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, SLOT_GROUP_GET,
					"SELECT n, median, mad, qn, q1, q3, xs, distinct_spread, median_nat, levels FROM peer_group"
					" WHERE violation_id=? AND tier=?"
					" AND party=? AND level=? AND region_id=?",
					err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int(st, 1, violation);
	sqlite3_bind_int(st, 2, tier);
	sqlite3_bind_int(st, 3, party);
	sqlite3_bind_int(st, 4, level);
	sqlite3_bind_int(st, 5, region);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		return 0;
	if (r != SQLITE_ROW)
		return yd_db_fail(db, err, "reading a peer group");
	memset(g, 0, sizeof *g);
	g->violation = violation;
	g->tier = tier;
	g->party = party;
	g->level = level;
	g->region = region;
	g->n = (size_t)sqlite3_column_int64(st, 0);
	g->median = sqlite3_column_double(st, 1);
	g->mad = sqlite3_column_double(st, 2);
	g->qn = col_real(st, 3);
	g->q1_nat = sqlite3_column_double(st, 4);
	g->q3_nat = sqlite3_column_double(st, 5);
	g->distinct = col_real(st, 7);
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

int yd_db_run_add(struct yd_db *db, struct yd_ledger *led, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	struct yd_buf counts = YD_BUF_INIT;
	int rc = 0;

	yd_buf_addch(&counts, '{');
	for (int v = 0; v < YD_V_COUNT; v++)
		yd_buf_addf(&counts, "%s\"%s\":%ld", v ? "," : "", yd_verdict_name((enum yd_verdict)v), led->counts[v]);
	yd_buf_addch(&counts, '}');
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "INSERT INTO analysis_run(min_peers, threshold, ratio, min_scale, year, cases_read,"
			       " outside_year, no_catalogue, no_base, judged, counts, max_case_id, catalogue_sig,"
			       " cases_replaced, max_share, min_heaped) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "storing the run ledger");
		goto out;
	}
	sqlite3_bind_int(st, 1, led->min_peers);
	sqlite3_bind_double(st, 2, led->threshold);
	sqlite3_bind_double(st, 3, led->ratio);
	sqlite3_bind_double(st, 4, led->min_scale);
	if (led->year)
		sqlite3_bind_int(st, 5, led->year);
	sqlite3_bind_int64(st, 6, led->read);
	sqlite3_bind_int64(st, 7, led->outside_year);
	sqlite3_bind_int64(st, 8, led->no_catalogue);
	sqlite3_bind_int64(st, 9, led->no_base);
	sqlite3_bind_int64(st, 10, led->judged);
	sqlite3_bind_text(st, 11, yd_buf_str(&counts), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, led->max_case_id);
	sqlite3_bind_int64(st, 13, led->catalogue_sig);
	sqlite3_bind_int64(st, 14, led->cases_replaced);
	sqlite3_bind_double(st, 15, led->max_share);
	sqlite3_bind_int(st, 16, led->min_heaped);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = yd_db_fail(db, err, "storing the run ledger");
	led->run_id = sqlite3_last_insert_rowid(yd_db_handle(db));
out:
	sqlite3_finalize(st);
	yd_buf_release(&counts);
	return rc;
}

int yd_db_run_load(struct yd_db *db, struct yd_ledger *led, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	memset(led, 0, sizeof *led);
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT id, min_peers, threshold, ratio, coalesce(year, 0), cases_read, outside_year,"
			       " no_catalogue, no_base, judged, counts, min_scale, max_case_id, catalogue_sig, cases_replaced,"
			       " max_share, min_heaped FROM analysis_run"
			       " ORDER BY id DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading the run ledger");
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = yd_error_set(err, YD_ESTATE, "no analysis in the database: run 'youdu analyze' first");
		goto out;
	}
	led->run_id = sqlite3_column_int64(st, 0);
	led->min_peers = sqlite3_column_int(st, 1);
	led->threshold = sqlite3_column_double(st, 2);
	led->ratio = sqlite3_column_double(st, 3);
	led->year = sqlite3_column_int(st, 4);
	led->read = (long)sqlite3_column_int64(st, 5);
	led->outside_year = (long)sqlite3_column_int64(st, 6);
	led->no_catalogue = (long)sqlite3_column_int64(st, 7);
	led->no_base = (long)sqlite3_column_int64(st, 8);
	led->judged = (long)sqlite3_column_int64(st, 9);
	led->min_scale = sqlite3_column_double(st, 11);
	led->max_case_id = sqlite3_column_int64(st, 12);
	led->catalogue_sig = sqlite3_column_int64(st, 13);
	led->cases_replaced = sqlite3_column_int64(st, 14);
	led->max_share = sqlite3_column_double(st, 15);
	led->min_heaped = sqlite3_column_int(st, 16);
	/* the counts were stored with the run ({"ok":12,...}): no scan of result */
	const char *counts = (const char *)sqlite3_column_text(st, 10);
	for (int v = 0; v < YD_V_COUNT && counts; v++) {
		char key[64];
		snprintf(key, sizeof key, "\"%s\":", yd_verdict_name((enum yd_verdict)v));
		const char *p = strstr(counts, key);
		if (p)
			led->counts[v] = strtol(p + strlen(key), NULL, 10);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

int yd_db_judged_each(struct yd_db *db, const struct yd_case_filter *f, yd_judged_fn fn, void *data,
		      struct yd_error *err)
{
	struct yd_buf sql = YD_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = 0, r;
	char like[1100];

	yd_buf_addstr(&sql, "SELECT c.id, c.case_id, g.name, v.name, c.violation_id, c.region_id, c.decision_date,"
			    " c.party, c.tier, c.fine, c.base, r.verdict, r.level, r.party_used, r.method, r.peer_n,"
			    " r.peer_median, r.scale, r.percentile, r.z, r.farness"
			    " FROM yd_result r JOIN cases c ON c.id = r.case_rowid JOIN region g ON g.id = c.region_id"
			    " JOIN violation v ON v.id = c.violation_id WHERE (?1 >> r.verdict) & 1");
	if (f->region)
		yd_buf_addstr(&sql, " AND (g.name = ?2 OR g.name LIKE ?3 ESCAPE '\\')");
	if (f->violation)
		yd_buf_addstr(&sql, " AND v.name = ?4");
	if (f->year)
		yd_buf_addstr(&sql, " AND c.decision_date / 10000 = ?5");
	yd_buf_addstr(&sql, " ORDER BY r.verdict, r.farness DESC, c.case_id, v.name");
	if (f->limit > 0)
		yd_buf_addstr(&sql, " LIMIT ?6");
	if (sqlite3_prepare_v2(yd_db_handle(db), yd_buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "listing results");
		goto out;
	}
	sqlite3_bind_int64(st, 1, f->verdicts);
	if (f->region) {
		/* prefix match on whole path components: "浙江省/嘉兴市" matches "浙江省/嘉兴市/..." */
		size_t w = 0;
		for (const char *p = f->region; *p && w + 3 < sizeof like; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				like[w++] = '\\';
			like[w++] = *p;
		}
		like[w] = '\0';
		if (w + 3 < sizeof like)
			memcpy(like + w, "/%", 3);
		sqlite3_bind_text(st, 2, f->region, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, like, -1, SQLITE_STATIC);
	}
	if (f->violation)
		sqlite3_bind_text(st, 4, f->violation, -1, SQLITE_STATIC);
	if (f->year)
		sqlite3_bind_int(st, 5, f->year);
	if (f->limit > 0)
		sqlite3_bind_int64(st, 6, f->limit);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_judged_row row;
		row.rowid = sqlite3_column_int64(st, 0);
		row.case_id = (const char *)sqlite3_column_text(st, 1);
		row.region = (const char *)sqlite3_column_text(st, 2);
		row.violation_code = (const char *)sqlite3_column_text(st, 3);
		row.violation_id = sqlite3_column_int(st, 4);
		row.region_id = sqlite3_column_int(st, 5);
		row.date = sqlite3_column_int(st, 6);
		row.party = sqlite3_column_int(st, 7);
		row.tier = sqlite3_column_int(st, 8);
		row.fine = sqlite3_column_int64(st, 9);
		row.base = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 10);
		row.r.verdict = (int8_t)sqlite3_column_int(st, 11);
		row.r.level = (int8_t)sqlite3_column_int(st, 12);
		row.r.party_used = (int8_t)sqlite3_column_int(st, 13);
		row.r.method = (int8_t)sqlite3_column_int(st, 14);
		row.r.peer_n = sqlite3_column_int(st, 15);
		row.r.peer_median = col_real(st, 16);
		row.r.scale = (float)col_real(st, 17);
		row.r.percentile = (float)col_real(st, 18);
		row.r.z = (float)col_real(st, 19);
		row.r.farness = (float)col_real(st, 20);
		if ((rc = fn(data, &row)) != 0)
			break;
	}
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = yd_db_fail(db, err, "listing results");
out:
	sqlite3_finalize(st);
	yd_buf_release(&sql);
	return rc;
}

int yd_db_lookup(struct yd_db *db, enum yd_intern kind, const char *name, int64_t *id, struct yd_error *err)
{
	static const char *const sql[YD_INTERN_COUNT] = {
	    "SELECT id FROM source WHERE name = ?", "SELECT id FROM region WHERE name = ?",
	    "SELECT id FROM agency WHERE name = ?", "SELECT id FROM violation WHERE name = ?"};
	sqlite3_stmt *st = yd_db_cached(db, SLOT_LOOKUP0 + (int)kind, sql[kind], err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 1;
	}
	if (r != SQLITE_DONE)
		return yd_db_fail(db, err, "looking up a name");
	return 0;
}

int yd_db_similar_add(struct yd_db *db, int32_t violation, int tier, int32_t region, const struct yd_dated *v,
		      size_t n, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, SLOT_SIMILAR_ADD,
					"INSERT INTO similar_group(violation_id, tier, region_id, cases) VALUES (?,?,?,?)", err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int(st, 1, violation);
	sqlite3_bind_int(st, 2, tier);
	sqlite3_bind_int(st, 3, region);
	sqlite3_bind_blob(st, 4, v, (int)(n * sizeof *v), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "storing similar cases");
	return 0;
}

int yd_db_similar_each(struct yd_db *db, int32_t violation, int tier, int32_t region, yd_similar_fn fn, void *data,
		       struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       region ? "SELECT region_id, cases FROM similar_group WHERE violation_id=?1 AND tier=?2"
					" AND region_id=?3"
				      : "SELECT region_id, cases FROM similar_group WHERE violation_id=?1 AND tier=?2"
					" ORDER BY region_id",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading similar cases");
	sqlite3_bind_int(st, 1, violation);
	sqlite3_bind_int(st, 2, tier);
	if (region)
		sqlite3_bind_int(st, 3, region);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(st, 1) / sizeof(struct yd_dated);
		if ((rc = fn(data, sqlite3_column_int(st, 0), sqlite3_column_blob(st, 1), n)) != 0)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading similar cases");
	sqlite3_finalize(st);
	return rc;
}

int yd_db_regions_below(struct yd_db *db, const char *parent, int32_t **ids, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0, plen = strlen(parent);
	int r;

	*ids = NULL;
	*n = 0;
	/* a range on the unique name index: "parent/" <= name < "parent0" ('0' follows '/') */
	if (sqlite3_prepare_v2(yd_db_handle(db), "SELECT id FROM region WHERE name >= ?1 || '/' AND name < ?1 || '0'"
						 " ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "listing regions");
	sqlite3_bind_text(st, 1, parent, (int)plen, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*ids = yd_xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return yd_db_fail(db, err, "listing regions");
	}
	return 0;
}

int yd_db_case_brief(struct yd_db *db, int64_t rowid, char *case_id, size_t idsz, char *region, size_t regsz,
		     int32_t *date, int64_t *fine, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, SLOT_BRIEF,
					"SELECT c.case_id, g.name, c.decision_date, c.fine FROM cases c"
					" JOIN region g ON g.id = c.region_id WHERE c.id = ?",
					err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int64(st, 1, rowid);
	if (sqlite3_step(st) != SQLITE_ROW)
		return yd_db_fail(db, err, "reading a case");
	snprintf(case_id, idsz, "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(region, regsz, "%s", (const char *)sqlite3_column_text(st, 1));
	*date = sqlite3_column_int(st, 2);
	*fine = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	return 0;
}

int yd_db_load_verdicts(struct yd_db *db, const int64_t *rowids, size_t n, int8_t *verdict, struct yd_error *err)
{
	struct result_walk w;
	struct yd_result r;
	int64_t id;
	size_t i = 0;

	memset(verdict, 0xFF, n);
	if (walk_open(yd_db_handle(db), &w) != SQLITE_OK)
		return yd_db_fail(db, err, "reading verdicts");
	int more;
	while (i < n && (more = walk_next(&w, &id, &r)) > 0) {
		while (i < n && rowids[i] < id)
			i++;
		if (i < n && rowids[i] == id)
			verdict[i] = r.verdict;
	}
	walk_close(&w);
	if (i < n && more < 0)
		return yd_db_fail(db, err, "reading verdicts");
	return 0;
}
