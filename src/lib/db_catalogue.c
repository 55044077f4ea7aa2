/* db_catalogue.c - the db module's side of the catalogue: storing and
 * loading items, their published ranges and name aliases, the catalogue's
 * signature.  catalogue.c reads files; this file alone writes the tables. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/catalogue.h"
#include "youdu/db.h"
#include "youdu/db_catalogue.h"
#include "youdu/strmap.h"

int yd_db_catalogue_sig(struct yd_db *db, int64_t *sig, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	uint64_t h = 0;
	int r;

	/* the ranges of a published table change judging as much as the items,
	 * and so does the 免罚清单 (exempt_repeat; nothing when none, so the
	 * signature of a database without one is as it was) */
	static const char *const sql[] = {"SELECT * FROM catalogue ORDER BY violation_id, effective_from",
					  "SELECT * FROM catalogue_range ORDER BY violation_id, effective_from, seq",
					  "SELECT * FROM exempt ORDER BY id"};
	for (size_t q = 0; q < sizeof sql / sizeof *sql; q++) {
		if (sqlite3_prepare_v2(yd_db_handle(db), sql[q], -1, &st, NULL) != SQLITE_OK)
			return yd_db_fail(db, err, "reading the catalogue");
		while ((r = sqlite3_step(st)) == SQLITE_ROW)
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *t = sqlite3_column_text(st, i);
				size_t n = (size_t)sqlite3_column_bytes(st, i);
				h = h * 31 + yd_hash(t ? (const void *)t : "", n) + (uint64_t)(t == NULL); /* NULL != "" */
			}
		sqlite3_finalize(st);
		if (r != SQLITE_DONE)
			return yd_db_fail(db, err, "reading the catalogue");
	}
	*sig = (int64_t)(h ? h : 1);
	return 0;
}

int yd_db_catalogue_clear(struct yd_db *db, struct yd_error *err)
{
	return yd_db_exec(db, "DELETE FROM catalogue; DELETE FROM catalogue_range", err);
}

int yd_db_catalogue_drop_version(struct yd_db *db, int64_t violation_id, int32_t from, struct yd_error *err)
{
	static const char *const sql[] = {"DELETE FROM catalogue WHERE violation_id = ? AND effective_from = ?",
					  "DELETE FROM catalogue_range WHERE violation_id = ? AND effective_from = ?"};
	for (size_t q = 0; q < sizeof sql / sizeof *sql; q++) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(yd_db_handle(db), sql[q], -1, &st, NULL) != SQLITE_OK)
			return yd_db_fail(db, err, "storing the catalogue");
		sqlite3_bind_int64(st, 1, violation_id);
		sqlite3_bind_int(st, 2, from);
		int r = sqlite3_step(st);
		sqlite3_finalize(st);
		if (r != SQLITE_DONE)
			return yd_db_fail(db, err, "storing the catalogue");
	}
	return 0;
}

