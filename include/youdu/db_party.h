/* db_party.h - the db module's side of parties (issue 24): the cases that
 * name a party, and one party's decisions for check --party-id.  Strings
 * handed to callbacks are borrowed for the call. */
#ifndef YOUDU_DB_PARTY_H
#define YOUDU_DB_PARTY_H

#include <stdint.h>

#include "youdu/db.h"

/* A case's party, as imported. */
struct yd_party_case {
	int64_t rowid;
	int32_t violation_id;
	int32_t date;     /* yyyymmdd, 0 unknown */
	const char *code; /* party_code, "" none */
	const char *name; /* party_name, "" none */
	int bad;          /* 1: code has a wrong check digit */
};
typedef int (*yd_party_case_fn)(void *data, const struct yd_party_case *c);
/* Calls fn for every case with a party identifier or name, in rowid order;
 * stops when fn returns non-zero. */
int yd_db_party_cases_each(struct yd_db *db, yd_party_case_fn fn, void *data, struct yd_error *err);

/* One decision of a party. */
struct yd_party_decision {
	const char *case_id, *violation_code, *agency, *region; /* agency "" when not given */
	int32_t date;
	int64_t fine;         /* fen */
	const char *currency; /* ISO 4217 ("CNY") */
};
typedef int (*yd_party_decision_fn)(void *data, const struct yd_party_decision *d);
/* Calls fn for the decisions whose party identifier is code (normalised,
 * yd_party_id_norm; never one with a wrong check digit), by date, then
 * case_id and violation code. */
int yd_db_party_decisions(struct yd_db *db, const char *code, yd_party_decision_fn fn, void *data,
			  struct yd_error *err);
/* Calls fn for one decision (cases.id), whatever its party. */
int yd_db_party_decision_of(struct yd_db *db, int64_t rowid, yd_party_decision_fn fn, void *data,
			    struct yd_error *err);

/* A decision with its party, for the report's 首违不罚 section. */
struct yd_party_row {
	int64_t rowid;
	const char *case_id, *violation_code, *agency; /* agency "" when not given */
	const char *code, *name;                        /* party_code, party_name; "" none */
	int bad;                                        /* 1: code has a wrong check digit */
	int32_t violation_id, date;
	int tier;
	int64_t fine;
};
typedef int (*yd_party_row_fn)(void *data, const struct yd_party_row *r);
/* Calls fn for every decision of year (0 all) and agency (NULL all), in
 * rowid order; stops when fn returns non-zero. */
int yd_db_party_rows_each(struct yd_db *db, int year, const char *agency, yd_party_row_fn fn, void *data,
			  struct yd_error *err);

#endif
