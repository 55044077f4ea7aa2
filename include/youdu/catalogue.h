/* catalogue.h - statutory ranges (法定幅度) and discretion tier bands.
 *
 * Fixed items keep bounds in fen; multiple items keep them in millionths
 * (ppm) of the case's base amount (货值金额, 违法所得, 工程造价...).
 * Tier bands: lenient [lo, lenient_max], general [lenient_max, severe_min],
 * severe [severe_min, hi].  When a catalogue row gives no tier bounds they
 * are derived as the 30 % / 70 % points of the range (tiers_given = 0).
 * Rules only: loading is db_catalogue.h's, reading files catalogue_import.h's. */
#ifndef YOUDU_CATALOGUE_H
#define YOUDU_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/parse.h"
#include "youdu/standard.h"

enum yd_fine_kind { YD_KIND_FIXED = 0, YD_KIND_MULTIPLE = 1 };

/* One range of an item read from a published discretion table: for a tier
 * (YD_TIER_UNKNOWN: the legal range), a party and a branch on the base.
 * Ranges of the same tier, party and branch are alternatives. */
struct yd_cat_range {
	enum yd_tier tier;
	enum yd_std_party party;
	enum yd_std_cond cond;
	enum yd_std_kind kind;
	int64_t lo, hi; /* fen (fixed) or ppm of the base (multiple) */
	int64_t cap;    /* fen, or YD_STD_NO_CAP */
	int open;       /* 以上/以下 exclude the bound (catalogue import --exclusive) */
};

struct yd_cat_item {
	int64_t violation_id;
	char *code, *name, *basis; /* owned */
	enum yd_fine_kind kind;
	int64_t lo, hi;              /* statutory range (fen or ppm) */
	int64_t lenient_max, severe_min; /* tier boundaries, same unit */
	int tiers_given;             /* 1 when the catalogue gave the tier bounds */
	/* From a published table (zero for the clean CSV form): the ranges the
	 * law and the tiers state, which judging uses in place of lo..severe_min
	 * (those then summarise them for charts and suggestions). */
	struct yd_cat_range *ranges; /* owned, nranges of them */
	size_t nranges;
	char *review;                /* owned; non-NULL: the legal range could not be
				      * read (why), and cases are judged by peers only */
	/* The version (issue 23): in force from this day (yyyymmdd; 0 undated:
	 * always, until a dated version starts) until the next version starts
	 * or through `to` (0: open). */
	int32_t from, to;
};

struct yd_catalogue {
	struct yd_cat_item *items; /* sorted by violation_id, then version (from) */
	size_t n;
	/* violations not in the catalogue by code whose name is an item's
	 * name: (violation_id, index in items), sorted by violation_id */
	struct yd_cat_alias {
		int64_t violation_id;
		size_t item;
	} *alias;
	size_t nalias;
};

/* A violation name as tables and cases key it: full-width folded, spaces
 * removed; written to out (NUL-terminated, cut at outsz). */
void yd_cat_name_key(const char *name, char *out, size_t outsz);

void yd_catalogue_release(struct yd_catalogue *cat);
/* The item of a violation id, or NULL (borrowed from cat): its latest
 * version (for its kind and bounds in charts and summaries). */
const struct yd_cat_item *yd_catalogue_find(const struct yd_catalogue *cat, int64_t violation_id);
/* The version of a violation's item in force on date (yyyymmdd; 0: the
 * latest), or NULL: not in the catalogue (*next 0), or no version in force
 * that day (*next the first day after it that one takes effect, or -1 when
 * every version ended before it).  next may be NULL.  Binary search: no
 * allocation, no SQL. */
const struct yd_cat_item *yd_catalogue_find_at(const struct yd_catalogue *cat, int64_t violation_id, int32_t date,
					       int32_t *next);
/* 1 when any item has a dated version. */
int yd_catalogue_versioned(const struct yd_catalogue *cat);

/* The tier bounds a catalogue gives none of: the 30 % and 70 % points of
 * [lo, hi], rounded to the unit (the one home of the 30/70 split). */
void yd_cat_tier_split(int64_t lo, int64_t hi, int64_t *lenient_max, int64_t *severe_min);

/* The band of a declared tier, in the item's unit: lenient, general and
 * severe have their bands; mitigated is [0, lo] (减轻 means at most the
 * legal minimum); none is [0, 0].  Returns
 * -1 for YD_TIER_UNKNOWN. */
int yd_cat_tier_band(const struct yd_cat_item *it, enum yd_tier tier, int64_t *lo, int64_t *hi);

/* An item bound in fen for a case with the given base (fen; fixed items
 * ignore it), at the precision of money: base x multiple usually falls
 * between two fen, and a fine of either meets it.  _down is the fen at or
 * below the exact bound (what a minimum asks at least), _up the fen at or
 * above it (what a maximum allows at most); exact integer arithmetic. */
int64_t yd_cat_fen_down(const struct yd_cat_item *it, int64_t bound, int64_t base);
int64_t yd_cat_fen_up(const struct yd_cat_item *it, int64_t bound, int64_t base);
/* 1 when fine meets the bound exactly at the precision of money. */
int yd_cat_fen_meets(const struct yd_cat_item *it, int64_t bound, int64_t base, int64_t fine);

#endif
