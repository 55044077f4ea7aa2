/* db_analysis.c - the db module's queries for analysis: the cases it reads,
 * region paths, judged cases for audit and stats, lookups. */
#include "youdu/db_analysis.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/buf.h"

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
	c->cap = cap = (size_t)total + 1;
	c->rowid = yd_xmalloc(cap * sizeof *c->rowid);
	c->violation = yd_xmalloc(cap * sizeof *c->violation);
	c->region = yd_xmalloc(cap * sizeof *c->region);
	c->date = yd_xmalloc(cap * sizeof *c->date);
	c->context = yd_xmalloc(cap * sizeof *c->context);
	c->party = yd_xmalloc(cap * sizeof *c->party);
	c->tier = yd_xmalloc(cap * sizeof *c->tier);
	c->fine = yd_xmalloc(cap * sizeof *c->fine);
	c->base = yd_xmalloc(cap * sizeof *c->base);
	if (sqlite3_prepare_v2(h,
			       "SELECT id, violation_id, region_id, decision_date, party, tier, fine, base,"
			       " coalesce(context_id, 0) FROM cases"
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
		c->context[i] = sqlite3_column_int(st, 8);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW) {
		yd_casecols_release(c);
		return yd_db_fail(db, err, "loading cases");
	}
	return 0;
}

void yd_casecols_add(struct yd_casecols *c, int64_t rowid, const struct yd_case *k)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 4096;
		c->rowid = yd_xrealloc(c->rowid, c->cap * sizeof *c->rowid);
		c->violation = yd_xrealloc(c->violation, c->cap * sizeof *c->violation);
		c->region = yd_xrealloc(c->region, c->cap * sizeof *c->region);
		c->date = yd_xrealloc(c->date, c->cap * sizeof *c->date);
		c->context = yd_xrealloc(c->context, c->cap * sizeof *c->context);
		c->party = yd_xrealloc(c->party, c->cap * sizeof *c->party);
		c->tier = yd_xrealloc(c->tier, c->cap * sizeof *c->tier);
		c->fine = yd_xrealloc(c->fine, c->cap * sizeof *c->fine);
		c->base = yd_xrealloc(c->base, c->cap * sizeof *c->base);
	}
	size_t i = c->n++;
	c->rowid[i] = rowid;
	c->violation[i] = (int32_t)k->violation_id;
	c->region[i] = (int32_t)k->region_id;
	c->date[i] = k->date;
	c->context[i] = (int32_t)k->context_id;
	c->party[i] = (int8_t)k->party;
	c->tier[i] = (int8_t)k->tier;
	c->fine[i] = k->fine;
	c->base[i] = k->base;
}

size_t yd_rowid_index(const int64_t *rowid, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rowid[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rowid[lo] == id ? lo : n;
}

int yd_db_load_currencies(struct yd_db *db, const struct yd_casecols *c, uint8_t *cur,
			  char codes[YD_CURRENCIES_MAX][4], int *ncodes, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	memset(cur, 0, c->n);
	snprintf(codes[0], 4, "CNY");
	*ncodes = 1;
	/* NULL is CNY: the partial index holds the others, in code order */
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT id, currency FROM cases WHERE currency IS NOT NULL ORDER BY currency, id", -1, &st,
			       NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading currencies");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		int k = *ncodes - 1;
		if (strcmp(codes[k], code) != 0) {
			if (*ncodes == YD_CURRENCIES_MAX) {
				rc = yd_error_set(err, YD_ESTATE, "the cases are in more than %d currencies",
						  YD_CURRENCIES_MAX);
				break;
			}
			k = (*ncodes)++;
			snprintf(codes[k], 4, "%s", code);
		}
		/* c holds the cases in id order (one year's, maybe) */
		size_t i = yd_rowid_index(c->rowid, c->n, id);
		if (i < c->n)
			cur[i] = (uint8_t)k;
	}
	if (rc == 0 && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "loading currencies");
	sqlite3_finalize(st);
	return rc;
}

void yd_casecols_release(struct yd_casecols *c)
{
	free(c->rowid);
	free(c->violation);
	free(c->region);
	free(c->date);
	free(c->context);
	free(c->party);
	free(c->tier);
	free(c->fine);
	free(c->base);
	memset(c, 0, sizeof *c);
}

static int names_by_id(struct yd_db *db, const char *sql, char ***paths, size_t *n, struct yd_error *err);

int yd_db_region_paths(struct yd_db *db, char ***paths, size_t *n, struct yd_error *err)
{
	return names_by_id(db, "SELECT id, name FROM region ORDER BY id", paths, n, err);
}

