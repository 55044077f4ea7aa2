/* exempt.h - a 免罚清单 (list of violations not punished, or punished less,
 * on a first offence; issue 24): its items, the look-back window read from
 * the words of 适用条件, the kind from 处理方式, each item matched to the
 * catalogue by code or name; what a phrase that could not be read needs
 * (needs review, with the reason); the items as the verdicts, check and
 * the report use them (docs/METHODS.md, "首违不罚"). */
#ifndef YOUDU_EXEMPT_H
#define YOUDU_EXEMPT_H

#include "youdu/buf.h"
#include "youdu/db.h"
#include "youdu/judge.h"
#include "youdu/parse.h"

/* The window a condition's words give, in months: 首次/初次 alone is ever
 * (0); 一年内首次 12, 两年内首次 24, 6个月内首次 / 六个月内首次 6 (years and
 * months in Arabic or Chinese numerals).  Returns 0 and sets *months, -1
 * when the condition says nothing of a first offence, -2 when it names a
 * period before 首次 that is not read (当年内, 30日内, 一个年度内...): the
 * row needs review, never a guessed window. */
int yd_exempt_window(const char *condition, int *months);
/* The words of a window: "ever"/"不限期限", "2 years"/"两年内"... into buf. */
void yd_exempt_window_words(char *buf, size_t n, int months, enum yd_lang lang);
/* The kind of a 处理方式: 不予处罚 (不予行政处罚, 免予处罚) YD_TIER_NONE,
 * 减轻 YD_TIER_MITIGATED, 从轻 YD_TIER_LENIENT; YD_TIER_UNKNOWN otherwise. */
enum yd_tier yd_exempt_kind(const char *action);

/* What an import read. */
struct yd_exempt_stats {
	long items;     /* rows stored */
	long matched;   /* of them, matched to a catalogue item by name */
	long no_window; /* of them, whose 适用条件 names no first offence */
	long no_kind;   /* of them, whose 处理方式 is none of the three kinds */
	long review;    /* of them, needing review (a phrase not read, or no catalogue item) */
};

/* exempt import's options: the list's period of validity, yyyymmdd, 0 open. */
struct yd_exempt_opts {
	int32_t valid_from, valid_to;
};

/* Replaces the stored list with the rows of path (CSV or a workbook, the
 * header found by its 违法行为 and 适用条件 or 处理方式 columns), in one
 * transaction.  A file without those columns fails naming them. */
int yd_exempt_import(struct yd_db *db, const char *path, const struct yd_exempt_opts *o, struct yd_exempt_stats *st,
		     struct yd_error *err);

/* One stored item, as judging and listing use it (strings owned by the
 * list). */
struct yd_exempt_rule {
	char *seq, *name, *basis, *condition, *action, *source;
	char *code;           /* the catalogue item's violation code, "" when not matched */
	int64_t violation_id; /* 0: not matched */
	int months;           /* -1: no window (no first-offence words, or not read) */
	enum yd_tier kind;    /* YD_TIER_NONE 不予处罚, MITIGATED, LENIENT or UNKNOWN */
	int32_t valid_from, valid_to; /* yyyymmdd, 0 open */
	long line;
	char *review;         /* NULL: read; else why it needs review */
};
struct yd_exempt_list {
	size_t n;
	struct yd_exempt_rule *v; /* in the file's order */
};
/* Frees what yd_exempt_load (db_exempt.h) filled. */
void yd_exempt_release(struct yd_exempt_list *l);
/* The item of a violation that applies to a decision of date (yyyymmdd;
 * within the list's validity), by violation id or by violation code; NULL
 * when none (or the date is unknown). */
const struct yd_exempt_rule *yd_exempt_find(const struct yd_exempt_list *l, int64_t violation_id, int32_t date);
const struct yd_exempt_rule *yd_exempt_find_code(const struct yd_exempt_list *l, const char *code, int32_t date);
/* 1 when a decision of tier and fine is granted what a 不予处罚 item gives:
 * no fine (tier 不予处罚, or a fine of 0); 0 for an item of another kind. */
int yd_exempt_granted(const struct yd_exempt_rule *r, enum yd_tier tier, int64_t fine);

/* An item in words: "第3项 占道经营" / "item 3 占道经营" into b. */
void yd_exempt_item_words(struct yd_buf *b, enum yd_lang lang, const struct yd_exempt_rule *r);

#endif
