/* history.h - repeat offences (issue 24): for each decision with a party,
 * the party's earlier decisions for the same violation (any office, any
 * region) within a look-back window.  Computed in memory from the cases'
 * parties, sorted once by (party, violation, date): never one query per case. */
#ifndef YOUDU_HISTORY_H
#define YOUDU_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"

/* How decisions are taken for one party's. */
enum yd_party_match {
	YD_MATCH_ID = 0, /* by party_id alone */
	YD_MATCH_NAME    /* also: a decision without an identifier by its normalised name
			  * (yd_party_name_norm) among the others without one */
};
/* "id" or "name"; 0 or YD_EUSAGE. */
int yd_party_match_parse(const char *s, enum yd_party_match *m);

/* The default look-back window in months (2 years). */
#define YD_LOOKBACK_DEFAULT 24
/* A look-back window: "2y", "1y", "18m", "6m" or "ever" (0), into *months
 * (0 for ever, else 1 to 1200); 0 or YD_EUSAGE. */
int yd_lookback_parse(const char *s, int *months);
/* The first date within a window of months before ymd: the same day of
 * the month that many months earlier (the month's last day when shorter);
 * 0 when months is 0 (ever). */
int32_t yd_lookback_start(int32_t ymd, int months);

/* Each decision's earlier decisions, by cases.id. */
struct yd_history {
	size_t n;
	int64_t *rowid; /* ascending */
	int32_t *prior; /* earlier decisions of the same party and violation in the window;
			 * -1 unknown: no party identified (none given, a wrong check digit,
			 * only a name without --party-match name) or no date */
};
#define YD_HISTORY_INIT {0, NULL, NULL}

/* Fills h for every case with a party (the others are unknown). */
int yd_history_compute(struct yd_db *db, enum yd_party_match m, int months, struct yd_history *h,
		       struct yd_error *err);
/* The prior count of a case, -1 when unknown. */
int32_t yd_history_prior(const struct yd_history *h, int64_t rowid);
void yd_history_release(struct yd_history *h);

/* Before signing (check --party-id): a party's decisions before a draft's date. */
struct yd_prior {
	char *case_id, *violation_code, *agency, *region; /* owned; agency "" when not given */
	int32_t date;
	int64_t fine;     /* fen */
	char currency[4]; /* ISO 4217 */
};
struct yd_party_history {
	char party_id[64];  /* normalised (yd_party_id_norm) */
	int32_t since;      /* the window's first date, 0 ever */
	size_t n;           /* the earlier decisions in the window (of the violation when given) */
	struct yd_prior *v; /* by date, then case_id */
};
/* Fills ph with the decisions of party_id (normalised here; one with a
 * wrong check digit is refused: YD_EUSAGE naming it) dated from the
 * window's start up to the day before date, of violation_code when not NULL.
 * The draft is a first offence when ph->n is 0.  Release with
 * yd_party_history_release. */
int yd_party_history(struct yd_db *db, const char *party_id, const char *violation_code, int32_t date, int months,
		     struct yd_party_history *ph, struct yd_error *err);
void yd_party_history_release(struct yd_party_history *ph);

#endif
