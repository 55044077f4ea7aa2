/* review.h - a reviewer's decision on a flag (评查): the disposition of one
 * decision (case id + violation code), its rules, the tally per rule and
 * the precision of a rule with its Wilson interval, and the import of a
 * sheet of dispositions.  The storage is in db_review.h.
 *
 * A disposition is
 *   pending    待审核     recorded, not yet decided
 *   confirmed  问题属实   the flag was right; a 整改 deadline may follow
 *   dismissed  误报       the flag was wrong or needs no 整改: a reason is required
 *   rectified  已整改     the problem was real and is put right; date = when
 * and, computed, never stored:
 *   stale      需重新审核 the decision's content (fine, base, tier, date,
 *                         region, party) or its verdict changed since it was
 *                         reviewed: the disposition is shown, never applied. */
#ifndef YOUDU_REVIEW_H
#define YOUDU_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/error.h"
#include "youdu/judge.h"

enum yd_review_status {
	YD_REVIEW_PENDING = 0,
	YD_REVIEW_CONFIRMED,
	YD_REVIEW_DISMISSED,
	YD_REVIEW_RECTIFIED,
	YD_REVIEW_STALE, /* computed: never stored, never accepted as input */
	YD_REVIEW_COUNT
};

enum yd_review_reason {
	YD_REASON_NONE = 0,
	YD_REASON_LAWFUL_LEVEL,  /* lawful_level: the amount is a lawful level (a vehicle class, a fixed amount) */
	YD_REASON_SPECIAL,       /* special_circumstances: a court reduced it, a hearing, a special case */
	YD_REASON_DATA_ERROR,    /* data_error: the row was wrong, not the decision */
	YD_REASON_OTHER,         /* other: said in the note */
	YD_REASON_COUNT
};

/* "confirmed"; "问题属实"; static strings ("" out of range). */
const char *yd_review_status_name(enum yd_review_status s);
const char *yd_review_status_zh(enum yd_review_status s);
/* Reads a status by its English or Chinese name (问题属实/属实, 误报/无需整改,
 * 已整改, 待审核), case-insensitive for English.  stale is refused (allow_stale
 * 0) or taken (1, for filters).  Returns 0 or -1. */
int yd_review_status_parse(const char *s, int allow_stale, enum yd_review_status *out);
/* "lawful_level"; "合法档次"; static strings ("" for none). */
const char *yd_review_reason_name(enum yd_review_reason r);
const char *yd_review_reason_zh(enum yd_review_reason r);
/* Reads a reason by its English or Chinese name; "" is YD_REASON_NONE.
 * Returns 0 or -1. */
int yd_review_reason_parse(const char *s, enum yd_review_reason *out);
/* The statuses and reasons as "a, b, c or d", for messages; static. */
const char *yd_review_status_list(void);
const char *yd_review_reason_list(void);

/* One disposition as given (strings borrowed; "" for none, never NULL). */
struct yd_disposition {
	const char *case_id;
	const char *violation_code;
	enum yd_review_status status;
	enum yd_review_reason reason;
	const char *note;
	const char *reviewer;
	int32_t deadline; /* yyyymmdd, 0 none */
	int32_t date;     /* yyyymmdd: of the review, or when rectified; never 0 */
};

/* The columns of a disposition in export and import, in order. */
enum yd_review_col {
	YD_RCOL_CASE_ID = 0,
	YD_RCOL_VIOLATION_CODE,
	YD_RCOL_STATUS,
	YD_RCOL_REASON,
	YD_RCOL_NOTE,
	YD_RCOL_REVIEWER,
	YD_RCOL_DEADLINE,
	YD_RCOL_DATE,
	YD_RCOL_COUNT
};
/* "case_id", ...; static. */
const char *yd_review_col_name(enum yd_review_col c);

/* Checks the rules of a disposition: a case id and a violation code, a
 * status that is not stale, a reason when dismissed and only then, no
 * deadline when dismissed, a date (a deadline may be past: it is then
 * overdue).  Returns 0, or YD_EUSAGE with err saying what is wrong and
 * *col (may be NULL) the column at fault. */
int yd_review_check(const struct yd_disposition *d, enum yd_review_col *col, struct yd_error *err);

/* The Wilson score interval of k successes in n trials at the normal
 * quantile z (1.959964 for 95 %): *lo and *hi in [0, 1]; NAN both when
 * n is 0. */
void yd_review_wilson(long k, long n, double z, double *lo, double *hi);

/* What the dispositions of one rule (a verdict, a violation, all) say. */
struct yd_review_tally {
	long flagged;   /* cases the last analysis flagged */
	long reviewed;  /* current dispositions confirmed, dismissed or rectified */
	long pending;   /* current dispositions pending */
	long confirmed; /* ... confirmed (not yet rectified) */
	long dismissed; /* ... dismissed */
	long by_reason[YD_REASON_COUNT]; /* dismissed by reason */
	long rectified; /* ... rectified */
	long overdue;   /* confirmed with a deadline before today */
	long stale;     /* dispositions whose decision or verdict changed since */
};
/* Adds one disposition (its stored status, whether it is stale, its
 * deadline) to t; today is yyyymmdd. */
void yd_review_tally_add(struct yd_review_tally *t, enum yd_review_status status, enum yd_review_reason reason,
			 int stale, int32_t deadline, int32_t today);
/* The rule's precision: the flags found right (confirmed + rectified) of
 * those decided (confirmed + rectified + dismissed), with its 95 % Wilson
 * interval; NAN all three when nothing was decided.  Returns the number
 * decided. */
long yd_review_precision(const struct yd_review_tally *t, double *p, double *lo, double *hi);
/* 1 when the rule's precision is low enough to say so: at least
 * YD_REVIEW_LOW_MIN decided and fewer than half found right. */
#define YD_REVIEW_LOW_MIN 5
int yd_review_precision_low(const struct yd_review_tally *t);

/* 1 when a disposition of this effective status silences a flag
 * (audit --fail-on-flag): dismissed or rectified, never stale. */
int yd_review_settles(enum yd_review_status effective);

/* A rule's tally over the dispositions and the last analysis: all, per
 * verdict now, per violation code (by code). */
struct yd_review_violation {
	char *code;
	struct yd_review_tally t;
};
struct yd_review_stats {
	struct yd_review_tally all;
	struct yd_review_tally verdict[YD_V_COUNT]; /* by the decision's verdict now */
	struct yd_review_violation *viol;           /* nviol, ascending code; owned */
	size_t nviol;
	long no_verdict;                            /* dispositions of decisions not judged now */
};
void yd_review_stats_release(struct yd_review_stats *s);

#endif
