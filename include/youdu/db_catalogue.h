/* db_catalogue.h - the db module's side of the catalogue: loading it,
 * storing items and the rows of a published table's reading. */
#ifndef YOUDU_DB_CATALOGUE_H
#define YOUDU_DB_CATALOGUE_H

#include <stdint.h>

#include "youdu/catalogue.h"
#include "youdu/db.h"

/* Loads the stored catalogue into cat; release with
 * yd_catalogue_release (catalogue.h). */
int yd_catalogue_load(struct yd_db *db, struct yd_catalogue *cat, struct yd_error *err);

int yd_db_catalogue_clear(struct yd_db *db, struct yd_error *err);
/* Removes the version of a violation's item taking effect on from. */
int yd_db_catalogue_drop_version(struct yd_db *db, int64_t violation_id, int32_t from, struct yd_error *err);
int yd_db_catalogue_add(struct yd_db *db, const struct yd_cat_item *it, struct yd_error *err);

/* One row of `catalogue list`: a range, or a standard that needs review. */
struct yd_cat_row {
	int64_t violation_id;
	int32_t from, to;        /* the version (its item's from and to) */
	int seq;                 /* order within the violation's version */
	struct yd_cat_range r;
	const char *base;        /* the base as named, "" unless multiple */
	int parsed;              /* 0: needs review; kind, bounds are then meaningless */
	int derived;             /* 0 read from the table, 1 the legal range as the union of
				  * the tiers, 2 a row of the clean CSV form (listed only) */
	const char *reason;      /* why it needs review, "" when parsed */
	const char *source;      /* file:line, or "" */
	const char *text;        /* the standard as published */
};
/* Stores a row of a published table's reading (inside the import's transaction). */
int yd_db_catalogue_row_add(struct yd_db *db, const struct yd_cat_row *row, struct yd_error *err);
/* Calls fn for every stored row, by violation code, version then seq; row
 * strings are borrowed for the call.  code and name are the violation's.
 * at > 0: only the versions in force on that day (yyyymmdd). */
typedef int (*yd_cat_row_fn)(void *data, const char *code, const char *name, const struct yd_cat_row *row);
int yd_db_catalogue_rows_each(struct yd_db *db, int32_t at, yd_cat_row_fn fn, void *data, struct yd_error *err);

#endif