int yd_db_context_names(struct yd_db *db, char ***names, size_t *n, struct yd_error *err)
{
	return names_by_id(db, "SELECT id, name FROM context ORDER BY id", names, n, err);
}

static int names_by_id(struct yd_db *db, const char *sql, char ***paths, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	char **p = NULL;
	int r;

	*n = 0;
	*paths = NULL;
	if (sqlite3_prepare_v2(yd_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading names");
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
		return yd_db_fail(db, err, "loading names");
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

int yd_db_judged_each(struct yd_db *db, const struct yd_case_filter *f, yd_judged_fn fn, void *data,
		      struct yd_error *err)
{
	struct yd_buf sql = YD_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = 0, r;
	char like[1100];

	yd_buf_addstr(&sql, "SELECT c.id, c.case_id, g.name, v.name, c.violation_id, c.region_id, c.decision_date,"
			    " c.party, c.tier, c.fine, c.base, r.verdict, r.level, r.party_used, r.method, r.peer_n,"
			    " r.peer_median, r.scale, r.percentile, r.z, r.farness, r.p, r.above, r.below, r.widened,"
			    " coalesce((SELECT name FROM context WHERE id = c.context_id), ''),"
			    " coalesce(c.currency, 'CNY')"
			    " FROM yd_result r JOIN cases c ON c.id = r.case_rowid JOIN region g ON g.id = c.region_id"
			    " JOIN violation v ON v.id = c.violation_id WHERE (?1 >> r.verdict) & 1");
	if (f->region)
		yd_buf_addstr(&sql, " AND (g.name = ?2 OR g.name LIKE ?3 ESCAPE '\\')");
	if (f->violation)
		yd_buf_addstr(&sql, " AND v.name = ?4");
	if (f->year)
		yd_buf_addstr(&sql, " AND c.decision_date / 10000 = ?5");
	if (f->agency)
		yd_buf_addstr(&sql, " AND c.agency_id = (SELECT id FROM agency WHERE name = ?7)");
	if (!f->unordered)
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
	if (f->agency)
		sqlite3_bind_text(st, 7, f->agency, -1, SQLITE_STATIC);
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
		row.r.peer_median = yd_db_col_real(st, 16);
		row.r.scale = (float)yd_db_col_real(st, 17);
		row.r.percentile = (float)yd_db_col_real(st, 18);
		row.r.z = (float)yd_db_col_real(st, 19);
		row.r.farness = (float)yd_db_col_real(st, 20);
		row.r.p = (float)yd_db_col_real(st, 21);
		row.r.above = sqlite3_column_int(st, 22);
		row.r.below = sqlite3_column_int(st, 23);
		row.r.widened = (int8_t)sqlite3_column_int(st, 24);
		row.context = (const char *)sqlite3_column_text(st, 25);
		row.currency = (const char *)sqlite3_column_text(st, 26);
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
	    "SELECT id FROM agency WHERE name = ?", "SELECT id FROM violation WHERE name = ?",
	    "SELECT id FROM context WHERE name = ?"};
	sqlite3_stmt *st = yd_db_cached(db, YD_SLOT_LOOKUP0 + (int)kind, sql[kind], err);
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
		YD_ALLOC_GROW(*ids, *n + 1, cap);
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
	sqlite3_stmt *st = yd_db_cached(db, YD_SLOT_BRIEF,
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

int yd_db_top_violation(struct yd_db *db, char *code, size_t n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT v.name FROM cases c JOIN violation v ON v.id = c.violation_id"
			       " GROUP BY c.violation_id ORDER BY count(*) DESC, v.name LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "finding the commonest violation");
	int r = sqlite3_step(st), rc = 0;
	if (r == SQLITE_ROW)
		snprintf(code, n, "%s", (const char *)sqlite3_column_text(st, 0));
	else if (r == SQLITE_DONE)
		rc = yd_error_set(err, YD_ESTATE, "no cases in the database: run 'youdu import' first");
	else
		rc = yd_db_fail(db, err, "finding the commonest violation");
	sqlite3_finalize(st);
	return rc;
}

int yd_db_case_years(struct yd_db *db, int year, int *first, int *last, long *in_year, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT min(decision_date) / 10000, max(decision_date) / 10000,"
			       " sum(decision_date / 10000 = ?) FROM cases",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading the years of the cases");
	sqlite3_bind_int(st, 1, year);
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*first = sqlite3_column_int(st, 0);
		*last = sqlite3_column_int(st, 1);
		*in_year = (long)sqlite3_column_int64(st, 2);
	} else {
		rc = yd_db_fail(db, err, "reading the years of the cases");
	}
	sqlite3_finalize(st);
	return rc;
}
