/* db_analysis.h - the db module's side of the analysis: the cases it reads,
 * judged cases for audit and stats, lookups.  The results themselves are in
 * db_results.h, peer groups and similar lists in db_groups.h, the run ledger
 * in db_runs.h. */
#ifndef YOUDU_DB_ANALYSIS_H
#define YOUDU_DB_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"
#include "youdu/db_groups.h"
#include "youdu/db_results.h"

/* Case columns loaded for analysis; arrays of n, owned. */
struct yd_casecols {
	size_t n, cap;
	int64_t *rowid;
	int32_t *violation, *region, *date;
	int32_t *context;     /* context(id), 0 none */
	int8_t *party, *tier;
	int64_t *fine, *base; /* base -1 when absent */
};

int yd_db_load_cases(struct yd_db *db, int year, struct yd_casecols *c, long *outside_year, struct yd_error *err);
void yd_casecols_release(struct yd_casecols *c);
/* Appends one case (a stored case's row id and columns) to c. */
void yd_casecols_add(struct yd_casecols *c, int64_t rowid, const struct yd_case *k);
/* The position of id in the ascending rowid[0..n) (a binary search), n when
 * it is not there. */
size_t yd_rowid_index(const int64_t *rowid, size_t n, int64_t id);

#define YD_CURRENCIES_MAX 64 /* currencies of one database the analysis tells apart */

/* The currency of every case of c (issue 25.5: amounts of two currencies
 * are never compared): cur[i] (c->n entries, caller's) indexes codes, whose
 * codes[0] is "CNY"; *ncodes is how many are used (1 when every case is in
 * yuan: cur is then all 0).  A database of yuan alone answers from the
 * partial index, without reading its cases. */
int yd_db_load_currencies(struct yd_db *db, const struct yd_casecols *c, uint8_t *cur,
			  char codes[YD_CURRENCIES_MAX][4], int *ncodes, struct yd_error *err);

/* Region paths indexed by id (paths[0] = NULL); *n is max id + 1. */
int yd_db_region_paths(struct yd_db *db, char ***paths, size_t *n, struct yd_error *err);
/* The same for the contexts (context.h); free with yd_region_paths_free. */
int yd_db_context_names(struct yd_db *db, char ***names, size_t *n, struct yd_error *err);
void yd_region_paths_free(char **paths, size_t n);

/* A case joined with its result, for audit and stats. */
struct yd_judged_row {
	int64_t rowid;
	const char *case_id, *region, *violation_code;
	const char *context; /* its penalty provision and peer factors, "" none */
	const char *currency; /* ISO 4217 code of fine and base ("CNY") */
	int32_t violation_id, region_id, date;
	int party, tier;
	int64_t fine, base;
	struct yd_result r;
};

struct yd_case_filter {
	unsigned verdicts;     /* bit set of verdicts to list */
	const char *region;    /* region path prefix, NULL for all */
	const char *violation; /* violation code, NULL for all */
	int year;              /* 0 for all */
	long limit;            /* 0 for no limit */
	const char *agency;    /* agency (执法机关) name, NULL for all */
	int unordered;         /* 1: in any order, for callers that group or sort themselves (no SQL sort) */
};

typedef int (*yd_judged_fn)(void *data, const struct yd_judged_row *row);

/* Calls fn for matching cases, most serious verdict first, then farthest out,
 * then case_id (unless f->unordered). */
int yd_db_judged_each(struct yd_db *db, const struct yd_case_filter *f, yd_judged_fn fn, void *data,
		      struct yd_error *err);

/* Region ids whose path is below parent ("parent/..."), into a new array. */
int yd_db_regions_below(struct yd_db *db, const char *parent, int32_t **ids, size_t *n, struct yd_error *err);

/* The case_id, region path, date and fine of a case. */
int yd_db_case_brief(struct yd_db *db, int64_t rowid, char *case_id, size_t idsz, char *region, size_t regsz,
		     int32_t *date, int64_t *fine, struct yd_error *err);


/* Finds a violation or region id by name; returns 1 when found. */
int yd_db_lookup(struct yd_db *db, enum yd_intern kind, const char *name, int64_t *id, struct yd_error *err);

/* The violation code with the most cases (ties: the smaller code), into
 * code; YD_ESTATE when there are no cases. */
int yd_db_top_violation(struct yd_db *db, char *code, size_t n, struct yd_error *err);

/* The first and last year of the decisions, and how many are of year
 * (0 when there are no cases). */
int yd_db_case_years(struct yd_db *db, int year, int *first, int *last, long *in_year, struct yd_error *err);

#endif
