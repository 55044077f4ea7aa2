/* db_analysis.h - storage of analysis inputs and results (part of the db
 * module; used by analyze, audit, stats and check). */
#ifndef YOUDU_DB_ANALYSIS_H
#define YOUDU_DB_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/db.h"

/* Case columns loaded for analysis; arrays of n, owned. */
struct yd_casecols {
	size_t n;
	int64_t *rowid;
	int32_t *violation, *region, *date;
	int8_t *party, *tier;
	int64_t *fine, *base; /* base -1 when absent */
};

int yd_db_load_cases(struct yd_db *db, int year, struct yd_casecols *c, long *outside_year, struct yd_error *err);
void yd_casecols_release(struct yd_casecols *c);

/* Region paths indexed by id (paths[0] = NULL); *n is max id + 1. */
int yd_db_region_paths(struct yd_db *db, char ***paths, size_t *n, struct yd_error *err);
void yd_region_paths_free(char **paths, size_t n);

/* One case's stored result. */
struct yd_result {
	int8_t verdict, level, party_used, method; /* enums; level YD_LEVEL_NONE without peers */
	int32_t peer_n;
	double peer_median;                        /* the peers' median fine on the natural scale
						    * (fen, or multiple of the base); NAN when absent */
	float scale, percentile, z, farness;       /* NAN when absent (farness 0) */
};

/* Writing a run: clear, then add rows, then the ledger (inside a transaction).
 * Clearing removes the previous run's groups and ledger; adding the results
 * replaces its results. */
int yd_db_results_clear(struct yd_db *db, struct yd_error *err);
/* Stores the results of a run, rowids[i] (ascending) with r[i], in blocks,
 * in place of the previous run's; SQL sees them as the table yd_result
 * (see db_analysis.c). */
int yd_db_results_add(struct yd_db *db, const int64_t *rowids, const struct yd_result *r, size_t n,
		      struct yd_error *err);
/* Makes yd_result known to the connection (yd_db_open calls it). */
int yd_db_results_register(struct yd_db *db, struct yd_error *err);
/* A stored peer group: exact statistics of its n values (x scale), and the
 * values themselves when n <= YD_GROUP_EXACT_MAX, else their 0.1 % quantiles. */
#define YD_GROUP_EXACT_MAX 1000
#define YD_GROUP_QUANTILES 1001

struct yd_group_summary {
	int32_t violation;
	int tier, party, level; /* party 0 = any; level enum yd_level */
	int32_t region;         /* 0 at level all */
	size_t n;
	double median, mad, qn; /* of x; mad raw (unscaled); qn NAN when not needed */
	double distinct;        /* 1.4826 x MAD of the distinct x values, NAN under 5 of them */
	double median_nat, q1_nat, q3_nat; /* median and quartiles of the fines themselves:
					    * fen (fixed) or multiples of the base */
	struct yd_level_amount levels[YD_PEER_LEVELS]; /* amounts many fines share */
	int nlevels;
	double *xs;             /* n sorted values, or YD_GROUP_QUANTILES quantiles */
	size_t nxs;
};

int yd_db_peer_group_add(struct yd_db *db, const struct yd_group_summary *g, struct yd_error *err);
int yd_db_run_add(struct yd_db *db, struct yd_ledger *led, struct yd_error *err);
int yd_db_run_load(struct yd_db *db, struct yd_ledger *led, struct yd_error *err);

/* A stored peer group (for check).  Returns 1 and fills *g (g->xs is a new
 * array the caller frees) when the group exists, else 0. */
int yd_db_peer_group_get(struct yd_db *db, int32_t violation, int tier, int party, int level, int32_t region,
			 struct yd_group_summary *g, struct yd_error *err);

/* A case joined with its result, for audit and stats. */
struct yd_judged_row {
	int64_t rowid;
	const char *case_id, *region, *violation_code;
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
};

typedef int (*yd_judged_fn)(void *data, const struct yd_judged_row *row);

/* Appends the reason of a stored result, rendered from its figures. */
struct yd_catalogue;
void yd_judged_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_catalogue *cat,
		      const struct yd_judged_row *row);
/* Calls fn for matching cases, most serious verdict first, then farthest out,
 * then case_id. */
int yd_db_judged_each(struct yd_db *db, const struct yd_case_filter *f, yd_judged_fn fn, void *data,
		      struct yd_error *err);

/* One entry of a similar-cases list: a case and its date. */
struct yd_dated {
	int32_t date; /* yyyymmdd */
	int32_t pad;  /* 0 */
	int64_t rowid;
};

/* Stores the cases of (violation, tier, region), sorted by date. */
int yd_db_similar_add(struct yd_db *db, int32_t violation, int tier, int32_t region, const struct yd_dated *v,
		      size_t n, struct yd_error *err);

typedef int (*yd_similar_fn)(void *data, int32_t region, const struct yd_dated *v, size_t n);
/* Calls fn with the stored list of (violation, tier, region); region 0
 * means every region of that violation and tier (in region order). */
int yd_db_similar_each(struct yd_db *db, int32_t violation, int tier, int32_t region, yd_similar_fn fn, void *data,
		       struct yd_error *err);

/* Region ids whose path is below parent ("parent/..."), into a new array. */
int yd_db_regions_below(struct yd_db *db, const char *parent, int32_t **ids, size_t *n, struct yd_error *err);

/* The case_id, region path, date and fine of a case. */
int yd_db_case_brief(struct yd_db *db, int64_t rowid, char *case_id, size_t idsz, char *region, size_t regsz,
		     int32_t *date, int64_t *fine, struct yd_error *err);

/* The stored verdict of each case (rowids ascending), -1 when none. */
int yd_db_load_verdicts(struct yd_db *db, const int64_t *rowids, size_t n, int8_t *verdict, struct yd_error *err);

/* Finds a violation or region id by name; returns 1 when found. */
int yd_db_lookup(struct yd_db *db, enum yd_intern kind, const char *name, int64_t *id, struct yd_error *err);

#endif
