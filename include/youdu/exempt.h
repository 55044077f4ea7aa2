/* exempt.h - a 免罚清单 (list of violations not punished, or punished less,
 * on a first offence; issue 24.2/24.5): its items, the look-back window read
 * from the words of 适用条件, the kind from 处理方式, each item matched to the
 * catalogue by name.  No verdict uses it yet. */
#ifndef YOUDU_EXEMPT_H
#define YOUDU_EXEMPT_H

#include "youdu/db.h"
#include "youdu/parse.h"

/* The window a condition's words give, in months: 首次/初次 alone is ever
 * (0); 一年内首次 12, 两年内首次 24, 6个月内首次 / 六个月内首次 6 (years and
 * months in Arabic or Chinese numerals).  Returns 0 and sets *months, or -1
 * when the condition says nothing of a first offence. */
int yd_exempt_window(const char *condition, int *months);
/* The kind of a 处理方式: 不予处罚 (不予行政处罚, 免予处罚) YD_TIER_NONE,
 * 减轻 YD_TIER_MITIGATED, 从轻 YD_TIER_LENIENT; YD_TIER_UNKNOWN otherwise. */
enum yd_tier yd_exempt_kind(const char *action);

/* What an import read. */
struct yd_exempt_stats {
	long items;     /* rows stored */
	long matched;   /* of them, matched to a catalogue item by name */
	long no_window; /* of them, whose 适用条件 names no first offence */
	long no_kind;   /* of them, whose 处理方式 is none of the three kinds */
};

/* Replaces the stored list with the rows of path (CSV or a workbook, the
 * header found by its 违法行为 and 适用条件 or 处理方式 columns), in one
 * transaction.  A file without those columns fails naming them. */
int yd_exempt_import(struct yd_db *db, const char *path, struct yd_exempt_stats *st, struct yd_error *err);

#endif
