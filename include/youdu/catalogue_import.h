/* catalogue_import.h - reading a catalogue file into storage. */
#ifndef YOUDU_CATALOGUE_IMPORT_H
#define YOUDU_CATALOGUE_IMPORT_H

#include "youdu/csvin.h"
#include "youdu/db.h"

/* How a catalogue file was read. */
struct yd_cat_stats {
	int published;   /* 1: a discretion table as published, 0: the clean CSV form */
	long items;      /* violations stored */
	long rows;       /* rows of a published table */
	long parsed;     /* of them, read into ranges */
	long review;     /* of them, needing review */
	long no_range;   /* items whose legal range is unknown (legality not checked) */
};

/* Options of an import. */
struct yd_cat_opts {
	int exclusive; /* 以上/以下 exclude the bound (provinces whose rules say so) */
	int32_t from;  /* yyyymmdd: the file is a version in force from this day; its items
			* are added beside their earlier versions (the same day's version
			* of an item is replaced).  0: the file replaces the catalogue */
	int32_t to;    /* yyyymmdd: the version's last day; 0 until the next one */
};

/* Replaces the catalogue with the rows of path, in one transaction.  The
 * file is either the clean CSV form (violation_code, fine_kind, fine_min,
 * fine_max, ...) or a discretion table as offices publish it, recognised
 * by its 处罚标准 column (docs/FORMATS.md).  A bad row of the clean form
 * fails the whole file with "path:line: reason"; a standard of a published
 * table that cannot be read is stored as needing review.  o may be NULL. */
int yd_catalogue_import(struct yd_db *db, const char *path, enum yd_encoding enc, const struct yd_cat_opts *o,
			struct yd_cat_stats *st, struct yd_error *err);

#endif
