/* history.h - repeat offences (issue 24): for each decision with a party,
 * the party's earlier decisions for the same violation (any office, any
 * region) within a look-back window.  Computed in memory from the cases'
 * parties, sorted once by (party, violation, date): never one query per case. */
#ifndef YOUDU_HISTORY_H
#define YOUDU_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/buf.h"
#include "youdu/db.h"
#include "youdu/exempt.h"

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
	int64_t *last;  /* the latest of them (cases.id), 0 none */
};
#define YD_HISTORY_INIT {0, NULL, NULL, NULL}

/* Fills h for every case with a party (the others are unknown).  The
 * window of a decision on an item of list (NULL: none) that applies on
 * its date and has a window is the item's; of any other, months. */
int yd_history_compute(struct yd_db *db, enum yd_party_match m, int months, const struct yd_exempt_list *list,
		       struct yd_history *h, struct yd_error *err);
/* The prior count of a case, -1 when unknown; *last (may be NULL) the
 * latest earlier decision's cases.id, 0 none. */
int32_t yd_history_prior(const struct yd_history *h, int64_t rowid, int64_t *last);
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
	int months;         /* the window: the listed item's, else the one asked for */
	size_t n;           /* the earlier decisions in the window (of the violation when given) */
	struct yd_prior *v; /* by date, then case_id */
	struct yd_exempt_list list;        /* the stored 免罚清单 */
	const struct yd_exempt_rule *rule; /* the violation's item on date (in list), NULL none */
};
/* Fills ph with the decisions of party_id (normalised here; one with a
 * wrong check digit is refused: YD_EUSAGE naming it) dated from the
 * window's start up to the day before date, of violation_code when not
 * NULL.  The window is the violation's 免罚清单 item's when it has one on
 * date, else months.  The draft is a first offence when ph->n is 0.
 * Release with yd_party_history_release. */
int yd_party_history(struct yd_db *db, const char *party_id, const char *violation_code, int32_t date, int months,
		     struct yd_party_history *ph, struct yd_error *err);
void yd_party_history_release(struct yd_party_history *ph);
/* ph in words (check --party-id, text), appended to b, and as one JSON
 * object (check --format json, serve's /api/check party; json.h: a new
 * reference, the caller's): the window, the earlier decisions, and for a
 * listed item the item, and for a first offence that the list may apply
 * and the conditions to verify. */
void yd_party_history_text(struct yd_buf *b, enum yd_lang lang, const struct yd_party_history *ph,
			   const char *violation, int32_t date);
struct json_t *yd_party_history_json_object(const struct yd_party_history *ph, const char *violation, int32_t date);

/* The earlier decision of a case (cases.id) into p (strings owned;
 * release with yd_prior_release); 0 when none found, 1 found. */
int yd_prior_of(struct yd_db *db, int64_t rowid, struct yd_prior *p, struct yd_error *err);
void yd_prior_release(struct yd_prior *p);

/* The reason of an exempt_repeat verdict (row judged so): the list's item,
 * the earlier decision (h's latest, read from db) with its office and date,
 * and how many in the window.  A row h does not know gets the rule alone. */
int yd_exempt_repeat_reason(struct yd_buf *out, enum yd_lang lang, struct yd_db *db, const struct yd_exempt_list *list,
			    const struct yd_history *h, int64_t rowid, int64_t violation_id, int32_t date,
			    struct yd_error *err);

#endif
