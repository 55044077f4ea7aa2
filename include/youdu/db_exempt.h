/* db_exempt.h - the db module's side of the 免罚清单 (issue 24): the stored
 * items, replaced whole by an import (exempt.c reads the file). */
#ifndef YOUDU_DB_EXEMPT_H
#define YOUDU_DB_EXEMPT_H

#include <stdint.h>

#include "youdu/db.h"
#include "youdu/exempt.h"
#include "youdu/parse.h"

/* One item of the list as stored. */
struct yd_exempt_item {
	const char *seq, *name, *basis, *condition, *action; /* as published, "" when absent */
	enum yd_tier kind;
	int months;           /* -1: no first-offence words, or not read (review says) */
	int64_t violation_id; /* 0: not matched to the catalogue */
	const char *source;   /* the file */
	long line;
	int32_t valid_from, valid_to; /* yyyymmdd, 0 open */
	const char *review;   /* NULL: read; else why the row needs review */
};
int yd_db_exempt_clear(struct yd_db *db, struct yd_error *err);
int yd_db_exempt_add(struct yd_db *db, const struct yd_exempt_item *it, struct yd_error *err);

/* Loads the stored list (empty when none was imported). */
int yd_exempt_load(struct yd_db *db, struct yd_exempt_list *l, struct yd_error *err);

#endif
