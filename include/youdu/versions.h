/* versions.h - what changed when the standard changed (issue 23).
 *
 * For each item whose legal range differs between two consecutive
 * versions of the catalogue, the fines decided under each: how many, their
 * median, and the shares at the version's own minimum and maximum, so a
 * bureau sees whether practice followed the new standard. */
#ifndef YOUDU_VERSIONS_H
#define YOUDU_VERSIONS_H

#include <stdint.h>

#include "youdu/catalogue.h"
#include "youdu/db.h"

/* One side of a change: the version in force and the decisions under it. */
struct yd_version_side {
	int32_t from, until;   /* the version's first day (0 undated) and the last day of
				* its window (0 open) */
	int64_t lo, hi;        /* its legal range: fen, or ppm of the base */
	long n;                /* decisions judged by it (with a fine, or a base for a multiple) */
	double median;         /* their median fine in fen, or multiple of the base; NAN when n 0 */
	double share_min, share_max; /* shares exactly at its minimum and maximum (to the fen) */
};

struct yd_version_change {
	const char *violation_code, *name; /* borrowed for the call */
	enum yd_fine_kind kind;
	int32_t day;                       /* the day the new version took effect */
	struct yd_version_side before, after;
};

typedef int (*yd_version_change_fn)(void *data, const struct yd_version_change *c);

/* Calls fn for every change of an item's legal range between consecutive
 * versions, by violation code then day; a non-zero return stops.  One read
 * of the cases, grouped by violation in memory. */
int yd_version_changes(struct yd_db *db, yd_version_change_fn fn, void *data, struct yd_error *err);

#endif