/* Returns 0, 1 when the violation is already in the catalogue, or an error. */
int yd_db_catalogue_add(struct yd_db *db, const struct yd_cat_item *it, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "INSERT OR IGNORE INTO catalogue(violation_id, legal_basis, kind, lo, hi, lenient_max,"
			       " severe_min, tiers_given, review, effective_from, effective_to) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "storing the catalogue");
	sqlite3_bind_int64(st, 1, it->violation_id);
	sqlite3_bind_text(st, 2, it->basis ? it->basis : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, (int)it->kind);
	sqlite3_bind_int64(st, 4, it->lo);
	sqlite3_bind_int64(st, 5, it->hi);
	sqlite3_bind_int64(st, 6, it->lenient_max);
	sqlite3_bind_int64(st, 7, it->severe_min);
	sqlite3_bind_int(st, 8, it->tiers_given);
	if (it->review)
		sqlite3_bind_text(st, 9, it->review, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, it->from);
	if (it->to)
		sqlite3_bind_int(st, 11, it->to);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = yd_db_fail(db, err, "storing the catalogue");
	else if (sqlite3_changes(yd_db_handle(db)) == 0)
		rc = 1;
	sqlite3_finalize(st);
	if (rc == 0 && it->name && *it->name) {
		if (sqlite3_prepare_v2(yd_db_handle(db), "UPDATE violation SET title = ? WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
			return yd_db_fail(db, err, "storing the catalogue");
		sqlite3_bind_text(st, 1, it->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, it->violation_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = yd_db_fail(db, err, "storing the catalogue");
		sqlite3_finalize(st);
	}
	return rc;
}

static int load_ranges(struct yd_db *db, struct yd_catalogue *cat, struct yd_error *err);
static int load_aliases(struct yd_db *db, struct yd_catalogue *cat, struct yd_error *err);

int yd_catalogue_load(struct yd_db *db, struct yd_catalogue *cat, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int r;

	memset(cat, 0, sizeof *cat);
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT c.violation_id, v.name, v.title, c.legal_basis, c.kind, c.lo, c.hi, c.lenient_max,"
			       " c.severe_min, c.tiers_given, c.review, c.effective_from, coalesce(c.effective_to, 0)"
			       " FROM catalogue c JOIN violation v ON v.id = c.violation_id"
			       " ORDER BY c.violation_id, c.effective_from",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading the catalogue");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		YD_ALLOC_GROW(cat->items, cat->n + 1, cap);
		struct yd_cat_item *it = &cat->items[cat->n++];
		it->violation_id = sqlite3_column_int64(st, 0);
		it->code = yd_xstrdup(yd_db_col_text(st, 1));
		it->name = yd_xstrdup(yd_db_col_text(st, 2));
		it->basis = yd_xstrdup(yd_db_col_text(st, 3));
		it->kind = (enum yd_fine_kind)sqlite3_column_int(st, 4);
		it->lo = sqlite3_column_int64(st, 5);
		it->hi = sqlite3_column_int64(st, 6);
		it->lenient_max = sqlite3_column_int64(st, 7);
		it->severe_min = sqlite3_column_int64(st, 8);
		it->tiers_given = sqlite3_column_int(st, 9);
		it->review = sqlite3_column_type(st, 10) == SQLITE_NULL ? NULL : yd_xstrdup(yd_db_col_text(st, 10));
		it->ranges = NULL;
		it->nranges = 0;
		it->from = sqlite3_column_int(st, 11);
		it->to = sqlite3_column_int(st, 12);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		yd_catalogue_release(cat);
		return yd_db_fail(db, err, "loading the catalogue");
	}
	int rc = load_ranges(db, cat, err);
	if (rc == 0)
		rc = load_aliases(db, cat, err);
	if (rc < 0)
		yd_catalogue_release(cat);
	return rc;
}

/* The item of a violation's version from (items are sorted), or NULL. */
static struct yd_cat_item *version(struct yd_catalogue *cat, int64_t id, int32_t from)
{
	size_t lo = 0, hi = cat->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct yd_cat_item *m = &cat->items[mid];
		if (m->violation_id < id || (m->violation_id == id && m->from < from))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cat->n && cat->items[lo].violation_id == id && cat->items[lo].from == from ? &cat->items[lo] : NULL;
}

/* The ranges judging uses (read, or the union of the tiers), per item. */
static int load_ranges(struct yd_db *db, struct yd_catalogue *cat, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int r;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT violation_id, tier, party, cond, kind, lo, hi, cap, open, effective_from FROM catalogue_range"
			       " WHERE parsed AND derived < 2 ORDER BY violation_id, effective_from, seq",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "loading the catalogue");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_cat_item *it = version(cat, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 9));
		if (!it)
			continue;
		if (it->nranges == 0)
			cap = 0;
		YD_ALLOC_GROW(it->ranges, it->nranges + 1, cap);
		struct yd_cat_range *g = &it->ranges[it->nranges++];
		g->tier = (enum yd_tier)sqlite3_column_int(st, 1);
		g->party = (enum yd_std_party)sqlite3_column_int(st, 2);
		g->cond = (enum yd_std_cond)sqlite3_column_int(st, 3);
		g->kind = (enum yd_std_kind)sqlite3_column_int(st, 4);
		g->lo = sqlite3_column_int64(st, 5);
		g->hi = sqlite3_column_int64(st, 6);
		g->cap = sqlite3_column_type(st, 7) == SQLITE_NULL ? YD_STD_NO_CAP : sqlite3_column_int64(st, 7);
		g->open = sqlite3_column_int(st, 8);
	}
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 0 : yd_db_fail(db, err, "loading the catalogue");
}

static int alias_cmp(const void *a, const void *b)
{
	const struct yd_cat_alias *x = a, *y = b;
	return (x->violation_id > y->violation_id) - (x->violation_id < y->violation_id);
}

/* Cases match an item by code or, failing that, by name: a violation whose
 * code is not in the catalogue but whose name (or code) is the name of an
 * item gets that item. */
static int load_aliases(struct yd_db *db, struct yd_catalogue *cat, struct yd_error *err)
{
	struct yd_strmap names = YD_STRMAP_INIT;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	char key[1024];
	int r = SQLITE_DONE;

	for (size_t i = 0; i < cat->n; i++) {
		int64_t dummy;
		const char *nm[2] = {cat->items[i].name, cat->items[i].code};
		for (int k = 0; k < 2; k++) {
			yd_cat_name_key(nm[k] ? nm[k] : "", key, sizeof key);
			if (*key && !yd_strmap_get(&names, key, &dummy))
				yd_strmap_put(&names, key, (int64_t)i);
		}
	}
	if (names.n == 0)
		goto out;
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT v.id, v.name, v.title FROM violation v WHERE v.id NOT IN"
			       " (SELECT violation_id FROM catalogue) ORDER BY v.id",
			       -1, &st, NULL) != SQLITE_OK) {
		yd_strmap_release(&names);
		return yd_db_fail(db, err, "loading the catalogue");
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t idx;
		int found = 0;
		for (int k = 2; k >= 1 && !found; k--) {
			yd_cat_name_key(yd_db_col_text(st, k), key, sizeof key);
			found = *key && yd_strmap_get(&names, key, &idx);
		}
		if (!found)
			continue;
		YD_ALLOC_GROW(cat->alias, cat->nalias + 1, cap);
		cat->alias[cat->nalias].violation_id = sqlite3_column_int64(st, 0);
		cat->alias[cat->nalias++].item = (size_t)idx;
	}
	sqlite3_finalize(st);
	if (cat->nalias > 1)
		qsort(cat->alias, cat->nalias, sizeof *cat->alias, alias_cmp);
