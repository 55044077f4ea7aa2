/* db_groups.h - stored peer groups and similar-case lists, written by
 * analyze and read by check (db module). */
#ifndef YOUDU_DB_GROUPS_H
#define YOUDU_DB_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"
#include "youdu/peers.h"

/* A stored peer group: exact statistics of its n values (x scale), and the
 * values themselves when n <= YD_GROUP_EXACT_MAX, else their 0.1 % quantiles. */
#define YD_GROUP_EXACT_MAX 1000
#define YD_GROUP_QUANTILES 1001

struct yd_group_summary {
	int32_t violation;
	int32_t context;        /* context(id) of its cases, 0 none */
	int widened;            /* 1: the factors dropped (context: the provision alone) */
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
/* A stored peer group (for check).  Returns 1 and fills *g (g->xs is a new
 * array the caller frees) when the group exists, else 0. */
int yd_db_peer_group_get(struct yd_db *db, int32_t violation, int32_t context, int widened, int tier, int party,
			 int level, int32_t region, struct yd_group_summary *g, struct yd_error *err);

/* One entry of a similar-cases list: a case and its date. */
struct yd_dated {
	int32_t date; /* yyyymmdd */
	int32_t pad;  /* 0 */
	int64_t rowid;
};

/* Stores the cases of (violation, context, tier, region), sorted by date. */
int yd_db_similar_add(struct yd_db *db, int32_t violation, int32_t context, int tier, int32_t region,
		      const struct yd_dated *v, size_t n, struct yd_error *err);

typedef int (*yd_similar_fn)(void *data, int32_t region, const struct yd_dated *v, size_t n);
/* Calls fn with the stored list of (violation, context, tier, region);
 * region 0 means every region of that violation, context and tier (in
 * region order). */
int yd_db_similar_each(struct yd_db *db, int32_t violation, int32_t context, int tier, int32_t region,
		       yd_similar_fn fn, void *data, struct yd_error *err);

#endif
