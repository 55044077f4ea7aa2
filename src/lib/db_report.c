/* db_report.c - the report's own queries (part of the db module): judged
 * cases with their agency, cases per year, an agency's regions. */
#include "youdu/db_report.h"

#include "youdu/alloc.h"
#include "youdu/db_blocks.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

/* The agencies' names by id (names[0] NULL, as for a case without one). */
static int agency_names(struct yd_db *db, char ***names, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r;
	*names = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(yd_db_handle(db), "SELECT id, name FROM agency ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading agencies");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > (1 << 26))
			continue; /* never made by youdu */
		if ((size_t)id >= *n) {
			size_t m = (size_t)id + 1;
			*names = yd_xrealloc(*names, m * sizeof **names);
			memset(*names + *n, 0, (m - *n) * sizeof **names);
			*n = m;
		}
		(*names)[id] = yd_xstrdup(col_text(st, 1));
	}
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 0 : yd_db_fail(db, err, "reading agencies");
}

int yd_db_report_cases_each(struct yd_db *db, const char *agency, yd_report_case_fn fn, void *data,
			    struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	struct yd_db_verdict_walk *w = NULL;
	char **names = NULL;
	size_t nnames = 0;
	int r, rc;

	/* the cases in id order with the result blocks walked beside them, one
	 * pass over each, and the agencies' names from memory (a join of the
	 * results with the cases sought each case and its agency by id: two
	 * seeks a case, the report's longest read) */
	if ((rc = agency_names(db, &names, &nnames, err)) < 0)
		goto out;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT id, coalesce(agency_id, 0), violation_id, region_id, decision_date, tier, fine, base,"
			       " coalesce(currency, 'CNY') FROM cases ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK ||
	    !(w = yd_db_blocks_verdicts_open(yd_db_handle(db)))) {
		rc = yd_db_fail(db, err, "reading judged cases");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_report_case c;
		c.rowid = sqlite3_column_int64(st, 0);
		c.verdict = yd_db_blocks_verdicts_get(w, c.rowid);
		if (c.verdict < -1) {
			r = SQLITE_ERROR;
			break;
		}
		if (c.verdict < 0)
			continue; /* not judged by the stored run */
		c.agency_id = sqlite3_column_int64(st, 1);
		const char *name = c.agency_id > 0 && (size_t)c.agency_id < nnames ? names[c.agency_id] : NULL;
		if (agency && (!name || strcmp(name, agency) != 0))
			continue;
		c.agency = name ? name : "";
		c.violation_id = sqlite3_column_int(st, 2);
		c.region_id = sqlite3_column_int(st, 3);
		c.date = sqlite3_column_int(st, 4);
		c.tier = sqlite3_column_int(st, 5);
		c.fine = sqlite3_column_int64(st, 6);
		c.base = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 7);
		c.currency = col_text(st, 8);
		if ((rc = fn(data, &c)) != 0)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading judged cases");
out:
	yd_db_blocks_verdicts_close(w);
	sqlite3_finalize(st);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return rc;
}

int yd_db_report_years_each(struct yd_db *db, const char *agency, yd_report_year_fn fn, void *data,
			    struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT c.decision_date / 10000 AS y, count(*), total(c.fine) FROM cases c"
			       " LEFT JOIN agency a ON a.id = c.agency_id WHERE ?1 IS NULL OR a.name = ?1"
			       " GROUP BY y ORDER BY y",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "counting cases by year");
	if (agency)
		sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		/* total(), a double, where sum() fails on an integer overflow */
		struct yd_report_year y = {sqlite3_column_int(st, 0), (long)sqlite3_column_int64(st, 1),
					   sqlite3_column_double(st, 2)};
		if ((rc = fn(data, &y)) != 0)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "counting cases by year");
	sqlite3_finalize(st);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int yd_db_agency_regions(struct yd_db *db, const char *agency, char ***paths, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	char **p = NULL;
	size_t k = 0, cap = 0;
	int r;

	*paths = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT DISTINCT g.name FROM cases c JOIN agency a ON a.id = c.agency_id"
			       " JOIN region g ON g.id = c.region_id WHERE a.name = ?1 ORDER BY g.name",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "listing an agency's regions");
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		YD_ALLOC_GROW(p, k + 1, cap);
		p[k++] = yd_xstrdup(col_text(st, 0));
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		yd_db_agency_regions_free(p, k);
		return yd_db_fail(db, err, "listing an agency's regions");
	}
	/* SQLite's ORDER BY uses its own collation: sort by strcmp for bsearch */
	if (k)
		qsort(p, k, sizeof *p, cmp_str);
	*paths = p;
	*n = k;
	return 0;
}

void yd_db_agency_regions_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int yd_db_agency_regions_has(char *const *paths, size_t n, const char *path)
{
	return n && bsearch(&path, paths, n, sizeof *paths, cmp_str) != NULL;
}
