/* db_analysis.c - the db module's queries for analysis and its readers. */
#include "youdu/db_analysis.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"

enum { SLOT_RESULT_ADD, SLOT_GROUP_ADD, SLOT_GROUP_GET, SLOT_RESULT_BATCH, SLOT_SIMILAR_ADD, SLOT_BRIEF, SLOT_LOOKUP0 };

/* Rows per multi-row INSERT of results: fewer statement executions. */
#define RESULT_BATCH 64

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

int yd_db_results_clear(struct yd_db *db, int year, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	/* results are updated in place by the run (an UPSERT is cheaper than
	 * emptying and refilling the table); only the cases the run will not
	 * judge lose theirs here */
	if (sqlite3_exec(yd_db_handle(db), "DELETE FROM peer_group; DELETE FROM similar_group; DELETE FROM analysis_run",
			 NULL, NULL, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "replacing the previous analysis");
	if (!year)
		return 0;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "DELETE FROM result WHERE case_rowid IN"
			       " (SELECT id FROM cases WHERE decision_date / 10000 != ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "replacing the previous analysis");
	sqlite3_bind_int(st, 1, year);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = yd_db_fail(db, err, "replacing the previous analysis");
	sqlite3_finalize(st);
	return rc;
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

#define RESULT_COLS 11

/* Binds one result at parameter offset k (0-based). */
static void bind_result(sqlite3_stmt *st, int k, int64_t rowid, const struct yd_result *r)
{
	sqlite3_bind_int64(st, k + 1, rowid);
	sqlite3_bind_int(st, k + 2, r->verdict);
	sqlite3_bind_int(st, k + 3, r->level);
	sqlite3_bind_int(st, k + 4, r->party_used);
	sqlite3_bind_int64(st, k + 5, r->peer_n);
	bind_real_or_null(st, k + 6, r->peer_median);
	bind_real_or_null(st, k + 7, r->scale);
	if (r->level != YD_LEVEL_NONE)
		sqlite3_bind_int(st, k + 8, r->method);
	bind_real_or_null(st, k + 9, r->percentile);
	bind_real_or_null(st, k + 10, r->z);
	sqlite3_bind_double(st, k + 11, isfinite(r->farness) ? r->farness : 0);
}

static sqlite3_stmt *result_insert(struct yd_db *db, int slot, int rows, struct yd_error *err)
{
	struct yd_buf sql = YD_BUF_INIT;
	yd_buf_addstr(&sql, "INSERT INTO result(case_rowid, verdict, level, party_used, peer_n, peer_median,"
			    " scale, method, percentile, z, farness) VALUES ");
	for (int i = 0; i < rows; i++)
		yd_buf_addstr(&sql, i ? ",(?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?)");
	yd_buf_addstr(&sql, " ON CONFLICT(case_rowid) DO UPDATE SET verdict=excluded.verdict, level=excluded.level,"
			    " party_used=excluded.party_used, peer_n=excluded.peer_n, peer_median=excluded.peer_median,"
			    " scale=excluded.scale, method=excluded.method, percentile=excluded.percentile, z=excluded.z,"
			    " farness=excluded.farness");
	sqlite3_stmt *st = yd_db_cached(db, slot, yd_buf_str(&sql), err);
	yd_buf_release(&sql);
	return st;
}

int yd_db_results_add(struct yd_db *db, const int64_t *rowids, const struct yd_result *r, size_t n,
		      struct yd_error *err)
{
	size_t i = 0;
	sqlite3_stmt *st;

	for (; i + RESULT_BATCH <= n; i += RESULT_BATCH) {
		if (!(st = result_insert(db, SLOT_RESULT_BATCH, RESULT_BATCH, err)))
			return YD_EDB;
		for (int k = 0; k < RESULT_BATCH; k++)
			bind_result(st, k * RESULT_COLS, rowids[i + (size_t)k], &r[i + (size_t)k]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return yd_db_fail(db, err, "storing results");
	}
	for (; i < n; i++) {
		if (!(st = result_insert(db, SLOT_RESULT_ADD, 1, err)))
			return YD_EDB;
		bind_result(st, 0, rowids[i], &r[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return yd_db_fail(db, err, "storing results");
	}
	return 0;
}

int yd_db_peer_group_add(struct yd_db *db, const struct yd_group_summary *g, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, SLOT_GROUP_ADD,
					"INSERT INTO peer_group(violation_id, tier, party, level, region_id, n, median, mad,"
					" qn, q1, q3, xs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
	sqlite3_bind_double(st, 10, g->q1);
	sqlite3_bind_double(st, 11, g->q3);
	sqlite3_bind_blob(st, 12, g->xs, (int)(g->nxs * sizeof *g->xs), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "storing a peer group");
	return 0;
}

int yd_db_peer_group_get(struct yd_db *db, int32_t violation, int tier, int party, int level, int32_t region,
			 struct yd_group_summary *g, struct yd_error *err)
{
	sqlite3_stmt *st = yd_db_cached(db, SLOT_GROUP_GET,
					"SELECT n, median, mad, qn, q1, q3, xs FROM peer_group WHERE violation_id=? AND tier=?"
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
	g->q1 = sqlite3_column_double(st, 4);
	g->q3 = sqlite3_column_double(st, 5);
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
			       " outside_year, no_catalogue, no_base, judged, counts, max_case_id)"
			       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
			       " no_catalogue, no_base, judged, counts, min_scale, max_case_id FROM analysis_run"
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
			    " FROM result r JOIN cases c ON c.id = r.case_rowid JOIN region g ON g.id = c.region_id"
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
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int r;

	memset(verdict, 0xFF, n);
	if (sqlite3_prepare_v2(yd_db_handle(db), "SELECT case_rowid, verdict FROM result ORDER BY case_rowid", -1, &st,
			       NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading verdicts");
	while ((r = sqlite3_step(st)) == SQLITE_ROW && i < n) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (i < n && rowids[i] < id)
			i++;
		if (i < n && rowids[i] == id)
			verdict[i] = (int8_t)sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return yd_db_fail(db, err, "reading verdicts");
	return 0;
}
