/* db_review.h - the db module's side of the review loop: dispositions
 * stored per decision (case id + violation code) with the decision's
 * content and verdict when it was reviewed, the history of every change,
 * and reading them back with what is stale now.
 *
 * Stale is computed on every read, never stored and never written over: a
 * disposition is stale when the decision's stored fine, base, tier, date,
 * region or party, or its verdict in the last analysis, differ from when it
 * was recorded.  Writing the disposition again (review set, a changed row
 * of an import, serve) records the decision as it is then. */
#ifndef YOUDU_DB_REVIEW_H
#define YOUDU_DB_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"
#include "youdu/review.h"

/* Who changes a disposition, and how (borrowed strings). */
struct yd_review_who {
	const char *at;  /* UTC time of the change, "2025-01-01T00:00:00Z" */
	const char *via; /* "set", "import" or "serve" */
	const char *who; /* the history's who when the disposition names no reviewer */
};

/* Records d inside the caller's transaction (yd_db_begin): checked with
 * yd_review_check, then the decision looked up (an unknown case id or
 * violation is YD_EUSAGE, naming the case's violations when the case id is
 * known), the disposition stored with the decision's content and verdict
 * as they are now, and the change appended to the history (who: d's
 * reviewer, else w->who).  keep_same: a disposition equal in every field to the stored
 * one (stale or not) is left as it is, so importing an exported file again
 * changes nothing and refreshes nothing.  *written (may be NULL) is 1 when
 * something was written; *col (may be NULL) the column at fault after
 * YD_EUSAGE.  Returns 0 or a YD_E* code. */
int yd_db_review_put(struct yd_db *db, const struct yd_disposition *d, const struct yd_review_who *w, int keep_same,
		     int *written, enum yd_review_col *col, struct yd_error *err);

/* One stored disposition as read back, with its decision now. */
struct yd_review_row {
	int64_t rowid;                    /* cases.id of the decision */
	char *case_id, *violation_code;
	char *region, *agency;            /* the decision's now ("" without agency) */
	int32_t decision_date;            /* the decision's now, yyyymmdd */
	enum yd_review_status status;     /* as stored (never stale) */
	enum yd_review_status shown;      /* stale when stale, else status */
	enum yd_review_reason reason;
	char *note, *reviewer, *updated;
	int32_t deadline, date;           /* yyyymmdd, deadline 0 none */
	int verdict, at_verdict;          /* enum yd_verdict now and when reviewed; -1 none */
	int changed;                      /* the decision's content changed since */
	int stale;                        /* changed, or the verdict differs */
};

/* The dispositions, ordered by case id then violation code; rows and their
 * strings owned by the list (yd_review_list_release). */
struct yd_review_list {
	struct yd_review_row *rows;
	size_t n;
	size_t *by_rowid; /* indices of rows by ascending rowid, for yd_review_list_find */
};
/* Reads every disposition with its decision and verdict now (one walk of
 * the results, none when there are no dispositions).  Returns 0 or YD_EDB. */
int yd_db_review_load(struct yd_db *db, struct yd_review_list *l, struct yd_error *err);
void yd_review_list_release(struct yd_review_list *l);
/* The disposition of the decision with cases.id rowid, or NULL (borrowed). */
const struct yd_review_row *yd_review_list_find(const struct yd_review_list *l, int64_t rowid);

/* The disposition of one decision: 1 and *row filled (release it with
 * yd_review_row_release), 0 when there is none. */
int yd_db_review_get(struct yd_db *db, const char *case_id, const char *violation_code, struct yd_review_row *row,
		     struct yd_error *err);
void yd_review_row_release(struct yd_review_row *row);

/* One change of the history (borrowed strings, valid during the call). */
struct yd_review_event {
	const char *case_id, *violation_code, *at, *who, *via;
	int from;                   /* enum yd_review_status shown before (stale too), -1 none */
	enum yd_review_status to;
	enum yd_review_reason reason;
	const char *note;
	int32_t deadline, date;
};
typedef int (*yd_review_event_fn)(void *data, const struct yd_review_event *e);
/* Calls fn for every change in the order they were made (of one decision
 * when case_id and violation_code are not NULL). */
int yd_db_review_history_each(struct yd_db *db, const char *case_id, const char *violation_code,
			      yd_review_event_fn fn, void *data, struct yd_error *err);

/* Fills the review field of n similar decisions of violation_code (check's)
 * with their dispositions as they stand, "" where none.  Returns 0 or
 * YD_EDB. */
/* A past decision like a draft, shown beside a check's answer. */
struct yd_similar {
	char case_id[256];
	char region[512];
	int32_t date;
	int64_t fine;
	char review[16]; /* its disposition as it stands ("confirmed", "stale"...), "" none:
			  * filled by yd_db_review_mark_similar, not by yd_check */
	int verdict;     /* its stored verdict (enum yd_verdict), -1 unknown */
};
int yd_db_review_mark_similar(struct yd_db *db, const char *violation_code, struct yd_similar *sim, int n,
			      struct yd_error *err);

/* Counts the flags of the last analysis (year 0 all, agency NULL all) and
 * the dispositions of l of those decisions (today: yyyymmdd, for overdue)
 * into *s (yd_review_stats_release).  Returns 0 or YD_EDB. */
int yd_review_stats_compute(struct yd_db *db, const struct yd_review_list *l, int year, const char *agency,
			    int32_t today, struct yd_review_stats *s, struct yd_error *err);

#endif
