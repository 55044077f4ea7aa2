/* catalogue.h - statutory ranges (法定幅度) and discretion tier bands.
 *
 * Fixed items keep bounds in fen; multiple items keep them in millionths
 * (ppm) of the case's base amount (货值金额, 违法所得, 工程造价...).
 * Tier bands: lenient [lo, lenient_max], general [lenient_max, severe_min],
 * severe [severe_min, hi].  When a catalogue row gives no tier bounds they
 * are derived as the 30 % / 70 % points of the range (tiers_given = 0). */
#ifndef YOUDU_CATALOGUE_H
#define YOUDU_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/csvin.h"
#include "youdu/db.h"
#include "youdu/parse.h"

enum yd_fine_kind { YD_KIND_FIXED = 0, YD_KIND_MULTIPLE = 1 };

struct yd_cat_item {
	int64_t violation_id;
	char *code, *name, *basis; /* owned */
	enum yd_fine_kind kind;
	int64_t lo, hi;              /* statutory range (fen or ppm) */
	int64_t lenient_max, severe_min; /* tier boundaries, same unit */
	int tiers_given;             /* 1 when the catalogue gave the tier bounds */
};

struct yd_catalogue {
	struct yd_cat_item *items; /* sorted by violation_id */
	size_t n;
};

/* Replaces the catalogue with the rows of path, in one transaction.  Any
 * bad row fails the whole file with "path:line: reason".  *count gets the
 * number of items imported. */
int yd_catalogue_import(struct yd_db *db, const char *path, enum yd_encoding enc, long *count,
			struct yd_error *err);

/* Loads the stored catalogue into cat; release with yd_catalogue_release. */
int yd_catalogue_load(struct yd_db *db, struct yd_catalogue *cat, struct yd_error *err);
void yd_catalogue_release(struct yd_catalogue *cat);
/* The item of a violation id, or NULL (borrowed from cat). */
const struct yd_cat_item *yd_catalogue_find(const struct yd_catalogue *cat, int64_t violation_id);

/* The band of a declared tier, in the item's unit: lenient, general and
 * severe have their bands; mitigated is [0, lo] (减轻 means at most the
 * legal minimum); none is [0, 0].  Returns
 * -1 for YD_TIER_UNKNOWN. */
int yd_cat_tier_band(const struct yd_cat_item *it, enum yd_tier tier, int64_t *lo, int64_t *hi);

/* Converts an item bound to fen for a case with the given base (fen);
 * fixed items ignore base.  Rounds to the nearest fen. */
int64_t yd_cat_to_fen(const struct yd_cat_item *it, int64_t bound, int64_t base);
/* The same bound at the precision of money: base x multiple usually falls
 * between two fen, and a fine of either meets it.  _down is the fen at or
 * below the exact bound (what a minimum asks at least), _up the fen at or
 * above it (what a maximum allows at most); exact integer arithmetic. */
int64_t yd_cat_fen_down(const struct yd_cat_item *it, int64_t bound, int64_t base);
int64_t yd_cat_fen_up(const struct yd_cat_item *it, int64_t bound, int64_t base);
/* 1 when fine meets the bound exactly at the precision of money. */
int yd_cat_fen_meets(const struct yd_cat_item *it, int64_t bound, int64_t base, int64_t fine);

/* The storage side (db_catalogue.c). */
int yd_db_catalogue_clear(struct yd_db *db, struct yd_error *err);
int yd_db_catalogue_add(struct yd_db *db, const struct yd_cat_item *it, struct yd_error *err);

#endif