out:
	yd_strmap_release(&names);
	return r == SQLITE_DONE ? 0 : yd_db_fail(db, err, "loading the catalogue");
}

int yd_db_catalogue_row_add(struct yd_db *db, const struct yd_cat_row *row, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "INSERT INTO catalogue_range(violation_id, seq, tier, party, cond, kind, base, lo, hi, cap,"
			       " open, parsed, reason, derived, source, text, effective_from) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "storing the catalogue");
	sqlite3_bind_int64(st, 1, row->violation_id);
	sqlite3_bind_int(st, 2, row->seq);
	sqlite3_bind_int(st, 3, (int)row->r.tier);
	sqlite3_bind_int(st, 4, (int)row->r.party);
	sqlite3_bind_int(st, 5, (int)row->r.cond);
	sqlite3_bind_int(st, 6, (int)row->r.kind);
	sqlite3_bind_text(st, 7, row->base ? row->base : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, row->r.lo);
	sqlite3_bind_int64(st, 9, row->r.hi);
	if (row->r.cap != YD_STD_NO_CAP)
		sqlite3_bind_int64(st, 10, row->r.cap);
	sqlite3_bind_int(st, 11, row->r.open);
	sqlite3_bind_int(st, 12, row->parsed);
	sqlite3_bind_text(st, 13, row->reason ? row->reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, row->derived);
	sqlite3_bind_text(st, 15, row->source ? row->source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 16, row->text ? row->text : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 17, row->from);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = yd_db_fail(db, err, "storing the catalogue");
	sqlite3_finalize(st);
	return rc;
}

int yd_db_catalogue_rows_each(struct yd_db *db, int32_t at, yd_cat_row_fn fn, void *data, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT r.violation_id, v.name, coalesce(v.title, ''), r.seq, r.tier, r.party, r.cond, r.kind,"
			       " r.base, r.lo, r.hi, r.cap, r.open, r.parsed, r.reason, r.derived, r.source, r.text,"
			       " r.effective_from, coalesce(c.effective_to, 0)"
			       " FROM catalogue_range r JOIN violation v ON v.id = r.violation_id"
			       " LEFT JOIN catalogue c ON c.violation_id = r.violation_id AND c.effective_from = r.effective_from"
			       /* at a day: the version that started last by then, unless it ended */
			       " WHERE ?1 = 0 OR (r.effective_from = (SELECT max(effective_from) FROM catalogue c2"
			       "   WHERE c2.violation_id = r.violation_id AND c2.effective_from <= ?1)"
			       "   AND (c.effective_to IS NULL OR c.effective_to >= ?1))"
			       " ORDER BY v.name, r.effective_from, r.seq",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading the catalogue");
	sqlite3_bind_int(st, 1, at);
	while (rc == 0 && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_cat_row row;
		memset(&row, 0, sizeof row);
		row.violation_id = sqlite3_column_int64(st, 0);
		row.seq = sqlite3_column_int(st, 3);
		row.r.tier = (enum yd_tier)sqlite3_column_int(st, 4);
		row.r.party = (enum yd_std_party)sqlite3_column_int(st, 5);
		row.r.cond = (enum yd_std_cond)sqlite3_column_int(st, 6);
		row.r.kind = (enum yd_std_kind)sqlite3_column_int(st, 7);
		row.base = yd_db_col_text(st, 8);
		row.r.lo = sqlite3_column_int64(st, 9);
		row.r.hi = sqlite3_column_int64(st, 10);
		row.r.cap = sqlite3_column_type(st, 11) == SQLITE_NULL ? YD_STD_NO_CAP : sqlite3_column_int64(st, 11);
		row.r.open = sqlite3_column_int(st, 12);
		row.parsed = sqlite3_column_int(st, 13);
		row.reason = yd_db_col_text(st, 14);
		row.derived = sqlite3_column_int(st, 15);
		row.source = yd_db_col_text(st, 16);
		row.text = yd_db_col_text(st, 17);
		row.from = sqlite3_column_int(st, 18);
		row.to = sqlite3_column_int(st, 19);
		rc = fn(data, yd_db_col_text(st, 1), yd_db_col_text(st, 2), &row);
	}
	if (rc == 0 && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading the catalogue");
	sqlite3_finalize(st);
	return rc;
}
